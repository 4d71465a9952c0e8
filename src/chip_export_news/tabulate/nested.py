"""One row per document with nested lists, generated from the flat tables (schema/nested.yaml)."""

from __future__ import annotations

import pyarrow as pa

from .schema import Column, Contract, ListColumn, NestedTable
from .arrow_tables import arrow_field


def nested_schema(table: NestedTable) -> pa.Schema:
    return pa.schema([_list_field(c) if isinstance(c, ListColumn) else arrow_field(c) for c in table.columns])


def _list_field(column: ListColumn) -> pa.Field:
    record = pa.struct([arrow_field(f) for f in column.fields])
    return pa.field(column.name, pa.list_(record), nullable=False, metadata={"description": column.description})


def nested_table(contract: Contract, name: str, rows: dict[str, list[dict]]) -> pa.Table:
    spec = contract.nested[name]
    lists = [c for c in spec.columns if isinstance(c, ListColumn)]
    children = {column.name: _children(contract, column, rows) for column in lists}
    records = []
    for parent in sorted(rows[spec.source], key=lambda r: r["document_id"]):
        record = {c.name: parent[c.name] for c in spec.columns if isinstance(c, Column)}
        for column in lists:
            record[column.name] = children[column.name].get(parent["document_id"], [])
        records.append(record)
    return pa.Table.from_pylist(records, schema=nested_schema(spec))


def _children(contract: Contract, column: ListColumn, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The source rows of each document, by position, grouped in one pass; a field the source
    table lacks is taken from the table it references (event_mentions.event_id → events.event_type)."""
    lookups = _references(contract, column.source, rows)
    by_document: dict[str, list[dict]] = {}
    for row in rows[column.source]:
        by_document.setdefault(row["document_id"], []).append(row)
    return {document_id: [{field.name: row[field.name] if field.name in row else _lookup(lookups, row, field.name)
                           for field in column.fields}
                          for row in sorted(group, key=lambda r: (r["start"], r["end"]))]
            for document_id, group in by_document.items()}


def _references(contract: Contract, source: str, rows: dict[str, list[dict]]) -> list[tuple[str, dict]]:
    found = []
    for fk in contract.tables[source].foreign_keys:
        (key,), (target,) = fk.fields, fk.reference
        found.append((key, {r[target]: r for r in rows[fk.resource]}))
    return found


def _lookup(lookups: list[tuple[str, dict]], row: dict, field: str):
    for key, table in lookups:
        referenced = table.get(row[key])
        if referenced and field in referenced:
            return referenced[field]
    raise KeyError(f"no referenced table provides {field!r}")

