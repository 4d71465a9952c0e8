"""The build's own table validator: the checks of a Frictionless Data Package, on Arrow.

Generated from datapackage.json (itself generated from schema/tables.yaml), so that a
downloaded release, which has no schema/ folder, is checked the same way. It checks what
`frictionless validate` checks for these tables — labels, types, required, unique, enum,
pattern, minimum, primary and foreign keys — column by column with pyarrow.compute instead
of cell by cell. frictionless stays the reference (validate.py can run it instead; the
tests inject every kind of error and require both to flag it). One problem is reported per
column and check, with the number of offending rows and the first of them (counted as
frictionless does: the header is row 1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..curated.errors import Problem
from ..tabulate.shards import read_files

# Arrow types whose values are valid for each Frictionless field type without a cast.
_ACCEPTS = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "integer": pa.types.is_integer,
    "number": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t) or pa.types.is_decimal(t),
    "boolean": pa.types.is_boolean,
    "date": lambda t: pa.types.is_date(t),
}
_CASTS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
          "date": pa.date32()}


def resource_paths(resource: dict) -> list[str]:
    """A resource's files: its `path`, one string or a list of shards."""
    path = resource["path"]
    return [path] if isinstance(path, str) else list(path)


def read_resource(folder: Path, resource: dict) -> pa.Table:
    return read_files(folder, resource_paths(resource))


def validate_package(descriptor: Path, package: dict) -> list[Problem]:
    folder = descriptor.parent
    tables = {r["name"]: read_resource(folder, r) for r in package["resources"]}
    problems: list[Problem] = []
    for resource in package["resources"]:
        where = str(folder / resource_paths(resource)[0])
        table, schema = tables[resource["name"]], resource["schema"]
        labels = _labels(where, table, schema)
        if labels:
            problems += labels
            continue
        for field in schema["fields"]:
            problems += _field(where, table, field)
        problems += _primary_key(where, table, schema["primaryKey"])
        for fk in schema.get("foreignKeys", []):
            problems += _foreign_key(where, table, fk, tables)
    return problems


def _problem(where: str, kind: str, note: str, rows: pa.Array, field: str | None = None) -> list[Problem]:
    """One problem for all rows flagged by the boolean mask `rows` (none if none is)."""
    rows = pc.fill_null(rows, False)
    count = pc.sum(rows).as_py() or 0
    if not count:
        return []
    first = pc.index(rows, True).as_py()
    return [Problem(where, f"{kind}: {note} ({count} rows, first at row {first + 2})", field=field)]


def _labels(where: str, table: pa.Table, schema: dict) -> list[Problem]:
    names = [f["name"] for f in schema["fields"]]
    if table.column_names == names:
        return []
    return [Problem(where, f"incorrect-label: the columns are {table.column_names}, the schema lists {names}")]


def _field(where: str, table: pa.Table, field: dict) -> list[Problem]:
    name, kind = field["name"], field["type"]
    column = table[name].combine_chunks() if table.num_rows else pa.array([], table[name].type)
    if not _ACCEPTS[kind](column.type):
        try:
            column = pc.cast(column, _CASTS[kind])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return [Problem(where, f"type-error: values of type {column.type} are not of type {kind!r}", field=name)]
    constraints = field.get("constraints", {})
    problems = []
    if constraints.get("required"):
        problems += _problem(where, "constraint-error", "required value is missing", pc.is_null(column), name)
    if "enum" in constraints:
        allowed = pa.array(constraints["enum"], column.type)
        outside = pc.and_(pc.is_valid(column), pc.invert(pc.is_in(column, value_set=allowed)))
        problems += _problem(where, "constraint-error", f"value not in {constraints['enum']}", outside, name)
    if "pattern" in constraints:
        problems += _problem(where, "constraint-error", f"value does not match {constraints['pattern']!r}",
                             _mismatches(column, constraints["pattern"]), name)
    if "minimum" in constraints:
        problems += _problem(where, "constraint-error", f"value below the minimum {constraints['minimum']}",
                             pc.less(column, constraints["minimum"]), name)
    if constraints.get("unique"):
        problems += _problem(where, "unique-error", "value is not unique", _duplicated(table, [name]), name)
    return problems


def _mismatches(column: pa.Array, pattern: str) -> pa.Array:
    # Python's re on the distinct values, anchored as frictionless anchors it ("^p$").
    regex = re.compile(f"^{pattern}$")
    distinct = pc.unique(column).drop_null()
    bad = [value for value in distinct.to_pylist() if not regex.match(value)]
    return pc.is_in(column, value_set=pa.array(bad, column.type))


def _duplicated(table: pa.Table, keys: list[str]) -> pa.Array:
    """Rows whose key occurs in an earlier row too (the first occurrence is not flagged)."""
    indexed = table.select(keys).append_column("_row", pa.array(range(table.num_rows), pa.int64()))
    first = indexed.group_by(keys, use_threads=False).aggregate([("_row", "min")])["_row_min"]
    flagged = pc.invert(pc.is_in(indexed["_row"], value_set=first))
    return flagged.combine_chunks() if isinstance(flagged, pa.ChunkedArray) else flagged


def _primary_key(where: str, table: pa.Table, keys: list[str]) -> list[Problem]:
    missing = pc.is_null(table[keys[0]])
    for key in keys[1:]:
        missing = pc.or_(missing, pc.is_null(table[key]))
    return (_problem(where, "primary-key", f"{keys} has a missing value", missing)
            + _problem(where, "primary-key", f"{keys} is not unique", _duplicated(table, keys)))


def _foreign_key(where: str, table: pa.Table, fk: dict, tables: dict[str, pa.Table]) -> list[Problem]:
    (key,), target = fk["fields"], fk["reference"]
    (referenced,) = target["fields"]
    values = tables[target["resource"]][referenced]
    dangling = pc.and_(pc.is_valid(table[key]), pc.invert(pc.is_in(table[key], value_set=values.combine_chunks())))
    return _problem(where, "foreign-key", f"{key} not found in {target['resource']}.{referenced}", dangling, key)
