import json
import shutil

import pyarrow.parquet as pq
import pytest
from datasets import load_dataset

from conftest import ROOT

FLAT = [r["name"] for r in json.loads((ROOT / "dataset" / "datapackage.json").read_text())["resources"]]
TABLES = FLAT + ["documents_nested"]


@pytest.mark.parametrize("config", TABLES)
def test_every_config_loads_with_datasets(corpus_build, config, tmp_path):
    rows = pq.read_table(corpus_build / "data" / f"{config}.parquet").num_rows
    assert rows > 0  # datasets cannot load an empty Parquet file; every table holds data
    loaded = load_dataset(str(corpus_build.resolve()), config, split="train", cache_dir=str(tmp_path))
    assert loaded.num_rows == rows
    assert loaded.column_names == pq.read_schema(corpus_build / "data" / f"{config}.parquet").names


def test_card_row_counts_are_verified_by_load_dataset(built, tmp_path):
    copy = shutil.copytree(built, tmp_path / "dataset")
    card = copy / "README.md"
    text = card.read_text()
    rows = pq.read_table(copy / "data" / "sentences.parquet").num_rows
    card.write_text(text.replace(f"num_examples: {rows}\n", f"num_examples: {rows + 1}\n", 1))
    with pytest.raises(Exception) as caught:
        load_dataset(str(copy), "sentences", split="train", cache_dir=str(tmp_path / "cache"))
    assert "NonMatchingSplitsSizes" in type(caught.value).__name__ + repr(caught.value)


def test_card_header_has_one_parquet_config_per_table(built):
    import yaml

    header = yaml.safe_load((built / "README.md").read_text().split("---\n")[1])
    assert [c["config_name"] for c in header["configs"]] == TABLES
    assert all(c["data_files"][0]["path"].endswith(".parquet") for c in header["configs"])
    assert header["language"] == ["de"] and header["license"] and header["pretty_name"]
