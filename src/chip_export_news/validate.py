"""Checks of a built dataset folder: also for anyone who downloaded a release.

Frictionless validates every table against its schema (types, constraints, primary and
foreign keys, file bytes and sha256); span integrity and the card's row counts are checked
here, from the folder alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .errors import Problem
from .export.frictionless import file_facts
from .fast_validate import read_resource, validate_package
from .shards import read_files

SPAN_COLUMNS = {"document_id", "start", "end", "text"}


def validate_dataset(folder: Path, reference: bool = False) -> list[Problem]:
    """All checks of a built folder; the tables by the build's own validator, or by
    frictionless (the reference, slower) if `reference` is set."""
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        return [Problem(str(folder), "no datapackage.json here",
                        hint="point --validate at a built dataset folder (the one holding datapackage.json)")]
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [Problem(str(descriptor), f"not valid JSON: {exc.msg}", exc.lineno)]
    problems = _file_facts(descriptor.parent, package) or (
        _frictionless(descriptor) if reference else validate_package(descriptor, package))
    if problems:
        return problems
    tables = {r["name"]: read_resource(folder, r) for r in package["resources"]}
    return _spans(folder, tables) + _card(folder, package, tables)


def _card_tables(folder: Path, header: dict, tables: dict) -> dict:
    """The flat tables plus the card's other configs (the nested ones), read from their files."""
    extra = {c["config_name"]: sorted(folder.glob(c["data_files"][0]["path"])) for c in header.get("configs", [])
             if c["config_name"] not in tables}
    return tables | {name: read_files(folder, paths) for name, paths in extra.items() if paths}


def _frictionless(descriptor: Path) -> list[Problem]:
    from frictionless import Checklist, Package

    # frictionless 5 reads Parquet through a parser that reports no byte or hash stats, so it
    # would flag every file; _file_facts checks bytes and sha256 itself instead.
    checklist = Checklist(skip_errors=["byte-count", "hash-count"])
    report = Package(str(descriptor)).validate(checklist)
    problems = [Problem(str(descriptor), f"{e.type}: {e.note}") for e in report.errors]
    for task in report.tasks:
        where = str(descriptor.parent / task.place) if task.place else str(descriptor)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            message = f"{error.type}: {error.note}" + (f" (row {row})" if row else "")
            problems.append(Problem(where, message, field=field))
    return problems


def _file_facts(folder: Path, package: dict) -> list[Problem]:
    problems = []
    for resource in package.get("resources", []):
        if not isinstance(resource["path"], str):  # shards carry no file facts; each must be there
            problems += [Problem(str(folder / p), "file listed in datapackage.json is missing")
                         for p in resource["path"] if not (folder / p).is_file()]
            continue
        path = folder / resource["path"]
        if not path.is_file():
            problems.append(Problem(str(path), "file listed in datapackage.json is missing"))
            continue
        facts = file_facts(path)
        for key in ("bytes", "hash"):
            if resource.get(key) != facts[key]:
                problems.append(Problem(str(path), f"{key} is {facts[key]}, datapackage.json says "
                                                   f"{resource.get(key)}: the file was changed after the build"))
    return problems


def _spans(folder: Path, tables: dict) -> list[Problem]:
    texts = dict(zip(tables["documents"]["document_id"].to_pylist(), tables["documents"]["text"].to_pylist()))
    problems = []
    for name, table in tables.items():
        if name == "documents" or not SPAN_COLUMNS <= set(table.column_names):
            continue
        for index, row in enumerate(table.select(sorted(SPAN_COLUMNS)).to_pylist()):
            text = texts.get(row["document_id"], "")
            if not 0 <= row["start"] <= row["end"] <= len(text) or text[row["start"]:row["end"]] != row["text"]:
                problems.append(Problem(
                    str(folder / "data" / f"{name}.parquet"),
                    f"row {index}: span {row['start']}-{row['end']} of {row['document_id']} reads "
                    f"{text[row['start']:row['end']]!r}, not {row['text']!r}"))
    return problems


def _card(folder: Path, package: dict, tables: dict) -> list[Problem]:
    card = folder / "README.md"
    if not card.is_file():
        return [Problem(str(card), "the dataset card is missing")]
    text = card.read_text(encoding="utf-8")
    header = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else None
    if not isinstance(header, dict):
        return [Problem(str(card), "the card has no YAML header")]
    problems = []
    configs = {c["config_name"]: c for c in header.get("dataset_info", [])}
    for name, table in _card_tables(folder, header, tables).items():
        info = configs.get(name)
        counted = info["splits"][0]["num_examples"] if info else None
        if counted != table.num_rows:
            problems.append(Problem(str(card), f"config {name!r}: num_examples is {counted}, "
                                               f"the table has {table.num_rows} rows"))
    if f"version {package['version']}" not in text:
        problems.append(Problem(str(card), f"the card does not name version {package['version']}"))
    croissant = folder / "croissant.json"
    if not croissant.is_file() or json.loads(croissant.read_text(encoding="utf-8")).get("version") != package["version"]:
        problems.append(Problem(str(croissant), f"missing, or not of version {package['version']}"))
    return problems
