"""The build's own validator and frictionless (the reference) flag the same injected errors."""

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build import _refresh_facts

from chip_export_news.checks.validate import validate_dataset


def _set(table: pa.Table, column: str, value) -> pa.Table:
    """`table` with the first row's `column` set to `value`."""
    values = table[column].to_pylist()
    values[0] = value
    at = table.column_names.index(column)
    return table.set_column(at, table.schema.field(column).with_nullable(True), pa.array(values, table[column].type))


def _text_column(table: pa.Table, column: str, first: str) -> pa.Table:
    """`table` with `column` stored as text, its first value `first` (not a number)."""
    values = [str(v) for v in table[column].to_pylist()]
    values[0] = first
    return table.set_column(table.column_names.index(column), column, pa.array(values, pa.string()))


def _duplicate_first_row(table: pa.Table) -> pa.Table:
    return pa.concat_tables([table, table.slice(0, 1)])


TABLE_ERRORS = {
    "type": ("documents", lambda t: _text_column(t, "n_chars", "many"), "type-error"),
    "required": ("documents", lambda t: _set(t, "title", None), "constraint-error"),
    "enum": ("documents", lambda t: _set(t, "language", "xx"), "constraint-error"),
    "pattern": ("documents", lambda t: _set(t, "seed_sha256", "not-a-hash"), "constraint-error"),
    "minimum": ("entities", lambda t: _set(t, "mention_count", -1), "constraint-error"),
    "duplicate primary key": ("sentences", _duplicate_first_row, "primary-key"),
    "dangling foreign key": ("mentions", lambda t: _set(t, "entity_id", "no_such_entity"), "foreign-key"),
    "broken span": ("mentions", lambda t: _set(t, "text", "not the text"), "reads"),
}


def _rewrite(folder, name: str, change) -> None:
    path = folder / "data" / f"{name}.parquet"
    pq.write_table(change(pq.read_table(path)), path)
    _refresh_facts(folder)  # keep the file facts true to the new file


@pytest.fixture
def package(built, tmp_path):
    folder = tmp_path / "dataset"
    shutil.copytree(built, folder)
    return folder


def test_both_validators_accept_the_build(built):
    assert validate_dataset(built) == []
    assert validate_dataset(built, reference=True) == []


@pytest.mark.parametrize("kind", sorted(TABLE_ERRORS))
def test_both_validators_flag_an_injected_error(package, kind):
    name, change, marker = TABLE_ERRORS[kind]
    _rewrite(package, name, change)
    for reference in (False, True):
        messages = [p.message for p in validate_dataset(package, reference=reference)]
        assert any(marker in m for m in messages), (reference, messages)


def test_both_validators_flag_a_wrong_count_in_the_card(package):
    card = package / "README.md"
    header, body = card.read_text(encoding="utf-8").split("\n---\n", 1)
    lines = header.splitlines()
    info = max(i for i, line in enumerate(lines) if line == "- config_name: events")  # in dataset_info
    counted = next(i for i in range(info, len(lines)) if "num_examples:" in lines[i])
    lines[counted] = lines[counted].split(":")[0] + ": 999999"
    card.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    for reference in (False, True):
        messages = [p.message for p in validate_dataset(package, reference=reference)]
        assert any("num_examples is 999999" in m for m in messages), messages
