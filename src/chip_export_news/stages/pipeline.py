"""The build: seeds → validated models → tables → writers → checks, into a given folder."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Optional

import pyarrow as pa

from .corpus_stage import Corpus, annotate
from .documents import document_row, edit_rows, sentence_rows
from ..annotate.entities import alias_rows, entity_rows
from ..curated.errors import CurationError
from ..tabulate.nested import nested_table
from ..annotate.mentions import mention_rows
from .executors import Executor
from ..annotate.events import ResolvedEvent, event_rows
from ..export.browser import PAGE_CACHE, PageReuse, write_index, write_pages
from ..export.croissant import croissant
from ..export.figures import FigureProcess
from ..export.card import markdown_table, render_card
from ..export.card_sections import ORDERED, counted_sections, instances_section
from ..export.frictionless import datapackage
from ..tabulate.schema import Contract
from ..tabulate.arrow_tables import to_arrow
from ..annotate.dates import period
from ..tabulate.shards import write_table
from ..checks.validate import validate_dataset
from ..release.versioning import read_manifest, release_date, settle_version


def build_into(root: Path, out: Path, *, version: Optional[str] = None, released: Optional[datetime.date] = None,
               executor: Executor = Executor(), cached: bool = False,
               figures: Optional[FigureProcess] = None) -> dict[str, int]:
    """Build the whole dataset into `out` (a new folder) and validate it; return row counts.
    Without `version` and its release date (which `release` gives), the release manifest
    decides the version. `figures`: a figure process the caller started early (and closes)."""
    manifest = read_manifest(root)
    drawer = figures or FigureProcess()
    try:
        reuse = PageReuse(root / PAGE_CACHE, root / "dataset") if cached else None
        counts = _write(root, out, manifest, version, released, executor, drawer, reuse, annotate(root, executor, cached))
    finally:
        if figures is None:
            drawer.close()
    # The corpus and its tables are gone by now: validation reads the files back, as a user would.
    found = validate_dataset(out, manifest)
    if found:
        raise CurationError(found)
    return counts


def _write(root: Path, out: Path, manifest: dict, version: Optional[str], released: Optional[datetime.date],
           executor: Executor, figures: FigureProcess, reuse: Optional[PageReuse], corpus: Corpus) -> dict[str, int]:
    contract, sections, rows = corpus.contract, corpus_sections(corpus), tabulate(corpus)
    del corpus  # from here on the tables say it all; a large corpus is not held twice
    tables = write_tables(contract, rows, out)
    figures.draw(out)
    write_pages(tables, out, contract.package.title, executor, reuse)
    figures.wait()

    def write_metadata(chosen: str) -> None:
        published = released if version else release_date(manifest, chosen)
        _write_descriptors(contract, tables, out, chosen, published)
        write_card(root, contract, sections, tables, out, chosen, published)
        write_index(tables, out, contract.package.title, chosen)

    if version:
        write_metadata(version)
    else:
        settle_version(manifest, out, write_metadata)
    return {name: table.num_rows for name, table in tables.items()}


def tabulate(corpus: Corpus) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in corpus.contract.tables}
    for document in corpus.documents:
        rows["documents"].append(document_row(document))
        rows["sentences"] += sentence_rows(document)
        rows["edits"] += edit_rows(document)
    registry = corpus.sources.entities.model
    rows["entities"] = entity_rows(registry, corpus.mentions)
    rows["aliases"] = alias_rows(registry)
    by_id = {d.id: d for d in corpus.documents}
    rows["mentions"] = mention_rows(corpus.mentions, by_id)
    rows.update(event_rows(corpus.events, corpus.contract, by_id))
    rows["errata"] = corpus.errata
    return rows


def write_tables(contract: Contract, rows: dict[str, list[dict]], out: Path) -> dict[str, pa.Table]:
    (out / "data").mkdir(parents=True)
    # each table's rows are let go once it is in Arrow: a large corpus holds one table as dicts at a time
    tables = {name: to_arrow(contract, name, rows.pop(name)) for name in contract.tables}
    tables |= {name: nested_table(contract, name, tables) for name in contract.nested}
    for name, table in tables.items():
        write_table(table, out, name)
    return tables


def _write_descriptors(contract: Contract, tables: dict[str, pa.Table], out: Path, version: str,
                       published: Optional[datetime.date]) -> None:
    _write_json(out / "datapackage.json", datapackage(contract, version, out, {n: tables[n].num_rows for n in contract.tables}))
    _write_json(out / "croissant.json", croissant(contract, version, out, published))


def timeline(events: list[ResolvedEvent]) -> str:
    """Events over time, as the card's timeline: each in the period its date's precision covers
    (a year-precision event in its year, never in January), undated events last."""
    ordered = sorted(events, key=lambda e: (e.dated.date is None, e.dated.date.start if e.dated.date else None,
                                            e.dated.date.end if e.dated.date else None, e.event.event_id))
    return markdown_table(
        ["period", "date", "type", "factuality", "summary", "reported by"],
        [[period(e.dated.date), e.dated.date.value if e.dated.date else "", e.event.event_type, e.event.factuality,
          e.event.summary, ", ".join(sorted({s.document_id for s in e.reports}))] for e in ordered])


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def corpus_sections(corpus: Corpus) -> dict[str, str]:
    """The card's sections drawn from the curated input rather than the tables."""
    documents, cleaning = corpus.documents, corpus.sources.cleaning
    return {
        "documents": markdown_table(
            ["document_id", "outlet", "original language", "published", "basis", "title"],
            [[d.id, d.seed.record.outlet or "(not named)", d.seed.record.source_language,
              d.seed.record.published.value or "unknown", d.seed.record.published.basis, d.seed.record.title]
             for d in documents]),
        "timeline": timeline(corpus.events),
        "cleaning": "General boilerplate rules (`seeds/cleaning.yaml`):\n\n" + markdown_table(
            ["rule", "description", "line patterns"],
            [[r.id, r.description, ", ".join(f"`{p}`" for p in r.lines)] for r in cleaning.rules]),
    }


def write_card(root: Path, contract: Contract, sections: dict[str, str], tables: dict[str, pa.Table], out: Path,
               version: str, published: datetime.date | None = None) -> None:
    ordered = {name: contract.vocabularies.values(name) for name in ORDERED}
    sections = sections | {"instances": instances_section(contract, tables)} | counted_sections(tables, ordered)
    card = render_card(contract, version, tables, root / "schema" / "card.md", sections, published)
    (out / "README.md").write_text(card, encoding="utf-8")
    info = contract.package
    licences = "\n".join(f"- {lic.title}: {lic.name}, {lic.path}" for lic in info.licenses)
    (out / "LICENSE.md").write_text(f"# Licensing of {info.name}\n\n## Article texts\n\n{info.text_rights}\n\n"
                                    f"## Annotations, metadata and derived tables\n\n{licences}\n", encoding="utf-8")
