import re

import pyarrow.parquet as pq
import pytest

from chip_export_news.annotate.matcher import Matcher
from chip_export_news.annotate.mentions import nest
from chip_export_news.stages.corpus_stage import annotate, suggestions
from chip_export_news.annotate.suggest import suggest

from conftest import ROOT


@pytest.fixture(scope="module")
def corpus():
    return annotate(ROOT)


@pytest.fixture(scope="module")
def any_corpus(corpus_root):
    """The project's corpus, and the corpus grown by an article: invariants hold for both."""
    return annotate(corpus_root)


def _naive_occurrences(text, alias):
    """An independent re-statement of the matching rule: one regex per alias."""
    body = r"[-\s]".join(re.escape(part) for part in re.split(r"[-\s]", alias))
    pattern = re.compile(rf"(?<![^\W_]){body}(?=s?(?:[^\w]|_|$))", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def test_every_alias_occurrence_is_covered_by_a_mention(any_corpus):
    corpus = any_corpus
    by_span = {(m.document_id, m.start, m.end): m for m in corpus.mentions}
    for document in corpus.documents:
        own = [m for m in corpus.mentions if m.document_id == document.id]
        for entity in corpus.sources.entities.model.entities:
            for alias in entity.aliases:
                for start, end in _naive_occurrences(document.text, alias):
                    mention = by_span.get((document.id, start, end))
                    if mention is None:  # dropped only when a longer mention of the same entity holds it
                        assert any(m.entity_id == entity.entity_id and m.start <= start and end <= m.end
                                   for m in own), (document.id, alias, start)
                    elif mention.entity_id != entity.entity_id:
                        assert len({e.entity_id for e in corpus.sources.entities.model.entities
                                    if alias in e.aliases}) > 1, (document.id, alias, start)


def test_inflected_and_compound_forms_in_the_curated_articles_are_found(corpus):
    for form in ["NVIDIAs", "Nvidias", "Huangs", "Nvidia-Chips", "H20-KI-Beschleuniger", "US-Vorschriften"]:
        assert any(_text(corpus, m.document_id).startswith(form, m.start) for m in corpus.mentions), form


def _text(corpus, document_id):
    return next(d.text for d in corpus.documents if d.id == document_id)


def test_misspellings_in_the_curated_articles_link_to_the_right_entity(corpus):
    linked = {(_text(corpus, m.document_id)[m.start:m.end], m.entity_id) for m in corpus.mentions}
    assert ("H2O", "h20") in linked and ("Jenseng", "jensen_huang") in linked


def test_ambiguous_names_in_the_curated_articles_are_assigned(corpus):
    entities = {(m.document_id, _text(corpus, m.document_id)[m.start:m.end], m.entity_id) for m in corpus.mentions}
    assert ("lusa-nvidia-resumes-h20", "Peking", "beijing") in entities
    assert ("china-weighs-nvidia-ban", "Peking", "china_government") in entities


def test_nesting_policy():
    text = "Die Trump-Administration und Jensen Huang"
    matcher = Matcher([("Trump-Administration", "us"), ("Trump", "trump"), ("Jensen Huang", "huang"),
                       ("Huang", "huang")])
    kept, crossing = nest("d", [(m, m.entities[0]) for m in matcher.find(text)])
    spans = {(text[m.start:m.end], m.entity_id, m.parent is not None) for m in kept}
    assert spans == {("Trump-Administration", "us", False), ("Trump", "trump", True), ("Jensen Huang", "huang", False)}
    assert crossing == []


def test_crossing_mentions_are_reported():
    text = "New York Times Square"
    matcher = Matcher([("New York Times", "paper"), ("Times Square", "place")])
    kept, crossing = nest("d", [(m, m.entities[0]) for m in matcher.find(text)])
    assert len(crossing) == 1 and [m.entity_id for m in kept] == ["paper"]


def test_matcher_respects_word_boundaries():
    matcher = Matcher([("US", "us"), ("AMD", "amd")])
    text = "Aus den USA: US-Firmen, AMDs Chips, Fokus"
    assert [text[m.start:m.end] for m in matcher.find(text)] == ["US", "AMD"]


def test_the_curated_articles_hold_over_200_mentions(built):
    assert pq.read_table(built / "data" / "mentions.parquet").num_rows > 200


def test_mention_counts_of_entities(corpus_build):
    mentions = pq.read_table(corpus_build / "data" / "mentions.parquet").to_pylist()
    entities = {e["entity_id"]: e for e in pq.read_table(corpus_build / "data" / "entities.parquet").to_pylist()}
    for entity_id, entity in entities.items():
        own = [m for m in mentions if m["entity_id"] == entity_id]
        assert entity["mention_count"] == len(own)
        assert entity["document_count"] == len({m["document_id"] for m in own})
    assert all(e["mention_count"] > 0 for e in entities.values()), "registry entries nobody mentions"


def test_suggester_finds_nothing_uncovered_in_a_curated_corpus(corpus_root):
    assert suggestions(corpus_root) == []


def test_suggester_finds_new_names():
    text = "AMD-Chefin Lisa Su stellte in Austin den MI355X vor. CEO Lisa Su sprach mit der Financial Times."
    found = {c.text for c in suggest({"d": text}, [("d", 0, 3)], {"CEO"})}
    assert {"MI355X", "Lisa Su", "Financial Times"} <= found
    assert "AMD" not in found  # covered by a mention


def _entity(entity_id, name, type_, *aliases):
    from chip_export_news.curated.models import Entity

    return Entity(entity_id=entity_id, name=name, type=type_, aliases=list(aliases or [name]), description="test")


TAN = _entity("lip_bu_tan", "Lip-Bu Tan", "person")
CAC = _entity("cyberspace_administration_of_china", "Cyberspace Administration of China", "organization",
              "chinesische Cyberspace-Behörde")


def test_suggester_finds_the_name_before_a_role_in_a_compound():
    text = "Intel-Chef Lip-Bu Tan reiste ab, ebenso die AMD-Chefin."
    found = {(c.text, c.alias_of) for c in suggest({"d": text}, [("d", 11, 21)], set(), [TAN])}
    assert ("Intel", None) in found and ("AMD", None) in found
    assert not any(text == "Lip-Bu Tan" for text, _ in found)  # covered by its mention


def test_suggester_flags_a_lone_part_of_a_registered_persons_name_as_a_missing_alias():
    text = "Lip-Bu Tan kam. Tan sagte, Tans Firma sei bereit."
    found = [c for c in suggest({"d": text}, [("d", 0, 10)], set(), [TAN]) if c.text == "Tan"]
    assert [(c.start, c.alias_of) for c in found] == [(16, "lip_bu_tan"), (27, "lip_bu_tan")]


def test_suggester_proposes_a_name_within_an_entitys_names_as_its_alias():
    text = "Die Behörde, kurz die Cyberspace Administration, und die Financial Times."
    found = {c.text: c.alias_of for c in suggest({"d": text}, [], set(), [TAN, CAC])}
    assert found["Cyberspace Administration"] == "cyberspace_administration_of_china"
    assert found["Financial Times"] is None  # no registered entity holds these words


def test_suggester_proposes_no_alias_when_two_entities_hold_the_words():
    other = _entity("cyberspace_administration_of_x", "Cyberspace Administration of X", "organization")
    found = {c.text: c.alias_of for c in suggest({"d": "Er lobte die Cyberspace Administration."}, [], set(),
                                                  [CAC, other])}
    assert found["Cyberspace Administration"] is None
