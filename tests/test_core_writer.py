"""Streaming writer: format, value checks, round trips and file splitting."""

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from group_dex_sessions.core import reader, samples, writer
from group_dex_sessions.core.errors import (
    DexDuplicateError,
    DexReferenceError,
    DexSizeError,
    DexValueError,
)
from group_dex_sessions.core.schema import dex_schema, dss_2015_schema
from group_dex_sessions.core.types import Referral, SessionClient

DATA = Path(__file__).parent / "data"
replace = dataclasses.replace


def one_file(clients, cases, sessions) -> bytes:
    parts = writer.write_bytes(clients, cases, sessions)
    assert len(parts) == 1
    return parts[0]


def simple():
    return [samples.make_client()], [samples.make_case()], [samples.make_session()]


def test_declaration_is_exact_and_double_quoted():
    data = one_file(*simple())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<DEXFileUpload>')


def test_exact_output_of_a_small_file():
    clients, cases, sessions = simple()
    sessions = [
        replace(sessions[0], fees_charged=Decimal("7"), interpreter_present=True)
    ]
    expected = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<DEXFileUpload><Clients><Client>'
        "<ClientId>CL-0001</ClientId><ConsentToProvideDetails>true"
        "</ConsentToProvideDetails><ConsentedForFutureContacts>false"
        "</ConsentedForFutureContacts><GivenName>Tien</GivenName>"
        "<FamilyName>NG</FamilyName><IsUsingPsuedonym>false</IsUsingPsuedonym>"
        "<BirthDate>1980-02-01</BirthDate><IsBirthDateAnEstimate>false"
        "</IsBirthDateAnEstimate><GenderCode>MALE</GenderCode><CountryOfBirthCode>1101"
        "</CountryOfBirthCode><LanguageSpokenAtHomeCode>1201</LanguageSpokenAtHomeCode>"
        "<AboriginalOrTorresStraitIslanderOriginCode>NO"
        "</AboriginalOrTorresStraitIslanderOriginCode><HasDisabilities>false"
        "</HasDisabilities><ResidentialAddress><Suburb>DARWIN</Suburb><StateCode>NT"
        "</StateCode><Postcode>0800</Postcode></ResidentialAddress></Client></Clients>"
        "<Cases><Case><CaseId>GRP-0001</CaseId><OutletActivityId>12345"
        "</OutletActivityId><TotalNumberOfUnidentifiedClients>0"
        "</TotalNumberOfUnidentifiedClients><CaseClients><CaseClient><ClientId>CL-0001"
        "</ClientId></CaseClient></CaseClients></Case></Cases><Sessions><Session>"
        "<SessionId>SES-0001</SessionId><CaseId>GRP-0001</CaseId><SessionDate>2024-03-05"
        "</SessionDate><ServiceTypeId>63</ServiceTypeId>"
        "<TotalNumberOfUnidentifiedClients>0</TotalNumberOfUnidentifiedClients>"
        "<FeesCharged>7.00</FeesCharged><InterpreterPresent>true</InterpreterPresent>"
        "<SessionClients><SessionClient><ClientId>CL-0001</ClientId><ParticipationCode>"
        "CLIENT</ParticipationCode></SessionClient></SessionClients></Session>"
        "</Sessions></DEXFileUpload>"
    )
    assert one_file(clients, cases, sessions).decode("utf-8") == expected


def test_optional_values_are_omitted_never_empty():
    root = etree.fromstring(one_file(*simple()))
    for element in root.iter():
        assert len(element) or (element.text or "").strip(), element.tag
    assert root.find(".//Slk") is None and root.find(".//ExtraItems") is None


def test_non_ascii_text_is_utf8_and_markup_is_escaped():
    client = samples.make_client(given_name='Zoë <&> "O\'Hara"', family_name="Nguyễn")
    data = one_file([client], [samples.make_case()], [samples.make_session()])
    assert "Zoë &lt;&amp;&gt;".encode() in data
    assert "Nguyễn".encode() in data
    assert reader.read_bytes(data).clients[0] == client


def test_golden_records_round_trip_and_match_the_golden_file():
    records = samples.golden_records()
    data = one_file(*records)
    assert dex_schema().validate(etree.fromstring(data))
    assert dss_2015_schema().validate(etree.fromstring(data))
    document = reader.read_bytes(data)
    assert (list(document.clients), list(document.cases), list(document.sessions)) == (
        records
    )
    golden = reader.read_file(DATA / "golden_group_session.xml")
    assert document == golden


