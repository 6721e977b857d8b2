"""The Odoo bootstrap (tools/odoo-setup): which modules it keeps, and its sources.

Synthetic addons trees stand in for an Odoo source; nothing here needs Odoo,
pip or a network.
"""

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from odoo_community import select_community  # noqa: E402


def _load_setup():
    loader = importlib.machinery.SourceFileLoader(
        "odoo_setup", str(ROOT / "tools" / "odoo-setup")
    )
    spec = importlib.util.spec_from_loader("odoo_setup", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


odoo_setup = _load_setup()


def _module(root, name, licence=None, depends=(), text=None):
    path = root / name
    path.mkdir(parents=True)
    manifest = {"name": name, "depends": list(depends)}
    if licence:
        manifest["license"] = licence
    (path / "__manifest__.py").write_text(text or repr(manifest), encoding="utf-8")
    (path / "__init__.py").write_text("", encoding="utf-8")
    return path


@pytest.fixture()
def addons_tree(tmp_path):
    first = tmp_path / "odoo" / "addons"
    second = tmp_path / "addons"
    _module(first, "base", "LGPL-3")
    _module(first, "web")  # no licence: Odoo reads it as LGPL-3
    _module(second, "mail", "LGPL-3", ["web"])
    _module(second, "web_enterprise", "OEEL-1", ["web"])
    _module(second, "helpdesk", "LGPL-3", ["mail", "web_enterprise"])
    _module(second, "helpdesk_sms", "LGPL-3", ["helpdesk"])
    _module(second, "sale_ext", "OPL-1", ["mail"])
    _module(second, "gpl_tool", "GPL-3 or any later version", ["base"])
    _module(second, "agpl_tool", "AGPL-3", ["gpl_tool"])
    _module(second, "needs_ghost", "LGPL-3", ["ghost"])
    _module(second, "broken", text="{'name': 'broken', 'depends': [")
    _module(second, "web", "OEEL-1")  # shadowed by the first directory's web
    (second / "README_dir").mkdir()
    (second / "README_dir" / "notes.txt").write_text("not a module", encoding="utf-8")
    (second / "__pycache__").mkdir()
    (second / "setup.py").write_text("", encoding="utf-8")
    return tmp_path, [first, second]


def test_open_licences_are_kept_and_the_first_directory_wins(addons_tree):
    _root, dirs = addons_tree
    selection = select_community(dirs)
    assert set(selection.kept) == {"base", "web", "mail", "gpl_tool", "agpl_tool"}
    assert selection.kept["web"] == str(dirs[0] / "web")


def test_closed_licences_and_their_dependents_at_any_depth_are_left_off(addons_tree):
    _root, dirs = addons_tree
    why = {
        name: reason for name, (_p, reason) in select_community(dirs).left_off.items()
    }
    assert why["web_enterprise"] == "licence OEEL-1"
    assert why["sale_ext"] == "licence OPL-1"
    assert why["helpdesk"] == "depends on web_enterprise (licence OEEL-1)"
    assert why["helpdesk_sms"] == "depends on helpdesk (licence OEEL-1)"
    assert why["needs_ghost"] == "depends on ghost (not in the source)"
    assert why["broken"].startswith("unreadable manifest:")


def test_a_directory_without_a_manifest_is_not_a_module(addons_tree):
    _root, dirs = addons_tree
    selection = select_community(dirs)
    assert selection.not_modules == [str(dirs[1] / "README_dir")]
    assert "README_dir" not in selection.left_off
    assert "__pycache__" not in selection.left_off
    assert selection.summary() == {"licence": 2, "depends": 3, "unreadable": 1}


def _source(root, suffix="+e-20250520"):
    (root / "odoo").mkdir(parents=True, exist_ok=True)
    release = (
        "version_info = (18, 0, 0, 'final', 0, '')\n"
        "version = '18.0'\n"
        f"version += '{suffix}'\n"
        "series = '18.0'\n"
    )
    (root / "odoo" / "release.py").write_text(release, encoding="utf-8")
    (root / "requirements.txt").write_text("lxml\npython-ldap==3.4.0\n")
    _module(root / "odoo" / "addons", "base", "LGPL-3")
    _module(root / "odoo" / "addons", "web", "LGPL-3", ["base"])
    _module(root / "odoo" / "addons", "web_enterprise", "OEEL-1", ["web"])
    _module(root / "odoo" / "addons", "web_studio", "LGPL-3", ["web_enterprise"])
    return root


def test_make_community_deletes_what_is_left_off_and_drops_the_e_suffix(tmp_path):
    src = _source(tmp_path / "src")
    selection, patched = odoo_setup.make_community(str(src))
    assert patched
    assert sorted(os.listdir(src / "odoo" / "addons")) == ["base", "web"]
    assert set(selection.left_off) == {"web_enterprise", "web_studio"}
    release = (src / "odoo" / "release.py").read_text(encoding="utf-8")
    assert "+e" not in release and "series = '18.0'" in release
    again, patched_again = odoo_setup.make_community(str(src))
    assert not patched_again and not again.left_off


def test_python_ldap_is_left_out_without_its_headers(tmp_path):
    src = _source(tmp_path / "src")
    with_ldap = odoo_setup.requirement_lines(str(src), ldap=True)
    without = odoo_setup.requirement_lines(str(src), ldap=False)
    assert "python-ldap==3.4.0" in with_ldap
    assert not [line for line in without if "ldap" in line]
    assert any(line.startswith("websocket-client") for line in without)
    assert any(line.startswith("pytest-odoo") for line in without)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "does not exist"),
        (lambda p: (p.mkdir(), p)[1], "neither odoo/release.py nor a git repository"),
        (lambda p: (p.write_text("x"), p)[1], "is a file but not a source archive"),
    ],
)
def test_a_wrong_odoo_src_is_named_in_one_line(tmp_path, make, message):
    path = make(tmp_path / "odoo-src")
    with pytest.raises(odoo_setup.SetupError, match=message):
        odoo_setup.describe_source(str(path))


