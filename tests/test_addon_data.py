"""The addon's Odoo data files agree with the DEX code lists of the core."""

import ast
import csv
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
