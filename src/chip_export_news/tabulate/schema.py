"""The output contract, read from schema/: tables, vocabularies and package metadata.

This is the one place a column is defined; Arrow, Frictionless, Hugging Face and
Croissant descriptions are all derived from these objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field

from ..curated.errors import Collector, Problem
from ..curated.models import Strict
from ..curated.input_files import refusal
from ..curated.sources import read_model
from ..curated.model_validation import validate
from ..curated.yamlio import read_yaml


class Column(Strict):
    name: str
    type: Literal["string", "integer", "number", "boolean", "date"]
    description: str
    required: bool = False
    unique: bool = False
    pattern: Optional[str] = None
    minimum: Optional[int] = None
    vocabulary: Optional[str] = None


class ForeignKey(Strict):
    fields: list[str]
    resource: str
    reference: list[str]


class Table(Strict):
    description: str
    primary_key: list[str]
    columns: list[Column]
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    span: Optional[tuple[str, str]] = None


class ListColumn(Strict):
    """A column holding a list of records, one per row of a flat `source` table."""

    name: str
    description: str
    source: str
    fields: list[Column]


class NestedTable(Strict):
    description: str
    source: str
    columns: list[Column | ListColumn]


class NestedTables(Strict):
    nested: dict[str, NestedTable]


class EventType(Strict):
    definition: str
    plover: Optional[Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                             "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                             "MOBILIZE", "COERCE", "ASSAULT"]]


class Vocabularies(Strict):
    languages: dict[str, str]
    date_precision: dict[str, str]
    published_basis: dict[str, str]
    date_basis: dict[str, str]
    edit_kinds: dict[str, str]
    entity_types: dict[str, str]
    factuality: dict[str, str]
    argument_roles: dict[str, str]
    quantity_qualifiers: dict[str, str]
    errata_kinds: dict[str, str]
    event_types: dict[str, EventType]

    def values(self, name: str) -> list[str]:
        return list(getattr(self, name))


class License(Strict):
    name: str
    path: str
    title: str


class Contributor(Strict):
    title: str
    role: str


class PackageInfo(Strict):
    name: str
    title: str
    description: str
    homepage: str
    keywords: list[str]
    licenses: list[License]
    contributors: list[Contributor]
    text_rights: str
    responsible_ai: dict[str, str] = {}


class Tables(Strict):
    tables: dict[str, Table]


@dataclass(frozen=True)
class Contract:
    tables: dict[str, Table]
    vocabularies: Vocabularies
    package: PackageInfo
    nested: dict[str, NestedTable]

    def enum(self, column: Column) -> Optional[list[str]]:
        return self.vocabularies.values(column.vocabulary) if column.vocabulary else None


def load_contract(root: Path) -> Contract:
    problems = Collector()
    schema_dir = root / "schema"
    for path, folder in ((schema_dir, True), (schema_dir / "card.md", False)):
        if refused := refusal(path, str(path.relative_to(root)), folder):
            problems.add(refused)
            problems.raise_if_any()
    tables = _mapping(Tables, "tables", schema_dir / "tables.yaml", root, problems)
    nested = _mapping(NestedTables, "nested", schema_dir / "nested.yaml", root, problems)
    vocabularies = read_model(Vocabularies, schema_dir / "vocabularies.yaml", root, problems)
    package = read_model(PackageInfo, schema_dir / "package.yaml", root, problems)
    problems.raise_if_any()
    return Contract(tables, vocabularies, package, nested)


def _mapping(model, field: str, path: Path, root: Path, problems: Collector) -> dict:
    # These files map a table name to its definition; each is validated as one model's field.
    located = read_yaml(path, str(path.relative_to(root)))
    if isinstance(located, Problem):
        problems.add(located)
        return {}
    result = validate(model, located, wrap=field)
    if isinstance(result, list):
        problems.extend(result)
        return {}
    return getattr(result, field)
