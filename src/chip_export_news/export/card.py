"""README.md: the Hugging Face dataset card, generated from the schema, vocabularies and data."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import yaml

from ..tabulate.shards import table_glob

if TYPE_CHECKING:  # validate uses this module's counts and headings, and does not need pydantic
    from ..tabulate.schema import Contract

HF_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool", "date": "date32"}
SPLIT = "train"


def hf_features(contract: Contract, name: str) -> list[dict]:
    """Features in the card's YAML form; list columns of the nested configs become `list:`."""
    columns = contract.tables[name].columns if name in contract.tables else contract.nested[name].columns
    return [_feature(c) for c in columns]


def _feature(column) -> dict:
    from ..tabulate.schema import ListColumn

    if isinstance(column, ListColumn):
        return {"name": column.name, "list": [_feature(f) for f in column.fields]}
    return {"name": column.name, "dtype": HF_DTYPES[column.type]}


def card_header(contract: Contract, tables: dict[str, pa.Table]) -> dict:
    info = contract.package
    largest = max(t.num_rows for t in tables.values())
    return {
        "license": "other",
        "license_name": "cc-by-4.0-annotations-publisher-texts",
        "license_link": "LICENSE.md",
        "language": ["de"],
        "pretty_name": info.title,
        # Curators wrote every annotation; the texts are news articles as published (most of them
        # translations, but only the German text is included).
        "annotations_creators": ["expert-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        # Only what the spans support: entity mentions are token-level labels. Events are typed
        # evidence spans, not labels of whole texts, so no text-classification.
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition"],
        "size_categories": ["n<1K" if largest < 1000 else "1K<n<10K"],
        "tags": ["export-controls", "semiconductors", "event-extraction", "news"],
        "configs": [
            {"config_name": name, "data_files": [{"split": SPLIT, "path": table_glob(name, tables[name].num_rows)}],
             **({"default": True} if name == "documents" else {})}
            for name in tables
        ],
        "dataset_info": [
            {"config_name": name, "features": hf_features(contract, name),
             "splits": [{"name": SPLIT, "num_bytes": tables[name].nbytes,
                         "num_examples": tables[name].num_rows}]}
            for name in tables
        ],
    }


def render_card(contract: Contract, version: str, tables: dict[str, pa.Table], template: Path,
                sections: dict[str, str], published: datetime.date | None = None) -> str:
    header = yaml.safe_dump(card_header(contract, tables), sort_keys=False, allow_unicode=True, width=100)
    body = template.read_text(encoding="utf-8")
    info = contract.package
    values = {"version": version, "title": info.title, "homepage": info.homepage,
              "authors": ", ".join(c.title for c in creators(contract)),
              "bibtex": bibtex(contract, version, published),
              "tables": tables_section(contract, tables),
              "nested": nested_section(contract, tables),
              "vocabularies": vocabularies_section(contract),
              "text_rights": info.text_rights, **sections}
    for key, value in values.items():
        body = body.replace("{{" + key + "}}", value)
    return f"---\n{header}---\n\n{body}"


def creators(contract: Contract):
    contributors = contract.package.contributors
    return [c for c in contributors if c.role == "author"] or contributors


def bibtex(contract: Contract, version: str, published: datetime.date | None) -> str:
    """The one citation: the card's BibTeX and Croissant's citeAs. A development version has no
    release date, so no year."""
    info = contract.package
    fields = {"title": info.title,
              "author": " and ".join("{" + c.title + "}" for c in creators(contract)),
              "version": version,
              **({"year": str(published.year)} if published else {}),
              "url": info.homepage}
    key = info.name.replace("-", "_") + "_" + re.sub(r"\W", "_", version)
    lines = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{lines}\n}}"


def tables_section(contract: Contract, tables: dict[str, pa.Table]) -> str:
    parts = []
    for name, table in contract.tables.items():
        parts.append(ROW_COUNT_HEADING.format(name=name, rows=tables[name].num_rows) + f"\n\n{table.description}\n")
        parts.append(f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}.")
        for fk in table.foreign_keys:
            parts.append(f" `{', '.join(fk.fields)}` → `{fk.resource}.{', '.join(fk.reference)}`.")
        parts.append("\n\n| column | type | required | description |\n|---|---|---|---|\n")
        for c in table.columns:
            extra = f" Values: see *{c.vocabulary}*." if c.vocabulary else ""
            parts.append(f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | {_cell(c.description)}{extra} |\n")
        parts.append("\n")
    return "".join(parts).rstrip() + "\n"


def nested_section(contract: Contract, tables: dict[str, pa.Table]) -> str:
    from ..tabulate.schema import ListColumn

    parts = []
    for name, table in contract.nested.items():
        parts.append(ROW_COUNT_HEADING.format(name=name, rows=tables[name].num_rows) + f"\n\n{table.description}\n\n"
                     "| column | type | description |\n|---|---|---|\n")
        for c in table.columns:
            if isinstance(c, ListColumn):
                inner = ", ".join(f"`{f.name}` ({f.type})" for f in c.fields)
                parts.append(f"| `{c.name}` | list of {{{inner}}} | {_cell(c.description)} |\n")
            else:
                parts.append(f"| `{c.name}` | {c.type} | {_cell(c.description)} |\n")
        parts.append("\n")
    return "".join(parts)


def vocabularies_section(contract: Contract) -> str:
    parts = []
    vocab = contract.vocabularies
    for name in type(vocab).model_fields:
        if name == "event_types":
            continue
        parts.append(f"#### {name}\n\n| value | definition |\n|---|---|\n")
        parts += [f"| `{k}` | {_cell(v)} |\n" for k, v in getattr(vocab, name).items()]
        parts.append("\n")
    parts.append("#### event_types (with the nearest PLOVER event type)\n\n"
                 "| value | PLOVER | definition |\n|---|---|---|\n")
    parts += [f"| `{k}` | {v.plover or '—'} | {_cell(v.definition)} |\n" for k, v in vocab.event_types.items()]
    return "".join(parts)


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(str(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


ROW_COUNT_HEADING = "#### `{name}` ({rows} rows)"
