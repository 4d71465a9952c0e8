"""The card's figures: drawn from the tables at the precision of each date, byte-reproducible."""

import datetime

import matplotlib
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chip_export_news.export.figures import (ENTITIES, STYLE, TIMELINE, entities_figure, entity_counts,
                                           timeline_figure, write_figures)

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


def _texts(figure):
    """Every visible text of a drawn figure, with its axes (None: the figure's own)."""
    renderer = figure.canvas.get_renderer()
    found = [(None, t) for t in figure.texts]
    for ax in figure.axes:
        shown = [t for t in ax.get_xticklabels() if min(ax.get_xlim()) <= t.get_position()[0] <= max(ax.get_xlim())]
        shown += [t for t in ax.get_yticklabels() if min(ax.get_ylim()) <= t.get_position()[1] <= max(ax.get_ylim())]
        legend = ax.get_legend()
        shown += [ax.xaxis.label, *ax.texts, *(legend.get_texts() if legend else [])]
        found += [(ax, t) for t in shown if t.get_visible() and t.get_text()]
    return [(ax, t.get_text(), t.get_window_extent(renderer)) for ax, t in found]


def _with_long_name(tables):
    entities = tables["entities"].to_pylist()
    entities[0]["name"] = "Bundesamt für Wirtschaft und Ausfuhrkontrolle, Referat für Dual-Use-Güter und Halbleiter"
    return {**tables, "entities": pa.Table.from_pylist(entities, schema=tables["entities"].schema)}


@pytest.mark.parametrize("draw", [timeline_figure, entities_figure], ids=["timeline", "entities"])
@pytest.mark.parametrize("variant", [lambda t: t, _with_long_name], ids=["built", "long entity name"])
def test_every_text_is_inside_the_figure_and_panels_labels_do_not_overlap(tables, draw, variant):
    with plt.rc_context(STYLE):
        figure = draw(plt, variant(tables))
        figure.canvas.draw()
        texts = _texts(figure)
        box = figure.bbox
        plt.close(figure)
    for _, text, extent in texts:
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text
        assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text
    ticks = [(ax, text, extent) for ax, text, extent in texts if ax is not None]
    for i, (ax, text, extent) in enumerate(ticks):
        for other_ax, other, other_extent in ticks[i + 1:]:
            if ax is not other_ax:
                assert not extent.overlaps(other_extent), (text, other)
