"""The addon's Odoo data files agree with the DEX code lists of the core."""

import ast
import csv
import re
from operator import itemgetter
from pathlib import Path

import pytest

from group_dex_sessions.core import reference

ADDON = Path(__file__).resolve().parent.parent / "group_dex_sessions"
PORTAL = reference.read_reference_file(
    Path(__file__).resolve().parent / "data" / "DEXReferenceData.xml"
)


def _portal_order(list_name):
    """DSS's OrderNumber of each code, in the reference data the lists come from."""
    return {item.code: item.order for item in PORTAL.lists[list_name]}


def _codes(path, column):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row[column]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("data_file", "code_list"),
    [
        ("dex.service.setting.csv", "ServiceSettingCode.csv"),
        ("dex.extra.item.csv", "ExtraItemCode.csv"),
    ],
)
def test_code_list_data_matches_core_codes(data_file, code_list):
    loaded = _codes(ADDON / "data" / data_file, "code")
    source = _codes(ADDON / "core" / "codes" / code_list, "code")
    assert set(loaded) == set(source)
    for code, row in loaded.items():
        assert row["name"] == source[code]["description"]
        assert row["id"] == row["id"].lower() and code.lower() in row["id"]


def test_assistance_items_have_dss_order():
    loaded = _codes(ADDON / "data" / "dex.extra.item.csv", "code")
    order = _portal_order("ExtraItemCode")
    assert {code: int(row["sequence"]) for code, row in loaded.items()} == order


#: The code lists loaded into the one ``dex.code`` model (data/dex.code.csv): the
#: client's, and the SCORE score types and phases.
CLIENT_CODE_LISTS = (
    "GenderCode",
    "CountryOfBirthCode",
    "LanguageSpokenAtHomeCode",
    "AboriginalOrTorresStraitIslanderOriginCode",
    "DisabilityCode",
    "AccommodationTypeCode",
    "AncestryCode",
    "StateCode",
    "ScoreTypeCode",
    "AssessmentPhaseCode",
)


def test_client_code_data_matches_core_code_lists_exactly():
    with open(ADDON / "data" / "dex.code.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "code_list", "code", "name", "sequence"]
        loaded = list(reader)
    expected = []
    for code_list in CLIENT_CODE_LISTS:
        source = _codes(ADDON / "core" / "codes" / f"{code_list}.csv", "code")
        order = _portal_order(code_list)
        for code, row in source.items():
            suffix = re.sub(r"[^a-z0-9_]", "_", code.lower())
            expected.append(
                {
                    "id": f"dex_code_{code_list.lower()}_{suffix}",
                    "code_list": code_list,
                    "code": code,
                    "name": row["description"],
                    "sequence": str(order[code]),
                }
            )
    key = itemgetter("code_list", "code")
    assert sorted(loaded, key=key) == sorted(expected, key=key)
    assert len({row["id"] for row in loaded}) == len(loaded)


def test_score_domains_and_scores_are_the_core_score_list():
    domains = _codes(ADDON / "data" / "dex.score.domain.csv", "code")
    scores = _codes(ADDON / "data" / "dex.score.code.csv", "code")
    source = _codes(ADDON / "core" / "codes" / "AssessmentScoreCode.csv", "code")
    assert list(scores) == list(source)
    for code, row in source.items():
        domain = domains[row["domain_code"]]
        assert scores[code]["domain_id/id"] == domain["id"]
        assert scores[code]["name"] == (row["description"] or f"Score {code[-1]}")
        assert int(scores[code]["score"]) == int(code[len(row["domain_code"]) :])
        assert domain["name"] == row["domain_description"]
        assert domain["score_type_id/id"] == (
            f"dex_code_scoretypecode_{row['score_type'].lower()}"
        )
        assert domain["applies_to"] == row["applicable_for"].lower()
    assert set(domains) == {row["domain_code"] for row in source.values()}
    # the order DSS lists them in
    assert [
        d["code"] for d in sorted(domains.values(), key=lambda d: int(d["sequence"]))
    ] == [item.code for item in PORTAL.lists[reference.SCORE_DOMAINS]]


def test_remote_service_settings_are_phone_and_digital():
    settings = _codes(ADDON / "data" / "dex.service.setting.csv", "code")
    remote = {code for code, row in settings.items() if row["is_remote"] == "1"}
    assert remote == {"TELE", "DIGITAL"}


def test_manifest_lists_only_existing_files_and_a_valid_version():
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    assert manifest["version"].startswith("18.0.") and manifest["license"] == "LGPL-3"
    for key in ("data", "demo"):
        for name in manifest[key]:
            assert (ADDON / name).is_file(), f"{key} file {name} is missing"
    depends = set(manifest["depends"])
    assert depends <= {"base", "mail", "calendar", "hr", "resource", "web"}
