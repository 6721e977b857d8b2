"""The addon's Odoo data files agree with the DEX code lists of the core."""

import ast
import csv
import re
from operator import itemgetter
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parent.parent / "group_dex_sessions"


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


#: The client code lists loaded into the one ``dex.code`` model (data/dex.code.csv).
CLIENT_CODE_LISTS = (
    "GenderCode",
    "CountryOfBirthCode",
    "LanguageSpokenAtHomeCode",
    "AboriginalOrTorresStraitIslanderOriginCode",
    "DisabilityCode",
    "AccommodationTypeCode",
    "AncestryCode",
    "StateCode",
)


def test_client_code_data_matches_core_code_lists_exactly():
    with open(ADDON / "data" / "dex.code.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "code_list", "code", "name"]
        loaded = list(reader)
    expected = []
    for code_list in CLIENT_CODE_LISTS:
        source = _codes(ADDON / "core" / "codes" / f"{code_list}.csv", "code")
        for code, row in source.items():
            suffix = re.sub(r"[^a-z0-9_]", "_", code.lower())
            expected.append(
                {
                    "id": f"dex_code_{code_list.lower()}_{suffix}",
                    "code_list": code_list,
                    "code": code,
                    "name": row["description"],
                }
            )
    key = itemgetter("code_list", "code")
    assert sorted(loaded, key=key) == sorted(expected, key=key)
    assert len({row["id"] for row in loaded}) == len(loaded)


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
