"""The library: load the tables of the installed dataset."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from .offsets import raw_span_in
from .shards import read_files, stored_files


def _data_dir() -> Path:
    """The folder holding the card, datapackage.json, croissant.json and data/*.parquet: inside
    the installed package (wheel), or the checkout's dataset/ (editable install, src layout)."""
    here = Path(__file__).resolve().parent
    candidates = [here / "dataset", here.parents[1] / "dataset"]
    return next((c for c in candidates if (c / "datapackage.json").is_file()), candidates[0])


DATA_DIR = _data_dir()


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


def raw_span(document_id: str, start: int, end: int) -> tuple[str, int, int]:
    """Where the clean span [start, end) of a document lies in its raw seed: (seed file, start, end),
    offsets into the seed's decoded text."""
    documents = load("documents", format="arrow")
    files = dict(zip(documents["document_id"].to_pylist(), documents["seed_file"].to_pylist()))
    if document_id not in files:
        raise ValueError(f"unknown document {document_id!r}")
    import pyarrow.compute as pc  # only here: it would cost every build a tenth of a second

    edits = load("edits", format="arrow").filter(pc.field("document_id") == document_id)
    return (files[document_id], *raw_span_in(edits.to_pylist(), start, end))
