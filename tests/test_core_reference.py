"""DSS's reference-data file: the parser, and what a refresh of the code lists does.

``tests/data/DEXReferenceData.xml`` is the portal's reference-data download
(December 2015), kept as it was downloaded; ``DEXReferenceData_malformed.xml``
is the same file with one end tag missing.
"""

import csv
import dataclasses
from pathlib import Path

import pytest

from group_dex_sessions.core import codes, reference
from group_dex_sessions.core.reference import (
    ReferenceDataError,
    StoredCode,
    parse_reference,
    plan_refresh,
    read_reference_file,
)

DATA = Path(__file__).parent / "data"
PORTAL = DATA / "DEXReferenceData.xml"
RAW = PORTAL.read_bytes()


def shipped(list_name):
    path = codes.CODES_DIR / f"{list_name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def stored_from_shipped(list_name):
    """A list as the addon keeps it at install: the shipped CSV, in its order."""
    return {
        row["code"]: StoredCode(row["description"], position)
        for position, row in enumerate(shipped(list_name), start=1)
    }


def test_the_portal_file_is_read_whole():
    data = read_reference_file(PORTAL)
    assert data.unknown == ()
    assert set(data.lists) == set(reference.CODE_TYPES) | {
        reference.SCORE_CODES,
        reference.SCORE_DOMAINS,
    }
    gender = data.lists["GenderCode"]
    assert [(i.code, i.description, i.order) for i in gender] == [
        ("MALE", "Male", 1),
        ("FEMALE", "Female", 2),
        ("INTERSEX", "Intersex indeterminate", 3),
        ("NOTSTATED", "Not stated/Inadequately described", 4),
    ]
    assert data.code_type("CountryOfBirthCode") == "Country"
    assert len(data.lists["CountryOfBirthCode"]) == 257


def test_descriptions_are_trimmed():
    # the portal writes some with a trailing space ("Nubian ")
    ancestry = {
        i.code: i.description for i in parse_reference(RAW).lists["AncestryCode"]
    }
    assert ancestry["4913"] == "Nubian"


def test_score_domains_and_codes_say_what_they_score():
    data = parse_reference(RAW)
    domains = {d.code: d for d in data.lists[reference.SCORE_DOMAINS]}
    group = sorted(c for c, d in domains.items() if d.score_type == "GROUP")
    assert group == ["GROUPNETWORKS", "GROUPSKILLS", "ORGSKILLS"]
    assert {domains[c].applies_to for c in group} == {"Session"}
    assert domains["HOUSING"].applies_to == "Client"
    scores = {s.code: s for s in data.lists[reference.SCORE_CODES]}
    assert len(scores) == 110
    skills = scores["GROUPSKILLS3"]
    assert (skills.domain, skills.score_type, skills.score) == (
        "GROUPSKILLS",
        "GROUP",
        3,
    )
    assert skills.description.startswith("Score 3 - Limited change")
    # SATISFACTION scores come without a description in the file
    assert scores["SERVICELISTENED4"].description == "Score 4"


@pytest.mark.parametrize(
    "list_name",
    sorted(reference.CODE_TYPES),
)
def test_the_shipped_lists_are_this_file_where_it_has_them(list_name):
    """The CSVs the addon installs hold the portal's codes, descriptions and order
    (a list may hold more: a few codes come from later sources)."""
    items = parse_reference(RAW).lists[list_name]
    rows = {row["code"]: row for row in shipped(list_name)}
    assert [i.code for i in items] == [c for c in rows if c in {i.code for i in items}]
    for item in items:
        assert rows[item.code]["description"] == item.description


def test_the_shipped_score_codes_are_this_file_s():
    scores = parse_reference(RAW).lists[reference.SCORE_CODES]
    rows = {row["code"]: row for row in shipped("AssessmentScoreCode")}
    assert [s.code for s in scores] == list(rows)
    catalogue = codes.score_catalogue()
    for score in scores:
        info = catalogue[score.code]
        assert (info.domain, info.score_type, info.applies_to) == (
            score.domain,
            score.score_type,
            score.applies_to,
        )


# -- refused files -----------------------------------------------------------------
def test_the_malformed_copy_is_refused_with_its_line():
    with pytest.raises(ReferenceDataError) as info:
        read_reference_file(DATA / "DEXReferenceData_malformed.xml")
    assert info.value.line is not None
    assert 2939 <= info.value.line <= 2942
    assert "not well-formed" in info.value.reason
    assert str(info.value).startswith(f"line {info.value.line}: ")