def test_a_source_archive_is_unpacked_from_its_top_folder(tmp_path):
    src = _source(tmp_path / "odoo-18.0")
    archive = tmp_path / "odoo-18.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src, arcname="odoo-18.0")
    kind, location, _identity = odoo_setup.describe_source(str(archive))
    assert kind == "archive"
    target = tmp_path / "cache" / "src.new"
    target.parent.mkdir()
    odoo_setup.fetch_source(kind, location, str(target), str(tmp_path / "cache"))
    assert odoo_setup.odoo_series(str(target)) == "18.0"
    assert (target / "odoo" / "addons" / "web_enterprise").is_dir()


def _git(cwd, *args):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def test_a_git_directory_missing_blobs_is_extracted_without_them(tmp_path):
    """A mirror whose object store lacks some blobs still yields a source tree."""
    work = _source(tmp_path / "work")
    doc = work / "odoo" / "addons" / "web" / "doc.pdf"
    doc.write_bytes(b"%PDF unique bytes for this blob")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "source")
    bare = tmp_path / "mirror.git"
    _git(tmp_path, "clone", "-q", "--bare", "--no-local", str(work), str(bare))
    _git(bare, "repack", "-a", "-d", "-q")
    blob = _git(work, "rev-parse", "HEAD:odoo/addons/web/doc.pdf").strip()
    _drop_blob(bare, blob)
    kind, location, identity = odoo_setup.describe_source(str(bare))
    assert kind == "git-dir" and identity.endswith(
        _git(work, "rev-parse", "HEAD").strip()
    )
    target = tmp_path / "src.new"
    notes = odoo_setup.fetch_source(kind, location, str(target), str(tmp_path))
    assert notes == [
        "left out (blob missing from the repository): odoo/addons/web/doc.pdf"
    ]
    assert (target / "odoo" / "release.py").is_file()
    assert doc.relative_to(work).as_posix() not in _files(target)


