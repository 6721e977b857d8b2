"""The addon's DEX schema versus the DSS 2015 schema."""

import copy
import hashlib
from pathlib import Path

import pytest
from lxml import etree

from group_dex_sessions.core import samples, writer
from group_dex_sessions.core.schema import DSS_2015_XSD, dex_schema, dss_2015_schema

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden_group_session.xml"


def tree(name="golden_group_session.xml"):
    return etree.parse(str(DATA / name))


def valid(schema, document) -> bool:
    return schema.validate(document)


def test_dss_copy_is_the_unmodified_2015_download():
    data = DSS_2015_XSD.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    expected = "31de8153d1d6035d7fc9ececf2ff037170c346d95e054b842edd0521d4cf2637"
    assert hashlib.sha256(data).hexdigest() == expected


def test_golden_file_is_valid_under_ours_and_fixed_dss():
    assert valid(dex_schema(), tree()), dex_schema().error_log
    assert valid(dss_2015_schema(), tree()), dss_2015_schema().error_log


def test_unpatched_dss_schema_rejects_every_real_postcode():
    raw = etree.XMLSchema(etree.parse(str(DSS_2015_XSD)))
    assert not raw.validate(tree())
    assert "Postcode" in str(raw.error_log)


def test_newer_elements_are_ours_only():
    document = tree("newer_elements.xml")
    assert valid(dex_schema(), document), dex_schema().error_log
    assert not valid(dss_2015_schema(), document)


def test_written_files_without_newer_elements_are_valid_under_both():
    clients, cases, sessions = samples.golden_records()
    for part in writer.write_bytes(clients, cases, sessions):
        document = etree.fromstring(part)
        assert valid(dex_schema(), document)
        assert valid(dss_2015_schema(), document)


def with_postcode(value: str):
    document = tree()
    document.find(".//Postcode").text = value
    return document


@pytest.mark.parametrize("postcode", ["0800", "2150", "9999", "0000"])
def test_four_digit_postcodes_are_valid(postcode):
    assert valid(dex_schema(), with_postcode(postcode))


@pytest.mark.parametrize(
    "postcode",
    ["800", "08000", " 0800", "0800 ", "08a0", "\u0660\u0668\u0660\u0660", ""],
)
def test_other_postcodes_are_invalid(postcode):
    # Arabic-Indic digits would pass a W3C \d pattern: ours asks for ASCII digits.
    assert not valid(dex_schema(), with_postcode(postcode))


def test_sections_must_follow_the_order():
    document = tree()
    root = document.getroot()
    root.insert(0, root.find("Cases"))  # Cases before Clients
    assert not valid(dex_schema(), document)
    assert valid(dss_2015_schema(), document)  # DSS accepts any order; we do not


def test_a_section_may_appear_only_once():
    document = tree()
    root = document.getroot()
    root.insert(1, copy.deepcopy(root.find("Clients")))
    assert not valid(dex_schema(), document)


def test_root_needs_a_section():
    assert not valid(dex_schema(), etree.fromstring("<DEXFileUpload/>"))
    assert not valid(dss_2015_schema(), etree.fromstring("<DEXFileUpload/>"))


def test_sessions_alone_are_a_valid_file():
    document = tree()
    root = document.getroot()
    root.remove(root.find("Clients"))
    root.remove(root.find("Cases"))
    assert valid(dex_schema(), document)


OUTLETS = (
    "<Outlets><Outlet><Name>Hall</Name><ResidentialAddress><Suburb>DARWIN</Suburb>"
    "<StateCode>NT</StateCode><Postcode>0800</Postcode></ResidentialAddress>"
    "</Outlet></Outlets>"
)


def test_outlets_only_as_the_single_section():
    alone = etree.fromstring(f"<DEXFileUpload>{OUTLETS}</DEXFileUpload>")
    assert valid(dex_schema(), alone) and valid(dss_2015_schema(), alone)
    document = tree()
    document.getroot().append(etree.fromstring(OUTLETS))
    assert not valid(dex_schema(), document)


def test_service_setting_code_goes_between_interpreter_and_session_clients():
    document = tree()
    session = document.find(".//Session")
    setting = etree.Element("ServiceSettingCode")
    setting.text = "COMMVENUE"
    session.insert(session.index(session.find("SessionClients")), setting)
    assert valid(dex_schema(), document)
    session.append(setting)  # moved after the last element
    assert not valid(dex_schema(), document)


@pytest.mark.parametrize(
    "xml_path",
    [".//Client/GivenName", ".//Suburb", ".//SessionId"],
)
def test_empty_or_blank_text_is_invalid(xml_path):
    for text in ("", "   ", "\t"):
        document = tree()
        document.find(xml_path).text = text
        assert not valid(dex_schema(), document)


def test_line_breaks_are_invalid_in_text():
    document = tree()
    document.find(".//Suburb").text = "DAR\nWIN"
    assert not valid(dex_schema(), document)


def test_empty_optional_wrappers_and_nil_are_rejected():
    document = tree()
    extra = document.findall(".//ExtraItems")[0]
    for child in list(extra):
        extra.remove(child)
    assert not valid(dex_schema(), document)  # DSS 2015 allowed an empty ExtraItems
    nil = tree()
    slk = nil.find(".//Slk")
    slk.text = None
    slk.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "true")
    assert not valid(dex_schema(), nil)


@pytest.mark.parametrize(
    ("count", "ok"), [("0", True), ("999", True), ("1000", False), ("-1", False)]
)
def test_unidentified_count_range(count, ok):
    document = tree()
    document.find(".//Session/TotalNumberOfUnidentifiedClients").text = count
    assert valid(dex_schema(), document) is ok