def test_newer_elements_round_trip():
    document = reader.read_file(DATA / "newer_elements.xml")
    again = reader.read_bytes(
        one_file(document.clients, document.cases, document.sessions)
    )
    assert again == document
    assert again.sessions[0].service_setting_code == "COMMVENUE"
    assert again.cases[0].end_date == dt.date(2024, 6, 30)


@pytest.mark.parametrize(
    ("fees", "text"),
    [
        (Decimal("12.5"), "12.50"),
        (Decimal("0"), "0.00"),
        (3, "3.00"),
        (Decimal("1234.56"), "1234.56"),
        (Decimal("7.000"), "7.00"),
    ],
)
def test_money_has_two_decimals(fees, text):
    clients, cases, sessions = simple()
    data = one_file(clients, cases, [replace(sessions[0], fees_charged=fees)])
    assert f"<FeesCharged>{text}</FeesCharged>".encode() in data


@pytest.mark.parametrize(
    ("fees", "reason"),
    [
        (Decimal("-0.01"), "negative"),
        (Decimal("1.005"), "two decimal places"),
        (1.5, "Decimal"),
        (Decimal("NaN"), "finite"),
        (True, "Decimal"),
    ],
)
def test_bad_money_is_refused_with_the_field_named(fees, reason):
    clients, cases, sessions = simple()
    with pytest.raises(DexValueError, match=reason) as info:
        writer.write_bytes(clients, cases, [replace(sessions[0], fees_charged=fees)])
    assert info.value.field == "Session/FeesCharged"
    assert info.value.record == "Session GRP-0001/SES-0001"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_name": "Ti\x00en"}, "Client/GivenName"),
        ({"family_name": "NG\n"}, "Client/FamilyName"),
        ({"family_name": " \t "}, "Client/FamilyName"),
        ({"given_name": "\ud800"}, "Client/GivenName"),
        ({"given_name": "A\ufffe"}, "Client/GivenName"),
        ({"birth_date": dt.datetime(1980, 2, 1, 9, 30)}, "Client/BirthDate"),
        ({"has_disabilities": 1}, "Client/HasDisabilities"),
        (
            {"first_arrival_month": 13, "first_arrival_year": 2000},
            "Client/FirstArrivalMonth",
        ),
        ({"income_amount": 2**31}, "Client/IncomeAmount"),
        ({"gender_code": ""}, "Client/GenderCode"),
        ({"disabilities": ("PHYSICAL", "")}, "Client/Disabilities/DisabilityCode"),
    ],
)
def test_unwritable_client_values_raise(change, field):
    client = replace(samples.make_client(), **change)
    with pytest.raises(DexValueError) as info:
        writer.write_bytes([client], [samples.make_case()], [samples.make_session()])
    assert info.value.field == field
    assert info.value.record == "Client CL-0001"


@pytest.mark.parametrize("postcode", ["800", "08000", "08 0", 800, "٠٨٠٠"])
def test_postcode_must_be_four_ascii_digits(postcode):
    address = replace(samples.DARWIN, postcode=postcode)
    client = samples.make_client(residential_address=address)
    with pytest.raises(DexValueError, match="four digits") as info:
        writer.write_bytes([client], [], [])
    assert info.value.field == "Client/ResidentialAddress/Postcode"


def test_unidentified_count_must_fit_the_schema():
    clients, cases, sessions = simple()
    with pytest.raises(DexValueError, match="0..999"):
        writer.write_bytes(
            clients, [replace(cases[0], total_unidentified_clients=1000)], []
        )


def test_references_must_be_supplied():
    clients, cases, sessions = simple()
    with pytest.raises(DexReferenceError, match="case 'GRP-0001'"):
        writer.write_bytes(clients, [], sessions)
    with pytest.raises(DexReferenceError, match="client 'CL-0001'"):
        writer.write_bytes([], cases, sessions)


def test_duplicates_are_refused():
    clients, cases, sessions = simple()
    with pytest.raises(DexDuplicateError, match="ClientId"):
        writer.write_bytes(clients * 2, cases, sessions)
    with pytest.raises(DexDuplicateError, match="CaseId"):
        writer.write_bytes(clients, cases * 2, sessions)
    with pytest.raises(DexDuplicateError, match="SES-0001"):
        writer.write_bytes(clients, cases, sessions * 2)


