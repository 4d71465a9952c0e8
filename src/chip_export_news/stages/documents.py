"""Seeds → clean documents with sentences: the documents layer every span points into."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Optional

from ..curated.errors import Collector
from ..annotate.dates import parse_edtf
from ..curated.models import CleaningRules
from .document_cache import cache_key, document_store, decode, encode, rules_json
from .document_stage import StageInput, StageResult
from .executors import Executor
from ..text.normalize import Normalized
from ..text.sentences import Sentence
from ..curated.sources import Seed


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
        return self.sentences_of((position,))[0]

    def sentences_of(self, positions: Iterable[int]) -> list[int]:
        """sentence_of of each position, with one attribute lookup for them all."""
        starts = self._sentence_starts
        # lo=1: whatever lies before the second sentence is in the first, even before the first's start
        return [bisect_right(starts, position, 1) - 1 for position in positions]


def prepare(seeds: list[Seed], rules: CleaningRules, problems: Collector, executor: Executor = Executor(),
            cache_root: Optional[Path] = None) -> list[Document]:
    """Run the per-document stage on every seed: cached results (if `cache_root` is given)
    are reused when they check out, the rest are computed by `executor`."""
    items = [StageInput(seed.raw, seed.record) for seed in seeds]
    results = _cached_run(items, rules, executor, cache_root) if cache_root else executor.run(items, rules)
    documents = []
    for seed, result in zip(seeds, results):
        if result.error:
            problems.add(seed.located.problem(result.error.message, tuple(_loc(result.error.field)),
                                              result.error.hint))
            continue
        documents.append(Document(seed, result.clean, list(result.sentences)))
    return documents


def _cached_run(items: list[StageInput], rules: CleaningRules, executor: Executor, root: Path) -> list[StageResult]:
    store = document_store(root)
    rules_key = rules_json(rules)
    keys = [cache_key(item, rules_key) for item in items]
    stored = store.get(keys)
    results = [decode(item, stored[key]) if key in stored else None for item, key in zip(items, keys)]
    missing = [index for index, result in enumerate(results) if result is None]
    for index, result in zip(missing, executor.run([items[i] for i in missing], rules)):
        results[index] = result
    store.keep(keys, {keys[i]: encode(results[i]) for i in missing})
    return results


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
    document_id, text = document.id, document.text  # properties: looked up once, not per sentence
    return [{
        "document_id": document_id,
        "sentence_index": s.index,
        "paragraph_index": s.paragraph,
        "start": s.start,
        "end": s.end,
        "text": text[s.start:s.end],
    } for s in document.sentences]


def edit_rows(document: Document) -> list[dict]:
    clean, document_id = document.clean, document.id
    return [{
        "document_id": document_id,
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
