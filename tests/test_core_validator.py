"""Validator: schema findings and the DEX business rules."""

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from group_dex_sessions.core import samples
from group_dex_sessions.core.codes import CodeLists
from group_dex_sessions.core.errors import DexParseError
from group_dex_sessions.core.types import (
    Assessment,
    CaseClient,
    ReasonForAssistance,
    Referral,
    SessionClient,
)
from group_dex_sessions.core.validator import (
    ERROR,
    WARNING,
    has_errors,
    validate_bytes,
    validate_file,
    validate_records,
)

DATA = Path(__file__).parent / "data"
SUBMITTED = dt.date(2024, 7, 1)
replace = dataclasses.replace


def rules(findings):
    return {(f.level, f.rule) for f in findings}


def check(clients=None, cases=None, sessions=None, **options):
    g_clients, g_cases, g_sessions = samples.golden_records()
    options.setdefault("submitted", SUBMITTED)
    return validate_records(
        g_clients if clients is None else clients,
        g_cases if cases is None else cases,
        g_sessions if sessions is None else sessions,
        **options,
    )


def with_client(index, **change):
    clients, _, _ = samples.golden_records()
    clients[index] = replace(clients[index], **change)
    return check(clients=clients)


def with_session(index, **change):
    _, _, sessions = samples.golden_records()
    sessions[index] = replace(sessions[index], **change)
    return check(sessions=sessions)


def with_case(**change):
    _, cases, _ = samples.golden_records()
    return check(cases=[replace(cases[0], **change)])


def test_golden_records_and_file_are_clean():
    assert check() == []
    assert validate_file(DATA / "golden_group_session.xml", submitted=SUBMITTED) == []
    assert validate_file(DATA / "newer_elements.xml", submitted=SUBMITTED) == []


def test_findings_carry_level_record_path_and_message():
    findings = with_client(0, gender_code="M")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.level == ERROR
    assert finding.record == "Client CL-0001"
    assert finding.path == "Client/GenderCode"
    assert "'M'" in finding.message and "GenderCode" in finding.message
    assert str(finding).startswith("ERROR Client CL-0001: ")


# -- references and uniqueness --
def test_session_case_must_exist_unless_known():
    findings = with_session(0, case_id="GRP-OTHER")
    assert (ERROR, "reference") in rules(findings)
    _, _, sessions = samples.golden_records()
    sessions = [replace(s, case_id="GRP-OLD", session_clients=()) for s in sessions]
    sessions = [replace(s, total_unidentified_clients=3) for s in sessions]
    assert check(sessions=sessions, known_case_ids={"GRP-OLD"}) == []


def test_case_client_must_be_a_client_unless_known():
    clients, cases, _ = samples.golden_records()
    assert (ERROR, "reference") in rules(check(clients=clients[:2], sessions=[]))
    assert check(clients=clients[:2], sessions=[], known_client_ids={"CL-0003"}) == []


def test_session_client_must_be_a_client():
    clients, _, _ = samples.golden_records()
    findings = check(clients=clients[1:])
    messages = [f.message for f in findings if f.rule == "reference"]
    assert any("SessionClient refers to client 'CL-0001'" in m for m in messages)


def test_attendee_must_be_a_case_client_of_the_sessions_case():
    clients, cases, sessions = samples.golden_records()
    clients.append(
        samples.make_client("CL-0004", given_name="Ada", family_name="Lovel")
    )
    extra = sessions[1].session_clients + (SessionClient(client_id="CL-0004"),)
    sessions[1] = replace(sessions[1], session_clients=extra)
    findings = check(clients=clients, sessions=sessions)
    assert rules(findings) == {(ERROR, "attendee-not-in-case")}
    assert findings[0].record == "Session GRP-COOK-2024H1/SES-000102"