def test_nothing_to_write_gives_no_file():
    assert writer.write_bytes([], [], []) == []


def test_clients_and_cases_without_sessions_are_still_written():
    lone = samples.make_client("CL-0099")
    clients, cases, _ = simple()
    document = reader.read_bytes(one_file(clients + [lone], cases, []))
    assert {c.client_id for c in document.clients} == {"CL-0001", "CL-0099"}
    assert [c.case_id for c in document.cases] == ["GRP-0001"]


def test_write_files_streams_into_caller_streams(tmp_path):
    clients, cases, sessions = samples.golden_records()
    paths = []

    def open_part(index):
        paths.append(tmp_path / f"dex_{index:03d}.xml")
        return paths[-1].open("wb")

    infos = writer.write_files(clients, cases, iter(sessions), open_part)
    assert [i.index for i in infos] == [0]
    assert (infos[0].clients, infos[0].cases, infos[0].sessions) == (3, 1, 2)
    assert infos[0].size == paths[0].stat().st_size
    assert reader.read_file(paths[0]).sessions == tuple(sessions)


# -- splitting -----------------------------------------------------------------
def split(max_bytes, **sizes):
    clients, cases, sessions = samples.synthetic_dataset(**sizes)
    expected = list(samples.synthetic_dataset(**sizes)[2])
    parts = writer.write_bytes(clients, cases, sessions, max_bytes=max_bytes)
    return clients, cases, expected, parts


def check_self_contained(part: bytes, max_bytes: int):
    assert len(part) <= max_bytes
    root = etree.fromstring(part)
    assert dex_schema().validate(root), dex_schema().error_log
    document = reader.read_bytes(part)
    client_ids = [c.client_id for c in document.clients]
    case_ids = [c.case_id for c in document.cases]
    assert len(client_ids) == len(set(client_ids))
    assert len(case_ids) == len(set(case_ids))
    cases = {c.case_id: c for c in document.cases}
    for session in document.sessions:
        case = cases[session.case_id]
        for sc in session.session_clients:
            assert sc.client_id in client_ids
        for cc in case.case_clients:
            assert cc.client_id in client_ids
    return document


def test_split_parts_are_valid_self_contained_and_lose_nothing():
    max_bytes = 40_000
    clients, cases, expected, parts = split(
        max_bytes,
        n_clients=120,
        n_sessions=400,
        clients_per_session=6,
        clients_per_case=12,
    )
    assert len(parts) > 5
    documents = [check_self_contained(p, max_bytes) for p in parts]
    written = [s for d in documents for s in d.sessions]
    assert written == expected  # same sessions, same order, none lost or repeated
    assert {c.client_id for d in documents for c in d.clients} == {
        c.client_id for c in clients
    }
    assert {c.case_id for d in documents for c in d.cases} == {c.case_id for c in cases}
    # parts are filled: each holds more than half the limit, except the last one
    assert all(len(p) > max_bytes // 2 for p in parts[:-1])


def test_limit_is_exact():
    records = samples.golden_records()
    size = len(one_file(*records))
    assert len(writer.write_bytes(*records, max_bytes=size)) == 1
    parts = writer.write_bytes(*records, max_bytes=size - 1)
    assert len(parts) == 2
    for part in parts:
        check_self_contained(part, size - 1)


def test_session_group_larger_than_the_limit_is_a_clear_error():
    clients, cases, sessions = samples.golden_records()
    with pytest.raises(DexSizeError, match="limit of 2000 bytes"):
        writer.write_bytes(clients, cases, sessions, max_bytes=2000)


def test_generator_is_consumed_once_and_lazily():
    clients, cases, _ = simple()
    produced = []

    def sessions():
        for n in range(3):
            produced.append(n)
            yield samples.make_session(f"SES-{n}")

    infos = writer.write_files(clients, cases, sessions(), lambda i: io.BytesIO())
    assert produced == [0, 1, 2] and infos[0].sessions == 3


def test_session_client_outside_the_case_brings_its_client_along():
    clients = [samples.make_client("CL-0001"), samples.make_client("CL-0002")]
    session = samples.make_session(
        session_clients=(
            SessionClient(client_id="CL-0001"),
            SessionClient(client_id="CL-0002"),
        )
    )
    parts = writer.write_bytes(
        clients, [samples.make_case()], [session], max_bytes=100_000
    )
    assert {c.client_id for c in reader.read_bytes(parts[0]).clients} == {
        "CL-0001",
        "CL-0002",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"client_id": "CL\x000001"}, "ClientId"),
        ({"participation_code": " "}, "ParticipationCode"),
        (
            {"referrals": (Referral(type_code="INTERNAL", purpose_codes=("A\rB",)),)},
            "ClientReferralOutWithPurpose/Referral/PurposeCodes/PurposeCode",
        ),
    ],
)
def test_unwritable_session_client_values_name_the_field(change, field):
    attendee = replace(SessionClient(client_id="CL-0001"), **change)
    session = samples.make_session(session_clients=(attendee,))
    clients, cases, _ = simple()
    with pytest.raises(DexValueError) as info:
        writer.write_bytes(clients, cases, [session])
    assert info.value.field == f"Session/SessionClients/SessionClient/{field}"
    assert info.value.record == "Session GRP-0001/SES-0001"


