"""The library: load the tables of the installed dataset."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Literal, NamedTuple, Optional

from ._version import DATA_DIR
from .text.offsets import raw_span_in
from .tabulate.shards import read_files, stored_files


@cache
def _descriptor() -> dict:
    return json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))


def tables() -> list[str]:
    """Names of the tables (configs) that load() accepts."""
    flat = [r["name"] for r in _descriptor()["resources"]]
    stored = {p.stem for p in (DATA_DIR / "data").glob("*.parquet")} | {p.name for p in (DATA_DIR / "data").glob("*/")}
    nested = sorted(stored - set(flat))
    return flat + nested


def load(name: str, format: Literal["datasets", "pandas", "arrow"] = "datasets"):
    """One table as a datasets.Dataset (default), a pandas DataFrame or a pyarrow Table."""
    if name not in tables():
        raise ValueError(f"unknown table {name!r}; tables: {', '.join(tables())}")
    if format == "datasets":
        from datasets import load_dataset

        return load_dataset(str(DATA_DIR), name, split="train")
    table = read_files(DATA_DIR, stored_files(DATA_DIR, name))
    if format == "arrow":
        return table
    if format == "pandas":
        return table.to_pandas()
    raise ValueError(f"unknown format {format!r}; use 'datasets', 'pandas' or 'arrow'")


class RawSpan(NamedTuple):
    """Where a clean span lies in its raw seed: offsets into the seed's decoded text, and that
    text where the seed is at hand (a checkout has seeds/; the wheel does not ship them)."""

    seed_file: str
    start: int
    end: int
    raw_text: Optional[str]

    def __str__(self) -> str:
        where = f"seeds/{self.seed_file}[{self.start}:{self.end}]"
        if self.raw_text is None:
            return (f"{where} (the seed is not here: seeds/ are in the project's repository, "
                    "not in the installed package)")
        return f"{where} = {self.raw_text!r}"


def raw_span(document_id: str, start: int, end: int) -> RawSpan:
    """Where the clean span [start, end) of a document lies in its raw seed."""
    documents = load("documents", format="arrow")
    rows = {r["document_id"]: r for r in documents.select(["document_id", "seed_file", "seed_sha256"]).to_pylist()}
    if document_id not in rows:
        raise ValueError(f"unknown document {document_id!r}")
    import pyarrow.compute as pc  # only here: it would cost every build a tenth of a second

    edits = load("edits", format="arrow").filter(pc.field("document_id") == document_id)
    raw_start, raw_end = (int(o) for o in raw_span_in(edits.to_pylist(), int(start), int(end)))
    seed = _seed_text(rows[document_id]["seed_file"], rows[document_id]["seed_sha256"])
    return RawSpan(rows[document_id]["seed_file"], raw_start, raw_end,
                   seed[raw_start:raw_end] if seed is not None else None)


def _seed_text(seed_file: str, sha256: str) -> Optional[str]:
    """The seed's decoded text, if the checkout beside the dataset has it unchanged."""
    path = DATA_DIR.parent / "seeds" / seed_file
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data.decode("utf-8") if hashlib.sha256(data).hexdigest() == sha256 else None
