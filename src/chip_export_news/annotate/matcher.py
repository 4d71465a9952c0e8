"""One-pass alias matching (Aho–Corasick) with German word boundaries.

Case and hyphenation are folded away (NVIDIA = Nvidia, Trump-Administration = Trump
Administration); a match must start at a word start and end at a word end, before a
genitive "s" (NVIDIAs, Chinas) or before a hyphen (Nvidia-Chips, H20-KI-Beschleuniger).
The automaton is built once per registry, so the cost of a text grows with its length
and its matches, and barely with the number of aliases.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Iterable, NamedTuple

import ahocorasick

_HYPHENS = ("-", "\u2010", "\u2011", "\u00a0")


def fold(text: str) -> str:
    """Case- and hyphen-folded text of the same length, so offsets carry over unchanged."""
    folded = text.lower()
    if len(folded) != len(text):  # a few characters lower-case to two (e.g. "İ")
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for hyphen in _HYPHENS:
        folded = folded.replace(hyphen, " ")
    return folded


class Match(NamedTuple):  # a tuple, not a frozen dataclass: a large corpus makes one per alias occurrence
    start: int
    end: int
    key: str  # the folded alias
    entities: tuple[str, ...]  # every entity registered under this alias


class Matcher:
    def __init__(self, aliases: Iterable[tuple[str, str]]):
        """`aliases`: (alias, entity_id) pairs; one alias may belong to several entities."""
        owners: dict[str, list[str]] = {}
        for alias, entity_id in aliases:
            entities = owners.setdefault(fold(alias), [])
            if entity_id not in entities:
                entities.append(entity_id)
        self._automaton = ahocorasick.Automaton()
        for key, entities in owners.items():
            self._automaton.add_word(key, (key, tuple(sorted(entities))))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners

    def find(self, text: str) -> list[Match]:
        """Every alias occurrence at word boundaries, overlapping ones included, in text order."""
        if self._empty:
            return []
        folded = fold(text) + " "
        matches = []
        for last, (key, entities) in self._automaton.iter(folded):
            start = last + 1 - len(key)
            if start and folded[start - 1].isalnum():
                continue
            after = folded[last + 1]
            if after.isalnum() and not (after == "s" and not folded[last + 2:last + 3].isalnum()):
                continue
            matches.append(Match(start, last + 1, key, entities))
        # by (start, -end): two stable sorts on C key functions, instead of a Python key per match
        matches.sort(key=attrgetter("end"), reverse=True)
        matches.sort(key=attrgetter("start"))
        return matches
