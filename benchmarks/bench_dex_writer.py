#!/usr/bin/env python3
"""Benchmark of the streaming DEX writer (not a test).

Writes 50,000 sessions with 500,000 session-clients (5,000 clients in group
cases of 50, 10 attendees per session) and prints:

* seconds for our streaming writer (split into 10 MB files, written to
  /dev/null), and its peak resident-memory growth (VmHWM, reset through
  /proc/self/clear_refs where the kernel allows it);
* seconds for the non-streaming approach: the same records built into one
  lxml tree in memory (with the same element builders), then serialised by
  lxml - the build and the serialisation are also shown separately - and the
  memory that tree takes;
* the ratios writer / (build + serialise) (target <= 2.0) and
  writer / serialise-only, and the time spent only producing the Session
  records from the generator (part of both timings).

The writer runs first so the in-memory tree cannot inflate its memory figure.

Usage: python3 benchmarks/bench_dex_writer.py [--sessions N] [--clients N]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from group_dex_sessions.core import samples, writer  # noqa: E402


def _status(field: str) -> int:
    """A /proc/self/status figure in bytes (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def run_writer(args) -> tuple[float, int, list]:
    clients, cases, sessions = samples.synthetic_dataset(
        args.clients, args.sessions, args.per_session, args.per_case
    )
    gc.collect()
    reset = _reset_peak()
    before = _status("VmRSS")
    start = time.perf_counter()
    infos = writer.write_files(
        clients, cases, sessions, lambda index: open(os.devnull, "wb")
    )
    seconds = time.perf_counter() - start
    growth = _status("VmHWM") - before
    if not reset:
        print("note: could not reset VmHWM; the growth figure is an upper bound")
    return seconds, growth, infos


def run_in_memory(args) -> tuple[float, float, int, int]:
    clients, cases, sessions = samples.synthetic_dataset(
        args.clients, args.sessions, args.per_session, args.per_case
    )
    gc.collect()
    before = _status("VmRSS")
    start = time.perf_counter()
    root = etree.Element("DEXFileUpload")
    for tag, records, build in (
        ("Clients", clients, writer.client_element),
        ("Cases", cases, writer.case_element),
        ("Sessions", sessions, writer.session_element),
    ):
        section = etree.SubElement(root, tag)
        section.extend(build(record) for record in records)
    built = time.perf_counter()
    tree_memory = _status("VmRSS") - before
    with open(os.devnull, "wb") as sink:
        etree.ElementTree(root).write(sink, encoding="UTF-8", xml_declaration=True)
    done = time.perf_counter()
    size = len(etree.tostring(root, encoding="UTF-8"))
    return built - start, done - built, tree_memory, size


def run_generation_only(args) -> float:
    """Seconds spent just producing the records (included in both timings)."""
    clients, cases, sessions = samples.synthetic_dataset(
        args.clients, args.sessions, args.per_session, args.per_case
    )
    start = time.perf_counter()
    for _ in sessions:
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--per-session", type=int, default=10)
    parser.add_argument("--per-case", type=int, default=50)
    args = parser.parse_args()

    seconds, growth, infos = run_writer(args)
    build, serialise, tree_memory, size = run_in_memory(args)
    generation = run_generation_only(args)
    mb = 1024 * 1024
    attendees = args.sessions * args.per_session
    print(f"data: {args.sessions:,} sessions, {attendees:,} session-clients, "
          f"{args.clients:,} clients")  # fmt: skip
    print(f"writer (streaming, 10 MB parts): {seconds:.2f} s, {len(infos)} files, "
          f"{sum(i.size for i in infos) / mb:.1f} MiB in all")  # fmt: skip
    print(f"writer peak RSS growth: {growth / mb:.1f} MiB (target <= 150)")
    print(f"in memory: build {build:.2f} s + lxml serialise {serialise:.2f} s = "
          f"{build + serialise:.2f} s for one {size / mb:.1f} MiB document; "
          f"tree RSS {tree_memory / mb:.1f} MiB")  # fmt: skip
    print(f"(both include {generation:.2f} s of producing the Session records)")
    ratio = seconds / (build + serialise)
    print(f"ratio writer / (build + serialise): {ratio:.2f} (target <= 2.0)")
    print(f"ratio writer / serialise only: {seconds / serialise:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
