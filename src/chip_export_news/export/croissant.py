"""croissant.json: MLCommons Croissant 1.1 metadata for the Parquet tables and nested configs.

Everything below the dataset level is generated from the contract (schema/tables.yaml and
schema/nested.yaml): one FileObject per Parquet file, one RecordSet per flat table and per
nested config, one Field per column. The output is deterministic: no dates, no timestamps,
keys in a fixed order, so that a rebuild of the same data gives the same file.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .card import bibtex, creators
from ..tabulate.shards import stored_files

if TYPE_CHECKING:  # validate checks files against file_facts, and does not need pydantic
    from ..tabulate.schema import Column, Contract, ListColumn, NestedTable, Table

# mlcroissant 1.1.1 reads and writes Croissant 1.1 (its CroissantVersion.LATEST_VERSION), and
# the 1.1 vocabulary is what lets a list-of-records column be described as an array of
# records (`isArray` on a field with `subField`s; `repeated` is deprecated in 1.1).
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

# The standard @context of a Croissant 1.1 document, exactly as mlcroissant 1.1.1 writes it
# (mlcroissant._src.core.rdf.make_context for a 1.1 context; the 1.1 examples in
# github.com/mlcommons/croissant/datasets/1.1 use the same terms). mlcroissant logs a
# "@context is not standard" warning when a key of it is missing. Copied rather than imported:
# mlcroissant is needed to check this file, not to write it.
CONTEXT: dict = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
}

PARQUET = "application/x-parquet"


def croissant(contract: Contract, version: str, folder: Path, published: datetime.date | None = None) -> dict:
    """The Croissant JSON-LD for the built dataset in `folder` (its data/<name>.parquet files,
    or data/<name>/*.parquet shards).

    datePublished is the release date of `version` (as recorded when it was released), never the
    build's clock, so identical builds give identical files; a development version has none
    (mlcroissant then warns that the property is recommended).
    """
    info = contract.package
    names = list(contract.tables) + list(contract.nested)
    files = {name: stored_files(folder, name) for name in names}
    return {
        "@context": copy.deepcopy(CONTEXT),
        "@type": "sc:Dataset",
        "name": info.name,
        "description": _description(contract),
        "conformsTo": CONFORMS_TO,
        "license": [lic.path for lic in info.licenses] + [_text_rights(contract)],
        "url": info.homepage,
        "version": version,
        **({"datePublished": published.isoformat()} if published else {}),
        "keywords": info.keywords,
        "citeAs": bibtex(contract, version, published),
        "creator": [{"@type": "sc:Organization", "name": c.title} for c in creators(contract)],
        **{f"rai:{key}": text for key, text in info.responsible_ai.items()},
        "distribution": [_file_object(contract, name, folder) if len(files[name]) == 1
                         else _file_set(contract, name, files[name]) for name in names],
        "recordSet": [_flat_record_set(contract, name, table, _source(name, files))
                      for name, table in contract.tables.items()]
                     + [_nested_record_set(contract, name, table, _source(name, files))
                        for name, table in contract.nested.items()],
    }


def _description(contract: Contract) -> str:
    info = contract.package
    licences = "; ".join(f"{lic.name} ({lic.path}): {lic.title}" for lic in info.licenses)
    return f"{info.description}\n\nLicence: {licences}.\n\nArticle texts: {info.text_rights}"


def _text_rights(contract: Contract) -> dict:
    """The article texts are not under the annotation licence: their rights, as a licence entry."""
    return {"@type": "sc:CreativeWork", "name": "Article texts: rights reserved by their publishers",
            "description": contract.package.text_rights}


def _file_id(name: str) -> str:
    return f"{name}.parquet"


def file_facts(path: Path) -> tuple[str, str]:
    """(contentSize, sha256) of a file, as its FileObject states them."""
    data = path.read_bytes()
    return f"{len(data)} B", hashlib.sha256(data).hexdigest()


def _file_object(contract: Contract, name: str, folder: Path) -> dict:
    path = f"data/{name}.parquet"
    size, digest = file_facts(folder / path)
    table = contract.tables.get(name) or contract.nested[name]
    return {
        "@type": "cr:FileObject",
        "@id": _file_id(name),
        "name": _file_id(name),
        "description": table.description,
        "contentUrl": path,
        "contentSize": size,
        "encodingFormat": PARQUET,
        "sha256": digest,
    }


def _source(name: str, files: dict[str, list[str]]) -> dict:
    """How a field names the file(s) it is read from."""
    return {"fileObject" if len(files[name]) == 1 else "fileSet": {"@id": _file_id(name)}}


def _file_set(contract: Contract, name: str, files: list[str]) -> dict:
    """A sharded table: the set of its shards, by pattern (their order is their names')."""
    table = contract.tables.get(name) or contract.nested[name]
    return {
        "@type": "cr:FileSet",
        "@id": _file_id(name),
        "name": _file_id(name),
        "description": table.description,
        "encodingFormat": PARQUET,
        "includes": files[0].rsplit("/", 1)[0] + "/*.parquet",
    }


def _key(record_set: str, columns: list[str]) -> dict | list[dict]:
    ids = [{"@id": f"{record_set}/{c}"} for c in columns]
    return ids[0] if len(ids) == 1 else ids


def _field(contract: Contract, record_set: str, file: dict, column: Column, *,
           field_id: str | None = None, list_column: str | None = None) -> dict:
    """A leaf field read from one Parquet column, or, with `list_column`, from the struct field
    `column.name` of every element of that list column."""
    source: dict = {**file, "extract": {"column": list_column or column.name}}
    if list_column:
        source["transform"] = {"jsonPath": column.name}
    return {
        "@type": "cr:Field",
        "@id": field_id or f"{record_set}/{column.name}",
        "name": column.name,
        "description": field_description(contract, column),
        "dataType": DATA_TYPES[column.type],
        "source": source,
    }


def field_description(contract: Contract, column: Column) -> str:
    """The schema's description; for a column restricted to a vocabulary, its values too
    (Croissant has no enum constraint on a field)."""
    values = contract.enum(column)
    if not values:
        return column.description
    return f"{column.description} Values ({column.vocabulary}): {', '.join(values)}."


def _flat_record_set(contract: Contract, name: str, table: Table, file: dict) -> dict:
    fields = [_field(contract, name, file, c) for c in table.columns]
    by_name = {f["name"]: f for f in fields}
    for fk in table.foreign_keys:
        # Croissant references are per field; a composite key references column by column.
        # mlcroissant also joins the referenced record set when it reads this one (a left
        # join on a unique key, so the rows stay the same).
        for column, target in zip(fk.fields, fk.reference, strict=True):
            by_name[column]["references"] = {"field": {"@id": f"{fk.resource}/{target}"}}
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": table.description,
        "key": _key(name, table.primary_key),
        "field": fields,
    }


def _nested_record_set(contract: Contract, name: str, table: NestedTable, file: dict) -> dict:
    from ..tabulate.schema import Column, ListColumn

    fields = []
    for column in table.columns:
        if isinstance(column, ListColumn):
            fields.append(_list_field(contract, name, file, column))
        else:
            fields.append(_field(contract, name, file, column))
    record_set = {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": table.description,
    }
    # One row per row of the source table: its primary key, where the config carries it.
    plain = {c.name for c in table.columns if isinstance(c, Column)}
    key = contract.tables[table.source].primary_key
    if set(key) <= plain:
        record_set["key"] = _key(name, key)
    record_set["field"] = fields
    return record_set


def _list_field(contract: Contract, record_set: str, file: dict, column: ListColumn) -> dict:
    """A Parquet list<struct<...>> column: an array of records, one subField per struct field.

    Each subField reads the whole list column and picks its struct field from every element
    with a jsonPath; `isArray` on the parent makes readers zip them back into a list of
    records (mlcroissant 1.1.1 yields [{subField id: value, ...}, ...] for each row).
    """
    parent = f"{record_set}/{column.name}"
    return {
        "@type": "cr:Field",
        "@id": parent,
        "name": column.name,
        "description": column.description,
        "isArray": True,
        "arrayShape": "-1",
        "subField": [
            _field(contract, record_set, file, f, field_id=f"{parent}/{f.name}", list_column=column.name)
            for f in column.fields
        ],
    }