def _line_of(text):
    return RAW[: RAW.index(text)].count(b"\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"<OrderNumber>2</OrderNumber>", b"<OrderNumber>two</OrderNumber>", "'two'"),
        (b"<CodeValue>FEMALE</CodeValue>", b"<CodeValue> </CodeValue>", "empty"),
        (b"<CodeValue>FEMALE</CodeValue>", b"", "Item has no CodeValue"),
        (b"<CodeValue>FEMALE</CodeValue>", b"<CodeValue>MALE</CodeValue>", "twice"),
        (b'CodeType="Gender"', b"", "no CodeType"),
        (
            b"<ScoreCode>GROUPSKILLS3</ScoreCode>",
            b"<ScoreCode>SKILLS9</ScoreCode>",
            "domain",
        ),
        (
            b"<ApplicableFor>Session</ApplicableFor>",
            b"<ApplicableFor>Group</ApplicableFor>",
            "neither",
        ),
    ],
)
def test_a_malformed_item_is_refused_with_the_line_and_reason(old, new, reason):
    where = _line_of(old)  # the occurrence replaced is the first
    with pytest.raises(ReferenceDataError, match=reason) as info:
        parse_reference(RAW.replace(old, new, 1))
    assert abs(info.value.line - where) <= 4, (info.value.line, where)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<DEXFileUpload><Clients/></DEXFileUpload>", "DEX upload file"),
        (b"<DEXReferenceData/>", "no reference data"),
        (
            b'<DEXReferenceData><ReferenceDataItems CodeType="Gender"/>'
            b"</DEXReferenceData>",
            "has no Item",
        ),
        (b"\xff\xfe<x", "not well-formed"),
    ],
)
def test_other_files_are_refused(data, reason):
    with pytest.raises(ReferenceDataError, match=reason):
        parse_reference(data)


def test_an_unknown_code_type_is_reported_not_refused():
    data = RAW.replace(
        b"</DEXReferenceData>",
        b'<ReferenceDataItems CodeType="Topic"><Item><CodeValue>T1</CodeValue>'
        b"<CodeDescription>Topic one</CodeDescription><OrderNumber>1</OrderNumber>"
        b"</Item></ReferenceDataItems></DEXReferenceData>",
    )
    parsed = parse_reference(data)
    assert parsed.unknown == ("Topic",)
    assert "GenderCode" in parsed.lists


# -- a refresh ---------------------------------------------------------------------
def test_refreshing_the_install_lists_with_this_file_changes_only_what_differs():
    names = ("GenderCode", "ExitReasonCode", "CountryOfBirthCode")
    current = {name: stored_from_shipped(name) for name in names}
    # DSS numbers the two "not stated" countries 300 and 301, not 256 and 257
    for code, order in (("0000", 300), ("0003", 301)):
        current["CountryOfBirthCode"][code] = dataclasses.replace(
            current["CountryOfBirthCode"][code], order=order
        )
    plan = plan_refresh(current, parse_reference(RAW))
    assert set(plan) == set(names)
    assert not plan["GenderCode"] and not plan["CountryOfBirthCode"]
    # two exit reasons came from a later source, not this 2015 file
    assert plan["ExitReasonCode"].archived == ["NEEDSMET", "NOLONGERELIGIBLE"]
    assert not plan["ExitReasonCode"].added and not plan["ExitReasonCode"].changed


def test_a_refresh_adds_changes_archives_and_then_has_nothing_left_to_do():
    current = {"GenderCode": stored_from_shipped("GenderCode")}
    current["GenderCode"]["FEMALE"] = StoredCode("Woman", 2)
    current["GenderCode"]["OLD"] = StoredCode("Withdrawn", 9)
    current["GenderCode"]["INTERSEX"] = StoredCode(
        "Intersex indeterminate", 3, active=False
    )
    del current["GenderCode"]["NOTSTATED"]
    data = parse_reference(RAW)
    plan = plan_refresh(current, data)["GenderCode"]
    assert [i.code for i in plan.added] == ["NOTSTATED"]
    assert sorted(i.code for i in plan.changed) == ["FEMALE", "INTERSEX"]
    assert plan.archived == ["OLD"]
    # apply it: the next refresh with the same file has nothing to do
    after = dict(current["GenderCode"])
    for item in plan.added + plan.changed:
        after[item.code] = StoredCode(item.description, item.order)
    for code in plan.archived:
        after[code] = dataclasses.replace(after[code], active=False)
    assert not plan_refresh({"GenderCode": after}, data)["GenderCode"]


def test_a_list_the_file_does_not_carry_keeps_its_codes():
    current = {"ServiceSettingCode": stored_from_shipped("ServiceSettingCode")}
    assert plan_refresh(current, parse_reference(RAW)) == {}


def test_a_score_moving_to_another_domain_is_a_change():
    scores = parse_reference(RAW).lists[reference.SCORE_CODES]
    current = {
        reference.SCORE_CODES: {
            s.code: StoredCode(
                s.description,
                s.order,
                domain=s.domain,
                score_type=s.score_type,
                applies_to=s.applies_to,
            )
            for s in scores
        }
    }
    assert not plan_refresh(current, parse_reference(RAW))[reference.SCORE_CODES]
    moved = current[reference.SCORE_CODES]["ORGSKILLS2"]
    current[reference.SCORE_CODES]["ORGSKILLS2"] = dataclasses.replace(
        moved, domain="GROUPSKILLS"
    )
    plan = plan_refresh(current, parse_reference(RAW))[reference.SCORE_CODES]
    assert [i.code for i in plan.changed] == ["ORGSKILLS2"]
