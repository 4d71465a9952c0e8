"""Checks of a built dataset folder: also for anyone who downloaded a release.

Frictionless validates every table against its schema (types, constraints, primary and
foreign keys). Checked here, from the folder alone: every file against the size and sha256
croissant.json states, span integrity, quantities inside their event's evidence, every count
the package publishes (datapackage.json's `x-rows`, the card's configs, headings and counted
sentences) against the tables, and, where the release manifest is at hand, that a folder which
claims a released version holds exactly that release's files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

import yaml

from ..curated.errors import Problem
from ..curated.yamlio import load_text
from ..export.card import ROW_COUNT_HEADING
from ..export.card_sections import ORDERED, counted_sections
from ..export.croissant import file_facts
from ..release.versioning import release_problems
from .fast_validate import read_resource, validate_package
from ..tabulate.shards import read_files

SPAN_COLUMNS = ("document_id", "start", "end", "text")
_HEADING = re.compile("^" + re.escape(ROW_COUNT_HEADING).replace(r"\{name\}", "(?P<name>\\w+)")
                      .replace(r"\{rows\}", "(?P<rows>\\d+)") + "$", re.MULTILINE)


def validate_dataset(folder: Path, manifest: Optional[dict] = None, reference: bool = False) -> list[Problem]:
    """Every problem of the dataset in `folder`; `manifest` is the release manifest, if at hand.
    The tables are checked by the build's own validator, or by frictionless (the reference,
    slower) if `reference` is set."""
    package = _json(folder / "datapackage.json", "no datapackage.json here: not a built dataset folder",
                    "point validate at a built dataset folder (the one holding datapackage.json)")
    if isinstance(package, Problem):
        return [package]
    croissant = _json(folder / "croissant.json", "missing", "rebuild the dataset: croissant.json is part of it")
    if isinstance(croissant, Problem):
        return [croissant]
    descriptor = folder / "datapackage.json"
    problems = _files(folder, package, croissant) or (
        _frictionless(descriptor) if reference else validate_package(descriptor, package))
    if problems:
        return problems
    tables = {r["name"]: read_resource(folder, r) for r in package["resources"]}
    return (_spans(folder, tables) + _quantities(folder, tables) + _counts(folder, package, croissant, tables)
            + release_problems(folder, package["version"], manifest))


def _json(path: Path, missing: str, hint: str) -> dict | Problem:
    if not path.is_file():
        return Problem(str(path), missing, hint=hint)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Problem(str(path), f"not valid JSON: {exc}")


def _files(folder: Path, package: dict, croissant: dict) -> list[Problem]:
    """Every table file is there, and is the file croissant.json describes (size and sha256)."""
    listed = [p for r in package.get("resources", []) for p in ([r["path"]] if isinstance(r["path"], str) else r["path"])]
    problems = [Problem(str(folder / p), "file listed in datapackage.json is missing")
                for p in listed if not (folder / p).is_file()]
    described = {fo.get("contentUrl"): fo for fo in croissant.get("distribution", [])}
    # Shards are described as a FileSet (a pattern, no hash each); the release manifest has their sha256.
    sets = [fo["includes"] for fo in croissant.get("distribution", []) if "includes" in fo]
    for path in sorted((folder / "data").rglob("*.parquet")):
        name = path.relative_to(folder).as_posix()
        fo = described.get(name)
        if fo is None and any(path.match(pattern) for pattern in sets):
            continue
        if fo is None:
            problems.append(Problem(str(path), "not described in croissant.json"))
        elif (fo.get("contentSize"), fo.get("sha256")) != (facts := file_facts(path)):
            size, digest = facts
            problems.append(Problem(str(path), f"is {size} with sha256 {digest}, croissant.json says "
                                               f"{fo.get('contentSize')} with sha256 {fo.get('sha256')}: "
                                               "the file was changed after the build"))
    return problems


def _frictionless(descriptor: Path) -> list[Problem]:
    from frictionless import Package

    report = Package(str(descriptor)).validate()
    problems = [Problem(str(descriptor), f"{e.type}: {e.note}") for e in report.errors]
    for task in report.tasks:
        where = str(descriptor.parent / task.place) if task.place else str(descriptor)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            message = f"{error.type}: {error.note}" + (f" (row {row})" if row else "")
            problems.append(Problem(where, message, field=field))
    return problems


def _spans(folder: Path, tables: dict) -> list[Problem]:
    texts = dict(zip(tables["documents"]["document_id"].to_pylist(), tables["documents"]["text"].to_pylist()))
    problems = []
    for name, table in tables.items():
        if name == "documents" or not set(SPAN_COLUMNS) <= set(table.column_names):
            continue
        # column by column: a dict per row would cost more than the check itself
        spans = zip(*(table[column].to_pylist() for column in SPAN_COLUMNS))
        for index, (document_id, start, end, value) in enumerate(spans):
            text = texts.get(document_id, "")
            if not 0 <= start <= end <= len(text) or text[start:end] != value:
                problems.append(Problem(
                    str(folder / "data" / f"{name}.parquet"),
                    f"row {index}: span {start}-{end} of {document_id} reads {text[start:end]!r}, not {value!r}"))
    return problems


def _quantities(folder: Path, tables: dict) -> list[Problem]:
    """A quantity is evidence only inside a report of its event."""
    reports: dict[tuple, list[tuple[int, int]]] = {}
    for row in tables["event_mentions"].select(["event_id", "document_id", "start", "end"]).to_pylist():
        reports.setdefault((row["event_id"], row["document_id"]), []).append((row["start"], row["end"]))
    problems = []
    for index, row in enumerate(tables["event_quantities"].to_pylist()):
        spans = reports.get((row["event_id"], row["document_id"]), [])
        if not any(start <= row["start"] and row["end"] <= end for start, end in spans):
            problems.append(Problem(str(folder / "data" / "event_quantities.parquet"),
                                    f"row {index}: {row['text']!r} ({row['document_id']} {row['start']}-{row['end']}) "
                                    f"lies in no evidence span of event {row['event_id']}"))
    return problems


def _counts(folder: Path, package: dict, croissant: dict, tables: dict) -> list[Problem]:
    """Every count the package publishes agrees with the tables it describes."""
    problems = [Problem(str(folder / "datapackage.json"),
                        f"resource {r['name']!r}: x-rows is {r.get('x-rows')}, the table has {tables[r['name']].num_rows} rows")
                for r in package["resources"] if r.get("x-rows") != tables[r["name"]].num_rows]
    card = folder / "README.md"
    if not card.is_file():
        return problems + [Problem(str(card), "the dataset card is missing")]
    text = card.read_text(encoding="utf-8")
    header = _card_header(text)
    if header is None:
        return problems + [Problem(str(card), "the card has no YAML header")]
    every = _card_tables(folder, header, tables)
    configs = {c.get("config_name"): c for c in header.get("dataset_info", [])}
    headings = {m["name"]: int(m["rows"]) for m in _HEADING.finditer(text)}
    for name, table in every.items():
        counted = configs[name]["splits"][0]["num_examples"] if name in configs else None
        if counted != table.num_rows:
            problems.append(Problem(str(card), f"config {name!r}: num_examples is {counted}, "
                                               f"the table has {table.num_rows} rows"))
        if headings.get(name) != table.num_rows:
            problems.append(Problem(str(card), f"the heading of table {name!r} gives {headings.get(name)} rows, "
                                               f"the table has {table.num_rows}"))
    for name, sentence in counted_sections(tables, _orders(package)).items():
        if sentence not in text:
            problems.append(Problem(str(card), f"the card's {name} does not match the tables; they say: {sentence}"))
    version = package["version"]
    if f"version {version}" not in text:
        problems.append(Problem(str(card), f"the card does not name version {version}"))
    if croissant.get("version") != version:
        problems.append(Problem(str(folder / "croissant.json"), f"version is {croissant.get('version')}, "
                                                                f"datapackage.json says {version}"))
    return problems


def _orders(package: dict) -> dict[str, list[str]]:
    """The vocabularies the card's counts follow, as datapackage.json's enum constraints give them."""
    events = next(r for r in package["resources"] if r["name"] == "events")["schema"]["fields"]
    return {f["name"]: f["constraints"]["enum"] for f in events if f["name"] in ORDERED}


def _card_header(text: str) -> Optional[dict]:
    if not text.startswith("---\n"):
        return None
    try:
        header = load_text(text.split("---\n")[1])  # the curated files' loader: libyaml, depth-bounded
    except yaml.YAMLError:
        return None
    return header if isinstance(header, dict) else None


def _card_tables(folder: Path, header: dict, tables: dict) -> dict:
    """The flat tables plus the card's other configs (the nested ones), read from their files."""
    extra = {c["config_name"]: sorted(folder.glob(c["data_files"][0]["path"])) for c in header.get("configs", [])
             if c["config_name"] not in tables}
    return tables | {name: read_files(folder, paths) for name, paths in extra.items() if paths}
