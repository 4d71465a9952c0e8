"""Curated input as pydantic models: the one definition of what a curator may write.

Extra fields are forbidden everywhere so that a typo in a field name is an error, not a
silently ignored key.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from .dates import parse_edtf
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


class CleaningRules(Strict):
    rules: list[LineRule]


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
