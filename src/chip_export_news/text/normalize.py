"""Raw article text → clean text, as a list of recorded edits.

Every difference between the decoded seed and the clean text is an `Edit` (a raw span and
what replaces it). Removals take out whole lines that are not article text; repairs fix
extraction artefacts without changing a word. Because edits are the only differences,
the clean text and the clean→raw offset map are both derived from them (see offsets.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Optional

from .offsets import MappedEdit, OffsetMap
from ..curated.errors import excerpt
from ..curated.models import CleaningRules, DocumentRecord, ParagraphBreak, RemoveLine
from .text_characters import INVISIBLE

PARAGRAPH_SEPARATOR = "\n\n"
# German closing quotes (“) follow the word directly; a space before them or before
# punctuation is left where a link or markup was stripped.
_SPACING = re.compile(r"(?P<before_punctuation>(?<=\S)[ \t]+(?=[,.;:!?“]))|(?P<spaces>[ \t]{2,})")


# What each built-in rule does; general rules are described in seeds/cleaning.yaml and
# article-specific ones by their note in the article's record.
BUILT_IN_RULES = {
    "byte_order_mark": "A byte-order mark at the start of the file.",
    "crlf_line_endings": "Windows line endings (CRLF) between paragraphs.",
    "duplicate_title": "The headline, printed a second time by the page.",
    "section_label": "The page's section label, kept as documents.section.",
    "dateline": "The page's dateline, kept as documents.dateline.",
    "paragraph_break": "Paragraphs separated by exactly one blank line.",
    "surrounding_whitespace": "Whitespace before the title or after the last paragraph.",
    "space_before_punctuation": "A space before punctuation or a closing quote, left by a stripped link.",
    "collapse_spaces": "A run of spaces or tabs inside a paragraph, made one space.",
    "unicode_nfc": "A character with combining marks, composed (Unicode NFC).",
    "glued_heading": "A paragraph break after a heading glued to its paragraph (set in the article's record).",
    "invisible_character": "An invisible formatting character (soft hyphen, zero-width space or joiner, word "
                           "joiner, stray byte-order mark, direction mark), removed so that words are whole.",
}


@dataclass(frozen=True)
class Edit:
    kind: str  # "removal" | "repair"
    rule: str
    raw_start: int
    raw_end: int
    replacement: str = ""
    note: str = ""  # why; for article-specific rules the record's note


@dataclass(frozen=True)
class Normalized:
    raw: str
    text: str
    edits: tuple[Edit, ...]
    clean_starts: tuple[int, ...]

    def offset_map(self) -> OffsetMap:
        return OffsetMap(MappedEdit(e.raw_start, e.raw_end, start, len(e.replacement))
                         for e, start in zip(self.edits, self.clean_starts))

    def paragraphs(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for part in self.text.split(PARAGRAPH_SEPARATOR):
            spans.append((start, start + len(part)))
            start += len(part) + len(PARAGRAPH_SEPARATOR)
        return spans


class NormalizeError(ValueError):
    """A cleaning instruction that does not fit the text; `field` names the record field."""

    def __init__(self, field: str, message: str, hint: str):
        super().__init__(message)
        self.field = field
        self.hint = hint


@dataclass(frozen=True)
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    text: str


def normalize(raw: str, rules: CleaningRules, record: DocumentRecord) -> Normalized:
    visible, positions = _visible(raw)
    kept, removals = _classify(_content_lines(visible), rules, record)
    edits = _layout_edits(visible, kept, removals) + _glued_headings(visible, kept, record)
    general = {rule.id: rule.description for rule in rules.rules}
    edits = [e if e.note else replace(e, note=general.get(e.rule) or BUILT_IN_RULES[e.rule])
             for e in _in_raw(raw, _sorted(edits), positions)]
    text, clean_starts = apply_edits(raw, edits)
    return Normalized(raw, text, tuple(edits), tuple(clean_starts))


def _visible(raw: str) -> tuple[str, list[int]]:
    """The text without invisible formatting characters, and the raw position of each character kept."""
    if INVISIBLE.isdisjoint(raw):  # nearly every article: no per-character pass
        return raw, list(range(len(raw)))
    positions = [i for i, char in enumerate(raw) if char not in INVISIBLE]
    return "".join(raw[i] for i in positions), positions


def _in_raw(raw: str, edits: list[Edit], positions: list[int]) -> list[Edit]:
    """Edits of the visible text as edits of the raw text, plus the removal of each invisible
    character that no such edit already spans."""
    if len(positions) == len(raw):
        return edits  # nothing was invisible: visible and raw offsets are the same
    ends = positions + [len(raw)]
    moved = [replace(e, raw_start=ends[e.raw_start],
                     raw_end=positions[e.raw_end - 1] + 1 if e.raw_end > e.raw_start else ends[e.raw_start])
             for e in edits]
    covered = {i for e in moved for i in range(e.raw_start, e.raw_end)}
    removed = [Edit("repair", "byte_order_mark" if i == 0 else "invisible_character", i, i + 1)
               for i, char in enumerate(raw) if char in INVISIBLE and i not in covered]
    return _sorted(moved + removed)


def _sorted(edits: list[Edit]) -> list[Edit]:
    return sorted(edits, key=lambda e: (e.raw_start, e.raw_end))


def _layout_edits(raw: str, kept: list["_Line"], removals: list[Edit]) -> list[Edit]:
    """Removals with the whitespace around them, paragraph breaks, and in-line repairs."""
    edits = _gaps(raw, kept, removals)
    for line in kept:
        edits += _repairs(raw, line)
    return edits


def apply_edits(raw: str, edits: list[Edit]) -> tuple[str, list[int]]:
    """The clean text, and where each edit's replacement starts in it."""
    out: list[str] = []
    starts: list[int] = []
    position = length = 0
    for edit in edits:
        out.append(raw[position:edit.raw_start])
        length += edit.raw_start - position
        starts.append(length)
        out.append(edit.replacement)
        length += len(edit.replacement)
        position = edit.raw_end
    out.append(raw[position:])
    return "".join(out), starts


