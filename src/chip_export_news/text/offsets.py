"""Clean-text spans → raw-seed spans, from the recorded edits alone.

Between two edits the clean and the raw text advance together, so the edits (raw span,
where the replacement starts in the clean text, its length) are the whole offset map.
A clean span that touches a replacement maps to the raw span of that edit as a whole.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class MappedEdit:
    raw_start: int
    raw_end: int
    clean_start: int
    clean_length: int


class OffsetMap:
    def __init__(self, edits: Iterable[MappedEdit]):
        self._edits = sorted(edits, key=lambda e: (e.clean_start, e.raw_start))
        self._starts = [e.clean_start for e in self._edits]

    def raw_start(self, clean: int) -> int:
        """Raw offset of the character at clean offset `clean`."""
        index = bisect_right(self._starts, clean) - 1
        if index < 0:
            return clean
        edit = self._edits[index]
        if clean < edit.clean_start + edit.clean_length:
            return edit.raw_start
        return edit.raw_end + clean - edit.clean_start - edit.clean_length

    def raw_end(self, clean: int) -> int:
        """Raw offset just after the character before clean offset `clean`."""
        index = bisect_left(self._starts, clean) - 1
        if index < 0:
            return clean
        edit = self._edits[index]
        if clean <= edit.clean_start + edit.clean_length:
            return edit.raw_end
        return edit.raw_end + clean - edit.clean_start - edit.clean_length

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            position = self.raw_start(start)
            return position, position
        return self.raw_start(start), self.raw_end(end)


def raw_span_in(edit_rows: Iterable[dict], start: int, end: int) -> tuple[int, int]:
    """Where clean span [start, end) lies in the decoded seed, given the document's rows of
    the `edits` table: answers "where in the seed is this span?" from the dataset alone."""
    mapping = OffsetMap(MappedEdit(r["raw_start"], r["raw_end"], r["clean_start"], len(r["replacement"]))
                        for r in edit_rows)
    return mapping.raw_span(start, end)
