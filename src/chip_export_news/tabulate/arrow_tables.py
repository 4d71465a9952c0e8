"""Rows → Arrow tables typed from schema/tables.yaml, sorted by primary key."""

from __future__ import annotations

import pyarrow as pa

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
    for row in rows:
        if set(row) != set(columns):
            raise ValueError(f"{name}: row keys {sorted(row)} differ from the schema's {columns}")
    ordered = sorted(rows, key=lambda r: tuple(_sort_key(r[k]) for k in table.primary_key))
    return pa.Table.from_pylist(ordered, schema=arrow_schema(table))


def _sort_key(value):
    # Keys mix types only through None; sort it first so that ordering is total.
    return (value is not None, value)
