"""The build: seeds → validated models → tables → writers → checks, into a given folder."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .documents import Document, document_row, edit_rows, prepare, sentence_rows
from .errors import Collector, CurationError
from .export.card import markdown_table, render_card
from .export.frictionless import datapackage
from .schema import Contract, load_contract
from .sources import read_sources
from .tables import to_arrow
from .validate import validate_dataset


def build_into(root: Path, out: Path) -> dict[str, int]:
    """Build the whole dataset into `out` (an empty folder) and validate it; return row counts."""
    contract = load_contract(root)
    problems = Collector()
    sources = read_sources(root, problems)
    documents = prepare(sources.seeds, sources.cleaning, problems) if sources else []
    problems.raise_if_any()
    rows = tabulate(contract, documents)
    tables = write(contract, rows, out)
    write_card(root, contract, documents, sources.cleaning, tables, out)
    found = validate_dataset(out)
    if found:
        raise CurationError(found)
    return {name: table.num_rows for name, table in tables.items()}


def tabulate(contract: Contract, documents: list[Document]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in contract.tables}
    for document in documents:
        rows["documents"].append(document_row(document))
        rows["sentences"] += sentence_rows(document)
        rows["edits"] += edit_rows(document)
    return rows


def write(contract: Contract, rows: dict[str, list[dict]], out: Path) -> dict[str, pa.Table]:
    (out / "data").mkdir(parents=True)
    tables = {}
    for name in contract.tables:
        tables[name] = to_arrow(contract, name, rows[name])
        pq.write_table(tables[name], out / "data" / f"{name}.parquet", compression="zstd")
    descriptor = datapackage(contract, __version__, out, {n: t.num_rows for n, t in tables.items()})
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    return tables


def write_card(root: Path, contract: Contract, documents: list[Document], cleaning, tables, out: Path) -> None:
    sections = {
        "documents": markdown_table(
            ["document_id", "outlet", "original language", "published", "basis", "title"],
            [[d.id, d.seed.record.outlet or "(not named)", d.seed.record.source_language,
              d.seed.record.published.value or "unknown", d.seed.record.published.basis, d.seed.record.title]
             for d in documents]),
        "cleaning": "General boilerplate rules (`seeds/cleaning.yaml`):\n\n" + markdown_table(
            ["rule", "description", "line patterns"],
            [[r.id, r.description, ", ".join(f"`{p}`" for p in r.lines)] for r in cleaning.rules]),
    }
    card = render_card(contract, __version__, tables, root / "schema" / "card.md", sections)
    (out / "README.md").write_text(card, encoding="utf-8")
