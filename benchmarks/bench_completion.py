#!/usr/bin/env python3
"""Benchmark: session completion by the cron against a bare create of the SDs.

Creates a fresh database (default dex_bench; dropped first) with the addon and no
demo data, then runs completion_body.py in "odoo shell" and prints its figures.
Odoo is found as tools/odoo_env.py says (ODOO_BIN, or "import odoo" working).
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))

from odoo_env import (  # noqa: E402
    drop_database,
    find_odoo,
    launcher_args,
    odoo_settings,
)


def main():
    database = sys.argv[1] if len(sys.argv) > 1 else "dex_bench"
    launcher, why = find_odoo()
    if not launcher:
        sys.exit(f"bench_completion: {why}")
    settings = odoo_settings()
    drop_database(settings, database)
    common = launcher_args(settings) + [f"--database={database}", "--http-port=8179"]
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
    with open(os.path.join(HERE, "completion_body.py"), encoding="utf-8") as body:
        shell = subprocess.run(
            launcher + ["shell"] + common + ["--log-level=warn", "--no-http"],
            stdin=body,
            capture_output=True,
            text=True,
            check=False,
        )
    lines = [
        line[6:] for line in shell.stdout.splitlines() if line.startswith("BENCH ")
    ]
    if shell.returncode or not lines:
        sys.stderr.write(shell.stdout[-5000:] + shell.stderr[-5000:])
        sys.exit("bench_completion: the benchmark did not finish")
    print(f"Odoo: {why}")
    print("\n".join(lines))
    drop_database(settings, database)


if __name__ == "__main__":
    main()