def _content_lines(raw: str) -> list[_Line]:
    lines = []
    for match in re.finditer(r"[^\n]+", raw):
        text = match.group()
        stripped = text.strip()
        if not stripped:
            continue
        start = match.start() + (len(text) - len(text.lstrip()))
        lines.append(_Line(start, start + len(stripped), stripped))
    return lines


def _classify(lines: list[_Line], rules: CleaningRules, record: DocumentRecord):
    specific = {c.remove_line: c for c in record.cleaning if isinstance(c, RemoveLine)}
    metadata = {record.section: "section_label", record.dateline: "dateline"}
    metadata.pop(None, None)
    used: set[str] = set()
    kept: list[_Line] = []
    removals: list[Edit] = []
    for line in lines:
        own = specific.get(line.text)
        rule = metadata.get(line.text) or (own.rule if own else None) or _general_rule(line.text, rules)
        if line.text in metadata or own:
            used.add(line.text)
        if rule is None and kept and len(kept) == 1 and line.text == kept[0].text:
            rule = "duplicate_title"
        if rule:
            removals.append(Edit("removal", rule, line.start, line.end, note=own.note if own else ""))
        else:
            kept.append(line)
    for text in list(metadata) + list(specific):
        if text not in used:
            field = _field_of(text, record)
            raise NormalizeError(field, f"no line of the article reads exactly {excerpt(text)}",
                                 "copy the whole line from the seed, or remove the instruction")
    if not kept:
        raise NormalizeError("title", "nothing is left of the article after cleaning",
                             "check the cleaning rules against the seed")
    if kept[0].text != record.title:
        raise NormalizeError("title", f"the first line of the article is {excerpt(kept[0].text)}",
                             "set title to the article's first line (its headline)")
    return kept, removals


