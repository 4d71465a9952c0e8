"""The per-document stage: any executor, with or without the cache, gives the same bytes."""

import hashlib
import json
import shutil
import sqlite3
import zlib
import sys
from pathlib import Path

import pytest

from chip_export_news.stages.document_cache import CACHE_FILE
from chip_export_news.stages.parse_cache import CACHE_FILE as PARSE_CACHE_FILE
from chip_export_news.stages import executors
from chip_export_news.stages.executors import POOL_THRESHOLD, Executor
from chip_export_news.stages.pipeline import build_into

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic_corpus import add_articles  # noqa: E402


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The seeds plus enough synthetic articles to start a process pool, and their cold build."""
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("synthetic") / "project")
    add_articles(root, 0, POOL_THRESHOLD + 8)
    out = root.parent / "cold"
    build_into(root, out, executor=Executor(workers=1))
    return root, files(out)


def test_a_process_pool_builds_the_same_bytes(synthetic, tmp_path):
    root, cold = synthetic
    build_into(root, tmp_path / "pool", executor=Executor(workers=2))
    assert files(tmp_path / "pool") == cold


def test_ray_builds_the_same_bytes_on_the_seeds_and_a_synthetic_corpus(synthetic, built, tmp_path, monkeypatch):
    ray = pytest.importorskip("ray")
    monkeypatch.setattr(executors, "RAY_BATCH", 4)  # several tasks, even for the five seeds
    root, cold = synthetic
    # One local Ray for both builds (the executor uses a running Ray): starting Ray is slow,
    # and on a busy machine a second start within seconds can time out.
    ray.init(include_dashboard=False, log_to_driver=False)
    try:
        build_into(root, tmp_path / "ray", executor=Executor("ray"))
        build_into(Path(__file__).resolve().parents[1], tmp_path / "ray-seeds", executor=Executor("ray"))
    finally:
        ray.shutdown()
    assert files(tmp_path / "ray") == cold
    assert files(tmp_path / "ray-seeds") == files(built)


class CountingExecutor(Executor):
    """The default executor, counting the documents it is asked to compute."""

    computed: list = []

    def run(self, items, rules):
        self.computed.append(len(items))
        return super().run(items, rules)


def _corrupt(database: Path) -> None:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT key, payload FROM entries ORDER BY key").fetchall()
        for number, (key, payload) in enumerate(rows):
            if number % 3 == 0:  # flipped bits
                db.execute("UPDATE entries SET payload = ? WHERE key = ?", (bytes(b ^ 0x55 for b in payload), key))
            elif number % 3 == 1:  # truncated
                db.execute("UPDATE entries SET payload = ? WHERE key = ?", (payload[:len(payload) // 2], key))
            else:  # well-formed, with a matching digest, but edits that do not fit the text
                wrong = zlib.compress(json.dumps({"edits": [["repair", "x", 5, 2, "", ""]], "sentences": []}).encode())
                db.execute("UPDATE entries SET payload = ?, digest = ? WHERE key = ?",
                           (wrong, hashlib.sha256(wrong).hexdigest(), key))


def test_a_warm_or_corrupt_cache_does_not_change_the_output(synthetic, tmp_path):
    root, cold = synthetic
    build_into(root, tmp_path / "first", cached=True)
    assert (root / CACHE_FILE).is_file()
    counting = CountingExecutor()
    build_into(root, tmp_path / "warm", executor=counting, cached=True)
    assert files(tmp_path / "warm") == cold
    assert counting.computed == [0]
    for cache_file in (CACHE_FILE, PARSE_CACHE_FILE):
        _corrupt(root / cache_file)
    build_into(root, tmp_path / "corrupt", cached=True)
    assert files(tmp_path / "corrupt") == cold
    build_into(root, tmp_path / "rewarmed", executor=counting, cached=True)
    assert counting.computed[-1] == 0  # the entries found corrupt were written again
    for cache_file in (CACHE_FILE, PARSE_CACHE_FILE):
        (root / cache_file).write_bytes(b"not a database" * 100)
    build_into(root, tmp_path / "garbage", cached=True)
    assert files(tmp_path / "garbage") == cold
    assert files(tmp_path / "first") == cold


def test_the_cache_holds_the_entries_of_the_last_build_alone(synthetic, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(synthetic[0], root)
    build_into(root, tmp_path / "first", cached=True)
    add_articles(root, 1000, 1)
    counting = CountingExecutor()
    counts = build_into(root, tmp_path / "grown", executor=counting, cached=True)
    assert counting.computed[-1] == 1
    for seed in sorted((root / "seeds").glob("s*.txt"))[:2]:
        seed.unlink()
        seed.with_suffix(".yaml").unlink()
    counts = build_into(root, tmp_path / "shrunk", executor=counting, cached=True)
    assert counting.computed[-1] == 0
    with sqlite3.connect(root / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == counts["documents"]
