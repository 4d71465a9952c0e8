"""How long growing the corpus by one article takes: `add` of a sixth article, then `build` and
`validate`, each as the curator runs it (a new process, so imports count), in a fresh temporary
copy of the project per run.

    python benchmarks/add_article.py [--runs 3]

Prints the median wall time of each step and of the three together, and their CPU time (user +
system of the child processes: what the steps cost when other work shares the cores). Target
(issue 13): <= 5 s in all on this machine. The article is tests/data/new_article.txt (written for the tests); the
record is used as `add` drafts it, which builds as it is.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import describe  # noqa: E402
ARTICLE = ROOT / "tests" / "data" / "new_article.txt"
STEPS = {"add": ["add", str(ARTICLE), "--outlet", "Testzeitung"], "build": ["build"], "validate": ["validate"]}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run() -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for name in ("seeds", "schema", "dataset", "src"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        seconds = {}
        for step, args in STEPS.items():
            start, cpu = time.perf_counter(), _cpu()
            subprocess.run([sys.executable, "-m", "chip_export_news", *args, "--root", str(project)],
                           capture_output=True, check=True)
            seconds[step] = (time.perf_counter() - start, _cpu() - cpu)
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(describe())
    runs = [one_run() for _ in range(args.runs)]
    rows = {step: [r[step] for r in runs] for step in STEPS}
    rows["in all"] = [tuple(map(sum, zip(*r.values()))) for r in runs]
    for label, times in rows.items():
        wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
        print(f"{label:<9} median of {args.runs} cold runs: {wall:.2f} s wall, {cpu:.2f} s CPU"
              + (" (target <= 5 s)" if label == "in all" else ""))

if __name__ == "__main__":
    main()
