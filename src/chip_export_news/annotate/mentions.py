"""Registry → mentions: every alias occurrence in every clean text, linked to its entity.

Policy (documented in the card):
- every occurrence of a registered alias is a mention; the span is the name as registered
  (a genitive -s or a compound tail after a hyphen is not part of it: "NVIDIAs" → "NVIDIA");
- a mention inside a longer one is kept and flagged `nested`, with the innermost longer
  mention as its parent ("Trump" in "Trump-Administration") — unless both name the same
  entity ("Huang" in "Jensen Huang"), where the inner one adds nothing and is dropped;
- mentions that cross (overlap without nesting) are an error to resolve in the registry;
- an alias registered for several entities ("Peking": city or government) must be assigned
  per occurrence in seeds/mention_assignments.yaml; every unassigned occurrence is reported.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter
from typing import NamedTuple, Optional

from ..stages.documents import Document
from ..curated.errors import Problem
from .matcher import Match, Matcher, fold
from ..curated.models import Assignments, Registry
from ..curated.sources import Curated


class Mention(NamedTuple):  # a tuple, not a frozen dataclass: a large corpus makes hundreds of thousands
    document_id: str
    entity_id: str
    start: int
    end: int
    parent: Optional["Mention"] = None
    assignment_note: Optional[str] = None

    @property
    def mention_id(self) -> str:
        return f"{self.document_id}@{self.start}-{self.end}"


def matcher_for(registry: Registry) -> Matcher:
    return Matcher((alias, e.entity_id) for e in registry.entities for alias in e.aliases)


def find_mentions(documents: list[Document], registry: Curated, assignments: Curated,
                  skipped: frozenset[str] = frozenset()) -> tuple[list[Mention], list[Problem]]:
    matcher = matcher_for(registry.model)
    chosen = _assignment_index(assignments.model)
    used: set[tuple] = set()
    mentions: list[Mention] = []
    problems: list[Problem] = []
    notes = [a.note for a in assignments.model.assignments]
    for document in documents:
        document_id, linked, assigned = document.id, [], {}
        for match, occurrence in _numbered(matcher.find(document.text)):
            entity = match.entities[0] if len(match.entities) == 1 else \
                _assigned_entity(document, match, occurrence, chosen, used, assignments, problems)
            if entity:
                linked.append((match, entity))
            key = (document_id, match.key, occurrence)
            if key in chosen:
                assigned[(match.start, match.end)] = notes[chosen[key][0]]
        kept, crossing = nest(document_id, linked)
        mentions += _with_notes(kept, assigned)
        problems += [_crossing_problem(document, a, b, registry) for a, b in crossing]
    problems += _unused_assignments(assignments, chosen, used, skipped)
    return mentions, problems


def _numbered(matches: list[Match]):
    """Each match with its occurrence index among the matches of the same alias."""
    seen: dict[str, int] = {}
    for match in matches:
        seen[match.key] = seen.get(match.key, -1) + 1
        yield match, seen[match.key]


def _assignment_index(assignments: Assignments) -> dict[tuple, tuple[int, str]]:
    return {(a.document, fold(a.alias), a.occurrence): (index, a.entity)
            for index, a in enumerate(assignments.assignments)}


def _with_notes(mentions: list[Mention], notes: dict[tuple[int, int], str]) -> list[Mention]:
    if not notes:  # most documents have no assigned occurrence
        return mentions
    return [m._replace(assignment_note=notes[(m.start, m.end)]) if (m.start, m.end) in notes else m
            for m in mentions]


def _assigned_entity(document, match, occurrence, chosen, used, assignments: Curated, problems) -> Optional[str]:
    """The entity an ambiguous match is assigned to, or None with the problem reported."""
    key = (document.id, match.key, occurrence)
    if key not in chosen:
        text = document.text
        context = text[max(0, match.start - 40):match.end + 40].replace("\n", " ")
        problems.append(Problem(
            str(assignments.located.path),
            f"{document.id}: {text[match.start:match.end]!r} at offset {match.start} (\u2026{context}\u2026) "
            f"may be any of {', '.join(match.entities)}; it is not assigned",
            hint=f"add {{document: {document.id}, alias: {text[match.start:match.end]}, "
                 f"occurrence: {occurrence}, entity: <one of them>, note: <why>}}"))
        return None
    index, entity = chosen[key]
    used.add(key)
    if entity not in match.entities:
        problems.append(assignments.located.problem(
            f"{entity!r} is not one of the entities registered for this alias ({', '.join(match.entities)})",
            ("assignments", index, "entity")))
        return None
    return entity


def nest(document_id: str, linked: list[tuple[Match, str]]) -> tuple[list[Mention], list[tuple[Mention, Mention]]]:
    """Apply the nesting policy to matches sorted by (start, -end): one pass with a stack of
    the mentions still open at the current position, innermost on top."""
    kept: list[Mention] = []
    crossing: list[tuple[Mention, Mention]] = []
    stack: list[Mention] = []
    for match, entity in linked:
        while stack and stack[-1].end <= match.start:
            stack.pop()
        parent = stack[-1] if stack else None
        mention = Mention(document_id, entity, match.start, match.end, parent)
        if parent and parent.end < match.end:
            crossing.append((parent, mention))
            continue
        if parent and parent.entity_id == entity:
            continue
        kept.append(mention)
        stack.append(mention)
    return kept, crossing


def _crossing_problem(document: Document, first: Mention, second: Mention, registry: Curated) -> Problem:
    text = document.text
    return Problem(
        str(registry.located.path),
        f"{document.id}: mentions {text[first.start:first.end]!r} ({first.entity_id}) and "
        f"{text[second.start:second.end]!r} ({second.entity_id}) overlap without one containing the other",
        hint="register the longer name that covers both as an alias, or remove one of the aliases")


def _unused_assignments(assignments: Curated, chosen: dict, used: set, skipped: frozenset[str]) -> list[Problem]:
    return [assignments.located.problem(
                "this assignment matches no ambiguous occurrence (wrong document, alias or occurrence?)",
                ("assignments", index), "occurrences count from 0, in text order, title first")
            for key, (index, _) in chosen.items() if key not in used and key[0] not in skipped]


def mention_rows(mentions: list[Mention], documents: dict[str, Document]) -> list[dict]:
    rows = []
    # Mentions come grouped by document: its text and sentence starts are looked up once per group.
    for document_id, group in groupby(mentions, key=attrgetter("document_id")):
        group = list(group)
        document = documents[document_id]
        text = document.text
        rows += [{
            "mention_id": m.mention_id,
            "document_id": m.document_id,
            "entity_id": m.entity_id,
            "start": m.start,
            "end": m.end,
            "text": text[m.start:m.end],
            "sentence_index": sentence,
            "nested": m.parent is not None,
            "parent_mention_id": m.parent.mention_id if m.parent else None,
            "assignment_note": m.assignment_note,
        } for m, sentence in zip(group, document.sentences_of(m.start for m in group))]
    return rows
