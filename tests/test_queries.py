"""The card's worked queries run against a fresh build, and pandas, DuckDB and polars agree.

Each example in the card's "Querying" section computes the same result three times
(`<name>_pandas`, `<name>_duckdb`, `<name>_polars`); the three must be equal, and equal to what
the tables say when read plainly.
"""

import re
from collections import Counter

import pyarrow.parquet as pq
import pytest

EXAMPLES = ["by_month", "roles", "evidence", "huawei"]


def _section(card: str, heading: str) -> str:
    return card.split(f"\n{heading}\n", 1)[1].split("\n### ", 1)[0]


def _rows(frame) -> list[tuple]:
    """A pandas or polars frame as plain Python rows (numpy scalars unwrapped)."""
    if hasattr(frame, "itertuples"):
        return [tuple(v.item() if hasattr(v, "item") else v for v in row) for row in frame.itertuples(index=False)]
    return frame.rows()


@pytest.fixture(scope="module")
def results(built) -> dict:
    card = (built / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", _section(card, "### Querying"), re.S)
    assert len(blocks) == 1 + len(EXAMPLES)
    namespace: dict = {"DATA_DIR": built}
    for number, block in enumerate(blocks):
        exec(compile(block, f"card query {number}", "exec"), namespace)
    return namespace


def _table(built, name: str) -> list[dict]:
    return pq.read_table(built / "data" / f"{name}.parquet").to_pylist()


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_three_engines_agree(results, name):
    frames = [results[f"{name}_{engine}"] for engine in ("pandas", "duckdb", "polars")]
    assert len({tuple(f.columns) for f in frames}) == 1
    pandas, duckdb, polars = (_rows(f) for f in frames)
    assert pandas and pandas == duckdb == polars


def _period(event: dict) -> str:
    start, end = event["date_start"], event["date_end"]
    return f"{start:%Y-%m}" if (start.year, start.month) == (end.year, end.month) else event["date"]


def test_events_by_month_respect_precision(results, built):
    dated = [e for e in _table(built, "events") if e["date_start"] is not None]
    counted = dict(_rows(results["by_month_pandas"]))
    assert counted == dict(Counter(_period(e) for e in dated))
    # A year-precision event is never counted in a month.
    for event in dated:
        if event["date_precision"] == "year":
            assert _period(event) == event["date"] and not re.fullmatch(r"\d{4}-\d{2}", event["date"])


def test_roles_count_every_argument_once(results, built):
    assert sum(n for _, _, n in _rows(results["roles_pandas"])) == len(_table(built, "event_arguments"))


def test_evidence_from_offsets_is_the_evidence_text(results, built):
    expected = sorted((r["event_id"], r["document_id"], r["start"], r["text"]) for r in _table(built, "event_mentions"))
    assert _rows(results["evidence_duckdb"]) == expected


def test_huawei_mentions_with_their_sentences(results, built):
    rows = _rows(results["huawei_pandas"])
    entity = next(e for e in _table(built, "entities") if e["entity_id"] == "huawei")
    assert len(rows) == entity["mention_count"] > 0
    sentences = {(s["document_id"], s["text"]): s for s in _table(built, "sentences")}
    for document_id, start, text, sentence in rows:
        offset = sentences[(document_id, sentence)]["start"]
        assert sentence[start - offset:start - offset + len(text)] == text


def test_the_naive_duckdb_substring_is_off_by_one(built):
    # Why the card spells out start + 1: DuckDB's substring is 1-based.
    import duckdb

    matches = duckdb.execute("""
        SELECT count(*) FILTER (WHERE substring(d.text, m.start, m."end" - m.start) = m.text),
               count(*) FILTER (WHERE substring(d.text, m.start + 1, m."end" - m.start) = m.text), count(*)
        FROM read_parquet(?) m JOIN read_parquet(?) d USING (document_id)""",
        [str(built / "data" / "event_mentions.parquet"), str(built / "data" / "documents.parquet")]).fetchone()
    assert matches[1] == matches[2] > matches[0]
