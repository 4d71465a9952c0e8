"""Executors for the per-document stage: in process, a local process pool, or Ray.

All three run the same pure function on the same inputs and return results in input order,
so the output is the same bytes whichever runs it.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Callable
from multiprocessing import get_context

from .child_processes import die_with_parent
from .pandas_probe import skip_pandas_probe
from .document_stage import StageInput, StageResult, run_document
from ..curated.models import CleaningRules

# Below this many documents to compute, starting worker processes costs more than it saves.
POOL_THRESHOLD = 32
# Documents per Ray task: enough to amortise a task's overhead, few enough to spread.
RAY_BATCH = 64


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Executor:
    engine: str = "local"
    workers: int = 0  # 0: the cores available

    def run(self, items: list[StageInput], rules: CleaningRules) -> list[StageResult]:
        return self.map(partial(run_document, rules=rules), items)

    def map(self, function: Callable, items: list, threshold: int = POOL_THRESHOLD,
            meanwhile: Callable[[], None] = lambda: None) -> list:
        """`function` (pure, picklable) over `items`, results in input order; in process below
        `threshold` items, where starting workers would cost more than it saves. `meanwhile` is
        other work for this process, done while the workers run (after the items, in process)."""
        if self.engine == "ray" and items:
            return _ray(function, items, meanwhile)
        workers = self.workers or available_cores()
        if workers == 1 or len(items) < threshold:
            results = [function(item) for item in items]
            meanwhile()
            return results
        return _pool(function, items, workers, meanwhile)

    def local(self) -> "Executor":
        """The same workers on this machine: for steps whose output is files in the build folder."""
        return Executor(workers=self.workers)


def _pool(function: Callable, items: list, workers: int, meanwhile: Callable[[], None]) -> list:
    # spawn: workers do not inherit the parent's threads (Arrow's pools) as fork would, and
    # are the build's own children, so their resource use is counted with the build's.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(os.getpid(),)) as pool:
        results = pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))  # submits them all
        meanwhile()
        return list(results)


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    skip_pandas_probe()


def _run_batch(function: Callable, items: list) -> list:
    return [function(item) for item in items]


def _ray(function: Callable, items: list, meanwhile: Callable[[], None]) -> list:
    """Ray tasks, on the cluster named by RAY_ADDRESS, else on a local Ray started here."""
    try:
        import ray
    except ImportError:
        raise SystemExit("--engine ray needs Ray: pip install 'chip-export-news[ray]'") from None
    started = not ray.is_initialized()
    if started:
        address = os.environ.get("RAY_ADDRESS")
        # A local Ray for this build only: no dashboard, workers' logs kept out of the build's output.
        ray.init(address=address) if address else ray.init(include_dashboard=False, log_to_driver=False)
    try:
        task = ray.remote(_run_batch)
        function_ref = ray.put(function)
        batches = [task.remote(function_ref, items[at:at + RAY_BATCH]) for at in range(0, len(items), RAY_BATCH)]
        meanwhile()
        return [result for batch in ray.get(batches) for result in batch]
    finally:
        if started:
            ray.shutdown()
