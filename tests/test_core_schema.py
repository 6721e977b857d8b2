"""The addon's DEX schema versus the DSS 2015 schema."""

import copy
import hashlib
from pathlib import Path

import pytest
from lxml import etree

from group_dex_sessions.core import samples, writer
from group_dex_sessions.core.schema import (
    DEX_XSD,
    DSS_2015_XSD,
    dex_schema,
    dss_2015_schema,
)

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


def test_sections_may_come_in_any_order_as_dss_accepts():
    document = tree()
    root = document.getroot()
    root.insert(0, root.find("Sessions"))  # Sessions, Clients, Cases
    assert valid(dss_2015_schema(), document)
    assert valid(dex_schema(), document), dex_schema().error_log


def test_a_section_may_repeat_as_dss_accepts():
    document = tree()
    root = document.getroot()
    root.append(copy.deepcopy(root.find("Clients")))
    assert valid(dss_2015_schema(), document)
    assert valid(dex_schema(), document), dex_schema().error_log


def test_more_than_five_sections_are_refused_by_both():
    document = tree()
    root = document.getroot()
    for _ in range(3):  # 3 + 3 sections
        root.append(copy.deepcopy(root.find("Cases")))
    assert not valid(dss_2015_schema(), document)
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


def test_outlets_may_come_alone_or_with_other_sections():
    alone = etree.fromstring(f"<DEXFileUpload>{OUTLETS}</DEXFileUpload>")
    assert valid(dex_schema(), alone) and valid(dss_2015_schema(), alone)
    document = tree()
    document.getroot().append(etree.fromstring(OUTLETS))
    assert valid(dss_2015_schema(), document)
    assert valid(dex_schema(), document), dex_schema().error_log


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


def test_an_empty_extra_items_is_refused_by_the_written_rule():
    # DSS 2015 allows an empty ExtraItems; its specification says to give at least
    # one ExtraItemCode when the element is there
    document = tree()
    extra = document.findall(".//ExtraItems")[0]
    for child in list(extra):
        extra.remove(child)
    assert valid(dss_2015_schema(), document)
    assert not valid(dex_schema(), document)


XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def nil(document, xml_path):
    element = document.find(xml_path)
    for child in list(element):
        element.remove(child)
    element.text = None
    element.set(XSI_NIL, "true")
    return document


@pytest.mark.parametrize("xml_path", [".//Slk", ".//Session/SessionClients"])
def test_nil_is_accepted_where_dss_accepts_it(xml_path):
    document = nil(tree(), xml_path)
    assert valid(dss_2015_schema(), document)
    assert valid(dex_schema(), document), dex_schema().error_log


@pytest.mark.parametrize("xml_path", [".//ClientId", ".//Suburb"])
def test_nil_is_refused_where_dss_refuses_it(xml_path):
    document = nil(tree(), xml_path)
    assert not valid(dss_2015_schema(), document)
    assert not valid(dex_schema(), document)


def test_every_nillable_element_of_dss_is_nillable_here_and_no_other():
    def nillable(path):
        schema = etree.parse(str(path))
        return {
            e.get("name")
            for e in schema.iter("{http://www.w3.org/2001/XMLSchema}element")
            if e.get("nillable") == "true"
        }

    assert nillable(DEX_XSD) == nillable(DSS_2015_XSD)


SCORE = DATA / "golden_group_score.xml"


def test_golden_score_file_is_valid_under_ours_and_fixed_dss():
    document = etree.parse(str(SCORE))
    assert document.find("SessionAssessments") is not None
    assert document.find("ClientAssessments") is not None
    assert valid(dex_schema(), document), dex_schema().error_log
    assert valid(dss_2015_schema(), document), dss_2015_schema().error_log


@pytest.mark.parametrize(
    ("section", "limit"), [("SessionAssessment", 2), ("ClientAssessment", 6)]
)
def test_assessment_limits_are_the_schema_s(section, limit):
    document = etree.parse(str(SCORE))
    wrapper = document.find(f".//{section}/Assessments")
    while len(wrapper) < limit:
        wrapper.append(copy.deepcopy(wrapper[0]))
    assert valid(dex_schema(), document)
    wrapper.append(copy.deepcopy(wrapper[0]))
    assert not valid(dex_schema(), document)
    assert not valid(dss_2015_schema(), document)


@pytest.mark.parametrize(
    ("count", "ok"), [("0", True), ("999", True), ("1000", False), ("-1", False)]
)
def test_unidentified_count_range(count, ok):
    document = tree()
    document.find(".//Session/TotalNumberOfUnidentifiedClients").text = count
    assert valid(dex_schema(), document) is ok