def test_attendees_of_a_large_case_are_looked_up_as_in_a_small_one():
    """A case of many clients (one per service) holds them as a set: an
    attendee outside it is still an error, one inside it still is not."""
    clients, cases, sessions = samples.golden_records()
    extra = [
        samples.make_client(f"CL-1{n:03d}", given_name="Ada", family_name="Lovel")
        for n in range(20)
    ]
    members = cases[0].case_clients + tuple(
        CaseClient(client_id=c.client_id) for c in extra[:19]
    )
    cases[0] = replace(cases[0], case_clients=members)
    inside = sessions[1].session_clients + (SessionClient(client_id="CL-1018"),)
    outside = sessions[1].session_clients + (SessionClient(client_id="CL-1019"),)
    every = clients + extra
    sessions[1] = replace(sessions[1], session_clients=inside)
    assert check(clients=every, cases=cases, sessions=sessions) == []
    sessions[1] = replace(sessions[1], session_clients=outside)
    findings = check(clients=every, cases=cases, sessions=sessions)
    assert [(f.rule, f.message) for f in findings] == [
        (
            "attendee-not-in-case",
            f"client 'CL-1019' attends the session but is not a CaseClient of "
            f"case {sessions[1].case_id!r}",
        )
    ]


def test_ids_must_be_unique():
    clients, cases, sessions = samples.golden_records()
    found = rules(
        check(
            clients=clients + clients[:1],
            cases=cases * 2,
            sessions=sessions + sessions[:1],
        )
    )
    assert {
        (ERROR, "duplicate-client"),
        (ERROR, "duplicate-case"),
        (ERROR, "duplicate-session"),
    } <= found


def test_same_session_id_in_two_cases_is_allowed():
    clients, cases, sessions = samples.golden_records()
    second = replace(cases[0], case_id="GRP-COOK-2024H1-B")
    copy = replace(sessions[0], case_id=second.case_id)
    assert check(cases=cases + [second], sessions=sessions + [copy]) == []


def test_each_client_once_per_case_and_per_session():
    _, cases, _ = samples.golden_records()
    members = cases[0].case_clients + (CaseClient(client_id="CL-0002"),)
    assert (ERROR, "duplicate-case-client") in rules(with_case(case_clients=members))
    twice = (SessionClient(client_id="CL-0001"), SessionClient(client_id="CL-0001"))
    assert rules(with_session(1, session_clients=twice)) == {
        (ERROR, "duplicate-session-client")
    }


# -- consent and SLK --
def test_no_names_or_street_lines_without_consent():
    address = replace(samples.DARWIN, address_line1="1 Main St", address_line2="Unit 2")
    findings = with_client(1, given_name="Mary", residential_address=address)
    paths = {f.path for f in findings if f.rule == "consent-details"}
    assert paths == {
        "Client/GivenName",
        "Client/ResidentialAddress/AddressLine1",
        "Client/ResidentialAddress/AddressLine2",
    }


def test_slk_required_without_consent():
    assert rules(with_client(1, slk=None)) == {(ERROR, "consent-slk")}


def test_names_required_with_consent():
    findings = with_client(2, family_name=None)
    assert rules(findings) == {(ERROR, "consent-names")}
    assert findings[0].path == "Client/FamilyName"


@pytest.mark.parametrize(
    "slk", ["G22IE01021980", "g22ie010219801", "G,2IE010219801", "G22IE300219801"]
)
def test_slk_format(slk):
    assert rules(with_client(0, slk=slk)) == {(ERROR, "slk-format")}


def test_slk_must_agree_with_names_birth_date_and_sex():
    assert rules(with_client(0, slk="G22IE010219802")) == {(ERROR, "slk-mismatch")}
    assert rules(with_client(0, slk="GXXIE010219801")) == {(ERROR, "slk-mismatch")}


def test_slk_without_names_must_agree_with_birth_date_and_sex():
    findings = with_client(1, slk="BREAR280220002")
    assert rules(findings) == {(ERROR, "slk-mismatch")}
    assert "birth date" in findings[0].message
    findings = with_client(1, slk="BREAR290220001")
    assert rules(findings) == {(ERROR, "slk-mismatch")}
    assert "sex digit" in findings[0].message


