import re

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chip_export_news.curated.errors import Collector
from chip_export_news.curated.models import CleaningRules, DocumentRecord, RemoveLine
from chip_export_news.text.normalize import normalize, repair_text
from chip_export_news.text.text_characters import INVISIBLE
from chip_export_news.curated.sources import read_sources

from conftest import ROOT


@pytest.fixture(scope="module")
def sources(corpus_root):
    """The articles of the project's corpus, and of the corpus grown by an article."""
    problems = Collector()
    found = read_sources(corpus_root, problems)
    assert problems.problems == []
    return found


@pytest.fixture(scope="module")
def curated_sources():
    problems = Collector()
    return read_sources(ROOT, problems)


def _normalized(sources):
    return [(seed, normalize(seed.raw, sources.cleaning, seed.record)) for seed in sources.seeds]


# Lines the curated articles carry (fact about them; a new article may use these words as text).
BOILERPLATE = ["Schreibe einen Kommentar", "Deine E-Mail-Adresse", "Quelle & Bilder", "© Lusa",
               "Lesen Sie auch", "noticias ao minuto", "eleconomista", "Unlimitierter Zugriff",
               "€ sichern", "Favoriten unserer Leser", "Weitere Informationen finden Sie",
               "Leistungsvergleich von NVIDIA Blackwell", "Eulerpool News 3. Feb.", "Politics"]


def test_boilerplate_of_the_curated_articles_is_gone(curated_sources):
    for seed, clean in _normalized(curated_sources):
        for phrase in BOILERPLATE:
            assert phrase not in clean.text, (seed.file, phrase)


def test_no_line_a_cleaning_rule_matches_and_no_space_before_punctuation_remains(sources):
    patterns = [p for rule in sources.cleaning.rules for p in rule.lines]
    for seed, clean in _normalized(sources):
        for line in clean.text.split("\n"):
            assert not any(re.fullmatch(p, line) for p in patterns), (seed.file, line)
        assert not re.search(r"\S [,.;:!?“]", clean.text), seed.file


def test_title_is_taken_once_and_opens_the_text(sources):
    for seed, clean in _normalized(sources):
        assert clean.text.startswith(seed.record.title + "\n\n")
        assert clean.text.count(seed.record.title) == 1


def test_paragraphs_are_separated_by_one_blank_line(sources):
    for seed, clean in _normalized(sources):
        assert "\n\n\n" not in clean.text and clean.text == clean.text.strip()
        assert all("\n" not in clean.text[a:b] for a, b in clean.paragraphs())


def test_glued_heading_in_the_eleconomista_article_is_split(curated_sources):
    clean = dict((s.record.document_id, c) for s, c in _normalized(curated_sources))["eleconomista-nvidia-resumes-h20"]
    assert "Das Herzstück von DeepSeek\n\nNach einer Reihe" in clean.text


def test_every_unedited_clean_character_maps_to_the_same_raw_character(sources):
    for seed, clean in _normalized(sources):
        _assert_map_round_trips(clean)


def _assert_map_round_trips(clean):
    mapping = clean.offset_map()
    replaced = set()
    for edit, start in zip(clean.edits, clean.clean_starts):
        replaced.update(range(start, start + len(edit.replacement)))
    for position, char in enumerate(clean.text):
        if position not in replaced:
            raw_start, raw_end = mapping.raw_span(position, position + 1)
            assert clean.raw[raw_start:raw_end] == char, position


def test_edits_table_answers_where_a_span_is_in_the_seed(corpus_root, corpus_build):
    from chip_export_news.text.offsets import raw_span_in

    documents = pq.read_table(corpus_build / "data" / "documents.parquet").to_pylist()
    edits = pq.read_table(corpus_build / "data" / "edits.parquet").to_pylist()
    for document in documents:
        raw = (corpus_root / "seeds" / document["seed_file"]).read_text(encoding="utf-8")
        own = [e for e in edits if e["document_id"] == document["document_id"]]
        title_end = len(document["title"])
        start, end = raw_span_in(own, 0, title_end)
        assert raw[start:end] == document["title"]
        last_word = document["text"].rsplit(" ", 1)[-1]
        start, end = raw_span_in(own, len(document["text"]) - len(last_word), len(document["text"]))
        assert raw[start:end] == last_word


def test_a_stale_cleaning_instruction_is_an_error(curated_sources):
    from chip_export_news.text.normalize import NormalizeError

    sources = curated_sources
    seed = sources.seeds[0]
    record = seed.record.model_copy(update={"cleaning": [RemoveLine(remove_line="Gibt es nicht", rule="x", note="n")]})
    with pytest.raises(NormalizeError) as caught:
        normalize(seed.raw, sources.cleaning, record)
    assert caught.value.field == "cleaning.0.remove_line"


# Property tests: arbitrary text, with the characters the repairs touch made likely.
_chars = st.sampled_from(list("abc XY,.;:!?“„-\t\u0301\u0308e\u00e9\ufeff\u00ad\u200b") + ["\n", "\n\n", "\r\n", "  "])
_texts = st.lists(_chars, min_size=1, max_size=80).map("".join)
_RULES = CleaningRules(rules=[])


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_repairs_are_idempotent(text):
    once = repair_text(text)
    assert repair_text(once) == once


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_clean_spans_map_back_to_raw_spans_holding_the_same_characters(text):
    body = "".join(char for char in text if char not in INVISIBLE)
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines:
        return
    record = DocumentRecord.model_construct(title=lines[0], section=None, dateline=None, cleaning=[])
    clean = normalize(text, _RULES, record)
    _assert_map_round_trips(clean)
    assert repair_text(clean.text) == clean.text
