"""Each DEX rule is defined once, in core/, and the models ask the core.

The rules: code lists, the ID pattern, the postcode pattern, the
personal-information check, the birth-date and disability rules, the period
rule, and the contact-to-Client mapping. A model that re-declares one (its own
regex, its own "not stated" table, its own date check) would drift from what
the validator enforces: these tests fail when that happens.
"""

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from group_dex_sessions.core import clients, rules, staging, writer
from group_dex_sessions.core.errors import DexParseError

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "group_dex_sessions"
ODOO_LAYER = [
    path
    for folder in ("models", "wizard", "controllers", "report")
    for path in sorted((ADDON / folder).glob("*.py"))
]


def _sources():
    return {path.relative_to(ADDON).as_posix(): path.read_text() for path in ODOO_LAYER}


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("the ID pattern", r"A-Za-z0-9_-"),
        ("the postcode pattern", r"\[0-9\]\{4\}|\\d\{4\}"),
        ("the birth-date spellings", r"%d%m%Y|%Y%m%d"),
        ("the money limit", r"999999999"),
        ("the 'not stated' codes", r"['\"]NOTSTATED['\"]|['\"]0003['\"]"),
        ("the 30-day period close", r"timedelta\(days=30\)|GRACE_DAYS\s*="),
        (
            "the 1 January estimate rule",
            r"\(1, 1\)|month\s*==\s*1\s+and\s+.*day\s*==\s*1",
        ),
        ("the SCORE assessment limits", r"MAX_ASSESSMENTS\s*=|['\"]Session['\"]:\s*2"),
        ("the reference-data file format", r"ReferenceDataItems|CodeValue|OrderNumber"),
        ("the SLK letters rule", r"\[\^A-Z\]"),
    ],
)
def test_the_odoo_layer_declares_no_dex_rule_of_its_own(what, pattern):
    offenders = [name for name, text in _sources().items() if re.search(pattern, text)]
    assert not offenders, f"{what} is re-declared in {offenders}: use core.rules"


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "models/res_partner.py",
            (
                "core_clients.build_client",
                "core_clients.client_problems",
                "core_clients.ClientFacts",
            ),
        ),
        (
            "models/dex_partner_profile.py",
            (
                "rules.estimated_birth_date_problem",
                "rules.disability_problem",
                "rules.NOT_STATED",
                "core_clients.slk_of",
            ),
        ),
        (
            "models/dex_partner_identifier.py",
            ("rules.id_problem", "rules.reveals_person"),
        ),
        ("models/dex_session_details_mixin.py", ("rules.service_type_allowed",)),
        ("models/dex_extract.py", ("periods.period_for",)),
        (
            "models/dex_extract_build.py",
            ("core_clients.build_client", "validator.validate_records"),
        ),
        (
            "models/dex_planned_service_mixin.py",
            ("rules.MONEY_MAX", "rules.MAX_SESSION_MINUTES"),
        ),
        (
            "models/dex_session_assessment.py",
            (
                "rules.duplicate_scores",
                "rules.assessment_count_problem",
                "rules.MAX_ASSESSMENTS",
            ),
        ),
        (
            "models/dex_extract_build.py",
            (
                "self.code_lists = self._code_lists()",
                "codes=self.code_lists",
                "slk.letters_note",
            ),
        ),
        (
            "wizard/dex_reference_refresh.py",
            ("reference.parse_reference", "reference.plan_refresh"),
        ),
    ],
)
def test_the_models_call_the_core_definitions(module, names):
    text = (ADDON / module).read_text()
    for name in names:
        assert name in text, f"{module} does not use {name}"


def test_the_validator_and_the_writer_use_the_same_rule_definitions():
    validator = (ADDON / "core" / "validator.py").read_text()
    mapping = (ADDON / "core" / "mapping.py").read_text()
    for name in (
        "rules.id_problem",
        "rules.session_date_problem",
        "rules.estimated_birth_date_problem",
        "rules.disability_problem",
        "rules.service_type_allowed",
        "rules.personal_tokens",
    ):
        assert name in validator, name
    assert "rules.POSTCODE" in mapping and "rules.MONEY_MAX" in mapping
    assert not re.search(r"re\.compile\(\"\[0-9\]\{4\}\"\)", mapping)