def test_warning_when_dex_cannot_derive_a_key_from_the_names():
    findings = with_client(2, given_name="J")
    assert rules(findings) == {(WARNING, "slk-underivable")}
    assert not has_errors(findings)


# -- birth date, arrival, flags --
def test_estimated_birth_date_is_first_of_january():
    findings = with_client(2, birth_date=dt.date(1971, 6, 1))
    assert rules(findings) == {(ERROR, "estimated-birth-date")}


def test_birth_date_not_after_sessions():
    findings = with_client(
        2, birth_date=dt.date(2024, 3, 6), is_birth_date_an_estimate=False
    )
    assert rules(findings) == {(ERROR, "birth-after-session")}
    assert "SES-000101" in findings[0].message


@pytest.mark.parametrize(
    ("year", "month", "rule"),
    [
        (1999, None, "arrival-pair"),
        (None, 3, "arrival-pair"),
        (1979, 12, "arrival-before-birth"),
        (1980, 1, "arrival-before-birth"),
        (2024, 8, "arrival-future"),
    ],
)
def test_arrival_rules(year, month, rule):
    findings = with_client(0, first_arrival_year=year, first_arrival_month=month)
    assert rules(findings) == {(ERROR, rule)}


def test_arrival_in_birth_month_is_fine():
    assert with_client(0, first_arrival_year=1980, first_arrival_month=2) == []


def test_disability_flag_and_codes_go_together():
    assert rules(with_client(0, disabilities=())) == {(ERROR, "disability")}
    assert rules(with_client(1, disabilities=("PHYSICAL",))) == {(ERROR, "disability")}


def test_is_homeless_is_deprecated_and_exclusive():
    assert rules(with_client(0, is_homeless=False)) == {(WARNING, "homeless")}
    both = with_client(0, is_homeless=False, homeless_indicator_code="NO")
    assert rules(both) == {(ERROR, "homeless")}


# -- codes --
def test_codes_come_from_the_lists():
    findings = with_client(0, disabilities=("PHYSICAL", "BLIND"), ancestry_code="ZZZZ")
    assert {f.path for f in findings} == {
        "Client/Disabilities/DisabilityCode",
        "Client/AncestryCode",
    }
    assert rules(with_session(0, service_setting_code="MOON")) == {(ERROR, "code")}
    assert rules(with_session(1, extra_items=("JETPACK",))) == {(ERROR, "code")}


def test_code_lists_can_be_extended():
    clients, _, _ = samples.golden_records()
    clients[0] = replace(clients[0], ancestry_code="ZZZZ")
    extended = CodeLists(extra={"AncestryCode": ["ZZZZ"]})
    assert check(clients=clients, codes=extended) == []


def test_service_type_and_topic_are_not_closed_lists():
    assert with_session(0, service_type_id=999, topic_code="ANYTHING") == []


def test_participation_group_is_rejected_with_its_own_message():
    group = (SessionClient(client_id="CL-0001", participation_code="GROUP"),)
    findings = with_session(1, session_clients=group)
    assert rules(findings) == {(ERROR, "participation-group")}
    assert "TotalNumberOfUnidentifiedClients" in findings[0].message
    other = (SessionClient(client_id="CL-0001", participation_code="VISITOR"),)
    assert rules(with_session(1, session_clients=other)) == {(ERROR, "code")}


def test_referral_codes_and_counts():
    twice = (
        Referral(type_code="INTERNAL", purpose_codes=("PHYSICAL",)),
        Referral(type_code="INTERNAL", purpose_codes=("MENTAL",)),
        Referral(type_code="EXTERNAL", purpose_codes=("HOUSING",)),
    )
    clients = (SessionClient(client_id="CL-0001", referrals=twice),)
    findings = with_session(1, session_clients=clients)
    assert rules(findings) == {(ERROR, "referral-count")}
    assert "2 INTERNAL" in findings[0].message
    bad = (Referral(type_code="SIDEWAYS", purpose_codes=("NOPE",)),)
    clients = (SessionClient(client_id="CL-0001", referrals=bad),)
    assert (
        len([f for f in with_session(1, session_clients=clients) if f.rule == "code"])
        == 2
    )


