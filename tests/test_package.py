import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import version as installed_version

import pandas as pd
import pyarrow as pa
import pytest
from datasets import Dataset

import chip_export_news
from conftest import ROOT


def test_one_version_everywhere():
    version = chip_export_news.__version__
    assert json.loads((chip_export_news.DATA_DIR / "datapackage.json").read_text())["version"] == version
    assert f"version {version}" in (chip_export_news.DATA_DIR / "README.md").read_text()
    croissant = chip_export_news.DATA_DIR / "croissant.json"
    if croissant.exists():
        assert json.loads(croissant.read_text())["version"] == version
    assert installed_version("chip-export-news") == version


def test_load_in_every_format():
    assert chip_export_news.DATA_DIR.resolve() == (ROOT / "dataset").resolve()
    names = chip_export_news.tables()
    assert {"documents", "mentions", "events", "documents_nested"} <= set(names)
    events = chip_export_news.load("events")
    assert isinstance(events, Dataset) and events.num_rows > 40
    assert isinstance(chip_export_news.load("events", format="pandas"), pd.DataFrame)
    assert isinstance(chip_export_news.load("events", format="arrow"), pa.Table)
    with pytest.raises(ValueError, match="unknown table"):
        chip_export_news.load("nope")


def test_raw_span_finds_a_mention_in_the_seed():
    mention = chip_export_news.load("mentions", format="pandas").iloc[-1]
    seed_file, start, end = chip_export_news.raw_span(mention["document_id"], mention["start"], mention["end"])
    raw = (ROOT / "seeds" / seed_file).read_text(encoding="utf-8")
    assert raw[start:end] == mention["text"]


def test_nested_config_matches_the_flat_tables():
    nested = chip_export_news.load("documents_nested", format="pandas")
    mentions = chip_export_news.load("mentions", format="pandas")
    assert sum(len(m) for m in nested["mentions"]) == len(mentions)
    for row in nested.itertuples():
        assert all(row.text[m["start"]:m["end"]] == m["text"] for m in row.mentions)


@pytest.mark.skipif(os.environ.get("SKIP_WHEEL_TEST") == "1", reason="SKIP_WHEEL_TEST=1")
def test_wheel_installs_into_a_fresh_environment_and_loads_every_table_offline(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("chip_export_news-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    script = textwrap.dedent("""
        import chip_export_news as c
        assert "site-packages" in str(c.DATA_DIR), c.DATA_DIR
        for name in c.tables():
            rows = c.load(name).num_rows
            assert rows == c.load(name, format="arrow").num_rows
            print(name, rows)
        print("version", c.__version__)
        assert (c.DATA_DIR / "browser" / "index.html").is_file() and list((c.DATA_DIR / "figures").glob("*.svg"))
    """)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = os.environ | {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run([str(python), "-c", script], cwd=outside, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = dict(line.split() for line in result.stdout.splitlines())
    assert set(loaded) - {"version"} == set(chip_export_news.tables())
    assert loaded["version"] == chip_export_news.__version__
