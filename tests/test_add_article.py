import hashlib
import re

import pyarrow.parquet as pq
import pytest
import yaml

from chip_export_news.release.add_article import proposed_document_id
from chip_export_news.cli import main

from growing import ARTICLE

HTML = """<!DOCTYPE html><html><head><title>Nvidia darf wieder liefern</title>
<meta property="og:site_name" content="Beispielzeitung"><meta name="date" content="2025-08-12"></head>
<body><nav>Startseite Politik Wirtschaft</nav><article><h1>Nvidia darf wieder liefern</h1>
<p>Die US-Regierung erlaubt Nvidia den Verkauf von H20-Chips nach China wieder. Das teilte das Unternehmen mit.
Die Entscheidung folgt monatelangen Verhandlungen zwischen beiden Seiten.</p>
<p>Im Gegenzug soll Nvidia einen Teil der Umsätze an die Regierung abgeben, hieß es aus Kreisen der Branche.</p>
</article><footer>Impressum Datenschutz</footer></body></html>"""


def _add(project, path, capsys, *options):
    code = main(["add", str(path), "--root", str(project), *options])
    out, err = capsys.readouterr()
    return code, out, err


def _new_files(project, before):
    return sorted(set((project / "seeds").iterdir()) - before)


def test_a_text_article_is_copied_byte_for_byte_under_its_sha256_with_a_draft_record(project, capsys):
    before = set((project / "seeds").iterdir())
    code, out, err = _add(project, ARTICLE, capsys, "--url", "https://example.org/intel")
    assert code == 0, err
    seed, record = _new_files(project, before)
    sha256 = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert seed.name == f"005_{sha256[:16]}.txt" and seed.read_bytes() == ARTICLE.read_bytes()
    draft = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert draft["seed_sha256"] == sha256 and draft["title"] == "Intel prüft Chips für den chinesischen Markt"
    assert draft["document_id"] == "intel-prueft-chips-fuer-chinesischen-markt"
    assert draft["published"] == {"value": "2025-08-12", "basis": "stated", "note": 'Dateline "Stand: 12.08.2025".'}
    assert draft["source_url"] == "https://example.org/intel" and draft["outlet"] is None
    assert [(c["remove_line"], c["rule"]) for c in draft["cleaning"]] == [
        ("Werbung", "advertisement"), ("Foto: Beispielagentur", "credit")]
    for decision in ("published:", "source_language:", "outlet:", "cleaning:", "entities:", "events:"):
        assert decision in out
    assert main(["build", "--root", str(project)]) == 0  # the draft builds as it is


def test_an_html_page_is_extracted_with_trafilatura_and_its_provenance_recorded(project, tmp_path, capsys):
    import trafilatura

    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    before = set((project / "seeds").iterdir())
    code, out, err = _add(project, page, capsys)
    assert code == 0, err
    seed, record = _new_files(project, before)
    text = seed.read_text(encoding="utf-8")
    assert text.startswith("Nvidia darf wieder liefern\n\nDie US-Regierung") and "Impressum" not in text
    draft = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert draft["source_html_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert draft["extractor"] == f"trafilatura {trafilatura.__version__}" and draft["outlet"] == "Beispielzeitung"
    assert (draft["published"]["value"], draft["published"]["basis"]) == ("2025-08-12", "inferred")
    assert "metadata" in draft["published"]["note"] and "metadata" in draft["outlet_note"]
    assert main(["build", "--root", str(project)]) == 0
    rows = pq.read_table(project / "dataset" / "data" / "documents.parquet").to_pylist()
    assert draft["document_id"] in {r["document_id"] for r in rows}
    assert _add(project, page, capsys)[0] == 1  # the same page again


@pytest.mark.parametrize("content, message", [
    (b"", "the article is empty"),
    (b"  \n\n", "the article is empty"),
    (b"Titel\n\x00\x01\x02binary", "binary file"),
    (b"Titel\nStra\xdfe", "not valid UTF-8: byte 0xdf"),
])
def test_empty_binary_and_non_utf8_input_is_refused(project, tmp_path, capsys, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    before = set((project / "seeds").iterdir())
    code, _, err = _add(project, path, capsys)
    assert code == 1 and message in err and "Traceback" not in err
    assert _new_files(project, before) == []


def test_an_article_already_present_is_refused_and_nothing_is_overwritten(project, capsys):
    existing = sorted((project / "seeds").glob("0*.txt"))[0]
    before = {p: p.read_bytes() for p in (project / "seeds").iterdir()}
    code, _, err = _add(project, existing, capsys)
    assert code == 1 and f"already in seeds/ as {existing.name} (same sha256)" in err
    assert before == {p: p.read_bytes() for p in (project / "seeds").iterdir()}


def test_an_article_present_with_other_line_endings_is_refused(project, tmp_path, capsys):
    existing = sorted((project / "seeds").glob("0*.txt"))[0]
    crlf = tmp_path / "copy.txt"
    crlf.write_bytes(existing.read_bytes().replace(b"\n", b"\r\n"))
    before = set((project / "seeds").iterdir())
    code, _, err = _add(project, crlf, capsys)
    assert code == 1 and f"already in seeds/ as {existing.name}: the same words" in err
    assert _new_files(project, before) == []


def test_a_missing_file_and_a_malformed_url_are_refused(project, tmp_path, capsys):
    code, _, err = _add(project, tmp_path / "nope.txt", capsys)
    assert code == 1 and "no such file" in err
    before = set((project / "seeds").iterdir())
    code, _, err = _add(project, ARTICLE, capsys, "--url", "example.org/intel")
    assert code == 1 and "source_url: String should match pattern" in err and "Traceback" not in err
    assert _new_files(project, before) == []


@pytest.mark.parametrize("title, slug", [
    ("Intel prüft Chips für den chinesischen Markt", "intel-prueft-chips-fuer-chinesischen-markt"),
    ("Trump trifft Nvidia-CEO Huang – US verschärft Fokus auf Chinas KI-Fortschritte", "trump-trifft-nvidia-ceo-huang-us"),
    ("„Größer!“ – Straße", "groesser-strasse"),
    ("???", "article"),
])
def test_document_id_is_proposed_from_the_title(title, slug):
    assert proposed_document_id(title) == slug
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_an_existing_record_of_the_same_name_is_never_overwritten(project, capsys):
    sha256 = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    stray = project / "seeds" / f"005_{sha256[:16]}.yaml"
    stray.write_text("document_id: kept\n  bad: [yaml\n", encoding="utf-8")
    code, _, err = _add(project, ARTICLE, capsys)
    assert code == 1 and f"{stray.name}: exists already and is not overwritten" in err and "Traceback" not in err
    assert stray.read_text(encoding="utf-8") == "document_id: kept\n  bad: [yaml\n"
    assert not stray.with_suffix(".txt").exists()


def test_the_proposed_document_id_is_not_one_already_used(project, capsys):
    twin = project / "twin.txt"
    twin.write_text(ARTICLE.read_text(encoding="utf-8") + "Ein weiterer Satz.\n", encoding="utf-8")
    assert _add(project, ARTICLE, capsys)[0] == 0
    before = set((project / "seeds").iterdir())
    assert _add(project, twin, capsys)[0] == 0
    record = next(p for p in _new_files(project, before) if p.suffix == ".yaml")
    assert yaml.safe_load(record.read_text(encoding="utf-8"))["document_id"] == "intel-prueft-chips-fuer-chinesischen-markt-2"
