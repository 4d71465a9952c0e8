"""Large tables as shards: written, described and loaded like single files."""

import json

import pyarrow.parquet as pq
import pytest
from datasets import load_dataset

from chip_export_news import api
from chip_export_news.tabulate import shards
from chip_export_news.stages.pipeline import build_into
from chip_export_news.checks.validate import validate_dataset
from conftest import ROOT

SMALL = 50


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The seeds built with a threshold small enough that the larger tables are sharded."""
    patch = pytest.MonkeyPatch()
    patch.setattr(shards, "SHARD_ROWS", SMALL)
    out = tmp_path_factory.mktemp("sharded") / "dataset"
    build_into(ROOT, out)
    patch.undo()
    return out


def test_tables_past_the_threshold_are_shards_of_at_most_that_many_rows(sharded, built):
    package = json.loads((sharded / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        rows = pq.read_metadata(built / "data" / f"{resource['name']}.parquet").num_rows
        if rows <= SMALL:
            assert resource["path"] == f"data/{resource['name']}.parquet"
            continue
        assert resource["path"] == sorted(resource["path"]) and len(resource["path"]) == -(-rows // SMALL)
        assert all(pq.read_metadata(sharded / p).num_rows <= SMALL for p in resource["path"])


def test_a_sharded_build_validates_and_loads_as_the_unsharded_one(sharded, built, monkeypatch):
    assert validate_dataset(sharded) == []
    card = (sharded / "README.md").read_text(encoding="utf-8")
    assert "path: data/sentences/*.parquet" in card
    croissant = json.loads((sharded / "croissant.json").read_text(encoding="utf-8"))
    assert {"@type": "cr:FileSet", "includes": "data/sentences/*.parquet"}.items() <= \
        next(d for d in croissant["distribution"] if d["@id"] == "sentences.parquet").items()
    monkeypatch.setattr(api, "DATA_DIR", sharded)
    api._descriptor.cache_clear()
    try:
        assert sorted(api.tables()) == sorted(p.stem for p in (built / "data").glob("*.parquet"))
        for name in ("sentences", "mentions", "documents_nested"):
            whole = pq.read_table(built / "data" / f"{name}.parquet")
            assert api.load(name, format="arrow").equals(whole)
            assert load_dataset(str(sharded), name, split="train").to_list() == whole.to_pylist()
    finally:
        api._descriptor.cache_clear()
