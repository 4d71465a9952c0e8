"""What `validate` and the standard tools say of a built dataset, and what tampering they catch."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chip_export_news.checks.validate import validate_dataset

from conftest import ROOT
from test_build import _refresh_facts, _rewrite


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "chip_export_news", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def copy(built, tmp_path) -> Path:
    return shutil.copytree(built, tmp_path / "dataset")


def _messages(folder) -> str:
    return "\n".join(str(p) for p in validate_dataset(folder))


@pytest.mark.data
def test_plain_frictionless_validate_passes_on_the_committed_dataset():
    # Exactly as a researcher types it, from the folder holding dataset/.
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless), "validate", "dataset/datapackage.json"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "INVALID" not in result.stdout


def test_a_duplicated_primary_key_is_caught(copy):
    _rewrite(copy / "data" / "event_arguments.parquet", lambda rows: rows.append(dict(rows[0])))
    _refresh_facts(copy)
    assert "primary-key" in _messages(copy)


def test_a_quantity_whose_text_differs_from_its_span_is_caught(copy):
    _rewrite(copy / "data" / "event_quantities.parquet", lambda rows: rows[0].update(text="sechs Milliarden US-Dollar"))
    _refresh_facts(copy)
    assert "event_quantities.parquet" in _messages(copy) and "span" in _messages(copy)


def test_a_quantity_outside_its_events_evidence_is_caught(copy):
    texts = {}

    def read_title(rows):
        texts.update({r["document_id"]: r["text"] for r in rows})

    _rewrite(copy / "data" / "documents.parquet", read_title)
    _rewrite(copy / "data" / "event_quantities.parquet",
             lambda rows: rows[0].update(start=0, end=3, text=texts[rows[0]["document_id"]][:3]))
    _refresh_facts(copy)
    assert "lies in no evidence span of event" in _messages(copy)


@pytest.mark.parametrize("file, old, new", [
    ("README.md", "### `mentions` (", "### `mentions` (1"),
    ("README.md", " of them nested.", "1 of them nested."),
    ("README.md", "Events by type and factuality (", "Events by type and factuality (1"),
    ("README.md", "| **all** | ", "| **all** | 1"),
    ("README.md", "num_examples: ", "num_examples: 1"),
    ("datapackage.json", '"x-rows": ', '"x-rows": 1'),
])
def test_every_published_count_is_checked_against_the_tables(copy, file, old, new):
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert validate_dataset(copy), f"a changed count in {file} went unnoticed"


def test_a_table_changed_after_the_build_is_caught(copy):
    _rewrite(copy / "data" / "documents.parquet", lambda rows: rows[0].update(outlet="Someone"))
    assert "the file was changed after the build" in _messages(copy)


def test_validate_says_the_folder_is_invalid_not_that_it_was_left_unchanged(copy):
    (copy / "README.md").write_text((copy / "README.md").read_text().replace("num_examples: ", "num_examples: 1"))
    result = _cli("validate", str(copy))
    assert result.returncode == 1 and "is not a valid dataset" in result.stderr
    assert "was not changed" not in result.stderr and "Traceback" not in result.stderr


def test_a_quantity_in_no_article_fails_the_build(project):
    events = project / "seeds" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('text: "5,5 Milliarden Dollar"', 'text: "sechs Milliarden US-Dollar"', 1),
                      encoding="utf-8")
    result = _cli("build", "--root", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "events.yaml:" in result.stderr and "'sechs Milliarden US-Dollar' is in none of the event's evidence spans" \
        in result.stderr


def test_a_quantity_qualifier_outside_the_vocabulary_fails_the_build(project):
    events = project / "seeds" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("qualifier: at_most", "qualifier: up_to", 1),
                      encoding="utf-8")
    result = _cli("build", "--root", str(project))
    assert result.returncode == 1 and "unknown value 'up_to'" in result.stderr and "at_least" in result.stderr


# The command line outside a checkout ---------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "check", "suggest", "release"])
def test_commands_that_need_a_checkout_say_so_in_one_line(command, tmp_path):
    args = [command] + (["minor"] if command == "release" else [])
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "needs a checkout of the project" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_stats_and_validate_outside_a_checkout_use_the_installed_dataset(tmp_path):
    import chip_export_news

    stats = _cli("stats", cwd=tmp_path)
    assert stats.returncode == 0 and f"version {chip_export_news.__version__}" in stats.stdout, stats.stderr
    validate = _cli("validate", cwd=tmp_path)
    assert validate.returncode == 0 and str(chip_export_news.DATA_DIR) in validate.stdout, validate.stderr


def test_stats_counts_every_event_once_at_its_dates_precision():
    import pyarrow.parquet as pq

    from chip_export_news.annotate.dates import parse_edtf, period

    result = _cli("stats", str(ROOT / "dataset"))
    line = next(l for l in result.stdout.splitlines() if l.startswith("events by period"))
    counted = dict(item.rsplit(" ", 1) for item in line.split(": ", 1)[1].split(", "))
    dates = pq.read_table(ROOT / "dataset" / "data" / "events.parquet")["date"].to_pylist()
    assert sum(int(n) for n in counted.values()) == len(dates)
    assert set(counted) == {period(parse_edtf(d) if d else None) for d in dates}
    years = [d for d in dates if d and len(d) == 4]
    assert sum(int(counted[y]) for y in set(years)) >= len(years), "a year-precision event was not counted in its year"


def test_stats_of_the_current_corpus_shows_the_2022_to_2024_interval_whole():
    # A fact about the current articles: nvidia_develops_china_specific_chips is dated 2022/2024.
    result = _cli("stats", str(ROOT / "dataset"))
    assert "2022 – 2024 1" in result.stdout and "2022/20 " not in result.stdout


def test_raw_span_gives_plain_ints_and_the_seed_text(tmp_path):
    import chip_export_news

    mention = chip_export_news.load("mentions", format="pandas").iloc[0]
    span = chip_export_news.raw_span(mention["document_id"], mention["start"], mention["end"])
    assert type(span.start) is int and type(span.end) is int
    assert span.raw_text == mention["text"] and repr(mention["text"]) in str(span)
    assert json.dumps(span)  # plain values all the way down
