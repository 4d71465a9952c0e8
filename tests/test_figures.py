"""The card's figures: drawn from the tables at the precision of each date, byte-reproducible."""

import datetime

import matplotlib
import pyarrow.parquet as pq
import pytest

from chip_export_news.export.figures import ENTITIES, STYLE, TIMELINE, entity_counts, timeline_figure, write_figures

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(scope="module")
def tables(built):
    return {p.stem: pq.read_table(p) for p in (built / "data").glob("*.parquet")}


def test_every_dated_event_is_drawn_over_the_interval_its_date_denotes(tables):
    with plt.rc_context(STYLE):
        figure = timeline_figure(plt, tables)
    bars = {(round(p.get_x(), 6), round(p.get_width(), 6)) for ax in figure.axes for p in ax.patches}
    days = {round(x, 6) for ax in figure.axes for line in ax.lines for x in line.get_xdata()}
    plt.close(figure)
    for event in tables["events"].to_pylist():
        if event["date_start"] is None:
            continue
        start = mdates.date2num(event["date_start"])
        width = mdates.date2num(event["date_end"] + datetime.timedelta(days=1)) - start
        if event["date_precision"] == "day" and width == 1:
            assert round(start + 0.5, 6) in days, event["event_id"]
        else:  # a year-precision event spans its year, never its January
            assert (round(start, 6), round(width, 6)) in bars, event["event_id"]


def test_entities_are_ranked_by_documents_then_events(tables):
    ranked = entity_counts(tables)
    assert len(ranked) == tables["entities"].num_rows
    keys = [(-r["document_count"], -r["event_count"]) for r in ranked]
    assert keys == sorted(keys)
    arguments = tables["event_arguments"].to_pylist()
    for row in ranked:
        assert row["event_count"] == len({a["event_id"] for a in arguments if a["entity_id"] == row["entity_id"]})


def test_two_renders_are_byte_identical_and_carry_no_date(tables, tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        write_figures(tables, tmp_path / name)
    for path in (TIMELINE, ENTITIES):
        svg = (tmp_path / "a" / path).read_bytes()
        assert svg == (tmp_path / "b" / path).read_bytes()
        assert b"<dc:date>" not in svg