def test_exactly_one_primary_reason():
    _, cases, _ = samples.golden_records()
    for flags in ((True, True), (False, False)):
        reasons = tuple(
            ReasonForAssistance(code=c, is_primary=p)
            for c, p in zip(("PHYSICAL", "HOUSING"), flags, strict=True)
        )
        members = (CaseClient(client_id="CL-0001", reasons_for_assistance=reasons),)
        members += cases[0].case_clients[1:]
        assert rules(with_case(case_clients=members)) == {(ERROR, "primary-reason")}


def test_one_case_client_shared_by_two_cases_is_judged_in_each():
    """An extract shares one CaseClient object between every case of a client:
    a bad code in it is an error of each case, and a clean one stays clean."""
    clients, cases, _ = samples.golden_records()
    second = replace(cases[0], case_id="GRP-OTHER")
    shared = CaseClient(client_id="CL-0001", referral_source_code="NOT-A-CODE")
    bad = [replace(case, case_clients=(shared,)) for case in (cases[0], second)]
    findings = [f for f in check(cases=bad, sessions=[]) if f.rule == "code"]
    assert sorted(f.record for f in findings) == [
        f"Case {cases[0].case_id}",
        "Case GRP-OTHER",
    ]
    clean = CaseClient(client_id="CL-0001")
    good = [replace(case, case_clients=(clean,)) for case in (cases[0], second)]
    assert check(cases=good, sessions=[]) == []


# -- numbers --
def test_unidentified_count_range_in_data():
    findings = with_session(0, total_unidentified_clients=1000)
    assert rules(findings) == {(ERROR, "value")}
    assert findings[0].path == "Session/TotalNumberOfUnidentifiedClients"
    assert rules(with_case(total_unidentified_clients=-1)) == {(ERROR, "value")}


def test_minutes_and_money_not_negative():
    assert rules(with_session(0, time_minutes=-5)) == {(ERROR, "negative")}
    assert rules(with_session(1, total_cost=-1, quantity=-1)) == {(ERROR, "negative")}
    assert rules(with_session(0, fees_charged=Decimal("-1.00"))) == {(ERROR, "value")}
    assert rules(with_client(0, income_amount=-10)) == {(ERROR, "negative")}


def test_session_needs_attendees_or_unidentified_clients():
    findings = with_session(1, session_clients=())
    assert rules(findings) == {(ERROR, "empty-session")}
    assert with_session(1, session_clients=(), total_unidentified_clients=4) == []


def test_unwritable_text_is_reported_before_writing():
    findings = with_client(0, given_name="Ti\x07en")
    assert (ERROR, "value") in rules(findings)
    assert {f.path for f in findings if f.rule == "value"} == {"Client/GivenName"}


# -- IDs --
@pytest.mark.parametrize(
    ("client_id", "rule"),
    [
        ("CL 0001", "id-chars"),
        ("CL/0001", "id-chars"),
        ("CLé001", "id-chars"),
        (" CL-0001", "id-chars"),
        ("C" * 51, "id-length"),
        ("NG-Tien-01", "id-personal"),
        ("CL-19800201", "id-personal"),
        ("CL-01021980", "id-personal"),
        ("X1980-02-01", "id-personal"),
        ("ngtien", "id-personal"),
    ],
)
def test_client_id_policy(client_id, rule):
    clients, cases, sessions = samples.golden_records()
    clients[0] = replace(clients[0], client_id=client_id)
    members = (CaseClient(client_id=client_id),) + cases[0].case_clients[1:]
    attendees = (SessionClient(client_id=client_id),)
    findings = check(
        clients=clients,
        cases=[replace(cases[0], case_clients=members)],
        sessions=[replace(sessions[1], session_clients=attendees)],
    )
    assert rules(findings) == {(ERROR, rule)}


