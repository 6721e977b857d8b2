"""Packaging and lint configuration: what pip installs, and which hooks run.

``pip install ./group_dex_sessions`` builds the addon with whool (OCA's build
backend); the wheel must carry every file the manifest loads, or the addon
installs from Apps but fails on its first view or code list.
"""

import ast
import re
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "group_dex_sessions"
sys.path.insert(0, str(ROOT / "tools"))

import lint_tier  # noqa: E402
import whool.buildapi as whool_buildapi  # noqa: E402  (requirements-test.txt)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, request):
    out = tmp_path_factory.mktemp("wheel")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(ADDON)
    try:
        name = whool_buildapi.build_wheel(str(out))
    finally:
        monkeypatch.undo()
    with zipfile.ZipFile(out / name) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(archive.read(metadata).decode())
    return name, names, meta


def test_the_wheel_is_the_odoo_addon_distribution(wheel):
    name, _names, meta = wheel
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    assert meta["Name"] == "odoo-addon-group_dex_sessions"
    assert meta["Version"].startswith(manifest["version"])
    assert meta["License"] == "LGPL-3"
    requires = set(meta.get_all("Requires-Dist"))
    assert {"odoo==18.0.*", "lxml", "python-dateutil"} <= requires
    assert name.startswith("odoo_addon_group_dex_sessions-18.0.")


def test_the_wheel_carries_every_file_the_manifest_loads(wheel):
    _name, names, _meta = wheel
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    prefix = "odoo/addons/group_dex_sessions/"
    for path in manifest["data"] + manifest["demo"]:
        assert prefix + path in names, path
    for globs in manifest["assets"].values():
        for pattern in globs:
            folder = pattern.split("/**")[0]
            assert any(n.startswith("odoo/addons/" + folder) for n in names), pattern
    for shipped in ADDON.glob("core/**/*"):
        if shipped.is_file() and "__pycache__" not in shipped.parts:
            relative = shipped.relative_to(ADDON).as_posix()
            assert prefix + relative in names, relative
    assert prefix + "static/description/icon.png" in names
    assert not [n for n in names if n.startswith("odoo/__init__")]


def test_every_pre_commit_hook_is_run_or_excused_by_the_lint_tier():
    hooks = lint_tier.config_hook_ids()
    assert set(hooks) == set(lint_tier.HOOKS)
    excused = {h: how for h, how in lint_tier.HOOKS.items() if isinstance(how, str)}
    assert set(excused) == {"whool-init", "oca-gen-addon-readme"}


def test_pre_commit_pins_match_the_lint_tier_tools():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    pins = dict(
        re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)",
            (ROOT / "requirements-test.txt").read_text(),
            re.M,
        )
    )
    revs = dict(
        re.findall(r"repo: https://github.com/\S+/(\S+)\n\s+rev: v?(\S+)", config)
    )
    assert revs["ruff-pre-commit"] == pins["ruff"]
    assert revs["pylint-odoo"] == pins["pylint-odoo"]
    assert revs["odoo-pre-commit-hooks"] == pins["oca-odoo-pre-commit-hooks"]
    assert revs["pre-commit-hooks"] == pins["pre-commit-hooks"]
    assert revs["whool"] == pins["whool"]


def test_the_config_exclude_keeps_dss_files_byte_for_byte():
    exclude = lint_tier.config_exclude()
    assert exclude.search("group_dex_sessions/core/schema/DEXFileUpload_2015.xsd")
    assert exclude.search("tests/data/golden_group_session.xml")
    assert not exclude.search("group_dex_sessions/core/schema/dex_upload.xsd")
    assert not exclude.search("group_dex_sessions/models/dex_session.py")
