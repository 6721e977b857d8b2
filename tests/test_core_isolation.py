"""The pure core must import without Odoo."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "group_dex_sessions" / "core"
MODULES = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")


def test_importing_the_core_does_not_import_odoo():
    imports = "; ".join(
        f"importlib.import_module('group_dex_sessions.core.{m}')" for m in MODULES
    )
    code = (
        "import importlib, sys; import group_dex_sessions.core; "
        f"{imports}; "
        "assert 'odoo' not in sys.modules, 'odoo imported'; "
        "assert 'group_dex_sessions.models' not in sys.modules; print('clean')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
    assert {"writer", "reader", "validator", "slk", "periods", "__main__"} <= set(
        MODULES
    )


def test_core_sources_only_use_allowed_imports():
    allowed = {"lxml", "dateutil", "__future__"} | set(sys.stdlib_module_names)
    pattern = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", re.M)
    for path in CORE.glob("*.py"):
        for name in pattern.findall(path.read_text(encoding="utf-8")):
            assert name in allowed, f"{path.name} imports {name}"
