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


def test_assessments_are_read_and_outlets_listed():
    document = reader.read_file(DATA / "golden_group_score.xml")
    _clients, _cases, _sessions, groups, clients = samples.golden_score_records()
    assert list(document.session_assessments) == groups
    assert list(document.client_assessments) == clients
    assert document.client_assessments[0].assessments[2].score_codes == (
        "SERVICELISTENED5",
        "SERVICERECEIVED4",
    )
    data = GOLDEN.replace(
        b"</Sessions>",
        b"</Sessions><Outlets><Outlet><Name>Hall</Name><ResidentialAddress>"
        b"<Suburb>DARWIN</Suburb><StateCode>NT</StateCode><Postcode>0800</Postcode>"
        b"</ResidentialAddress></Outlet></Outlets>",
    )
    assert reader.read_bytes(data).other_sections == ("Outlets",)


def test_sections_in_any_order_and_repeated_are_read_whole():
    clients_section = GOLDEN[
        GOLDEN.index(b"<Clients>") : GOLDEN.index(b"</Clients>") + 10
    ]
    reordered = GOLDEN.replace(clients_section, b"").replace(
        b"</Sessions>", b"</Sessions>" + clients_section
    )
    assert reader.read_bytes(reordered) == reader.read_bytes(GOLDEN)
    first = clients_section.index(b"</Client>") + len(b"</Client>")
    split = clients_section[:first] + b"</Clients><Clients>" + clients_section[first:]
    again = GOLDEN.replace(clients_section, split)
    assert reader.read_bytes(again) == reader.read_bytes(GOLDEN)


def test_a_nil_element_reads_as_absent():
    nil = b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    data = GOLDEN.replace(b"<DEXFileUpload>", b"<DEXFileUpload" + nil + b">").replace(
        b"<Slk>G22IE010219801</Slk>", b'<Slk xsi:nil="true"/>'
    )
    assert reader.read_bytes(data).clients[0].slk is None


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
