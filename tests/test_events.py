import pyarrow.parquet as pq

from chip_export_news.annotate.dates import parse_edtf


def _table(built, name):
    return pq.read_table(built / "data" / f"{name}.parquet").to_pylist()


# Invariants run over the project's corpus and over the corpus grown by an article (`corpus_build`);
# facts about the curated articles say so in their names and hold as articles are added.


def test_every_event_has_an_argument_and_a_mention(corpus_build):
    events = {e["event_id"] for e in _table(corpus_build, "events")}
    assert events
    assert events == {a["event_id"] for a in _table(corpus_build, "event_arguments")}
    assert events == {m["event_id"] for m in _table(corpus_build, "event_mentions")}


def test_the_curated_articles_report_at_least_40_events(built):
    assert len(_table(built, "events")) >= 40


def test_date_interval_agrees_with_date_and_precision(corpus_build):
    for event in _table(corpus_build, "events"):
        if event["date"] is None:
            assert event["date_precision"] == "unknown" and event["date_start"] is None
            continue
        parsed = parse_edtf(event["date"])
        assert (parsed.start, parsed.end, parsed.precision) == (
            event["date_start"], event["date_end"], event["date_precision"]), event["event_id"]


def test_relative_dates_name_their_expression_and_anchor(corpus_build):
    for event in _table(corpus_build, "events"):
        if event["date_basis"] == "relative":
            assert event["date_expression"] and "resolved against" in event["date_note"]
        if event["date_basis"] == "inferred":
            assert event["date_note"]


def test_am_freitag_in_the_eulerpool_article_resolves_against_its_dateline(built):
    meeting = next(e for e in _table(built, "events") if e["date_expression"] == "am Freitag"
                   and e["date_note"] and "eulerpool-trump-meets-huang" in e["date_note"])
    assert meeting["date"] == "2025-01-31"


def test_the_april_h20_restriction_is_one_event_reported_by_at_least_these_three_articles(built):
    mentions = [m for m in _table(built, "event_mentions") if m["event_id"] == "us_restricts_h20_exports_2025_04"]
    assert {m["document_id"] for m in mentions} >= {
        "trump-rejects-huang-request", "lusa-nvidia-resumes-h20", "eleconomista-nvidia-resumes-h20"}


def test_plover_mapping_follows_the_vocabulary(corpus_build):
    from chip_export_news.tabulate.schema import load_contract
    from conftest import ROOT

    types = load_contract(ROOT).vocabularies.event_types
    for event in _table(corpus_build, "events"):
        assert event["plover"] == types[event["event_type"]].plover


def test_the_curated_errata_cover_each_kind(built):
    assert {e["kind"] for e in _table(built, "errata")} >= {"misspelling", "mistranslation", "factual_inconsistency",
                                                             "extraction_artefact"}


def test_every_misspelled_alias_is_an_erratum(corpus_build):
    misspelled = {a["alias"] for a in _table(corpus_build, "aliases") if a["misspelling"]}
    assert misspelled <= {e["text"] for e in _table(corpus_build, "errata") if e["kind"] == "misspelling"}


def test_the_card_has_vocabularies_and_a_timeline_with_the_eulerpool_meeting(built):
    card = (built / "README.md").read_text()
    assert "### Events over time" in card and "| 2025-01 | 2025-01-31 | meeting |" in card
    assert "| `export_restriction` | SANCTION |" in card
