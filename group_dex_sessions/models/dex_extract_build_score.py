"""The SCORE part of the extract pipeline (see dex_extract_build.py).

A file sends the SCORE of every Session it sends, as completion snapshotted
it: the session's Community SCORE as a SessionAssessment, and the client SCORE
of each of its clients in the file as a ClientAssessment, under the same
CaseId and SessionId as the session.
"""

from ..core import codes, types, writer
from .dex_score_domain import CORE_APPLIES_TO


class ExtractScore:
    """SCORE of an ExtractBuild: built from the snapshot, held back, staged."""

    def _build_assessments(self, rows):
        """The snapshotted SCORE of the sessions the file sends, from the rows
        of ExtractReading._assessments_sql."""
        found = {}  # (session, service type) -> {(kind, ClientId): [rows]}
        for row in rows:
            session_id, service_type, kind, client_id = row[:4]
            scores = found.setdefault((session_id, service_type), {})
            scores.setdefault((kind, client_id), []).append(row[4:])
        if not found:
            return
        for group in self.groups:
            session = self.sessions.get(group.key)
            scored = found.get((group.session, group.service_type))
            if session is None or not scored:
                continue
            attendees = {sc.client_id for sc in session.session_clients}
            source = f"dex.session,{group.session}"
            for (kind, client_id), rows in scored.items():
                assessments = _assessments(rows)
                if kind == "session":
                    self.session_scores[group.key] = types.SessionAssessment(
                        case_id=session.case_id,
                        session_id=session.session_id,
                        assessments=assessments,
                        source=source,
                    )
                elif client_id in attendees:
                    self.client_scores[(group.key, client_id)] = types.ClientAssessment(
                        client_id=client_id,
                        case_id=session.case_id,
                        session_id=session.session_id,
                        assessments=assessments,
                        source=source,
                    )

    def _code_lists(self):
        """The code lists as the database keeps them (refreshed, archived)."""
        kept, archived, scores = self._read_code_lists()
        return codes.CodeLists(
            extra=kept,
            retired=archived,
            scores={
                code: codes.ScoreInfo(domain, score_type, CORE_APPLIES_TO[applies_to])
                for code, domain, score_type, applies_to in scores
            },
        )

    def _apply_score_holds(self):
        """A SCORE goes only with its session, and only for clients it sends."""
        for key in list(self.session_scores):
            if key not in self.sessions:
                del self.session_scores[key]
        for key, client_id in list(self.client_scores):
            session = self.sessions.get(key)
            if session is None or client_id not in {
                sc.client_id for sc in session.session_clients
            }:
                del self.client_scores[(key, client_id)]

    def _stage_assessments(self, stage, case_keys, problems):
        """Serialise the SCORE the file sends; what the writer refuses goes to
        ``problems`` and holds its session back (see ExtractBuild.validate)."""
        for key, assessment in self.session_scores.items():
            body = self._written(
                writer.session_assessment_body, assessment, ("session", key), problems
            )
            if body is not None:
                stage.session_assessment(key, case_keys[assessment.case_id], body)
        for (key, client_id), assessment in self.client_scores.items():
            body = self._written(
                writer.client_assessment_body, assessment, ("session", key), problems
            )
            if body is not None:
                stage.client_assessment(
                    key, case_keys[assessment.case_id], client_id, body
                )


def _assessments(rows):
    """Core Assessments from (score type, phase, score code) rows: one per score
    type and phase, in the order of the rows."""
    scores = {}
    for score_type, phase, score in rows:
        scores.setdefault((score_type, phase), []).append(score)
    return tuple(
        types.Assessment(
            score_type_code=score_type, phase_code=phase, score_codes=found
        )
        for (score_type, phase), found in scores.items()
    )