def _drop_blob(bare, blob):
    """Rewrite the bare repository's objects as loose ones, less ``blob``."""
    packs = list((bare / "objects" / "pack").glob("*.pack"))
    for pack in packs:
        data = pack.read_bytes()
        for path in (pack, pack.with_suffix(".idx")):
            path.unlink()
        subprocess.run(
            ["git", "unpack-objects", "-q"], cwd=bare, input=data, check=True
        )
    loose = bare / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.unlink()


def _files(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_the_source_step_is_idempotent(tmp_path, monkeypatch):
    src = _source(tmp_path / "odoo-18.0")
    monkeypatch.setenv("ODOO_SRC", str(src))
    home = tmp_path / "cache"
    state = {}
    assert odoo_setup.ensure_source(str(home), state, update=False)
    assert state["modules_kept"] == 2 and state["modules_left_off"] == 2
    listing = (home / "left-off-modules.txt").read_text(encoding="utf-8")
    assert "web_studio: depends on web_enterprise (licence OEEL-1)" in listing
    stamp = (home / "src" / "odoo" / "release.py").stat().st_mtime_ns
    assert not odoo_setup.ensure_source(str(home), state, update=False)
    assert (home / "src" / "odoo" / "release.py").stat().st_mtime_ns == stamp


def test_an_odoo_other_than_18_is_refused(tmp_path, monkeypatch):
    src = _source(tmp_path / "odoo-17")
    release = src / "odoo" / "release.py"
    release.write_text(release.read_text().replace("(18, 0", "(17, 0"))
    monkeypatch.setenv("ODOO_SRC", str(src))
    with pytest.raises(odoo_setup.SetupError, match="is Odoo 17.0, not Odoo 18.0"):
        odoo_setup.ensure_source(str(tmp_path / "cache"), {}, update=False)
    assert not (tmp_path / "cache" / "src").exists()


def test_demo_without_odoo_or_a_reachable_source_fails_fast_in_one_line(tmp_path):
    """No ODOO_BIN, no importable odoo, an empty cache and a source nobody serves."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ODOO_BIN", "ODOO_PYTHON", "ODOO_RC", "PYTHONPATH"}
    }
    env.update(
        GDS_ODOO_HOME=str(tmp_path / "cache"), ODOO_SRC="https://127.0.0.1:9/odoo.git"
    )
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "demo"), "dex_demo_unused"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert time.monotonic() - started < 60
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, proc.stderr
    assert "cannot reach 127.0.0.1" in errors[0] and "set ODOO_SRC" in errors[0]
    assert not (tmp_path / "cache" / "state.json").exists() or not json.loads(
        (tmp_path / "cache" / "state.json").read_text()
    ).get("launcher")


def _python_with_odoo(tmp_path, major):
    """A real Python that imports a synthetic odoo package of version ``major``."""
    package = tmp_path / f"odoo{major}" / "odoo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "release.py").write_text(f"version_info = ({major}, 0, 0, 'final', 0)\n")
    python = tmp_path / f"python-odoo{major}"
    python.write_text(
        f'#!/bin/sh\nPYTHONPATH="{package.parent}" exec "{sys.executable}" "$@"\n'
    )
    python.chmod(0o755)
    return str(python)


def test_the_python_tools_test_names_is_where_odoo_is_found(tmp_path, monkeypatch):
    """tools/test exports ODOO_PYTHON when the calling python3 has Odoo: the
    Odoo tier then runs that Odoo, not the cache's, and not "no Odoo found"."""
    import odoo_env

    monkeypatch.delenv("ODOO_BIN", raising=False)
    monkeypatch.setenv("GDS_ODOO_HOME", str(tmp_path / "no-cache"))
    python = _python_with_odoo(tmp_path, 18)
    monkeypatch.setenv("ODOO_PYTHON", python)
    launcher, why = odoo_env.find_odoo()
    assert launcher == [python, "-m", "odoo"], why
    assert python in why
    assert odoo_env.odoo_python(launcher) == python

    monkeypatch.setenv("ODOO_PYTHON", _python_with_odoo(tmp_path, 17))
    launcher, why = odoo_env.find_odoo()
    assert launcher is None
    assert "version 17, not 18" in why
