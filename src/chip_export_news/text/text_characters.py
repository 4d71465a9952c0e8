"""Which invisible characters an article may hold: removable formatting, or refused controls.

Invisible characters inside a word ("Nvi\u00addia") hide it from the mention matcher. Those that
only format (soft hyphen, zero-width space/joiners, word joiner, a stray byte-order mark,
left-to-right/right-to-left marks) are removed by the build as recorded edits, so the raw
offsets still map back. Control characters and bidi overrides, embeddings and isolates can
change what a reader sees (or hide text), so an article holding one is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..curated.errors import Problem

# Removed as recorded edits (normalize.py, rule "invisible_character").
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c")

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = frozenset("\n\t")
# Every character _forbidden can refuse (category Cc is exactly U+0000-001F and U+007F-009F), so
# that the text is scanned by one compiled search rather than character by character.
_CANDIDATES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _forbidden(char: str, after: str) -> bool:
    if char in _BIDI:
        return True
    if char == "\r":  # a CRLF line ending is repaired; a lone CR is not a line ending we read
        return after != "\n"
    return unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS


def forbidden_characters(text: str, shown: str) -> list[Problem]:
    """One problem per kind of forbidden character: where it first occurs, and how often."""
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for match in _CANDIDATES.finditer(text):
        char, position = match.group(), match.start()
        if _forbidden(char, text[position + 1:position + 2]):
            first.setdefault(char, position)
            counts[char] += 1
    return [_problem(text, char, position, counts[char], shown) for char, position in first.items()]


def _problem(text: str, char: str, position: int, count: int, shown: str) -> Problem:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    kind = "bidi control character" if char in _BIDI else "control character"
    name = unicodedata.name(char, "") or {"\x00": "NULL", "\x7f": "DELETE", "\r": "CARRIAGE RETURN"}.get(char, "")
    times = f" ({count} times; the first is here)" if count > 1 else ""
    return Problem(shown, f"{kind} U+{ord(char):04X}{f' {name}' if name else ''} in the article{times}", line,
                   hint="it is invisible and can hide or reorder text: remove it from the seed (re-save the "
                        "article from its source without it) and record the new seed_sha256",
                   column=column)