def test_short_names_are_not_searched_in_ids():
    # "NG" has fewer than three letters: an id containing it is no evidence of a name
    assert with_client(0, client_id="CL-0001") == []


def test_case_and_session_ids_must_not_carry_their_clients_details():
    findings = with_case(case_id="COOK-CITIZEN")
    assert (ERROR, "id-personal") in rules(findings)
    found = [
        f for f in with_session(1, session_id="S-1980-02-01") if f.rule == "id-personal"
    ]
    assert found and "birth date of client CL-0001" in found[0].message


# -- reporting periods --
def test_session_in_closed_period_is_an_error():
    findings = check(submitted=dt.date(2024, 7, 31))
    assert rules(findings) == {(ERROR, "period-closed")}
    assert "2024-01-01 to 2024-06-30" in findings[0].message
    assert check(submitted=dt.date(2024, 7, 30)) == []


def test_future_session_is_an_error():
    """A session after the submission date has not happened: DSS refuses it."""
    findings = check(submitted=dt.date(2024, 3, 10))
    assert rules(findings) == {(ERROR, "future-session")}
    assert findings[0].record == "Session GRP-COOK-2024H1/SES-000102"
    assert "after the submission date 2024-03-10" in findings[0].message


def test_no_period_checks_without_submission_date():
    assert check(submitted=None) == []


def test_session_after_case_end_is_a_warning():
    assert rules(with_case(end_date=dt.date(2024, 3, 10))) == {
        (WARNING, "after-case-end")
    }


# -- files --
def test_rule_file():
    findings = validate_file(DATA / "invalid_rules.xml")
    assert rules(findings) == {
        (ERROR, "consent-details"),
        (ERROR, "consent-slk"),
        (ERROR, "participation-group"),
        (ERROR, "attendee-not-in-case"),
    }


def test_schema_errors_name_the_record_and_element():
    findings = validate_file(DATA / "invalid_postcode.xml")
    assert rules(findings) == {(ERROR, "schema")}
    assert findings[0].record == "Client CL-0009"
    assert findings[0].path.endswith("/Postcode")
    assert "'800'" in findings[0].message


def test_unidentified_count_range_in_file():
    data = (DATA / "golden_group_session.xml").read_bytes()
    data = data.replace(
        b"<TotalNumberOfUnidentifiedClients>5<",
        b"<TotalNumberOfUnidentifiedClients>1000<",
    )
    findings = validate_bytes(data)
    assert rules(findings) == {(ERROR, "schema")}
    assert findings[0].record == "Case GRP-COOK-2024H1"


def test_not_well_formed_raises_parse_error_not_a_traceback():
    with pytest.raises(DexParseError, match="not well-formed"):
        validate_file(DATA / "not_well_formed.xml")
    with pytest.raises(DexParseError, match="cannot read"):
        validate_file(DATA / "does_not_exist.xml")
    with pytest.raises(DexParseError):
        validate_bytes(b"\xff\xfe garbage")


def test_file_over_ten_megabytes():
    data = (DATA / "golden_group_session.xml").read_bytes()
    padded = data.replace(
        b"<DEXFileUpload>", b"<DEXFileUpload><!--" + b"x" * 10_000_000 + b"-->"
    )
    assert rules(validate_bytes(padded)) == {(ERROR, "file-size")}


def test_file_must_be_utf8():
    data = (DATA / "golden_group_session.xml").read_bytes()
    latin = data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert rules(validate_bytes(latin)) == {(ERROR, "encoding")}


# -- SCORE ------------------------------------------------------------------------
def scored(groups=None, client_scores=None, **options):
    clients, cases, sessions, g_groups, g_clients = samples.golden_score_records()
    options.setdefault("submitted", SUBMITTED)
    return validate_records(
        clients,
        cases,
        sessions,
        session_assessments=g_groups if groups is None else groups,
        client_assessments=g_clients if client_scores is None else client_scores,
        **options,
    )


