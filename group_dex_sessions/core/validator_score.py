"""The validator's SCORE rules (see :mod:`.validator`, which runs them).

``ck`` is the validator's checker: its records, code lists and ``error`` /
``code`` helpers.
"""

from __future__ import annotations

from . import rules, writer
from .codes import FOR_CLIENT, FOR_SESSION
from .types import ClientAssessment, SessionAssessment


def _check_assessment_list(ck, record, applies_to, assessments, base):
    """The codes and domains of one Session- or ClientAssessment's Assessments."""
    problem = rules.assessment_count_problem(applies_to, len(assessments))
    if problem:
        ck.error("assessment-count", record, f"{base}/Assessments", problem)
    path = f"{base}/Assessments/Assessment"
    scored = []
    for assessment in assessments:
        score_type = assessment.score_type_code
        ck.code("ScoreTypeCode", score_type, record, f"{path}/ScoreTypeCode")
        ck.code(
            "AssessmentPhaseCode",
            assessment.phase_code,
            record,
            f"{path}/AssessmentPhaseCode",
        )
        problem = rules.score_type_problem(applies_to, score_type, ck.codes)
        if problem:
            ck.error("score-type", record, f"{path}/ScoreTypeCode", problem)
        for score in assessment.score_codes:
            ck.code("AssessmentScoreCode", score, record, f"{path}/Scores/ScoreCode")
            problem = rules.score_domain_problem(score, score_type, ck.codes)
            if problem:
                ck.error("score-domain", record, f"{path}/Scores/ScoreCode", problem)
            info = ck.codes.score_info(score)
            if info is not None:
                scored.append((assessment.phase_code, info.domain, score))
    for phase, domain, codes in rules.duplicate_scores(scored):
        ck.error(
            "score-twice",
            record,
            f"{path}/Scores/ScoreCode",
            f"the domain {domain} is scored {len(codes)} times for phase {phase} "
            f"({', '.join(codes)}); give one score per domain and phase",
        )


def _check_session_assessment(ck, a: SessionAssessment, seen, sessions) -> None:
    record = a.record
    key = (a.case_id, a.session_id)
    if key in seen:
        ck.error(
            "duplicate-assessment",
            record,
            "SessionAssessments/SessionAssessment",
            f"session {a.session_id!r} of case {a.case_id!r} has more than one "
            "SessionAssessment; give all its Assessments in one",
        )
    seen.add(key)
    if key not in sessions:
        ck.error(
            "assessment-session",
            record,
            "SessionAssessment/SessionId",
            f"SessionAssessment refers to session {a.session_id!r} of case "
            f"{a.case_id!r}, which is not in the file",
        )
    # how many Assessments it holds is _check_assessment_list's rule:
    # value_finding leaves that one to it
    ck.check_value(writer.check_session_assessment, a)
    _check_assessment_list(ck, record, FOR_SESSION, a.assessments, "SessionAssessment")


def _check_client_assessment(ck, a: ClientAssessment, seen, sessions) -> None:
    record = a.record
    key = (a.client_id, a.case_id, a.session_id)
    if key in seen:
        ck.error(
            "duplicate-assessment",
            record,
            "ClientAssessments/ClientAssessment",
            f"client {a.client_id!r} has more than one ClientAssessment for session "
            f"{a.session_id!r} of case {a.case_id!r}; give all its Assessments in one",
        )
    seen.add(key)
    attendees = sessions.get((a.case_id, a.session_id))
    if attendees is None:
        ck.error(
            "assessment-session",
            record,
            "ClientAssessment/SessionId",
            f"ClientAssessment refers to session {a.session_id!r} of case "
            f"{a.case_id!r}, which is not in the file",
        )
    elif a.client_id not in attendees:
        ck.error(
            "assessment-attendee",
            record,
            "ClientAssessment/ClientId",
            f"client {a.client_id!r} did not attend session {a.session_id!r} of "
            f"case {a.case_id!r} (not one of its SessionClients)",
        )
    ck.check_value(writer.check_client_assessment, a)
    _check_assessment_list(ck, record, FOR_CLIENT, a.assessments, "ClientAssessment")


def check_assessments(ck) -> None:
    """Every SCORE rule on the checker's SessionAssessments and ClientAssessments."""
    if not (ck.session_assessments or ck.client_assessments):
        return
    sessions = {
        (s.case_id, s.session_id): {sc.client_id for sc in s.session_clients}
        for s in ck.sessions
    }
    seen: set = set()
    for assessment in ck.session_assessments:
        _check_session_assessment(ck, assessment, seen, sessions)
    seen = set()
    for assessment in ck.client_assessments:
        _check_client_assessment(ck, assessment, seen, sessions)
