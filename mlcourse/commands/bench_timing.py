"""Timing for ``mlcourse bench``: medians of repeated runs after warm-up, with their spread."""
import time

import numpy as np


def measure(fn, repeats, warmup=1, budget=None):
    """Time ``fn()``: ``warmup`` untimed calls, then up to ``repeats`` timed ones.

    fn: a callable taking no argument; repeats: int >= 1, timed calls wanted; warmup: int >= 0;
    budget: seconds after which no new timed call starts (at least 3 are made when repeats >= 3),
    so that a slow machine still finishes. Returns {"median", "min", "max", "q1", "q3", "runs"}:
    seconds per call (floats) and the number of timed calls.
    """
    for _ in range(warmup):
        fn()
    times, started = [], time.perf_counter()
    while len(times) < repeats:
        if budget is not None and len(times) >= min(3, repeats) and time.perf_counter() - started > budget:
            break
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    q1, median, q3 = np.percentile(times, [25, 50, 75])
    return {"median": float(median), "min": min(times), "max": max(times), "q1": float(q1), "q3": float(q3),
            "runs": len(times)}


def gflops(flops, seconds):
    """GFLOP/s of ``flops`` floating-point operations done in ``seconds``."""
    return flops / seconds / 1e9