def golden_scores():
    *_records, groups, client_scores = samples.golden_score_records()
    return groups, client_scores


def with_group(*assessments, **change):
    groups, _ = golden_scores()
    return scored(groups=[replace(groups[0], assessments=assessments, **change)])


def with_person(index, *assessments, **change):
    _, people = golden_scores()
    people[index] = replace(people[index], **change)
    if assessments:
        people[index] = replace(people[index], assessments=assessments)
    return scored(client_scores=people)


def group_score(phase="PRE", *codes, score_type="GROUP"):
    return Assessment(
        score_type_code=score_type,
        phase_code=phase,
        score_codes=codes or ("ORGSKILLS1",),
    )


def test_golden_score_records_and_file_are_clean():
    assert scored() == []
    assert validate_file(DATA / "golden_group_score.xml", submitted=SUBMITTED) == []


@pytest.mark.parametrize(
    ("assessment", "path"),
    [
        (group_score("PRE", score_type="COMMUNITY"), "ScoreTypeCode"),
        (group_score("DURING"), "AssessmentPhaseCode"),
        (group_score("PRE", "GROUPSKILLS6"), "Scores/ScoreCode"),
    ],
)
def test_score_codes_come_from_the_code_lists(assessment, path):
    findings = with_group(assessment)
    assert rules(findings) == {(ERROR, "code")}
    assert findings[0].path == f"SessionAssessment/Assessments/Assessment/{path}"
    assert findings[0].record == "SessionAssessment GRP-COOK-2024H1/SES-000101"


def test_a_session_carries_community_score_and_a_client_client_score():
    findings = with_group(group_score("PRE", "HOUSING2", score_type="CIRCUMSTANCES"))
    assert rules(findings) == {(ERROR, "score-type")}
    assert "GROUP" in findings[0].message
    findings = with_person(1, group_score("POST", "GROUPSKILLS3"))
    assert rules(findings) == {(ERROR, "score-type")}


def test_each_score_scores_a_domain_of_its_score_type():
    findings = with_person(
        0, group_score("PRE", "COMMUNITY2", "SKILLS3", score_type="CIRCUMSTANCES")
    )
    assert rules(findings) == {(ERROR, "score-domain")}
    assert "SKILLS3 scores the GOALS domain SKILLS" in findings[0].message


def test_a_domain_has_one_score_per_phase():
    findings = with_group(group_score("PRE", "GROUPSKILLS2", "GROUPSKILLS3"))
    assert rules(findings) == {(ERROR, "score-twice")}
    assert "GROUPSKILLS is scored 2 times for phase PRE" in findings[0].message
    # the same domain in PRE and in POST is what SCORE measures
    pre_post = with_group(
        group_score("PRE", "GROUPSKILLS2"), group_score("POST", "GROUPSKILLS2")
    )
    assert pre_post == []


def test_a_domain_scored_again_in_a_second_assessment_is_found_too():
    findings = with_group(
        group_score("PRE", "GROUPSKILLS2"), group_score("PRE", "GROUPSKILLS4")
    )
    assert rules(findings) == {(ERROR, "score-twice")}


@pytest.mark.parametrize("count", [0, 3])
def test_a_session_assessment_holds_one_or_two_assessments(count):
    # distinct domains, so that only the count is wrong
    domains = ("ORGSKILLS1", "GROUPSKILLS1", "GROUPNETWORKS1")
    assessments = [group_score("PRE", domains[n]) for n in range(count)]
    findings = with_group(*assessments)
    assert rules(findings) == {(ERROR, "assessment-count")}
    assert findings[0].path == "SessionAssessment/Assessments"


