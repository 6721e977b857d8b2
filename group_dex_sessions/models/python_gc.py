"""Python's cyclic garbage collector, paused while an extract builds its records."""

import gc
from contextlib import contextmanager


@contextmanager
def paused_cyclic_gc():
    """Run the block without Python's cyclic garbage collector.

    Building and validating an extract makes about a million objects (core
    records, tuples, strings) that form no reference cycle: reference counting
    frees them. Each full collection meanwhile walks every one of them again:
    a tenth of Collect's time at 500,000 records. The collector is one per
    process, so other requests run without it for as long too (their cycles
    are collected once it is back); it is enabled again however the block
    ends, unless it was off before.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
