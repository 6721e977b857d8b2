"""The lint tier: the hooks of .pre-commit-config.yaml, run without pre-commit.

pre-commit fetches each hook from its git repository, which a machine without
GitHub access cannot do. The same tools are pinned in requirements-test.txt and
run here on the files pre-commit would give them (git-tracked files, less the
config's ``exclude``). HOOKS names every hook of the config, so the core tier can
check that none is forgotten; the few that only generate files say why they do
not run here.
"""

import os
import re
import subprocess
import sys

from odoo_env import REPO

ADDON = "group_dex_sessions"
PRE_COMMIT = os.path.join(REPO, ".pre-commit-config.yaml")
GENERATED = re.compile(r"/README\.rst$|\.pot?$")
BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".zip", ".woff")


def _tool(name):
    """A console script installed beside the running Python (the test venv)."""
    return os.path.join(os.path.dirname(sys.executable), name)


def config_exclude():
    """The top-level ``exclude`` regex of .pre-commit-config.yaml."""
    with open(PRE_COMMIT, encoding="utf-8") as handle:
        text = handle.read()
    block = re.search(r"^exclude: \|\n((?:  .*\n)+)", text, re.M)
    return re.compile("".join(line[2:] + "\n" for line in block.group(1).splitlines()))


def config_hook_ids():
    """Every hook id the config lists, in order (a repeated id counts once)."""
    with open(PRE_COMMIT, encoding="utf-8") as handle:
        ids = re.findall(r"^\s+- id: (\S+)", handle.read(), re.M)
    return list(dict.fromkeys(ids))


def tracked_files():
    proc = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True
    )
    if proc.returncode:  # not a git checkout (an unpacked archive): walk the tree
        found = []
        for folder, dirs, files in os.walk(REPO):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [os.path.relpath(os.path.join(folder, f), REPO) for f in files]
        return sorted(found)
    exclude = config_exclude()
    names = [n for n in proc.stdout.split("\0") if n]
    return [n for n in names if not exclude.search(n) and os.path.lexists(n)]


def _is_text(path):
    if path.endswith(BINARY_SUFFIXES) or os.path.islink(path):
        return False
    with open(os.path.join(REPO, path), "rb") as handle:
        return b"\0" not in handle.read(8192)