def test_a_client_assessment_holds_at_most_six():
    domains = ("AGE", "COMMUNITY", "EDUCEMPL", "FAMILY", "HOUSING", "MATERIAL", "MONEY")
    seven = [
        group_score("PRE", f"{domain}1", score_type="CIRCUMSTANCES")
        for domain in domains
    ]
    assert with_person(0, *seven[:6]) == []
    findings = with_person(0, *seven)
    assert rules(findings) == {(ERROR, "assessment-count")}
    assert "at most 6" in findings[0].message


def test_an_assessment_points_at_a_session_in_the_file():
    findings = with_group(group_score(), session_id="SES-000999")
    assert rules(findings) == {(ERROR, "assessment-session")}
    findings = with_person(1, case_id="GRP-OTHER")
    assert rules(findings) == {(ERROR, "assessment-session")}


def test_a_client_assessment_is_for_a_client_who_attended():
    # CL-0002 did not attend the second session
    findings = with_person(1, session_id="SES-000102")
    assert rules(findings) == {(ERROR, "assessment-attendee")}
    assert "did not attend" in findings[0].message


def test_one_assessment_record_per_session_and_per_client():
    groups, people = golden_scores()
    assert (ERROR, "duplicate-assessment") in rules(scored(groups=groups * 2))
    assert (ERROR, "duplicate-assessment") in rules(
        scored(client_scores=people + people[1:])
    )


def test_assessment_findings_come_from_a_file_too():
    data = (DATA / "golden_group_score.xml").read_bytes()
    data = data.replace(b"<ScoreCode>MENTAL3<", b"<ScoreCode>GROUPSKILLS3<")
    findings = validate_bytes(data, submitted=SUBMITTED)
    assert rules(findings) == {(ERROR, "score-domain")}
    assert findings[0].record == "ClientAssessment CL-0001 GRP-COOK-2024H1/SES-000101"


def test_a_retired_code_is_a_warning_linked_to_its_record():
    clients, cases, sessions = samples.golden_records()
    clients[0] = replace(clients[0], source="res.partner,7")
    retired = CodeLists(retired={"GenderCode": ["MALE"]})
    findings = check(clients=clients, sessions=sessions, codes=retired)
    assert rules(findings) == {(WARNING, "code-retired")}
    assert findings[0].record == "Client CL-0001" and findings[0].source == (
        "res.partner,7"
    )
    assert "no longer in DSS's reference data" in findings[0].message
    groups, _ = golden_scores()
    findings = scored(codes=CodeLists(retired={"AssessmentScoreCode": ["ORGSKILLS3"]}))
    assert rules(findings) == {(WARNING, "code-retired")}


def test_newer_score_codes_are_accepted_with_what_they_score():
    from group_dex_sessions.core.codes import ScoreInfo

    codes = CodeLists(
        extra={"AssessmentScoreCode": ["GROUPSAFETY2"]},
        scores={"GROUPSAFETY2": ScoreInfo("GROUPSAFETY", "GROUP", "Session")},
    )
    assert with_group(group_score("PRE", "GROUPSAFETY2")) != []
    groups, _ = golden_scores()
    group = replace(groups[0], assessments=(group_score("PRE", "GROUPSAFETY2"),))
    assert scored(groups=[group], codes=codes) == []


# -- what the DSS schema accepts ---------------------------------------------------
def test_sections_in_any_order_are_accepted():
    data = (DATA / "golden_group_score.xml").read_bytes()
    start, end = data.index(b"<Clients>"), data.index(b"</Clients>") + 10
    moved = data[:start] + data[end:]
    moved = moved.replace(b"</DEXFileUpload>", data[start:end] + b"</DEXFileUpload>")
    assert validate_bytes(moved, submitted=SUBMITTED) == []


def test_letters_outside_a_to_z_get_an_slk_warning_naming_the_rule():
    findings = with_client(0, given_name="Tiên", slk="G22IN010219801")
    assert rules(findings) == {(WARNING, "slk-letters")}
    message = findings[0].message
    assert "'Tiên'" in message and "(ê)" in message
    assert "keeps only the letters A-Z" in message and "counts it as TIN" in message
    assert "not documented" in message
    assert not has_errors(findings)
