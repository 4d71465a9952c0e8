import pyarrow.parquet as pq
import pytest

from chip_export_news.dates import parse_edtf


def _table(built, name):
    return pq.read_table(built / "data" / f"{name}.parquet").to_pylist()


def test_every_event_has_an_argument_and_a_mention(built):
    events = {e["event_id"] for e in _table(built, "events")}
    assert len(events) >= 40
    assert events == {a["event_id"] for a in _table(built, "event_arguments")}
    assert events == {m["event_id"] for m in _table(built, "event_mentions")}


def test_date_interval_agrees_with_date_and_precision(built):
    for event in _table(built, "events"):
        if event["date"] is None:
            assert event["date_precision"] == "unknown" and event["date_start"] is None
            continue
        parsed = parse_edtf(event["date"])
        assert (parsed.start, parsed.end, parsed.precision) == (
            event["date_start"], event["date_end"], event["date_precision"]), event["event_id"]


def test_relative_dates_name_their_expression_and_anchor(built):
    for event in _table(built, "events"):
        if event["date_basis"] == "relative":
            assert event["date_expression"] and "resolved against" in event["date_note"]
        if event["date_basis"] == "inferred":
            assert event["date_note"]


def test_am_freitag_resolves_against_the_dateline(built):
    meeting = next(e for e in _table(built, "events") if e["date_expression"] == "am Freitag")
    assert meeting["date"] == "2025-01-31"


def test_the_april_h20_restriction_is_one_event_reported_three_times(built):
    mentions = [m for m in _table(built, "event_mentions") if m["event_id"] == "us_restricts_h20_exports_2025_04"]
    assert len({m["document_id"] for m in mentions}) == 3


def test_plover_mapping_follows_the_vocabulary(built):
    from chip_export_news.schema import load_contract
    from conftest import ROOT

    types = load_contract(ROOT).vocabularies.event_types
    for event in _table(built, "events"):
        assert event["plover"] == types[event["event_type"]].plover


def test_errata_cover_each_kind_and_misspelled_aliases(built):
    errata = _table(built, "errata")
    assert {e["kind"] for e in errata} >= {"misspelling", "mistranslation", "factual_inconsistency",
                                           "extraction_artefact"}
    misspelled = {a["alias"] for a in _table(built, "aliases") if a["misspelling"]}
    assert misspelled <= {e["text"] for e in errata if e["kind"] == "misspelling"}


def test_the_card_has_vocabularies_and_a_timeline(built):
    card = (built / "README.md").read_text()
    assert "### Events over time" in card and "| 2025-01 | 2025-01-31 | meeting |" in card
    assert "| `export_restriction` | SANCTION |" in card
