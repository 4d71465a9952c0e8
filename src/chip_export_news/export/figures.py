"""figures/*.svg: the card's figures, drawn from the built tables.

Byte-reproducible: the Agg backend, DejaVu Sans (shipped with matplotlib), text drawn as paths
(the same glyphs in every viewer, no font lookup), a fixed SVG hash salt for clip-path ids and
no date or creator in the SVG metadata. matplotlib is a build dependency, imported here only.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import traceback
from collections import Counter
from pathlib import Path

import pyarrow as pa

from ..stages.child_processes import die_with_parent
from ..tabulate.shards import read_files, stored_files

FIGURES = "figures"
DRAWN = ("events", "entities", "event_arguments")  # the tables the figures are drawn from
TIMELINE = f"{FIGURES}/events_timeline.svg"
ENTITIES = f"{FIGURES}/entities.svg"
TOP_ENTITIES = 25
WIDTH_IN = 8.0  # about 770 px: the width of the card on the Hub

STYLE = {
    "svg.hashsalt": "chip-export-news",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class FigureProcess:
    """write_figures in a process of its own, started when the build starts: matplotlib's import
    (a third of a small build) overlaps the annotation stage, and the drawing overlaps the
    browser pages. The process reads the tables it draws from the folder the build writes; it
    answers on its stdout (nothing, or the traceback of a bug) and ends when its stdin closes or
    the build dies, so a killed build leaves neither the process nor a message behind."""

    def __init__(self):
        serve = (f"import sys; sys.path.insert(0, {str(_SOURCE)!r}); from {__name__} import _serve; "
                 f"_serve({os.getpid()})")
        self._process = subprocess.Popen([sys.executable, "-c", serve], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def draw(self, out: Path) -> None:
        self._process.stdin.write(f"{out}\n")
        self._process.stdin.flush()

    def wait(self) -> None:
        answer = self._process.stdout.readline()
        if answer != "drawn\n":
            raise RuntimeError(f"drawing the figures failed:\n{answer}{self._process.stdout.read()}")

    def close(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()  # a process still waiting for tables ends on this
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._process.stdout.close()


_SOURCE = Path(__file__).resolve().parents[2]  # where the package is imported from, for the child


def _serve(parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build handles an interrupt, and closes this
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401  (the import is what this process starts early for)

    line = sys.stdin.readline()
    if not line:
        return  # the build ended before it had tables to draw
    out = Path(line.rstrip("\n"))
    try:
        write_figures({name: read_files(out, stored_files(out, name)) for name in DRAWN}, out)
        print("drawn", flush=True)
    except Exception:  # a bug: the build reports it
        print(traceback.format_exc(), flush=True)


def write_figures(tables: dict[str, pa.Table], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (out / FIGURES).mkdir()
    with plt.rc_context(STYLE):
        for path, draw in ((TIMELINE, timeline_figure), (ENTITIES, entities_figure)):
            figure = draw(plt, tables)
            figure.savefig(out / path, format="svg", metadata={"Date": None, "Creator": None})
            plt.close(figure)


def _dated_events(events: pa.Table) -> list[dict]:
    return [e for e in events.select(["event_id", "event_type", "date", "date_start", "date_end",
                                      "date_precision"]).to_pylist() if e["date_start"] is not None]


def _panels(events: list[dict]) -> list[tuple[datetime.date, datetime.date, bool]]:
    """Time ranges of the panels (start, end, detailed): the year with the most events in detail,
    the years before and after it compressed into panels of their own (a broken axis), so that a
    month stays readable however far back or ahead the corpus reaches."""
    years = Counter(e["date_start"].year for e in events)
    focus = max(sorted(years), key=years.__getitem__)
    first = min(e["date_start"].year for e in events)
    last = max(e["date_end"].year for e in events)
    year = lambda y: datetime.date(y, 1, 1)  # noqa: E731
    panels = [(year(first), year(focus), False)] if first < focus else []
    panels.append((year(focus), year(focus + 1), True))
    if last > focus:
        panels.append((year(focus + 1), year(last + 1), False))
    return panels


def timeline_figure(plt, tables: dict[str, pa.Table]):
    """One row per event type, each event a bar over the whole interval its date denotes: a
    year-precision event spans its year, a month its month; a day is a diamond. Each panel
    draws the events its time range overlaps."""
    import matplotlib.dates as mdates

    events = _dated_events(tables["events"])
    undated = tables["events"].num_rows - len(events)
    first = {}
    for e in sorted(events, key=lambda e: (e["date_start"], e["event_id"])):
        first.setdefault(e["event_type"], e["date_start"])
    types = sorted(first, key=lambda t: (first[t], t))
    counts = Counter(e["event_type"] for e in events)
    colours = _colours(plt, types)
    panels = _panels(events)
    ratios = [6 if detailed else min(1 + (hi.year - lo.year), 3) for lo, hi, detailed in panels]
    figure, axes = plt.subplots(1, len(panels), sharey=True, width_ratios=ratios, squeeze=False,
                                figsize=(WIDTH_IN, 0.8 + 0.22 * len(types)))
    axes = axes[0]
    for ax, (lo, hi, detailed) in zip(axes, panels):
        for e in events:
            end = e["date_end"] + datetime.timedelta(days=1)
            if not (e["date_start"] < hi and end > lo):
                continue
            row = types.index(e["event_type"])
            left = mdates.date2num(e["date_start"])
            width = mdates.date2num(end) - left
            colour = colours[e["event_type"]]
            if e["date_precision"] == "day" and width <= 1:
                ax.plot(left + width / 2, row, marker="D", markersize=4, color=colour, linestyle="none")
            else:
                ax.barh(row, width, left=left, height=0.6, color=(*colour, 0.35),
                        edgecolor=colour, linewidth=1.0)
        ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
        _date_axis(ax, lo, hi, detailed, mdates)
        ax.grid(axis="x", linewidth=0.3, color="#cccccc")
        ax.set_axisbelow(True)
    labels = [f"{t} ({counts[t]})" for t in types]
    axes[0].set_yticks(range(len(types)), labels)
    axes[0].invert_yaxis()
    for ax in axes[1:]:
        ax.tick_params(axis="y", left=False)
        ax.spines["left"].set_linestyle((0, (2, 2)))
    title = figure.suptitle(f"Events by date and type, at the precision the text gives ({len(events)} dated, "
                            f"{undated} undated not shown). Bar: the month, year or interval; diamond: a day.",
                            fontsize=8)
    _fit(figure, title, labels, gap_pt=28)
    return figure


def _date_axis(ax, lo: datetime.date, hi: datetime.date, detailed: bool, mdates) -> None:
    if not detailed:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        return
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    ax.set_xlabel(str(lo.year), fontweight="bold")


def _colours(plt, names: list[str]) -> dict[str, tuple]:
    # Strong colours only (the rows are labelled; a colour tells bars apart, not types by itself).
    palette = [*plt.get_cmap("tab10").colors, *plt.get_cmap("Dark2").colors, *plt.get_cmap("Set1").colors]
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def entity_counts(tables: dict[str, pa.Table]) -> list[dict]:
    """Entities with the documents they are mentioned in and the events they take part in (as
    any argument), most documents first, then most events."""
    events = {}
    for row in tables["event_arguments"].select(["event_id", "entity_id"]).to_pylist():
        events.setdefault(row["entity_id"], set()).add(row["event_id"])
    rows = [{**e, "event_count": len(events.get(e["entity_id"], ()))}
            for e in tables["entities"].select(["entity_id", "name", "type", "document_count"]).to_pylist()]
    return sorted(rows, key=lambda r: (-r["document_count"], -r["event_count"], r["name"]))


def entities_figure(plt, tables: dict[str, pa.Table]):
    ranked = entity_counts(tables)
    rows = ranked[:TOP_ENTITIES]
    colours = _colours(plt, sorted({r["type"] for r in ranked}))  # stable while the top changes
    kinds = sorted({r["type"] for r in rows})
    figure, (docs, events) = plt.subplots(1, 2, sharey=True, figsize=(WIDTH_IN, 0.9 + 0.2 * len(rows)))
    positions = range(len(rows))
    for ax, key, label in ((docs, "document_count", "documents mentioning it"),
                           (events, "event_count", "events it takes part in")):
        ax.barh(positions, [r[key] for r in rows], color=[colours[r["type"]] for r in rows], height=0.7)
        for y, r in zip(positions, rows):
            ax.annotate(str(r[key]), (r[key], y), xytext=(2, 0), textcoords="offset points",
                        va="center", fontsize=7)
        ax.set_xlabel(label)
        ax.xaxis.get_major_locator().set_params(integer=True)
    docs.set_yticks(list(positions), [r["name"] for r in rows])
    docs.invert_yaxis()
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[k]) for k in kinds]
    events.legend(handles, kinds, title="entity type", loc="lower right", fontsize=7, title_fontsize=7)
    shown = f"the {len(rows)} of {len(ranked)} entities" if len(ranked) > len(rows) else f"all {len(rows)} entities"
    title = figure.suptitle(f"Entities by documents and events ({shown} named in most documents)", fontsize=8)
    _fit(figure, title, [r["name"] for r in rows], gap_pt=24)
    return figure


MARGIN_PT = 4  # around the figure's content


def _fit(figure, title, row_labels: list[str], gap_pt: float) -> None:
    """Margins measured from the texts that set them (the widest row label, a tick label, the
    x-axis labels, the title) rather than by a layout engine, which measures every tick label
    of every panel and took a third of the drawing. `gap_pt`: the space between panels."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    per_point = figure.dpi / 72

    def size(text: str, font: FontProperties) -> tuple[float, float]:
        width, height, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
        return width / per_point, height / per_point

    ticks = FontProperties(size=rcParams["xtick.labelsize"])
    tick = rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]
    xlabel = max((size(ax.get_xlabel(), ax.xaxis.label.get_fontproperties())[1] + rcParams["axes.labelpad"]
                  for ax in figure.axes if ax.get_xlabel()), default=0)
    left = MARGIN_PT + tick + max((size(t, FontProperties(size=rcParams["ytick.labelsize"]))[0]
                                   for t in row_labels), default=0)
    right = MARGIN_PT + size("0000", ticks)[0] / 2  # the last tick label reaches past the panel
    bottom = MARGIN_PT + tick + size("Jan 2025", ticks)[1] + xlabel
    top = 2 * MARGIN_PT + size(title.get_text(), title.get_fontproperties())[1]
    width, height = figure.get_figwidth() * 72, figure.get_figheight() * 72
    panels = len(figure.axes)
    average = (width - left - right - gap_pt * (panels - 1)) / panels
    figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                           top=1 - top / height, wspace=gap_pt / average)
    title.set_y(1 - MARGIN_PT / height)
