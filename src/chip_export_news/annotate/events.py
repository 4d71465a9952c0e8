"""Curated events and errata → rows, with every date resolved and every quote located."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .dates import DateError, EdtfDate, parse_edtf, resolve
from ..stages.documents import Document
from ..curated.errors import Problem, excerpt
from ..curated.models import Event, Events, Errata, Quantity
from .quotes import locate, occurrences
from ..tabulate.schema import Contract
from ..curated.sources import Curated


@dataclass(frozen=True)
class Dated:
    date: Optional[EdtfDate]
    basis: str
    expression: Optional[str]
    note: Optional[str]


@dataclass(frozen=True)
class Span:
    document_id: str
    start: int
    end: int


@dataclass(frozen=True)
class ResolvedEvent:
    event: Event
    dated: Dated
    reports: list[Span]
    quantities: list[tuple[Quantity, Span]]


def resolve_events(curated: Curated, documents: dict[str, Document], entities: set[str], contract: Contract,
                   skipped: frozenset[str] = frozenset()) -> tuple[list[ResolvedEvent], list[Problem]]:
    model: Events = curated.model
    problems: list[Problem] = []
    where = curated.located.problem
    index_of = _unique_ids(model, where, problems)
    dates = _Dates(model, index_of, documents, skipped, where, problems)
    resolved = []
    for index, event in enumerate(model.events):
        loc = ("events", index)
        problems += _vocabulary(event, loc, contract, entities, where)
        reports = _locate_reports(event, loc, documents, skipped, where, problems)
        quantities = _locate_quantities(event, loc, reports, documents, skipped, where, problems)
        dated = dates.of(event.event_id)
        if dated is None:
            continue
        problems += _after_publication(event, dated, loc, documents, where)
        resolved.append(ResolvedEvent(event, dated, reports, quantities))
    return resolved, problems


def _unique_ids(model: Events, where, problems: list[Problem]) -> dict[str, int]:
    index_of: dict[str, int] = {}
    for index, event in enumerate(model.events):
        if event.event_id in index_of:
            problems.append(where(f"event_id {event.event_id!r} is already used by event {index_of[event.event_id]}",
                                  ("events", index, "event_id"), "give each event its own id, or merge the reports"))
        index_of.setdefault(event.event_id, index)
    return index_of


def _vocabulary(event: Event, loc: tuple, contract: Contract, entities: set[str], where) -> list[Problem]:
    vocab = contract.vocabularies
    problems = []
    checks = [("event_type", event.event_type, "event_types"), ("factuality", event.factuality, "factuality")]
    checks += [(f"arguments.{i}.role", a.role, "argument_roles") for i, a in enumerate(event.arguments)]
    checks += [(f"quantities.{i}.qualifier", q.qualifier, "quantity_qualifiers") for i, q in enumerate(event.quantities)]
    for field, value, name in checks:
        allowed = vocab.values(name)
        if value not in allowed:
            problems.append(where(f"unknown value {excerpt(value)}", loc + _path(field),
                                  f"use one of: {', '.join(allowed)} (schema/vocabularies.yaml, {name})"))
    seen = set()
    for i, argument in enumerate(event.arguments):
        if argument.entity not in entities:
            problems.append(where(f"unknown entity {excerpt(argument.entity)}", loc + ("arguments", i, "entity"),
                                  "use an entity_id from seeds/entities.yaml, or register the entity there"))
        if (argument.role, argument.entity) in seen:
            problems.append(where("the same role and entity are given twice", loc + ("arguments", i)))
        seen.add((argument.role, argument.entity))
    for i, quantity in enumerate(event.quantities):
        if (quantity.unit == "currency") != (quantity.currency is not None):
            problems.append(where("a currency code goes with unit 'currency', and only with it",
                                  loc + ("quantities", i), "e.g. {value: 5.5e9, unit: currency, currency: USD, text: ...}"))
    return problems


def _path(field: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in field.split("."))


def _locate_reports(event: Event, loc: tuple, documents, skipped, where, problems: list[Problem]) -> list[Span]:
    spans = []
    for i, report in enumerate(event.reports):
        span = locate_quote(report.document, report.evidence, report.occurrence, documents, skipped,
                            loc + ("reports", i), where, problems, "evidence")
        if span and any(s.document_id == span.document_id and s.start == span.start for s in spans):
            problems.append(where("this report repeats another of the same event", loc + ("reports", i)))
        elif span:
            spans.append(span)
    return spans


def _locate_quantities(event: Event, loc: tuple, reports: list[Span], documents, skipped, where,
                       problems: list[Problem]) -> list[tuple[Quantity, Span]]:
    """Each quantity as a span inside the evidence of the first report that holds it: the number
    is evidence only where the article reports the event."""
    located = []
    for i, quantity in enumerate(event.quantities):
        span = _in_evidence(quantity.text, reports, documents, loc + ("quantities", i, "text"), where, problems)
        if span:
            located.append((quantity, span))
        # a report not located has its own error: the number may be in the evidence meant
        elif span is None and len(reports) == len(event.reports) and not any(r.document in skipped for r in event.reports):
            problems.append(where(f"{excerpt(quantity.text)} is in none of the event's evidence spans",
                                  loc + ("quantities", i, "text"),
                                  "quote the number exactly as the evidence of one of the event's reports writes "
                                  "it (e.g. \"bis zu 12 Prozent\"), or extend that evidence to include it"))
    return located


def _in_evidence(quote: str, reports: list[Span], documents, loc: tuple, where, problems) -> Optional[Span] | bool:
    """The span of `quote` in the first evidence that holds it; None if none does, False if
    it is ambiguous there (reported)."""
    for report in reports:
        evidence = documents[report.document_id].text[report.start:report.end]
        starts = occurrences(evidence, quote)
        if len(starts) > 1:
            problems.append(where(f"{excerpt(quote)} occurs {len(starts)} times in the evidence in {report.document_id}",
                                  loc, "quote a longer part of the evidence that holds the number once"))
            return False
        if starts:
            start = report.start + starts[0]
            return Span(report.document_id, start, start + len(quote))
    return None


def locate_quote(document_id: str, quote: str, occurrence, documents, skipped: frozenset[str], loc: tuple,
                 where, problems: list[Problem], field: str) -> Optional[Span]:
    """The span of a curated quote, or None; quotes into an unreadable article are skipped
    silently, its own problem having been reported already."""
    document = documents.get(document_id)
    if document is None and document_id in skipped:
        return None
    if document is None:
        problems.append(where(f"unknown document {excerpt(document_id)}", loc + ("document",),
                              f"use one of: {', '.join(sorted(documents))}"))
        return None
    found = locate(document.text, quote, occurrence, document.clean.raw)
    if isinstance(found[0], str):
        message, hint = found
        problems.append(where(f"{document_id}: {message}", loc + (field,), hint))
        return None
    return Span(document_id, *found)


def _after_publication(event: Event, dated: Dated, loc: tuple, documents, where) -> list[Problem]:
    if event.factuality != "asserted" or dated.date is None:
        return []
    problems = []
    for report in event.reports:
        document = documents.get(report.document)
        published = document.seed.record.published.value if document else None
        if published and dated.date.start > parse_edtf(published).end:
            problems.append(where(
                f"dated {dated.date.value}, after {report.document} was published ({published}), "
                "yet its factuality is 'asserted'", loc + ("date",),
                "check the date, or use the factuality the text supports (planned, expected, announced...)"))
    return problems


class _Dates:
    """Resolves event dates on demand, following relative_to chains and refusing cycles."""

    def __init__(self, model: Events, index_of: dict[str, int], documents, skipped: frozenset[str], where,
                 problems: list[Problem]):
        self._events = model.events
        self._index_of = index_of
        self._documents = documents
        self._skipped = skipped
        self._unanchored: set[str] = set()  # events anchored, directly or not, on an unreadable article
        self._where = where
        self._problems = problems
        self._done: dict[str, Optional[Dated]] = {}
        self._active: set[str] = set()

    def of(self, event_id: str) -> Optional[Dated]:
        if event_id not in self._done:
            if event_id in self._active:
                return None
            self._active.add(event_id)
            self._done[event_id] = self._resolve(self._index_of[event_id])
            self._active.discard(event_id)
        return self._done[event_id]

    def _resolve(self, index: int) -> Optional[Dated]:
        spec = self._events[index].date
        loc = ("events", index, "date")
        try:
            if spec.expression is None:
                date = parse_edtf(spec.value) if spec.value else None
                return Dated(date, spec.basis, None, spec.note)
            anchor, note = self._anchor(spec, loc)
            if anchor is None:
                if spec.document in self._skipped or spec.relative_to in self._unanchored:
                    self._unanchored.add(self._events[index].event_id)
                return None
            note = f"{note}; {spec.note}" if spec.note else note
            return Dated(resolve(spec.expression, anchor), "relative", spec.expression, note)
        except DateError as exc:
            self._problems.append(self._where(str(exc), loc))
            return None

    def _anchor(self, spec, loc) -> tuple[Optional[EdtfDate], str]:
        if spec.document is not None:
            document = self._documents.get(spec.document)
            published = document.seed.record.published.value if document else None
            if published is None and spec.document in self._skipped:
                return None, ""
            if published is None:
                self._problems.append(self._where(
                    f"{spec.document!r} is not a document with a known publication date", loc + ("document",),
                    "anchor the expression on a reporting document whose record gives published.value"))
                return None, ""
            return parse_edtf(published), f"resolved against the publication date of {spec.document} ({published})"
        if spec.relative_to not in self._index_of:
            self._problems.append(self._where(f"unknown event {spec.relative_to!r}", loc + ("relative_to",)))
            return None, ""
        other = self.of(spec.relative_to)
        if other is None and spec.relative_to in self._unanchored:
            return None, ""
        if other is None or other.date is None:
            self._problems.append(self._where(
                f"event {spec.relative_to!r} has no usable date (unknown, unresolved, or a relative_to cycle)",
                loc + ("relative_to",)))
            return None, ""
        return other.date, f"resolved against the date of event {spec.relative_to} ({other.date.value})"


def event_rows(events: list[ResolvedEvent], contract: Contract, documents: dict[str, Document]) -> dict[str, list[dict]]:
    types = contract.vocabularies.event_types
    rows: dict[str, list[dict]] = {"events": [], "event_quantities": [], "event_arguments": [], "event_mentions": []}
    for item in events:
        event, date = item.event, item.dated.date
        rows["events"].append({
            "event_id": event.event_id,
            "event_type": event.event_type,
            "plover": types[event.event_type].plover,
            "summary": event.summary,
            "date": date.value if date else None,
            "date_start": date.start if date else None,
            "date_end": date.end if date else None,
            "date_precision": date.precision if date else "unknown",
            "date_basis": item.dated.basis,
            "date_expression": item.dated.expression,
            "date_note": item.dated.note,
            "factuality": event.factuality,
        })
        rows["event_quantities"] += [{"event_id": event.event_id, "quantity_index": i, "value": q.value,
                                      "unit": q.unit, "currency": q.currency, "qualifier": q.qualifier,
                                      "document_id": s.document_id, "start": s.start, "end": s.end, "text": q.text}
                                     for i, (q, s) in enumerate(item.quantities)]
        rows["event_arguments"] += [{"event_id": event.event_id, "role": a.role, "entity_id": a.entity}
                                    for a in event.arguments]
        rows["event_mentions"] += [{"event_id": event.event_id, "document_id": s.document_id, "start": s.start,
                                    "end": s.end, "text": documents[s.document_id].text[s.start:s.end],
                                    "sentence_index": documents[s.document_id].sentence_of(s.start)}
                                   for s in item.reports]
    return rows


def resolve_errata(curated: Curated, documents: dict[str, Document], contract: Contract,
                   skipped: frozenset[str] = frozenset()) -> tuple[list[dict], list[Problem]]:
    model: Errata = curated.model
    where = curated.located.problem
    kinds = contract.vocabularies.values("errata_kinds")
    problems: list[Problem] = []
    rows, keys = [], set()
    for index, erratum in enumerate(model.errata):
        loc = ("errata", index)
        if erratum.kind not in kinds:
            problems.append(where(f"unknown kind {excerpt(erratum.kind)}", loc + ("kind",), f"use one of: {', '.join(kinds)}"))
        span = locate_quote(erratum.document, erratum.text, erratum.occurrence, documents, skipped, loc, where,
                            problems, "text")
        if span is None:
            continue
        key = (span.document_id, span.start, span.end, erratum.kind)
        if key in keys:
            problems.append(where("the same span and kind are recorded twice", loc))
        keys.add(key)
        rows.append({"document_id": span.document_id, "start": span.start, "end": span.end,
                     "text": erratum.text, "kind": erratum.kind, "correction": erratum.correction,
                     "note": erratum.note})
    return rows, problems
