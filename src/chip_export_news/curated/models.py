"""Curated input as pydantic models: the one definition of what a curator may write.

Extra fields are forbidden everywhere so that a typo in a field name is an error, not a
silently ignored key.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from ..annotate.dates import parse_edtf
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LineRule(Strict):
    id: str = Field(pattern=ID)
    description: str
    lines: list[str] = Field(min_length=1)

    @field_validator("lines")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}")
        return patterns


class ArticleRule(Strict):
    """A kind of line that one article's record removes by hand (`cleaning: - remove_line`)."""

    id: str = Field(pattern=ID)
    description: str


class CleaningRules(Strict):
    rules: list[LineRule]
    article_rules: list[ArticleRule] = Field(default_factory=list)


class RemoveLine(Strict):
    """A whole line of this article that is not article text (e.g. a related-article teaser)."""

    remove_line: str
    rule: str = Field(pattern=ID)
    note: str


class ParagraphBreak(Strict):
    """Insert a paragraph break after the given text (a heading glued to its paragraph)."""

    paragraph_break_after: str
    note: str


class Published(Strict):
    value: Optional[str] = None
    basis: Literal["stated", "inferred", "unknown"]
    note: Optional[str] = None

    @model_validator(mode="after")
    def _consistent(self) -> "Published":
        if self.value is not None:
            parse_edtf(self.value)
        if self.basis == "unknown" and self.value is not None:
            raise ValueError("basis 'unknown' cannot have a value")
        if self.basis != "unknown" and self.value is None:
            raise ValueError(f"basis {self.basis!r} needs a value (YYYY, YYYY-MM or YYYY-MM-DD)")
        if self.basis == "inferred" and not self.note:
            raise ValueError("an inferred date needs a note giving its basis")
        return self


class DocumentRecord(Strict):
    """The curated record beside each seed article (seeds/<seed>.yaml)."""

    document_id: str = Field(pattern=SLUG)
    seed_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str
    outlet: Optional[str] = None
    outlet_note: Optional[str] = None
    source_language: Literal["de", "en", "es", "pt", "unknown"]
    source_language_note: str
    source_url: Optional[str] = Field(default=None, pattern=r"^https?://\S+$")
    published: Published
    section: Optional[str] = None
    dateline: Optional[str] = None
    cleaning: list[RemoveLine | ParagraphBreak] = Field(default_factory=list)
    # Provenance of a seed extracted from an HTML page (written by `add`): the page's sha256 and
    # the extractor with its version, so that the extraction can be repeated and checked. Kept
    # in the record beside seed_sha256, not yet in the documents table: a new column is a MAJOR
    # change under the data-package-version recipe, left for the next major release.
    source_html_sha256: Optional[str] = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    extractor: Optional[str] = None

    @model_validator(mode="after")
    def _provenance_complete(self) -> "DocumentRecord":
        if (self.source_html_sha256 is None) != (self.extractor is None):
            raise ValueError("source_html_sha256 and extractor go together: give both (a seed extracted "
                             "from an HTML page) or neither")
        return self


class Entity(Strict):
    entity_id: str = Field(pattern=ID)
    name: str
    type: str  # checked against schema/vocabularies.yaml (entity_types), the one list of types
    subtype: Optional[str] = Field(default=None, pattern=ID)
    aliases: list[str] = Field(min_length=1)
    description: str
    roles: list[str] = Field(default_factory=list)
    wikidata_id: Optional[str] = Field(default=None, pattern=r"^Q[1-9][0-9]*$")

    @field_validator("aliases")
    @classmethod
    def _not_blank(cls, aliases: list[str]) -> list[str]:
        for alias in aliases:
            if not alias.strip() or alias != alias.strip():
                raise ValueError(f"alias {alias!r} is blank or has spaces around it")
        return aliases


class MisspelledAlias(Strict):
    entity_id: str
    alias: str
    correct: str


class Registry(Strict):
    entities: list[Entity] = Field(default_factory=list)
    misspelled_aliases: list[MisspelledAlias] = Field(default_factory=list)


class Assignment(Strict):
    """Which entity one occurrence of an ambiguous alias ("Peking", "Washington") means."""

    document: str
    alias: str
    occurrence: int = Field(ge=0)
    entity: str
    note: str


class Assignments(Strict):
    assignments: list[Assignment] = Field(default_factory=list)


class IgnoredName(Strict):
    text: str
    reason: str


class IgnoreList(Strict):
    ignore: list[IgnoredName] = Field(default_factory=list)


class DateSpec(Strict):
    """How an event is dated: a relative expression resolved by code, an EDTF value, or unknown."""

    expression: Optional[str] = None
    document: Optional[str] = None
    relative_to: Optional[str] = None
    value: Optional[str] = None
    basis: Optional[Literal["stated", "inferred", "unknown"]] = None
    note: Optional[str] = None

    @model_validator(mode="after")
    def _one_form(self) -> "DateSpec":
        if self.expression is not None:
            if (self.document is None) == (self.relative_to is None):
                raise ValueError("a relative expression needs exactly one anchor: document or relative_to")
            if self.value is not None or self.basis is not None:
                raise ValueError("give either an expression (resolved by code) or a value with its basis, not both")
            return self
        if self.document is not None or self.relative_to is not None:
            raise ValueError("document/relative_to anchor an expression; there is none")
        if self.basis is None:
            raise ValueError("give an expression, or a value with basis stated/inferred, or basis unknown")
        Published(value=self.value, basis=self.basis, note=self.note)  # same rules as publication dates
        return self


class Quantity(Strict):
    """A number the article gives for the event, quoted inside one of the event's evidence spans."""

    value: float
    unit: str
    currency: Optional[str] = Field(default=None, pattern=r"^[A-Z]{3}$")
    qualifier: str  # checked against quantity_qualifiers: exact, approximate, at_most, at_least
    text: str


class Argument(Strict):
    role: str  # checked against argument_roles
    entity: str


class Quote(Strict):
    """A span given as the text it holds: located by the build, exactly once or at `occurrence`."""

    document: str
    occurrence: Optional[int] = Field(default=None, ge=0)


class Report(Quote):
    evidence: str


class Event(Strict):
    event_id: str = Field(pattern=ID)
    event_type: str
    summary: str
    date: DateSpec
    factuality: str
    quantities: list[Quantity] = Field(default_factory=list)
    arguments: list[Argument] = Field(min_length=1)
    reports: list[Report] = Field(min_length=1)


class Events(Strict):
    events: list[Event] = Field(default_factory=list)


class Erratum(Quote):
    text: str
    kind: str
    correction: str
    note: str


class Errata(Strict):
    errata: list[Erratum] = Field(default_factory=list)
