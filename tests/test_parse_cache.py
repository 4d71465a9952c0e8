"""The cache of parsed YAML: the same bytes give the same data; errors still name their lines."""

import datetime
import hashlib
import sqlite3

import pytest

from chip_export_news.curated.errors import CurationError
from chip_export_news.stages.parse_cache import CACHE_FILE, ParseCache
from chip_export_news.stages.pipeline import build_into


def test_the_same_bytes_read_back_as_the_same_data(tmp_path):
    cache = ParseCache(tmp_path)
    cache.remember(b"title: x\nn: [1, 2.5, true, null]\n", {"title": "x", "n": [1, 2.5, True, None]})
    cache.close()
    again = ParseCache(tmp_path)
    assert again.recall(b"title: x\nn: [1, 2.5, true, null]\n") == ({"title": "x", "n": [1, 2.5, True, None]},)
    assert again.recall(b"title: y\n") is None


@pytest.mark.parametrize("data", [{"published": datetime.date(2025, 4, 16)}, {1: "a key that is a number"},
                                  {"binary": b"\x00"}, {"x": float("nan")}])
def test_data_json_cannot_hold_exactly_is_never_cached(tmp_path, data):
    cache = ParseCache(tmp_path)
    cache.remember(b"some: yaml", data)
    cache.close()
    assert ParseCache(tmp_path).recall(b"some: yaml") is None


def test_a_corrupt_entry_is_parsed_again(tmp_path):
    cache = ParseCache(tmp_path)
    for n in range(3):
        cache.remember(f"n: {n}".encode(), {"n": n})
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        (first, payload), (second, _), (third, _) = db.execute("SELECT key, payload FROM entries ORDER BY key")
        # still JSON, but not what was stored: only the digest tells
        db.execute("UPDATE entries SET payload = ? WHERE key = ?", (payload.replace(b"}", b"0}"), first))
        db.execute("UPDATE entries SET payload = ?, digest = ? WHERE key = ?",
                   (b"{not json", hashlib.sha256(b"{not json").hexdigest(), second))
    again = ParseCache(tmp_path)
    found = [again.recall(f"n: {n}".encode()) for n in range(3)]
    assert found.count(None) == 2
    assert [f for f in found if f] in ([({"n": n},)] for n in range(3))


def test_a_record_read_from_the_cache_names_the_line_of_its_error(project, tmp_path):
    """The record is unchanged (so its data comes from the cache) but its article changed: the
    error must still name the line of seed_sha256, as a cold build does."""
    build_into(project, tmp_path / "warm", cached=True)
    assert (project / CACHE_FILE).is_file()
    article = sorted((project / "seeds").glob("*.txt"))[0]
    article.write_bytes(article.read_bytes() + b"\nEin Satz mehr.\n")
    reports = []
    for cached in (True, False):
        with pytest.raises(CurationError) as raised:
            build_into(project, tmp_path / f"changed-{cached}", cached=cached)
        reports.append(raised.value.problems)
    warm, cold = reports
    assert warm == cold
    record = article.with_suffix(".yaml").read_text(encoding="utf-8").splitlines()
    [problem] = [p for p in warm if "not the recorded one" in p.message]
    assert record[problem.line - 1].startswith("seed_sha256:")
