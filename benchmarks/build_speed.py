"""How fast a curator's build feels: median of several cold runs (a new process each).

    python benchmarks/build_speed.py [--runs 5]

Prints the median wall time of `python build.py` (build + all validation + atomic swap), of
`python build.py --check`, and, measured in the same run as a reference, of
`frictionless validate dataset/datapackage.json` alone. Target (issue 3): build and check <= 3 s
on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import describe  # noqa: E402
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(describe())
    commands = {
        "python build.py": [sys.executable, "build.py"],
        "python build.py --check": [sys.executable, "build.py", "--check"],
        "frictionless validate dataset/datapackage.json": [str(FRICTIONLESS), "validate", "dataset/datapackage.json"],
    }
    for label, command in commands.items():
        print(f"{label:<48} median of {args.runs} cold runs: {median_seconds(command, args.runs):.2f} s")


if __name__ == "__main__":
    main()
