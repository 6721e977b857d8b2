"""Reader: DEX files back into the plain data types."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from group_dex_sessions.core import reader, samples
from group_dex_sessions.core.errors import DexError, DexFormatError, DexParseError

DATA = Path(__file__).parent / "data"
GOLDEN = (DATA / "golden_group_session.xml").read_bytes()


def test_golden_file_reads_into_the_expected_records():
    document = reader.read_file(DATA / "golden_group_session.xml")
    clients, cases, sessions = samples.golden_records()
    assert list(document.clients) == clients
    assert list(document.cases) == cases
    assert list(document.sessions) == sessions
    assert document.other_sections == ()
    first = document.sessions[0]
    assert first.fees_charged == Decimal("12.50")
    assert document.clients[0].first_arrival_month == 3
    assert (
        document.clients[0].residential_address.address_line1 == "12 Smith Street & Co"
    )
    assert document.clients[0].residential_address.postcode == "0800"


def test_every_lexical_form_the_schema_allows_is_read():
    data = (
        GOLDEN.replace(b"<IsUsingPsuedonym>false<", b"<IsUsingPsuedonym> 0 <")
        .replace(b"<ServiceTypeId>63<", b"<ServiceTypeId> +63\n<")
        .replace(b"<SessionDate>2024-03-05<", b"<SessionDate>2024-03-05Z<")
        .replace(b"<HasDisabilities>true<", b"<HasDisabilities>1<")
    )
    document = reader.read_bytes(data)
    assert document == reader.read_bytes(GOLDEN)
    assert document.sessions[0].session_date == dt.date(2024, 3, 5)


def test_unmodelled_sections_are_listed():
    data = GOLDEN.replace(
        b"</Sessions>",
        b"</Sessions><SessionAssessments><SessionAssessment><CaseId>GRP-COOK-2024H1"
        b"</CaseId><SessionId>SES-000101</SessionId><Assessments><Assessment>"
        b"<ScoreTypeCode>GROUP</ScoreTypeCode><AssessmentPhaseCode>PRE"
        b"</AssessmentPhaseCode><Scores><ScoreCode>GROUP1</ScoreCode></Scores>"
        b"</Assessment></Assessments></SessionAssessment></SessionAssessments>",
    )
    assert reader.read_bytes(data).other_sections == ("SessionAssessments",)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b"<DEXFileUpload>", b"<Upload>", "not well-formed"),
        (b"<BirthDate>1980-02-01</BirthDate>", b"", "missing BirthDate"),
        (b"<GenderCode>MALE</GenderCode>", b"<Gender>MALE</Gender>", "unexpected"),
        (b"<BirthDate>1980-02-01<", b"<BirthDate>01/02/1980<", "not a date"),
        (b"<IsPrimary>true<", b"<IsPrimary>yes<", "not a boolean"),
        (b"<FirstArrivalMonth>March<", b"<FirstArrivalMonth>Mar<", "month name"),
        (
            b"<Slk>G22IE010219801</Slk>",
            b"<Slk>G22IE010219801</Slk><Slk>X</Slk>",
            "more than",
        ),
    ],
)
def test_broken_content_raises_a_dex_error(old, new, message):
    with pytest.raises(DexError, match=message):
        reader.read_bytes(GOLDEN.replace(old, new, 1))


def test_wrong_root_is_a_format_error():
    with pytest.raises(DexFormatError, match="root element"):
        reader.read_bytes(b"<Other/>")


def test_missing_file_is_a_parse_error():
    with pytest.raises(DexParseError, match="cannot read"):
        reader.read_file(DATA / "nope.xml")


def test_external_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = GOLDEN.replace(
        b"<DEXFileUpload>",
        f'<!DOCTYPE DEXFileUpload [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<DEXFileUpload>".encode(),
        1,
    ).replace(b"<Suburb>PARRAMATTA<", b"<Suburb>&x;<")
    try:
        document = reader.read_bytes(data)
    except DexError:
        return
    assert "TOPSECRET" not in repr(document)
