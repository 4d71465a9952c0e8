"""The per-document stage: one article's raw text and record → clean text, edits, sentences.

A pure function of its inputs (no global state, no I/O), so that any executor (in process,
a process pool, Ray) gives the same result, and a result can be cached under the content
hash of its inputs (document_cache.py). Mentions are matched later, in the corpus stage:
they depend on corpus-wide curation (the registry and the per-occurrence assignments), and
the Aho–Corasick pass is cheap next to segmentation, so editing the registry does not
invalidate every cached document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..curated.models import CleaningRules, DocumentRecord
from ..text.normalize import Edit, Normalized, NormalizeError, apply_edits, normalize
from ..text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class StageInput:
    raw: str
    record: DocumentRecord


@dataclass(frozen=True)
class StageError:
    """A cleaning instruction that does not fit the text: `field` names the record field."""

    field: str
    message: str
    hint: str


@dataclass(frozen=True)
class StageResult:
    clean: Optional[Normalized]
    sentences: tuple[Sentence, ...]
    error: Optional[StageError] = None


def run_document(item: StageInput, rules: CleaningRules) -> StageResult:
    try:
        clean = normalize(item.raw, rules, item.record)
    except NormalizeError as exc:
        return StageResult(None, (), StageError(exc.field, str(exc), exc.hint))
    return StageResult(clean, tuple(split_sentences(clean.text, clean.paragraphs())))


def to_json(result: StageResult) -> dict:
    """What a cached entry holds: everything but the raw text, which is the entry's input."""
    if result.error:
        return {"error": [result.error.field, str(result.error.message), result.error.hint]}
    clean = result.clean
    return {"edits": [[e.kind, e.rule, e.raw_start, e.raw_end, e.replacement, e.note] for e in clean.edits],
            "sentences": [[s.paragraph, s.start, s.end, s.n_tokens] for s in result.sentences]}


def from_json(raw: str, data: dict) -> StageResult:
    """Rebuild a result from its cached form, re-deriving the clean text from the raw text
    and the edits; raise ValueError if the entry does not fit (a corrupt cache)."""
    if "error" in data:
        return StageResult(None, (), StageError(*data["error"]))
    edits = tuple(Edit(*e) for e in data["edits"])
    position = 0
    for edit in edits:
        if not position <= edit.raw_start <= edit.raw_end <= len(raw):
            raise ValueError("edits out of order or outside the text")
        position = edit.raw_end
    text, starts = apply_edits(raw, list(edits))
    sentences = tuple(Sentence(i, p, s, e, n) for i, (p, s, e, n) in enumerate(data["sentences"]))
    end = 0
    for sentence in sentences:
        if not end <= sentence.start < sentence.end <= len(text) or sentence.n_tokens < 1:
            raise ValueError("sentences out of order or outside the text")
        end = sentence.end
    return StageResult(Normalized(raw, text, edits, tuple(starts)), sentences)