def _field_of(text: str, record: DocumentRecord) -> str:
    if text == record.section:
        return "section"
    if text == record.dateline:
        return "dateline"
    index = [c.remove_line if isinstance(c, RemoveLine) else None for c in record.cleaning].index(text)
    return f"cleaning.{index}.remove_line"


def _general_rule(text: str, rules: CleaningRules) -> Optional[str]:
    for rule in rules.rules:
        if any(re.fullmatch(pattern, text) for pattern in rule.lines):
            return rule.id
    return None


def _gaps(raw: str, kept: list[_Line], removals: list[Edit]) -> list[Edit]:
    """Whitespace between kept lines becomes exactly one blank line (none before the first
    or after the last); a removed line takes the whitespace after it along."""
    edits = []
    gap_starts = [0] + [line.end for line in kept]
    gap_ends = [line.start for line in kept] + [len(raw)]
    for index, (gap_start, gap_end) in enumerate(zip(gap_starts, gap_ends)):
        inside = [r for r in removals if gap_start <= r.raw_start < gap_end]
        first_end = inside[0].raw_start if inside else gap_end
        separator = PARAGRAPH_SEPARATOR if 0 < index < len(kept) else ""
        if raw[gap_start:first_end] != separator:
            rule = "paragraph_break" if separator else "surrounding_whitespace"
            if "\r" in raw[gap_start:first_end]:
                rule = "crlf_line_endings"
            edits.append(Edit("repair", rule, gap_start, first_end, separator))
        ends = [r.raw_start for r in inside[1:]] + [gap_end]
        edits += [replace(r, raw_end=end) for r, end in zip(inside, ends)]
    return edits


def _repairs(raw: str, line: _Line) -> list[Edit]:
    edits = []
    for match in _SPACING.finditer(raw, line.start, line.end):
        if match.lastgroup == "before_punctuation":
            edits.append(Edit("repair", "space_before_punctuation", match.start(), match.end()))
        else:
            edits.append(Edit("repair", "collapse_spaces", match.start(), match.end(), " "))
    return edits + _nfc(raw, line)


def _nfc(raw: str, line: _Line) -> list[Edit]:
    """Compose each base character with its combining marks (Unicode NFC), cluster by cluster."""
    if unicodedata.is_normalized("NFC", raw[line.start:line.end]):
        return []  # then no cluster of it composes differently: the loop below would find nothing
    edits = []
    position = line.start
    while position < line.end:
        end = position + 1
        while end < line.end and unicodedata.combining(raw[end]):
            end += 1
        cluster = raw[position:end]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster:
            edits.append(Edit("repair", "unicode_nfc", position, end, composed))
        position = end
    return edits


def _glued_headings(raw: str, kept: list[_Line], record: DocumentRecord) -> list[Edit]:
    edits = []
    for index, item in enumerate(record.cleaning):
        if not isinstance(item, ParagraphBreak):
            continue
        hits = [(line, m) for line in kept for m in re.finditer(re.escape(item.paragraph_break_after), line.text)]
        if len(hits) != 1:
            raise NormalizeError(f"cleaning.{index}.paragraph_break_after",
                                 f"{excerpt(item.paragraph_break_after)} occurs {len(hits)} times in the article text",
                                 "quote a text that occurs exactly once, ending where the break belongs")
        line, match = hits[0]
        position = line.start + match.end()
        edits.append(Edit("repair", "glued_heading", position, position, PARAGRAPH_SEPARATOR, item.note))
    return edits


def repair_text(text: str) -> str:
    """The whitespace and Unicode repairs alone, on any text (used to check idempotence)."""
    visible, positions = _visible(text)
    edits = _layout_edits(visible, _content_lines(visible), [])
    return apply_edits(text, _in_raw(text, _sorted(edits), positions))[0]
