"""Rows → Arrow tables typed from schema/tables.yaml, sorted by primary key."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .schema import Column, Contract, Table

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([arrow_field(c) for c in table.columns])


def arrow_field(column: Column) -> pa.Field:
    return pa.field(column.name, ARROW_TYPES[column.type], nullable=not column.required,
                    metadata={"description": column.description})


def to_arrow(contract: Contract, name: str, rows: list[dict]) -> pa.Table:
    """Build the table; a row with a missing or extra column is a bug in the build, not input."""
    table = contract.tables[name]
    columns = [c.name for c in table.columns]
    expected = set(columns)
    # a dict's keys compare with a set in C: no set built per row
    wrong = next((row for row in rows if row.keys() != expected), None)
    if wrong is not None:
        raise ValueError(f"{name}: row keys {sorted(wrong)} differ from the schema's {columns}")
    schema = arrow_schema(table)
    return pa.Table.from_pylist(_by_primary_key(rows, table, schema), schema=schema)


def _by_primary_key(rows: list[dict], table: Table, schema: pa.Schema) -> list[dict]:
    """The rows sorted by Arrow on their key columns, rather than by a Python key per row. The rows
    are reordered before conversion: a taken table would carry validity buffers that the card's byte
    counts (`nbytes`) would count."""
    keys = pa.table({key: [row[key] for row in rows] for key in table.primary_key},
                    schema=pa.schema([schema.field(key) for key in table.primary_key]))
    # As Python would sort them: None first (the one mix of types in a key), strings by code point
    # (Arrow compares their UTF-8 bytes, which order alike), equal keys in build order (a stable sort).
    order = pc.sort_indices(keys, sort_keys=[(key, "ascending", "at_start") for key in table.primary_key])
    return [rows[index] for index in order.to_pylist()]
