"""Read seeds/: the raw articles (sha256-locked) and the curated YAML beside them.

Every problem found is collected with its file and line; nothing here raises a traceback
for a curator's mistake.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, TypeVar

from pydantic import BaseModel

from .errors import Collector, Problem
from .input_files import present, read_input, refusal
from .models import Assignments, CleaningRules, DocumentRecord, Errata, Events, IgnoreList, Registry, RemoveLine
from ..text.normalize import BUILT_IN_RULES
from ..text.text_characters import forbidden_characters
from .model_validation import validate
from .yamlio import Located, ParseMemo, read_yaml

M = TypeVar("M", bound=BaseModel)

CLEANING_FILE = "cleaning.yaml"


@dataclass(frozen=True)
class Seed:
    file: str  # name in seeds/
    raw: str  # decoded text, exactly as received
    sha256: str
    record: DocumentRecord
    located: Located  # the record's YAML, for errors that point at its lines


@dataclass(frozen=True)
class Curated:
    """A curated registry file: its model, and the parsed YAML to point errors at lines."""

    model: BaseModel
    located: Located


@dataclass(frozen=True)
class Sources:
    root: Path
    seeds: list[Seed]
    cleaning: CleaningRules
    unavailable: frozenset[str]  # document_ids of articles that could not be read
    entities: Curated  # Registry
    assignments: Curated  # Assignments
    ignore: Curated  # IgnoreList
    events: Curated  # Events
    errata: Curated  # Errata


# Registry files and their models; an absent optional file means "none yet".
REGISTRIES = {"entities": ("entities.yaml", Registry), "assignments": ("mention_assignments.yaml", Assignments),
              "ignore": ("ignore_names.yaml", IgnoreList), "events": ("events.yaml", Events),
              "errata": ("errata.yaml", Errata)}
# Curated files that are not the record of one article.
REGISTRY_FILES = {CLEANING_FILE} | {file for file, _ in REGISTRIES.values()}


def read_sources(root: Path, problems: Collector, memo: Optional[ParseMemo] = None) -> Optional[Sources]:
    """Everything in seeds/, checked; None if something could not be read. `memo`: the data of
    curated files parsed by earlier builds."""
    seeds_dir = root / "seeds"
    if not present(seeds_dir):
        problems.add(Problem(str(seeds_dir), "the seeds folder does not exist",
                             hint="run the build from the project folder (the one holding seeds/)"))
        return None
    if refused := refusal(seeds_dir, _display(seeds_dir, root), folder=True):
        problems.add(refused)
        return None
    cleaning = _cleaning(seeds_dir / CLEANING_FILE, root, problems, memo)
    registries = {name: _registry(seeds_dir / file, model, root, problems, memo)
                  for name, (file, model) in REGISTRIES.items()}
    unavailable: set[str] = set()
    seeds = [seed for path in _articles(seeds_dir, root, problems)
             if (seed := _read_seed(path, root, problems, unavailable, memo))]
    _unique_ids(seeds, problems)
    if cleaning is not None:
        _declared_rules(seeds, cleaning, problems)
    if cleaning is None or None in registries.values():
        return None
    return Sources(root, sorted(seeds, key=lambda s: s.record.document_id), cleaning, frozenset(unavailable),
                   **registries)


def _registry(path: Path, model: type[M], root: Path, problems: Collector,
              memo: Optional[ParseMemo]) -> Optional[Curated]:
    if not present(path):
        empty = model()
        return Curated(empty, Located(Path(_display(path, root)), empty.model_dump(), None))
    parsed, located = read_parsed(model, path, root, problems, memo)
    return Curated(parsed, located) if parsed is not None else None


def read_model(model: type[M], path: Path, root: Path, problems: Collector) -> Optional[M]:
    if not present(path):
        problems.add(Problem(_display(path, root), "file is missing",
                             hint="create it (see the README's section for curators)"))
        return None
    return read_parsed(model, path, root, problems)[0]


def read_parsed(model: type[M], path: Path, root: Path, problems: Collector,
                memo: Optional[ParseMemo] = None) -> tuple[Optional[M], Optional[Located]]:
    """The validated model (None if invalid) and the parsed YAML (None if unparsable)."""
    located = read_yaml(path, _display(path, root), memo)
    if isinstance(located, Problem):
        problems.add(located)
        return None, None
    result = validate(model, located)
    if isinstance(result, list):
        problems.extend(result)
        return None, located
    return result, located


def _articles(seeds_dir: Path, root: Path, problems: Collector) -> list[Path]:
    texts = sorted(seeds_dir.glob("*.txt"), key=lambda p: p.name)  # one folder: names order as paths do
    records = {p.stem for p in seeds_dir.glob("*.yaml") if p.name not in REGISTRY_FILES}
    for stray in sorted(records - {p.stem for p in texts}):
        problems.add(Problem(_display(seeds_dir / f"{stray}.yaml", root),
                             "record without its article: there is no " + f"{stray}.txt",
                             hint="add the article, or remove (or rename) the record"))
    if not texts:
        problems.add(Problem(_display(seeds_dir, root), "no articles (*.txt) found"))
    return texts


def _read_seed(path: Path, root: Path, problems: Collector, unavailable: set[str],
               memo: Optional[ParseMemo]) -> Optional[Seed]:
    """The article and its record, or None (with the problems said); the document_id of an
    article that could not be read goes into `unavailable`, so that annotations pointing at
    it are not reported a second time."""
    record_path = path.with_suffix(".yaml")
    shown = _display(path, root)
    if not present(record_path):
        problems.add(Problem(shown, f"article without its record: {record_path.name} is missing",
                             hint="write the record (document_id, seed_sha256, title, outlet, ...)"
                                  " as described in the README for curators"))
        return None
    record, located = read_parsed(DocumentRecord, record_path, root, problems, memo)
    if located is None:
        if claimed := _salvaged_id(record_path):
            unavailable.add(claimed)
        return None
    data = read_input(path, shown)
    if isinstance(data, Problem):
        problems.add(data)
        data = sha256 = raw = None
    else:
        sha256 = hashlib.sha256(data).hexdigest()
        raw = _decode(data, shown, problems)
    if record is not None and sha256 is not None and sha256 != record.seed_sha256:
        problems.add(located.problem(
            f"{path.name} has sha256 {sha256}, not the recorded one: the article changed",
            ("seed_sha256",),
            "seeds are kept byte-identical to what was received; if the new text is approved, "
            f"set seed_sha256 to {sha256}"))
        raw = None
    if record is None or raw is None:
        claimed = located.data.get("document_id") if isinstance(located.data, dict) else None
        if isinstance(claimed, str):
            unavailable.add(claimed)
        return None
    return Seed(path.name, raw, sha256, record, located)


def _decode(data: bytes, shown: str, problems: Collector) -> Optional[str]:
    if not data.strip():
        problems.add(Problem(shown, "the article is empty", hint="copy the article text into the file"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.add(Problem(shown, f"not valid UTF-8: byte {data[exc.start]:#04x} at offset {exc.start}",
                             line, hint="re-save the article as UTF-8 from its original source"))
        return None
    found = forbidden_characters(text, shown)
    problems.extend(found)
    return None if found else text


def _salvaged_id(record_path: Path) -> Optional[str]:
    """The document_id line of a record that is not valid YAML, so that the events and errata
    quoting its article are skipped rather than reported as pointing at an unknown document."""
    data = read_input(record_path, str(record_path))
    if isinstance(data, Problem):
        return None
    match = _ID_LINE.search(data.decode("utf-8", errors="replace"))
    return match.group(1) if match else None


_ID_LINE = re.compile(r"""^document_id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?[ \t]*(?:#.*)?$""", re.M)


def _cleaning(path: Path, root: Path, problems: Collector, memo: Optional[ParseMemo]) -> Optional[CleaningRules]:
    """The general cleaning rules, with each rule id declared once and none taken from the build's own."""
    if not present(path):
        return read_model(CleaningRules, path, root, problems)
    rules, located = read_parsed(CleaningRules, path, root, problems, memo)
    if rules is None:
        return None
    seen: dict[str, tuple] = {}
    for group in ("rules", "article_rules"):
        for index, rule in enumerate(getattr(rules, group)):
            where = (group, index, "id")
            if rule.id in BUILT_IN_RULES:
                problems.add(located.problem(f"rule id {rule.id!r} is the name of a built-in rule", where,
                                             "choose another id (built-in: " + ", ".join(sorted(BUILT_IN_RULES)) + ")"))
            elif rule.id in seen:
                problems.add(located.problem(
                    f"rule id {rule.id!r} is declared twice (first at {'.'.join(map(str, seen[rule.id]))},"
                    f" line {located.line(seen[rule.id])})", where, "merge the two rules or rename one"))
            seen.setdefault(rule.id, where)
    return rules


def _declared_rules(seeds: list[Seed], cleaning: CleaningRules, problems: Collector) -> None:
    declared = sorted(rule.id for rule in cleaning.rules + cleaning.article_rules)
    for seed in seeds:
        for index, item in enumerate(seed.record.cleaning):
            if isinstance(item, RemoveLine) and item.rule not in declared:
                problems.add(seed.located.problem(
                    f"rule {item.rule!r} is not declared in seeds/{CLEANING_FILE}", ("cleaning", index, "rule"),
                    f"use one of: {', '.join(declared)}; or declare it under article_rules "
                    f"(id, description) in seeds/{CLEANING_FILE}"))


def _unique_ids(seeds: list[Seed], problems: Collector) -> None:
    first: dict[str, Seed] = {}
    for seed in seeds:
        other = first.setdefault(seed.record.document_id, seed)
        if other is not seed:
            problems.add(seed.located.problem(
                f"document_id {seed.record.document_id!r} is already used by {other.located.path}",
                ("document_id",), "give each article its own document_id"))


def _display(path: Path, root: Path) -> str:
    """`path` relative to `root` if under it (by prefix: Path.relative_to costs 25 µs a call)."""
    shown, prefix = str(path), f"{root}{os.sep}"
    return shown[len(prefix):] if shown.startswith(prefix) else shown
