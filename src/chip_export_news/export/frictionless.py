"""datapackage.json: the Frictionless Data Package describing every Parquet table."""

from __future__ import annotations

from pathlib import Path

from ..tabulate.schema import Column, Contract, Table
from ..tabulate.shards import stored_files


def field_descriptor(contract: Contract, column: Column) -> dict:
    field: dict = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.pattern:
        constraints["pattern"] = column.pattern
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    enum = contract.enum(column)
    if enum:
        constraints["enum"] = enum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(contract: Contract, table: Table) -> dict:
    schema: dict = {
        "fields": [field_descriptor(contract, c) for c in table.columns],
        "primaryKey": table.primary_key,
        # Nulls are Parquet nulls; an empty string is a value (e.g. an edit's empty replacement).
        "missingValues": [],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": fk.fields, "reference": {"resource": fk.resource, "fields": fk.reference}}
            for fk in table.foreign_keys
        ]
    return schema


def datapackage(contract: Contract, version: str, out: Path, row_counts: dict[str, int]) -> dict:
    info = contract.package
    resources = []
    for name, table in contract.tables.items():
        paths = stored_files(out, name)
        resources.append({
            "name": name,
            # A sharded table lists its shards (a Data Package path may be a list).
            "path": paths[0] if len(paths) == 1 else paths,
            "profile": "tabular-data-resource",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": table.description,
            # No `bytes`/`hash`: frictionless 5 computes neither for Parquet and would call every
            # resource invalid. Sizes and sha256 are in croissant.json and the release manifest.
            "schema": table_schema(contract, table),
            # Not a Frictionless property; carried so that readers of this file alone can
            # check row counts without opening the data.
            "x-rows": row_counts[name],
        })
    return {
        "name": info.name,
        "title": info.title,
        "description": info.description,
        "version": version,
        "homepage": info.homepage,
        "keywords": info.keywords,
        "licenses": [lic.model_dump() for lic in info.licenses],
        "contributors": [c.model_dump() for c in info.contributors],
        "sources": [{"title": f"Raw articles in seeds/ (sha256-locked); text rights: {info.text_rights}"}],
        "resources": resources,
    }
