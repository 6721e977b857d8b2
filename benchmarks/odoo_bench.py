"""Run a benchmark body inside "odoo shell" on a scratch database and print it.

Creates the database (dropped first) with group_dex_sessions and no demo data,
feeds the body file to "odoo shell" (:func:`prepare`); :func:`run` then prints
the lines it marks with "BENCH " and drops the database. Odoo is found as
tools/odoo_env.py says.
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))

from odoo_env import drop_database, find_odoo, launcher_args, odoo_settings  # noqa: E402, I001


def prepare(body, database, port):
    """Install the addon on a fresh ``database`` and feed ``body`` to odoo shell.

    Returns (launcher, settings, the launcher's common arguments, where Odoo was
    found, the finished shell process). The database is left for the caller.
    """
    launcher, why = find_odoo()
    if not launcher:
        sys.exit(f"{body}: {why}")
    settings = odoo_settings(launcher)
    drop_database(settings, database)
    common = launcher_args(settings) + [f"--database={database}", f"--http-port={port}"]
    install = (
        launcher
        + common
        + [
            "--init=group_dex_sessions",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ]
    )
    subprocess.run(install, check=True)
    with open(os.path.join(HERE, body), encoding="utf-8") as handle:
        shell = subprocess.run(
            launcher + ["shell"] + common + ["--log-level=warn", "--no-http"],
            stdin=handle,
            capture_output=True,
            text=True,
            check=False,
        )
    return launcher, settings, common, why, shell


def run(body, database):
    _launcher, settings, _common, why, shell = prepare(body, database, 8179)
    lines = [
        line[6:] for line in shell.stdout.splitlines() if line.startswith("BENCH ")
    ]
    if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1 keeps it to look into
        drop_database(settings, database)
    if shell.returncode or not lines:
        sys.stderr.write(shell.stdout[-5000:] + shell.stderr[-5000:])
        sys.exit(f"{body}: the benchmark did not finish")
    print(f"Odoo: {why}")
    print("\n".join(lines))
