"""The dataset card a well-kept dataset has: header keys, heading hierarchy, figures that exist,
one example row per table, per-document statistics."""

import json
import re

import pyarrow.parquet as pq
import pytest
import yaml

from chip_export_news.tabulate.schema import load_contract

from conftest import ROOT


@pytest.fixture(scope="module")
def card(built) -> tuple[dict, str]:
    text = (built / "README.md").read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def _headings(body: str) -> list[tuple[int, str]]:
    body = re.sub(r"```.*?```", "", body, flags=re.S)  # a '#' comment in a code block is no heading
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#+) (.*)$", body, re.M)]


def test_header_describes_creators_languages_sources_and_only_supported_tasks(card):
    header, _ = card
    assert header["annotations_creators"] == ["expert-generated"]
    assert header["language_creators"] == ["found"]
    assert header["multilinguality"] == ["monolingual"]
    assert header["source_datasets"] == ["original"]
    assert header["task_categories"] == ["token-classification"]


def test_headings_never_skip_a_level(card):
    headings = _headings(card[1])
    assert headings[0][0] == 1
    for (before, _), (level, title) in zip(headings, headings[1:]):
        assert level <= before + 1, title


def test_table_sections_sit_under_tables_and_the_annotators_follow_the_annotation_process(card, built):
    headings = _headings(card[1])
    titles = [t for _, t in headings]
    level = dict((t, n) for n, t in headings)
    contract = load_contract(ROOT)
    start = titles.index("Tables")
    assert titles[start + 1:start + 1 + len(contract.tables)] == [
        f"`{name}` ({pq.read_metadata(built / 'data' / f'{name}.parquet').num_rows} rows)" for name in contract.tables]
    assert all(level[t] == level["Tables"] + 1 for t in titles[start + 1:start + 1 + len(contract.tables)])
    assert titles[titles.index("Annotation process") + 1] == "Who are the annotators?"
    for section in ("Data Instances", "Statistics", "Querying", "Dataset Card Authors", "Dataset Card Contact"):
        assert section in titles


def test_figures_are_linked_and_exist(card, built):
    links = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", card[1])
    assert {"figures/events_timeline.svg", "figures/entities.svg"} <= set(links)
    assert all((built / link).is_file() for link in links)


def test_one_example_row_per_table(card, built):
    section = card[1].split("\n### Data Instances\n", 1)[1].split("\n### ", 1)[0]
    examples = dict(re.findall(r"`(\w+)`:\n\n```json\n(.*?)\n```", section, re.S))
    contract = load_contract(ROOT)
    assert list(examples) == [n for n in contract.tables if pq.read_metadata(built / "data" / f"{n}.parquet").num_rows]
    for name, example in examples.items():
        assert list(json.loads(example)) == [c.name for c in contract.tables[name].columns]


def test_statistics_give_a_row_per_document(card, built):
    section = card[1].split("\n### Statistics\n", 1)[1].split("\n### ", 1)[0]
    documents = pq.read_table(built / "data" / "documents.parquet").to_pylist()
    for document in documents:
        row = re.search(rf"^\| {re.escape(document['document_id'])} \| (\d+) \| (\d+) \|", section, re.M)
        assert row and int(row.group(2)) == document["n_sentences"] and int(row.group(1)) > 0
