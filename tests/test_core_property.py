"""Property: arbitrary Unicode text yields a valid, escaped file or a DexValueError.

Characters that XML 1.0 forbids, and line breaks (which the schema's
NonEmptyString pattern does not allow), are rejected with an error naming the
field; they are never removed silently and never reach a file.
"""

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from group_dex_sessions.core import reader, samples, writer
from group_dex_sessions.core.errors import DexValueError
from group_dex_sessions.core.schema import dex_schema, dss_2015_schema

XML_CHAR = re.compile("[\t\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters XML cannot carry in a NonEmptyString, and characters it must escape.
FORBIDDEN = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x1f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\n",
    "\r",
]
TRICKY = [
    "<",
    "&",
    ">",
    "]]>",
    '"',
    "'",
    "&amp;",
    "<!--",
    "\x7f",
    "\x85",
    "\t",
    " ",
    "\u00a0",
    "\u2028",
    "\U0001f600",
    "é",
    "\u200b",
    "\ufeff",
]
any_char = st.characters(codec=None, categories=None, exclude_categories=())
allowed_char = any_char.filter(lambda c: bool(XML_CHAR.fullmatch(c)))
good_text = (
    st.lists(st.one_of(allowed_char, st.sampled_from(TRICKY)), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda s: s.strip(" \t") != "")
)
FIELDS = ("client_id", "given_name", "family_name", "line1", "line2", "suburb")
PATHS = {
    "client_id": "Client/ClientId",
    "given_name": "Client/GivenName",
    "family_name": "Client/FamilyName",
    "line1": "Client/ResidentialAddress/AddressLine1",
    "line2": "Client/ResidentialAddress/AddressLine2",
    "suburb": "Client/ResidentialAddress/Suburb",
}


@st.composite
def client_texts(draw):
    """Six text values, all writable, or exactly one of them spoiled."""
    values = {name: draw(good_text) for name in FIELDS}
    for name in ("given_name", "family_name", "line1", "line2"):
        if draw(st.booleans()):
            values[name] = None
    spoiled = draw(st.one_of(st.none(), st.sampled_from(FIELDS)))
    if spoiled is not None:
        base = values[spoiled] or "x"
        kind = draw(st.sampled_from(["forbidden", "forbidden", "other", "blank"]))
        if kind == "blank":
            values[spoiled] = draw(st.sampled_from(["", " ", "\t", "  \t "]))
        else:
            bad = draw(
                st.sampled_from(FORBIDDEN)
                if kind == "forbidden"
                else any_char.filter(lambda c: not XML_CHAR.fullmatch(c))
            )
            cut = draw(st.integers(0, len(base)))
            values[spoiled] = base[:cut] + bad + base[cut:]
    return values, spoiled


def make_client(values):
    address = dataclasses.replace(
        samples.DARWIN,
        address_line1=values["line1"],
        address_line2=values["line2"],
        suburb=values["suburb"],
    )
    return samples.make_client(
        values["client_id"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        residential_address=address,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(client_texts())
def test_any_text_gives_a_valid_file_or_a_specific_error(drawn):
    values, spoiled = drawn
    client = make_client(values)
    if spoiled is not None:
        try:
            writer.write_bytes([client], [], [])
        except DexValueError as exc:
            assert exc.field == PATHS[spoiled]
            assert exc.record == f"Client {values['client_id']}"
            return
        raise AssertionError(f"{spoiled}={values[spoiled]!r} was written")
    (data,) = writer.write_bytes([client], [], [])
    root = etree.fromstring(data)  # well-formed
    assert dex_schema().validate(root), dex_schema().error_log
    assert dss_2015_schema().validate(root), dss_2015_schema().error_log
    assert reader.read_bytes(data).clients == (client,)  # escaped, not altered


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("char", FORBIDDEN)
def test_each_forbidden_character_is_refused_in_each_field(field, char):
    values = {name: "Abc" for name in FIELDS}
    values[field] = f"A{char}bc"
    with pytest.raises(DexValueError) as info:
        writer.write_bytes([make_client(values)], [], [])
    assert info.value.field == PATHS[field]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case_id=good_text,
    session_id=good_text,
    codes=st.lists(good_text, min_size=1, max_size=3),
)
def test_session_text_round_trips(case_id, session_id, codes):
    client = samples.make_client()
    case = samples.make_case(case_id)
    session = samples.make_session(session_id, case_id, extra_items=codes)
    (data,) = writer.write_bytes([client], [case], [session])
    assert dex_schema().validate(etree.fromstring(data))
    document = reader.read_bytes(data)
    assert document.sessions == (session,) and document.cases == (case,)
