"""How fast this machine is right now, to read the other benchmarks' figures against.

The same virtual machine is not equally fast at every hour (other tenants, throttling): on
2026-11-26 the 5-seed build took 2.1-2.7 s at 16:20 and 4.5-5.4 s at 17:20, with the same code
(an older commit was as slow at 17:20). The benchmarks print this reference next to their
figures, so that two runs can be compared, and a target read against the machine's speed then.
"""

from __future__ import annotations

import time

LOOP = 3 * 10**7


def reference_seconds(runs: int = 3) -> float:
    """Best of `runs` timings of sum(range(30 million)): one core, no I/O."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        sum(range(LOOP))
        best = min(best, time.perf_counter() - start)
    return best


def describe() -> str:
    return f"machine reference: sum(range({LOOP:,})) takes {reference_seconds():.2f} s now (lower is faster)"


if __name__ == "__main__":
    print(describe())
