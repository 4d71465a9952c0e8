"""Curator aid: names in the texts that no registered entity covers.

German capitalises every noun, so "capitalised word" says nothing. Instead this looks for
what names look like in this corpus: product codes (letters with digits: H20, MI308, R2),
acronyms (CCTV, CGTN), names after titles and roles (CEO, Präsident, Senator, Minister,
Chef, ...), runs of capitalised words inside a sentence (Financial Times, Ren Hongbin) and
short capitalised phrases in quotes. A candidate is reported unless a mention overlaps it
or seeds/ignore_names.yaml lists its text as reviewed and not an entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_UPPER = "A-ZÄÖÜ"
_WORD = rf"[{_UPPER}][\w-]*"
_ROLES = ("CEO", "Chef", "Präsident", "Präsidenten", "Senator", "Minister", "Handelsminister",
          "Vizepremier", "Berater", "Politikberater", "Sicherheitsberater", "Gründer", "Erfinder",
          "Manager", "Sprecher", "Abgeordnete")
PATTERNS = {
    "product code": re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z]+-?\d[\w]*\b"),
    "acronym": re.compile(rf"\b[{_UPPER}]{{2,}}s?\b"),
    "after role": re.compile(rf"\b(?:{'|'.join(_ROLES)}),? ({_WORD}(?: {_WORD})*)"),
    "capitalised run": re.compile(rf"(?<=[\w,] )({_WORD}(?: {_WORD})+)"),
    "quoted": re.compile(rf"„({_WORD}(?: {_WORD}){{0,3}})“"),
}


@dataclass(frozen=True)
class Candidate:
    document_id: str
    start: int
    end: int
    text: str
    kind: str


def suggest(texts: dict[str, str], covered: Iterable[tuple[str, int, int]], ignored: set[str]) -> list[Candidate]:
    """Candidates per document that overlap no covered span and are not ignored."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for document_id, start, end in covered:
        spans.setdefault(document_id, []).append((start, end))
    found: dict[tuple, Candidate] = {}
    for document_id, text in sorted(texts.items()):
        own = spans.get(document_id, [])
        for kind, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                start, end = match.span(group)
                name = match.group(group)
                if name in ignored or any(s < end and start < e for s, e in own):
                    continue
                found.setdefault((document_id, start, end), Candidate(document_id, start, end, name, kind))
    return sorted(found.values(), key=lambda c: (c.document_id, c.start))
