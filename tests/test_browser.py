"""The annotation browser, opened from disk in a real headless Chromium.

Every page loads with no console error and no failed request; each document page marks exactly
the mentions, evidence spans and errata of the tables (by their ids, each with the span's text),
and its text reads as the clean text; each entity page lists that entity's mentions (all of them,
or the first MENTIONS_SHOWN and every document holding the others, with their counts).
"""

import re
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq
import pytest

from chip_export_news.export import browser
from chip_export_news.export.browser import BROWSER, erratum_id, write_pages

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (a dev dependency) is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH: install Debian's chromium (apt-get install chromium) to run the browser tests")

MARKS = """() => Array.from(document.querySelectorAll('[data-mention-id], [data-event-id], [data-erratum-id]'))
  .map(e => ({mention: e.dataset.mentionId || null, event: e.dataset.eventId || null,
              erratum: e.dataset.erratumId || null, start: e.dataset.start || null, end: e.dataset.end || null,
              text: e.textContent, inText: !!e.closest('.text')}))"""
LINKS = """() => Array.from(document.querySelectorAll('a[href], img[src], link[href]')).map(e => e.href || e.src)"""


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def pages(chromium, built) -> dict[str, dict]:
    """Every HTML page of the build, loaded: its marks, its links and what went wrong."""
    loaded = {}
    page = chromium.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    for path in sorted((built / BROWSER).rglob("*.html")):
        page.goto(path.as_uri(), wait_until="load")
        loaded[path.relative_to(built / BROWSER).as_posix()] = {
            "problems": list(problems), "marks": page.evaluate(MARKS), "links": page.evaluate(LINKS),
            "text": page.evaluate("() => document.querySelector('.text')?.textContent ?? null")}
        problems.clear()
    page.close()
    return loaded


def _rows(built: Path, name: str) -> list[dict]:
    return pq.read_table(built / "data" / f"{name}.parquet").to_pylist()


def _joined(marks: list[dict], key) -> dict:
    """The pieces of each span (a span crossing another is cut into pieces), joined."""
    texts = defaultdict(str)
    for mark in marks:
        if key(mark) is not None:
            texts[key(mark)] += mark["text"]
    return dict(texts)


def test_every_page_loads_without_errors(pages, built):
    documents, entities = _rows(built, "documents"), _rows(built, "entities")
    assert set(pages) == ({"index.html"} | {f"documents/{d['document_id']}.html" for d in documents}
                          | {f"entities/{e['entity_id']}.html" for e in entities})
    assert {path: page["problems"] for path, page in pages.items() if page["problems"]} == {}


def test_local_links_point_to_files_and_every_page_is_linked_from_the_index(pages, built):
    root = built / BROWSER
    for path, page in pages.items():
        for link in page["links"]:
            url = urlparse(link)
            if url.scheme == "file":
                assert Path(unquote(url.path)).is_file(), f"{path} links to missing {link}"
            else:
                assert url.scheme == "https", f"{path}: {link}"
    linked = {Path(unquote(urlparse(link).path)).resolve() for link in pages["index.html"]["links"]}
    assert {(root / p).resolve() for p in pages if p != "index.html"} <= linked


def test_document_pages_mark_exactly_the_spans_of_the_tables(pages, built):
    mentions, reports, errata = (_rows(built, n) for n in ("mentions", "event_mentions", "errata"))
    for document in _rows(built, "documents"):
        doc_id = document["document_id"]
        page = pages[f"documents/{doc_id}.html"]
        assert page["text"] == document["text"], doc_id  # the marks add no character
        marks = [m for m in page["marks"] if m["inText"]]
        assert _joined(marks, lambda m: m["mention"]) == {
            m["mention_id"]: m["text"] for m in mentions if m["document_id"] == doc_id}
        assert _joined(marks, lambda m: m["event"] and (m["event"], int(m["start"]), int(m["end"]))) == {
            (r["event_id"], r["start"], r["end"]): r["text"] for r in reports if r["document_id"] == doc_id}
        assert _joined(marks, lambda m: m["erratum"]) == {
            erratum_id(e): e["text"] for e in errata if e["document_id"] == doc_id}
        assert all(m["inText"] for m in page["marks"])


def test_the_pages_together_mark_every_row(pages, built):
    found = {kind: {m[kind] for page in pages.values() for m in page["marks"] if m[kind]}
             for kind in ("mention", "event", "erratum")}
    assert found["mention"] == {m["mention_id"] for m in _rows(built, "mentions")}
    assert found["event"] == {r["event_id"] for r in _rows(built, "event_mentions")}
    assert found["erratum"] == {erratum_id(e) for e in _rows(built, "errata")}


def test_entity_pages_list_exactly_the_mentions_of_the_entity(pages, built):
    mentions = _rows(built, "mentions")
    for entity in _rows(built, "entities"):
        page = pages[f"entities/{entity['entity_id']}.html"]
        assert _joined(page["marks"], lambda m: m["mention"]) == {
            m["mention_id"]: m["text"] for m in mentions if m["entity_id"] == entity["entity_id"]}, entity["entity_id"]


def test_a_long_entity_page_shows_its_first_mentions_and_where_every_other_one_is(chromium, built, tmp_path,
                                                                                   monkeypatch):
    shown = 3
    monkeypatch.setattr(browser, "MENTIONS_SHOWN", shown)
    write_pages({p.stem: pq.read_table(p) for p in (built / "data").glob("*.parquet")}, tmp_path, "t")
    mentions, page = _rows(built, "mentions"), chromium.new_page()
    long_pages = 0
    for entity in _rows(built, "entities"):
        own = sorted((m for m in mentions if m["entity_id"] == entity["entity_id"]),
                     key=lambda m: (m["document_id"], m["start"], m["mention_id"]))
        page.goto((tmp_path / BROWSER / "entities" / f"{entity['entity_id']}.html").as_uri(), wait_until="load")
        assert _joined(page.evaluate(MARKS), lambda m: m["mention"]) == {m["mention_id"]: m["text"] for m in own[:shown]}
        elsewhere = page.evaluate("() => document.querySelector('p.more + p')?.textContent ?? null")
        if len(own) <= shown:
            assert elsewhere is None, entity["entity_id"]
            continue
        long_pages += 1
        listed = {d: int(n) for d, n in re.findall(r"([^\s,()]+) \((\d+)\)", elsewhere)}
        assert listed == Counter(m["document_id"] for m in own), entity["entity_id"]
    page.close()
    assert long_pages  # the corpus has entities with more mentions than three


def test_pages_rendered_by_a_pool_of_workers_are_the_same_bytes(built, tmp_path, monkeypatch):
    from chip_export_news.stages.executors import Executor

    monkeypatch.setattr(browser, "BATCH", 2)  # several batches from a handful of documents
    tables = {p.stem: pq.read_table(p) for p in (built / "data").glob("*.parquet")}
    written = {}
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        write_pages(tables, out, "t", Executor(workers=workers))
        written[workers] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / BROWSER).rglob("*.html"))}
    assert written[1] == written[2] and len(written[1]) > 2
