"""One row per document with nested lists, generated from the flat tables (schema/nested.yaml).

Built in Arrow from the flat tables, never from Python rows: a child table is joined to the
tables it references, sorted by document and position, and cut into one list per document by
offsets, so a large corpus costs columns, not millions of dicts.
"""

from __future__ import annotations

from itertools import accumulate

import pyarrow as pa

from .schema import Column, Contract, ListColumn, NestedTable
from .arrow_tables import arrow_field


def nested_schema(table: NestedTable) -> pa.Schema:
    return pa.schema([_list_field(c) if isinstance(c, ListColumn) else arrow_field(c) for c in table.columns])


def _list_field(column: ListColumn) -> pa.Field:
    record = pa.struct([arrow_field(f) for f in column.fields])
    return pa.field(column.name, pa.list_(record), nullable=False, metadata={"description": column.description})


def nested_table(contract: Contract, name: str, tables: dict[str, pa.Table]) -> pa.Table:
    spec = contract.nested[name]
    schema = nested_schema(spec)
    parents = tables[spec.source].sort_by("document_id")
    arrays = [parents[c.name] if isinstance(c, Column) else _lists(contract, c, tables, parents["document_id"],
                                                                    schema.field(c.name).type)
              for c in spec.columns]
    return pa.Table.from_arrays(arrays, schema=schema)


def _lists(contract: Contract, column: ListColumn, tables: dict[str, pa.Table], documents: pa.ChunkedArray,
           list_type: pa.ListType) -> pa.ListArray:
    """Each document's rows of the column's source, by position (start, end, then primary key)."""
    source = contract.tables[column.source]
    rows = _with_references(contract, column, tables)
    rows = rows.sort_by([("document_id", "ascending"), ("start", "ascending"), ("end", "ascending")]
                        + [(key, "ascending") for key in source.primary_key if key not in ("document_id", "start", "end")])
    counted = rows.group_by("document_id").aggregate([([], "count_all")])
    per_document = dict(zip(counted["document_id"].to_pylist(), counted["count_all"].to_pylist()))
    offsets = list(accumulate((per_document.get(d, 0) for d in documents.to_pylist()), initial=0))
    if offsets[-1] != rows.num_rows:
        raise ValueError(f"{column.source}: rows of documents that {column.name} does not list")
    values = pa.StructArray.from_arrays([rows[f.name].combine_chunks() for f in column.fields],
                                        fields=list(list_type.value_type))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=list_type)


def _with_references(contract: Contract, column: ListColumn, tables: dict[str, pa.Table]) -> pa.Table:
    """The source table with every field it lacks taken from the table it references
    (event_mentions.event_id → events.event_type)."""
    rows = tables[column.source]
    for field in column.fields:
        if field.name in rows.column_names:
            continue
        for fk in contract.tables[column.source].foreign_keys:
            (key,), (target,) = fk.fields, fk.reference
            referenced = tables[fk.resource]
            if field.name in referenced.column_names:
                lookup = referenced.select([target, field.name]).rename_columns([key, field.name])
                rows = rows.join(lookup, keys=key, join_type="left outer")
                break
        else:
            raise KeyError(f"no referenced table provides {field.name!r}")
    return rows
