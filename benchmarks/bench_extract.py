#!/usr/bin/env python3
"""Benchmark: a DEX extract of 50,000 sessions / 500,000 session-clients.

Prints the time of the whole extract from the database (collect, validate,
write the files, mark the records extracted), the time of the core writer alone
on the same records, and peak memory; see extract_body.py.
Usage: benchmarks/bench_extract.py [DATABASE] (scratch, default dex_bench_extract).
"""

import sys

from odoo_bench import run

if __name__ == "__main__":
    run("extract_body.py", sys.argv[1] if len(sys.argv) > 1 else "dex_bench_extract")