# -- the rules themselves -------------------------------------------------------
def test_id_rule():
    assert rules.id_problem("CL-0001_a") is None
    assert "letters, digits" in rules.id_problem("CL 1")
    assert "51 characters" in rules.id_problem("A" * 51)


def test_personal_information_in_an_id():
    tokens = rules.personal_tokens(["Mary-Jane", "O'Brien"], dt.date(1950, 5, 17))
    assert rules.reveals_person("X-OBRIEN-1", tokens) == "name"
    assert rules.reveals_person("ID17051950", tokens) == "birth date"
    assert rules.reveals_person("CL-000123", tokens) is None
    assert rules.id_screen("_12") == ("", False), "a provisional ID cannot hide one"


def test_session_dates_dss_refuses():
    submitted = dt.date(2026, 8, 15)
    closed = rules.session_date_problem(dt.date(2026, 3, 3), submitted)
    assert closed[0] == "period-closed" and "closed on 2026-07-30" in closed[1]
    assert (
        rules.session_date_problem(dt.date(2026, 7, 30), dt.date(2026, 7, 30)) is None
    )
    future = rules.session_date_problem(dt.date(2026, 8, 16), submitted)
    assert future[0] == "future-session"


def test_allowed_service_types_and_money():
    assert rules.service_type_allowed(63, [])
    assert rules.service_type_allowed(63, [63, 64])
    assert not rules.service_type_allowed(65, [63, 64])
    assert rules.money_problem(999999999.99) is None
    assert "most a DEX amount holds" in rules.money_problem(10**12)
    assert rules.money_problem(-1) == "is negative"


# -- the contact-to-Client mapping ----------------------------------------------
FACTS = clients.ClientFacts(
    given_name="Mary",
    family_name="Nguyen",
    birth_date=dt.date(1950, 5, 17),
    street="1 Church St",
    suburb="Parramatta",
    state_code="NSW",
    postcode="2150",
    country_code="AU",
)


def test_without_consent_the_client_gets_the_slk_only():
    client, problems = clients.build_client("CL-1", FACTS)
    assert problems == []
    assert client.given_name is None and client.family_name is None
    assert client.residential_address.address_line1 is None
    assert client.slk and client.gender_code == "NOTSTATED"


def test_with_consent_the_names_and_street_go():
    facts = clients.ClientFacts(**{**_fields(FACTS), "consent_details": True})
    client, _problems = clients.build_client("CL-1", facts)
    assert (client.given_name, client.family_name) == ("Mary", "Nguyen")
    assert client.residential_address.address_line1 == "1 Church St"


def test_problems_are_listed_by_topic():
    facts = clients.ClientFacts(
        **{**_fields(FACTS), "birth_date": None, "postcode": "800", "state_code": "CA"}
    )
    client, problems = clients.build_client("CL-1", facts)
    assert client is None
    assert {p.topic for p in problems} == {"slk", "address"}
    text = "; ".join(p.message for p in problems)
    assert "birth date" in text and "not 4 digits" in text and "CA is not" in text


def _fields(facts):
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


# -- staged records and fragments -----------------------------------------------
def test_staged_items_round_trip_and_damage_is_refused():
    buffer = io.BytesIO()
    stage = staging.StageWriter(buffer)
    stage.keys({"case-a": None}, {"session-a": "SES1"})
    stage.records([3, 1, 2])
    stage.client("CL-1", b"<Client/>")
    stage.case("case-a", ["CL-1"], b"<Case></Case>")
    stage.session("session-a", "case-a", ["CL-1"], b"<Session></Session>")
    stage.close()
    items = list(staging.read_staged(io.BytesIO(buffer.getvalue())))
    assert [item.kind for item in items] == [b"I", b"R", b"C", b"K", b"S"]
    assert staging.record_ids(items[1]) == [3, 1, 2]
    with pytest.raises(DexParseError):
        list(staging.read_staged(io.BytesIO(buffer.getvalue()[:-20])))
    with pytest.raises(DexParseError):
        list(staging.read_staged(io.BytesIO(b"not gzip")))


