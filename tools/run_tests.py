#!/usr/bin/env python3
"""Run every test tier of group_dex_sessions and say plainly which ran.

Tiers:
  lint  the hooks of .pre-commit-config.yaml (ruff, ruff-format, pylint-odoo,
        OCA's module and .po checks, pre-commit-hooks), run directly: see
        tools/lint_tier.py
  core  plain pytest on tests/ (no Odoo needed; always runs)
  odoo  the addon installed on fresh PostgreSQL databases, without and with demo
        data, running its TransactionCase/HttpCase tests through Odoo's own
        test runner; runs whenever an Odoo 18 is found (see tools/odoo_env.py:
        ODOO_BIN, or "import odoo" working, plus optional ODOO_RC...).

The last line is "N passed, N failed": failures of any tier that ran count.
Exit status: 0 when every tier that ran passed, 1 otherwise.
"""

import argparse
import ast
import os
import re
import socket
import subprocess
import sys
import time

import lint_tier as lint_tier_hooks
from odoo_env import REPO, drop_database, find_odoo, launcher_args, odoo_settings

ADDON = "group_dex_sessions"
ODOO_RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
SKIP_LINE = re.compile(r" INFO \S+ \S+: skipped (\S+) : (.*)")
ADDONS_PATHS = re.compile(r" odoo: addons paths: (\[.*\])")


def shadowing_copy(log):
    """The addons directory Odoo took group_dex_sessions from, when not this repo.

    Odoo loads a module from the first directory of its addons paths that has it;
    a copy pip-installed into Odoo's environment comes before --addons-path.
    """
    match = ADDONS_PATHS.search(log)
    if not match:
        return None
    for path in ast.literal_eval(match.group(1)):
        if os.path.isdir(os.path.join(path, ADDON)):
            same = os.path.realpath(path) == os.path.realpath(REPO)
            return None if same else path
    return None


class Tier:
    def __init__(self, name):
        self.name = name
        self.status = "skipped"
        self.reason = ""
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def line(self):
        if self.status == "skipped":
            return f"{self.name:5} tier: SKIPPED - {self.reason}"
        counts = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            counts += f", {self.skipped} skipped"
        extra = f" ({self.reason})" if self.reason else ""
        return f"{self.name:5} tier: {self.status.upper()} - {counts}{extra}"


def run(cmd, **kwargs):
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=REPO, check=False, **kwargs)


def lint_tier():
    tier = Tier("lint")
    missing = lint_tier_hooks.missing_tools()
    if missing:
        tier.reason = (
            f"{missing} is not installed (pip install -r requirements-test.txt)"
        )
        return tier
    passed, failed = lint_tier_hooks.run_hooks()
    tier.passed, tier.failed = len(passed), len(failed)
    tier.status = "failed" if failed else "passed"
    if failed:
        tier.reason = "failing hooks: " + ", ".join(failed)
    return tier


def core_tier():
    tier = Tier("core")
    proc = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sys.stdout.write(proc.stdout)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    for key in ("passed", "failed", "skipped", "error", "errors"):
        match = re.search(rf"(\d+) {key}\b", summary)
        if match:
            value = int(match.group(1))
            if key == "passed":
                tier.passed = value
            elif key == "skipped":
                tier.skipped = value
            else:
                tier.failed += value
    if proc.returncode == 5:
        tier.status, tier.reason = "failed", "pytest collected no tests"
        tier.failed = max(tier.failed, 1)
    elif proc.returncode:
        tier.status = "failed"
        tier.failed = max(tier.failed, 1)
    else:
        tier.status = "passed"
    return tier


def free_port():
    """A TCP port nothing listens on now: another Odoo may be on the usual one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def odoo_run(launcher, settings, database, demo):
    cmd = (
        launcher
        + launcher_args(settings)
        + [
            f"--database={database}",
            "--init=" + ADDON,
            "--test-tags=/" + ADDON,
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
            "--log-level=test",
        ]
    )
    if not demo:
        cmd.append("--without-demo=all")
    drop_database(settings, database)
    started = time.time()
    proc = run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = proc.stdout
    drop_database(settings, database)
    return log, time.time() - started


def odoo_tier():
    tier = Tier("odoo")
    launcher, why = find_odoo()
    if not launcher:
        tier.reason = why
        return tier
    settings = odoo_settings(launcher)
    notes = [why]
    tier.status = "passed"
    for label, demo in (("without demo", False), ("with demo", True)):
        database = f"{ADDON}_test_{'demo' if demo else 'nodemo'}_{os.getpid()}"
        log, seconds = odoo_run(launcher, settings, database, demo)
        problems = [
            line
            for line in log.splitlines()
            if " ERROR " in line or " CRITICAL " in line or "FAIL:" in line
        ]
        match = ODOO_RESULT.search(log)
        skips = SKIP_LINE.findall(log)
        total = int(match.group(3)) if match else 0
        if match:
            failed, errors = int(match.group(1)), int(match.group(2))
            tier.failed += failed + errors
            # Odoo counts a skipped test as run: never report it as passed.
            tier.passed += total - failed - errors - len(skips)
            tier.skipped += len(skips)
        if not total:
            tier.failed += 1
            problems.append(f"{label}: the addon ran no tests (did it install?)")
        other = shadowing_copy(log)
        if other:
            tier.failed += 1
            problems.append(
                f"{label}: Odoo loaded {ADDON} from {other}, not from this checkout "
                "(pip uninstall odoo-addon-group_dex_sessions in Odoo's environment)"
            )
        if problems:
            tier.status = "failed"
            print(log[-20000:])
        notes.append(
            f"{label}: {match.group(0) if match else 'no result'} in {seconds:.0f}s"
        )
        for line in problems[:40]:
            print(f"odoo tier ({label}): {line}")
        for test, reason in skips:
            print(f"odoo tier ({label}): SKIPPED {test}: {reason}")
    tier.reason = "; ".join(notes)
    return tier


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tier",
        action="append",
        choices=["lint", "core", "odoo"],
        help="run only these tiers (repeatable); default: all",
    )
    args = parser.parse_args()
    wanted = args.tier or ["lint", "core", "odoo"]
    runners = {"lint": lint_tier, "core": core_tier, "odoo": odoo_tier}
    tiers = []
    for name in ("lint", "core", "odoo"):
        if name in wanted:
            print(f"\n=== {name} tier ===", flush=True)
            tiers.append(runners[name]())
        else:
            tier = Tier(name)
            tier.reason = "not requested (--tier)"
            tiers.append(tier)
    print("\n=== summary ===")
    for tier in tiers:
        print(tier.line())
    # Lint findings count as failures; lint tools that pass are not tests.
    passed = sum(t.passed for t in tiers if t.name != "lint")
    failed = sum(t.failed for t in tiers)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or any(t.status == "failed" for t in tiers) else 0


if __name__ == "__main__":
    sys.exit(main())
