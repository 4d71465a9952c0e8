"""Seeds → clean documents with sentences: the documents layer every span points into."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from .errors import Collector
from .dates import parse_edtf
from .models import CleaningRules
from .normalize import Normalized, NormalizeError, normalize
from .sentences import Sentence, split_sentences
from .sources import Seed


@dataclass(frozen=True)
class Document:
    seed: Seed
    clean: Normalized
    sentences: list[Sentence]

    @property
    def id(self) -> str:
        return self.seed.record.document_id

    @property
    def text(self) -> str:
        return self.clean.text

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_of(self, position: int) -> int:
        """Index of the sentence holding `position` (spans start inside a sentence)."""
        return max(bisect_right(self._sentence_starts, position) - 1, 0)


def prepare(seeds: list[Seed], rules: CleaningRules, problems: Collector) -> list[Document]:
    documents = []
    for seed in seeds:
        try:
            clean = normalize(seed.raw, rules, seed.record)
        except NormalizeError as exc:
            problems.add(seed.located.problem(str(exc), tuple(_loc(exc.field)), exc.hint))
            continue
        documents.append(Document(seed, clean, split_sentences(clean.text, clean.paragraphs())))
    return documents


def _loc(field: str) -> list:
    return [int(part) if part.isdigit() else part for part in field.split(".")]


def document_row(document: Document) -> dict:
    record = document.seed.record
    published = record.published
    date = parse_edtf(published.value) if published.value else None
    return {
        "document_id": record.document_id,
        "title": record.title,
        "text": document.text,
        "language": "de",
        "source_language": record.source_language,
        "source_language_note": record.source_language_note,
        "outlet": record.outlet,
        "outlet_note": record.outlet_note,
        "source_url": record.source_url,
        "section": record.section,
        "dateline": record.dateline,
        "published": date.start if date and date.precision == "day" else None,
        "published_edtf": published.value,
        "published_precision": date.precision if date else "unknown",
        "published_basis": published.basis,
        "published_note": published.note,
        "seed_file": document.seed.file,
        "seed_sha256": document.seed.sha256,
        "n_chars": len(document.text),
        "n_sentences": len(document.sentences),
        "n_tokens": sum(s.n_tokens for s in document.sentences),
    }


def sentence_rows(document: Document) -> list[dict]:
    return [{
        "document_id": document.id,
        "sentence_index": s.index,
        "paragraph_index": s.paragraph,
        "start": s.start,
        "end": s.end,
        "text": document.text[s.start:s.end],
    } for s in document.sentences]


def edit_rows(document: Document) -> list[dict]:
    clean = document.clean
    return [{
        "document_id": document.id,
        "edit_index": index,
        "kind": edit.kind,
        "rule": edit.rule,
        "raw_start": edit.raw_start,
        "raw_end": edit.raw_end,
        "raw_text": clean.raw[edit.raw_start:edit.raw_end],
        "clean_start": start,
        "replacement": edit.replacement,
        "note": edit.note,
    } for index, (edit, start) in enumerate(zip(clean.edits, clean.clean_starts))]
