"""Curator aid: names in the texts that no registered entity covers.

German capitalises every noun, so "capitalised word" says nothing. Instead this looks for
what names look like in this corpus: product codes (letters with digits: H20, MI308, R2),
acronyms (CCTV, CGTN), names after titles and roles (CEO, Präsident, Senator, Minister,
Chef, ...), runs of capitalised words inside a sentence (Financial Times, Ren Hongbin) and
short capitalised phrases in quotes, and the name before a role in a hyphenated compound
("Intel-Chef" → Intel). A candidate is reported unless a mention overlaps it or
seeds/ignore_names.yaml lists its text as reviewed and not an entity.

The registry helps too: a part of a registered person's name standing alone ("Tan" for
Lip-Bu Tan) is a missing alias, and a candidate whose words all belong to one entity's names
("Cyberspace Administration" for the Cyberspace Administration of China) is proposed as an
alias of that entity rather than as a new name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..curated.models import Entity

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
    "before role": re.compile(rf"\b([{_UPPER}][\w]*)-(?:{'|'.join(_ROLES)})(?:in|innen)?\b"),
}


@dataclass(frozen=True)
class Candidate:
    document_id: str
    start: int
    end: int
    text: str
    kind: str
    alias_of: Optional[str] = None  # the registered entity whose names hold every word of it


def suggest(texts: dict[str, str], covered: Iterable[tuple[str, int, int]], ignored: set[str],
            entities: Iterable[Entity] = ()) -> list[Candidate]:
    """Candidates per document that overlap no covered span and are not ignored."""
    entities = list(entities)
    spans: dict[str, list[tuple[int, int]]] = {}
    for document_id, start, end in covered:
        spans.setdefault(document_id, []).append((start, end))
    found: dict[tuple, Candidate] = {}
    for document_id, text in sorted(texts.items()):
        own = spans.get(document_id, [])
        for kind, start, end, alias_of in _matches(text, entities):
            name = text[start:end]
            if name in ignored or any(s < end and start < e for s, e in own):
                continue
            found.setdefault((document_id, start, end),
                             Candidate(document_id, start, end, name, kind, alias_of or _alias_of(name, entities)))
    return sorted(found.values(), key=lambda c: (c.document_id, c.start))


def _matches(text: str, entities: list[Entity]) -> Iterable[tuple[str, int, int, Optional[str]]]:
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            yield (kind, *match.span(1 if pattern.groups else 0), None)
    for entity, part in _name_parts(entities):
        for match in re.finditer(rf"(?<![\w-]){re.escape(part)}(?=s?(?![\w-]))", text):
            yield "part of a person's name", match.start(), match.end(), entity.entity_id


def _name_parts(entities: list[Entity]) -> Iterable[tuple[Entity, str]]:
    """Each word of a registered person's name that is not an alias by itself ("Tan" of "Lip-Bu Tan")."""
    for entity in entities:
        if entity.type != "person":
            continue
        words = {w for name in (entity.name, *entity.aliases) if " " in name for w in name.split()}
        yield from ((entity, w) for w in sorted(words - set(entity.aliases)) if w[:1].isupper())


def _words(name: str) -> set[str]:
    return {w.lower() for w in re.split(r"[\s-]+", name) if w}


def _alias_of(name: str, entities: list[Entity]) -> Optional[str]:
    """The one entity whose name and aliases hold every word of `name`, if there is exactly one."""
    words = _words(name)
    owners = [e.entity_id for e in entities
              if words <= set().union(*(_words(n) for n in (e.name, *e.aliases)))]
    return owners[0] if len(owners) == 1 else None
