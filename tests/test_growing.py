"""End to end: the corpus grows by one article, as a curator grows it following the README
(`add`, complete the record, register an entity, curate an event, report an existing one), and
build, check and validate pass. The data invariants of the other test modules run over this
grown corpus too (the `corpus_root` and `corpus_build` fixtures)."""

import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from chip_export_news.release.add_article import DRAFT_HEADER
from chip_export_news.stages.corpus_stage import suggestions
from growing import DOCUMENT_ID, NEW_EVENT, REPORTED_AGAIN, grow

pytestmark = pytest.mark.data


def _cli(project, *args):
    return subprocess.run([sys.executable, "-m", "chip_export_news", *args, "--root", str(project)],
                          capture_output=True, text=True)


def _rows(project, table):
    return pq.read_table(project / "dataset" / "data" / f"{table}.parquet").to_pylist()


def test_a_new_article_goes_from_a_file_through_build_check_and_validate(project):
    told = grow(project)
    assert "Still to decide:" in told and "before role\tIntel" in told  # the suggester ran on it
    for command in ("build", "check", "validate"):
        result = _cli(project, command)
        assert result.returncode == 0, (command, result.stderr)

    document = next(d for d in _rows(project, "documents") if d["document_id"] == DOCUMENT_ID)
    assert (document["published_edtf"], document["published_basis"], document["dateline"]) == (
        "2025-08-12", "stated", "Stand: 12.08.2025")
    assert document["text"].startswith("Intel prüft Chips") and "Werbung" not in document["text"]
    reports = {m["document_id"] for m in _rows(project, "event_mentions") if m["event_id"] == REPORTED_AGAIN}
    assert DOCUMENT_ID in reports and len(reports) >= 4
    assert NEW_EVENT in {e["event_id"] for e in _rows(project, "events")}
    assert any(m["entity_id"] == "intel" and m["document_id"] == DOCUMENT_ID for m in _rows(project, "mentions"))
    assert suggestions(project) == []


def test_growing_curates_the_record_add_wrote_not_an_older_draft(project):
    older = sorted((project / "seeds").glob("0*.yaml"))[0]
    text = older.read_text(encoding="utf-8")
    older.write_text(DRAFT_HEADER + text, encoding="utf-8")  # a draft committed with its header left in
    grow(project)
    assert older.read_text(encoding="utf-8") == DRAFT_HEADER + text
