"""Curated quotes → character spans: a quote must be found exactly once, or at its occurrence."""

from __future__ import annotations

from typing import Optional

from ..curated.errors import excerpt


def occurrences(text: str, quote: str) -> list[int]:
    starts, position = [], text.find(quote)
    while quote and position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def locate(text: str, quote: str, occurrence: Optional[int], raw: str) -> tuple[int, int] | tuple[str, str]:
    """The span of `quote` in the clean `text`, or (message, hint) saying why there is none."""
    starts = occurrences(text, quote)
    if not starts:
        if quote in raw:
            return (f"{excerpt(quote)} is in the raw article but not in the clean text",
                    "cleaning changed it (see the document's rows in dataset/data/edits.parquet): "
                    "quote the clean text, e.g. without a space before punctuation, within one paragraph")
        return (f"{excerpt(quote)} is not in the text", "copy the quote exactly from the article's clean text")
    if occurrence is None:
        if len(starts) > 1:
            return (f"{excerpt(quote)} occurs {len(starts)} times (at offsets {', '.join(map(str, starts))})",
                    f"quote a longer, unique passage, or add occurrence: 0 to {len(starts) - 1}")
        occurrence = 0
    if occurrence >= len(starts):
        return (f"occurrence {occurrence} of {excerpt(quote)} does not exist: it occurs {len(starts)} times",
                f"use an occurrence from 0 to {len(starts) - 1}")
    return starts[occurrence], starts[occurrence] + len(quote)
