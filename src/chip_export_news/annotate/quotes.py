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
        return (f"{excerpt(quote)} is not in the text" + _where_it_differs(text, quote),
                "copy the quote exactly from the article's clean text (python build.py text DOCUMENT_ID prints it)")
    if occurrence is None:
        if len(starts) > 1:
            return (f"{excerpt(quote)} occurs {len(starts)} times (at offsets {', '.join(map(str, starts))})",
                    f"quote a longer, unique passage, or add occurrence: 0 to {len(starts) - 1}")
        occurrence = 0
    if occurrence >= len(starts):
        return (f"occurrence {occurrence} of {excerpt(quote)} does not exist: it occurs {len(starts)} times",
                f"use an occurrence from 0 to {len(starts) - 1}")
    return starts[occurrence], starts[occurrence] + len(quote)


def _where_it_differs(text: str, quote: str) -> str:
    """Where the quote leaves the text: after its longest beginning found in the text (a quote
    with one word changed is then shown at that word), or nothing if not even that begins it."""
    low, high = 0, len(quote)  # quote[:low] is in the text, quote[:high + 1] is not
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if quote[:middle] in text else (low, middle - 1)
    if low < 10:
        return ""
    at = text.find(quote[:low]) + low
    differs = (f": its first {low} characters are in the text (to offset {at}), then the quote has "
               f"{excerpt(quote[low:low + 20], 30)} where the text has {excerpt(text[at:at + 20], 30)}")
    if text[at:at + 1] == "\n" and quote[low:low + 1] == " ":
        differs += (" (a paragraph break: quote within one paragraph, or write the break as \\n\\n in a "
                    "double-quoted string)")
    return differs