def _trailing_whitespace(files):
    problems = []
    for path in files:
        if GENERATED.search(path) or not _is_text(path):
            continue
        with open(os.path.join(REPO, path), encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.rstrip("\r\n") != line.rstrip("\r\n").rstrip(" \t"):
                    problems.append(f"{path}:{number}: trailing whitespace")
    return problems


def _end_of_file(files):
    problems = []
    for path in files:
        if GENERATED.search(path) or not _is_text(path):
            continue
        with open(os.path.join(REPO, path), "rb") as handle:
            data = handle.read()
        if data and (not data.endswith(b"\n") or data.endswith(b"\n\n")):
            problems.append(f"{path}: does not end with exactly one newline")
    return problems


def _forbidden(files):
    return [f"{p}: copier rejection junk" for p in files if p.endswith(".rej")]


def _en_po(files):
    return [
        f"{p}: en.po files cannot exist" for p in files if p.endswith("/i18n/en.po")
    ]


def _py(name, *args):
    return [sys.executable, "-m", name, *args]


class Cmd:
    """A hook run as a command: ``args`` plus the files ``select`` picks.

    ``select`` None runs the command once on its own (it finds its files);
    otherwise the hook is skipped when no file is picked, as pre-commit does.
    """

    def __init__(self, args, select=None):
        self.args = args
        self.select = select

    def command(self, files):
        """(command, how many files it is given), or (None, 0) to skip it."""
        if self.select is None:
            return self.args, 0
        picked = self.select(files)
        return (self.args + picked, len(picked)) if picked else (None, 0)


def _suffix(*suffixes):
    return lambda files: [f for f in files if f.endswith(suffixes)]


def _all(files):
    return files


def _text(files):
    return [f for f in files if _is_text(f)]


def _executable_text(files):
    """What pre-commit gives the shebang check: text files with an x bit."""
    return [f for f in _text(files) if os.stat(os.path.join(REPO, f)).st_mode & 0o111]


# hook id -> how the lint tier runs it: a Cmd, a check function returning its
# findings, or a string saying why it is not run here.
HOOKS = {
    "forbidden-files": _forbidden,
    "en-po-files": _en_po,
    "whool-init": "writes a pyproject.toml for an addon that has none; "
    f"{ADDON}/pyproject.toml is committed and the core tier builds the wheel from it",
    "oca-gen-addon-readme": "generates README.rst; it comes only from OCA's "
    "maintainer-tools git repository (see README.md, Packaging)",
    "oca-checks-odoo-module": Cmd([_tool("oca-checks-odoo-module"), ADDON]),
    "oca-checks-po": Cmd(
        [_tool("oca-checks-po"), "--disable=po-pretty-format"], _suffix(".po", ".pot")
    ),
    "trailing-whitespace": _trailing_whitespace,
    "end-of-file-fixer": _end_of_file,
    "debug-statements": Cmd([_tool("debug-statement-hook")], _suffix(".py")),
    "check-case-conflict": Cmd([_tool("check-case-conflict")], _all),
    "check-docstring-first": Cmd([_tool("check-docstring-first")], _suffix(".py")),
    "check-executables-have-shebangs": Cmd(
        [_tool("check-executables-have-shebangs")], _executable_text
    ),
    "check-merge-conflict": Cmd([_tool("check-merge-conflict")], _text),
    "check-symlinks": Cmd([_tool("check-symlinks")], _all),
    "check-xml": Cmd([_tool("check-xml")], _suffix(".xml", ".xsd")),
    "mixed-line-ending": Cmd([_tool("mixed-line-ending"), "--fix=no"], _text),
    "ruff": Cmd(_py("ruff", "check", ".")),
    "ruff-format": Cmd(_py("ruff", "format", "--check", ".")),
    "pylint_odoo": Cmd(
        _py(
            "pylint",
            "--rcfile=.pylintrc-mandatory",
            "--load-plugins=pylint_odoo",
            ADDON,
        )
    ),
}
# Reported, never failing: OCA runs its optional pylint set with --exit-zero.
OPTIONAL = _py("pylint", "--rcfile=.pylintrc", "--exit-zero", ADDON)


def missing_tools():
    """The first lint tool the test venv lacks, or None."""
    for module in ("ruff", "pylint_odoo", "pre_commit_hooks", "oca_pre_commit_hooks"):
        probe = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True
        )
        if probe.returncode:
            return module
    return None


def _run(command, files=0, **kwargs):
    """Run a hook's command from the repo root, echoing it without its file list."""
    shown = [os.path.basename(command[0])] + command[1 : len(command) - files]
    print("$ " + " ".join(shown) + (f" <{files} files>" if files else ""), flush=True)
    return subprocess.run(command, cwd=REPO, check=False, **kwargs)


def run_hooks():
    """Run every hook; return the (passed, failed) hook ids."""
    files = tracked_files()
    passed, failed = [], []
    for hook, how in HOOKS.items():
        if isinstance(how, str):
            print(f"lint: {hook}: not run here: {how}", flush=True)
            continue
        if isinstance(how, Cmd):
            command, count = how.command(files)
            problems = []
            if command and _run(command, count).returncode:
                problems = ["reported problems (above)"]
        else:
            problems = how(files)
        for line in problems[:50]:
            print(f"lint: {hook}: {line}", flush=True)
        (failed if problems else passed).append(hook)
    optional = _run(
        OPTIONAL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    findings = [ln for ln in optional.stdout.splitlines() if re.search(r":\d+: \[", ln)]
    sys.stdout.write(optional.stdout)
    print(f"lint: pylint_odoo (optional checks): {len(findings)} findings, not failing")
    return passed, failed