# -- SCORE -----------------------------------------------------------------------
def score_file(**change):
    clients, cases, sessions, groups, client_scores = samples.golden_score_records()
    return writer.write_bytes(
        clients,
        cases,
        sessions,
        session_assessments=change.get("groups", groups),
        client_assessments=change.get("client_scores", client_scores),
        **({"max_bytes": change["max_bytes"]} if "max_bytes" in change else {}),
    )


def test_golden_score_records_round_trip_and_match_the_golden_file():
    (data,) = score_file()
    root = etree.fromstring(data)
    assert [section.tag for section in root] == [
        "Clients",
        "Cases",
        "Sessions",
        "SessionAssessments",
        "ClientAssessments",
    ]
    assert dex_schema().validate(root) and dss_2015_schema().validate(root)
    golden = reader.read_file(DATA / "golden_group_score.xml")
    assert reader.read_bytes(data) == golden
    *_records, groups, client_scores = samples.golden_score_records()
    assert list(golden.session_assessments) == groups
    assert list(golden.client_assessments) == client_scores


def test_assessment_bodies_with_ids_spliced_in_are_the_writer_s_fragments():
    *_records, groups, client_scores = samples.golden_score_records()
    group, person = groups[0], client_scores[0]
    body = writer.session_assessment_body(group)
    assert b"CaseId" not in body and b"SessionId" not in body
    assert writer.with_assessment_ids(
        body, group.case_id, group.session_id
    ) == writer.session_assessment_fragment(group)
    body = writer.client_assessment_body(person)
    assert b"<ClientId>CL-0001</ClientId>" in body and b"SessionId" not in body
    assert writer.with_assessment_ids(
        body, person.case_id, person.session_id
    ) == writer.client_assessment_fragment(person)


def test_assessments_go_in_the_file_that_holds_their_session():
    # a limit that puts each session in a file of its own
    whole = len(score_file()[0])
    parts = score_file(max_bytes=whole - 400)
    assert len(parts) == 2
    documents = [reader.read_bytes(part) for part in parts]
    for document in documents:
        held = {(s.case_id, s.session_id) for s in document.sessions}
        attendees = {
            (s.case_id, s.session_id): {sc.client_id for sc in s.session_clients}
            for s in document.sessions
        }
        in_file = {c.client_id for c in document.clients}
        for group in document.session_assessments:
            assert (group.case_id, group.session_id) in held
        for person in document.client_assessments:
            assert person.client_id in attendees[(person.case_id, person.session_id)]
            assert person.client_id in in_file
    scored = [d for d in documents if d.session_assessments]
    assert len(scored) == 1 and scored[0].sessions[0].session_id == "SES-000101"
    assert len(scored[0].client_assessments) == 2
    for part in parts:
        assert dex_schema().validate(etree.fromstring(part))


def test_an_assessment_of_a_session_not_supplied_is_refused():
    *_records, groups, _client_scores = samples.golden_score_records()
    stray = replace(groups[0], session_id="SES-999999")
    with pytest.raises(DexReferenceError, match="SES-999999"):
        score_file(groups=[stray])


def test_more_assessments_than_the_schema_allows_are_refused():
    *_records, groups, _client_scores = samples.golden_score_records()
    three = replace(groups[0], assessments=groups[0].assessments * 2)
    with pytest.raises(DexValueError, match="at most 2") as info:
        score_file(groups=[three])
    assert info.value.field == "SessionAssessment/Assessments"
    with pytest.raises(DexValueError, match="is required"):
        score_file(groups=[replace(groups[0], assessments=())])
