"""The corpus stage: all curated input read and checked, the per-document stage run over the
articles, and what needs every document at once (the registry, mentions, events, errata).

Nothing here writes or imports the writers: `add` and `suggest` run this stage alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .documents import Document, prepare
from ..annotate.entities import check_registry
from ..curated.errors import Collector
from ..annotate.mentions import Mention, find_mentions
from ..curated.sources import Sources, read_sources
from ..annotate.suggest import Candidate, suggest
from .executors import Executor
from .parse_cache import ParseCache
from ..annotate.events import ResolvedEvent, resolve_errata, resolve_events
from ..tabulate.schema import Contract, load_contract


@dataclass(frozen=True)
class Corpus:
    """Everything the build knows once the curated input has been read and checked."""

    contract: Contract
    sources: Sources
    documents: list[Document]
    mentions: list[Mention]
    events: list[ResolvedEvent]
    errata: list[dict]


def annotate(root: Path, executor: Executor = Executor(), cached: bool = False) -> Corpus:
    """Read and check all input; raise CurationError listing every problem found. Annotations
    that point into an article which could not be read are skipped, not reported again.
    `executor` runs the per-document stage; `cached` reuses its results, and parsed YAML, from
    earlier builds."""
    contract = load_contract(root)
    problems = Collector()
    memo = ParseCache(root) if cached else None
    try:
        sources = read_sources(root, problems, memo)
    finally:
        if memo:
            memo.close()
    if sources is None:
        problems.raise_if_any()
    documents = prepare(sources.seeds, sources.cleaning, problems, executor, root if cached else None)
    problems.extend(check_registry(sources.entities, contract))
    by_id = {d.id: d for d in documents}
    skipped = sources.unavailable | ({s.record.document_id for s in sources.seeds} - set(by_id))
    mentions, found = find_mentions(documents, sources.entities, sources.assignments, skipped)
    problems.extend(found)
    entity_ids = {e.entity_id for e in sources.entities.model.entities}
    events, found = resolve_events(sources.events, by_id, entity_ids, contract, skipped)
    problems.extend(found)
    errata, found = resolve_errata(sources.errata, by_id, contract, skipped)
    problems.extend(found)
    problems.raise_if_any()
    return Corpus(contract, sources, documents, mentions, events, errata)


def suggestions(root: Path) -> list[Candidate]:
    corpus = annotate(root)
    ignored = {item.text for item in corpus.sources.ignore.model.ignore}
    return suggest({d.id: d.text for d in corpus.documents},
                   ((m.document_id, m.start, m.end) for m in corpus.mentions), ignored,
                   corpus.sources.entities.model.entities)
