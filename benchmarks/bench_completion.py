#!/usr/bin/env python3
"""Benchmark: session completion by the cron against a bare create of the SDs.

1,000 sessions x 12 clients x 2 services (24,000 SD records); see
completion_body.py. Usage: benchmarks/bench_completion.py [DATABASE]
(a scratch database, default dex_bench, dropped before and after).
"""

import sys

from odoo_bench import run

if __name__ == "__main__":
    run("completion_body.py", sys.argv[1] if len(sys.argv) > 1 else "dex_bench")
