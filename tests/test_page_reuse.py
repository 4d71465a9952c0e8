"""Document pages reused from the last build: exactly the pages a cold build writes, whatever
changed in between, whatever happened to the cache or to the pages in dataset/."""

import sqlite3
from pathlib import Path

import pytest

from chip_export_news.cli import main
from chip_export_news.export import browser
from chip_export_news.export.browser import BROWSER, PAGE_CACHE
from chip_export_news.stages.pipeline import build_into


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The document pages rendered (not reused), in a build run in this process (--workers 1)."""
    ids: list[str] = []
    render = browser._Site.document

    def counted(site, document, mentions):
        ids.append(document["document_id"])
        return render(site, document, mentions)

    monkeypatch.setattr(browser._Site, "document", counted)
    return ids


def warm_build(project: Path) -> None:
    assert main(["build", "--root", str(project), "--workers", "1"]) == 0


def same_as_cold(project: Path, tmp_path: Path, name: str) -> None:
    build_into(project, tmp_path / name)  # no cache: every page rendered
    assert files(project / "dataset") == files(tmp_path / name)


def test_a_rebuild_renders_no_page_and_edits_render_the_pages_they_show_on(project, tmp_path, rendered):
    warm_build(project)
    assert (project / PAGE_CACHE).is_file()
    documents = len(list((project / "dataset" / BROWSER / "documents").glob("*.html")))
    assert len(rendered) == documents
    rendered.clear()
    warm_build(project)
    assert rendered == []
    entities = project / "seeds" / "entities.yaml"  # AMD's display name, on the pages mentioning AMD
    entities.write_text(entities.read_text(encoding="utf-8").replace('name: "AMD"', 'name: "AMD Inc."'), encoding="utf-8")
    events = project / "seeds" / "events.yaml"  # an event's summary, on the pages reporting it
    events.write_text(events.read_text(encoding="utf-8").replace("successively widened", "widened step by step"),
                      encoding="utf-8")
    rendered.clear()
    warm_build(project)
    assert 0 < len(rendered) < documents
    same_as_cold(project, tmp_path, "cold-after-edits")


def test_a_page_changed_in_dataset_or_a_corrupt_cache_is_rendered_again(project, tmp_path, rendered):
    warm_build(project)
    page = sorted((project / "dataset" / BROWSER / "documents").glob("*.html"))[0]
    page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1>edited by hand: "))
    rendered.clear()
    warm_build(project)
    assert rendered == [page.stem]
    same_as_cold(project, tmp_path, "cold-after-hand-edit")
    with sqlite3.connect(project / PAGE_CACHE) as db:  # every entry points at other bytes
        db.execute("UPDATE entries SET payload = upper(payload)")
    warm_build(project)
    same_as_cold(project, tmp_path, "cold-after-corrupt-cache")
    (project / PAGE_CACHE).write_bytes(b"not a database" * 100)
    warm_build(project)
    same_as_cold(project, tmp_path, "cold-after-garbage-cache")