def test_staged_headers_give_back_any_key_and_client_id_as_written():
    # keys and ClientIds are the addon's own, but whatever they hold (quotes,
    # backslashes, accents, control characters) reads back unchanged
    odd = ['CL"1', "CL\\2", "Zoë-3", "tab\there", "", "line\nbreak"]
    buffer = io.BytesIO()
    stage = staging.StageWriter(buffer)
    stage.client(odd[0], b"<Client/>")
    stage.case('series:1:"x"', odd, b"<Case></Case>")
    stage.session("7:2", "case\\é", odd[::-1], b"<Session></Session>")
    stage.close()
    client, case, session = staging.read_staged(io.BytesIO(buffer.getvalue()))
    assert client.header == {"id": odd[0]}
    assert case.header == {"key": 'series:1:"x"', "clients": odd}
    assert session.header == {"key": "7:2", "case": "case\\é", "clients": odd[::-1]}


def test_a_body_written_before_its_head_reads_as_one_staged_extract():
    body = io.BytesIO()
    stage = staging.StageWriter(body, head=False)
    stage.client("CL-1", b"<Client/>")
    stage.session("session-a", "case-a", ["CL-1"], b"<Session></Session>")
    stage.close()
    head = io.BytesIO()
    stage = staging.StageWriter(head)
    stage.keys({"case-a": None}, {"session-a": None})
    stage.records([7])
    stage.close()
    joined = head.getvalue() + body.getvalue()
    items = list(staging.read_staged(io.BytesIO(joined)))
    assert [item.kind for item in items] == [b"I", b"R", b"C", b"S"]
    assert items[3].header == {
        "key": "session-a",
        "case": "case-a",
        "clients": ["CL-1"],
    }
    # the body alone is no staged extract: it has no head
    with pytest.raises(DexParseError):
        list(staging.read_staged(io.BytesIO(body.getvalue())))


def test_ids_spliced_into_bodies_give_the_same_xml_as_the_writer():
    from group_dex_sessions.core import samples

    _clients, cases, sessions = samples.golden_records()
    session, case = sessions[0], cases[0]
    spliced = writer.with_session_ids(
        writer.session_body(session), session.session_id, session.case_id
    )
    assert spliced == writer.session_fragment(session)
    assert writer.with_case_id(writer.case_body(case), case.case_id) == (
        writer.case_fragment(case)
    )
    # text the writer escapes, spliced the same way (the validator refuses such
    # IDs, but the file must still be well-formed XML)
    odd = dataclasses.replace(session, session_id="S&<1>'\"\té", case_id="C]]>&amp;")
    spliced = writer.with_session_ids(
        writer.session_body(odd), odd.session_id, odd.case_id
    )
    assert spliced == writer.session_fragment(odd)


# -- SCORE ------------------------------------------------------------------------
def test_assessment_limits():
    assert rules.assessment_count_problem("Session", 2) is None
    assert "at most 2" in rules.assessment_count_problem("Session", 3)
    assert rules.assessment_count_problem("Client", 6) is None
    assert "at most 6" in rules.assessment_count_problem("Client", 7)
    assert "at least one" in rules.assessment_count_problem("Client", 0)


def test_a_domain_once_per_phase():
    scores = [
        ("PRE", "GROUPSKILLS", "GROUPSKILLS2"),
        ("POST", "GROUPSKILLS", "GROUPSKILLS4"),
        ("PRE", "GROUPSKILLS", "GROUPSKILLS3"),
    ]
    assert rules.duplicate_scores(scores) == [
        ("PRE", "GROUPSKILLS", ("GROUPSKILLS2", "GROUPSKILLS3"))
    ]
    assert rules.duplicate_scores(scores[:2]) == []


def test_score_types_and_domains_follow_the_code_lists():
    from group_dex_sessions.core.codes import CodeLists

    codes = CodeLists()
    assert rules.score_type_problem("Session", "GROUP", codes) is None
    assert "client SCORE" in rules.score_type_problem("Session", "GOALS", codes)
    assert rules.score_type_problem("Client", "GROUP", codes)
    assert rules.score_domain_problem("ORGSKILLS2", "GROUP", codes) is None
    assert "GOALS domain SKILLS" in rules.score_domain_problem(
        "SKILLS2", "CIRCUMSTANCES", codes
    )
