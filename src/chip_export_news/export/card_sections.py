"""Sections of the dataset card computed from the built tables: example rows and statistics."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from typing import TYPE_CHECKING

import pyarrow as pa

from .card import markdown_table

if TYPE_CHECKING:  # validate recounts these sections, and does not need pydantic
    from ..tabulate.schema import Contract

# Vocabularies whose order the card's event statistics follow (events.<name>).
ORDERED = ("factuality", "date_precision")
LONGEST_VALUE = 160  # characters of a string shown in an example row


def instances_section(contract: Contract, tables: dict[str, pa.Table]) -> str:
    """The first row of every flat table, as JSON; long strings cut, saying how much was left out."""
    parts = []
    for name in contract.tables:
        if tables[name].num_rows == 0:
            continue
        row = {k: _shortened(v) for k, v in tables[name].slice(0, 1).to_pylist()[0].items()}
        parts.append(f"`{name}`:\n\n```json\n{json.dumps(row, ensure_ascii=False, indent=2, default=str)}\n```\n")
    return "\n".join(parts)


def _shortened(value):
    if isinstance(value, str) and len(value) > LONGEST_VALUE:
        return f"{value[:LONGEST_VALUE]}… [{len(value) - LONGEST_VALUE} more characters]"
    return value


def statistics_section(tables: dict[str, pa.Table], orders: dict[str, list[str]]) -> str:
    """Counts per document and of events, from the tables alone (so `validate` can make them
    again); `orders` gives the vocabulary order of factuality and date_precision."""
    documents = tables["documents"].select(["document_id", "n_tokens", "n_sentences"]).to_pylist()
    per_table = {name: Counter(tables[name]["document_id"].to_pylist())
                 for name in ("mentions", "event_mentions", "errata")}
    rows = [[d["document_id"], d["n_tokens"], d["n_sentences"],
             *(per_table[name][d["document_id"]] for name in per_table)] for d in documents]
    header = ["document", "tokens", "sentences", "mentions", "event reports", "errata"]
    summary = [[f"**{label}**", *(_number(fn([r[i] for r in rows])) for i in range(1, len(header)))]
               for label, fn in (("mean", statistics.mean), ("min", min), ("max", max))] if rows else []
    return ("Per document (tokens as the sentence splitter counts them, the same count as SoMaJo `de_CMC` on every sentence tested):\n\n"
            + markdown_table(header, rows + summary) + "\n" + _events_by_type(tables, orders))


def _number(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _events_by_type(tables: dict[str, pa.Table], orders: dict[str, list[str]]) -> str:
    events = tables["events"].select(["event_type", "factuality", "date_precision"]).to_pylist()
    order = orders["factuality"]
    present = [f for f in order if any(e["factuality"] == f for e in events)]
    cells = Counter((e["event_type"], e["factuality"]) for e in events)
    totals = Counter(e["event_type"] for e in events)
    types = sorted(totals, key=lambda t: (-totals[t], t))
    rows = [[f"`{t}`", *(cells[(t, f)] or "" for f in present), totals[t]] for t in types]
    rows.append(["**all**", *(sum(cells[(t, f)] for t in types) for f in present), len(events)])
    precision = Counter(e["date_precision"] for e in events)
    dated = ", ".join(f"{p} {precision[p]}" for p in orders["date_precision"] if precision[p])
    return (f"Events by type and factuality ({len(events)} events; date precision: {dated}):\n\n"
            + markdown_table(["event type", *present, "all"], rows))


def counted_sections(tables: dict[str, pa.Table], orders: dict[str, list[str]]) -> dict[str, str]:
    """The card's sections that state counts, made from the tables alone: the build writes
    them, and `validate` makes them again from the tables it reads and finds them in the card.
    `orders`: the vocabulary order of events.factuality and events.date_precision."""
    return {"entity_summary": _entity_summary(tables), "statistics": statistics_section(tables, orders)}


def _entity_summary(tables: dict[str, pa.Table]) -> str:
    types = Counter(tables["entities"]["type"].to_pylist())
    mentions = tables["mentions"]
    nested = sum(mentions["nested"].to_pylist())
    return ("Entities by type: " + ", ".join(f"{kind} {n}" for kind, n in sorted(types.items()))
            + f"; {mentions.num_rows} mentions, {nested} of them nested.")

