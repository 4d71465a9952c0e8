"""The entity registry: checks against the vocabularies, and the entities and aliases tables."""

from __future__ import annotations

from collections import Counter

from ..curated.errors import Problem, excerpt
from .mentions import Mention
from ..curated.models import Registry
from ..tabulate.schema import Contract
from ..curated.sources import Curated


def check_registry(registry: Curated, contract: Contract) -> list[Problem]:
    model: Registry = registry.model
    problems = []
    seen: dict[str, int] = {}
    types = contract.vocabularies.values("entity_types")
    for index, entity in enumerate(model.entities):
        if entity.entity_id in seen:
            problems.append(registry.located.problem(
                f"entity_id {entity.entity_id!r} is already used by entry {seen[entity.entity_id]}",
                ("entities", index, "entity_id"), "give each entity its own id, or merge the two entries"))
        seen.setdefault(entity.entity_id, index)
        if entity.type not in types:
            problems.append(registry.located.problem(
                f"unknown entity type {excerpt(entity.type)}", ("entities", index, "type"),
                f"use one of: {', '.join(types)} (schema/vocabularies.yaml)"))
    aliases = {(e.entity_id, a) for e in model.entities for a in e.aliases}
    for index, item in enumerate(model.misspelled_aliases):
        if (item.entity_id, item.alias) not in aliases:
            problems.append(registry.located.problem(
                f"{item.alias!r} is not an alias of {item.entity_id!r}", ("misspelled_aliases", index),
                "register the misspelling among the entity's aliases too"))
    return problems


def entity_rows(registry: Registry, mentions: list[Mention]) -> list[dict]:
    counts = Counter(m.entity_id for m in mentions)
    documents = Counter(entity for entity, _ in {(m.entity_id, m.document_id) for m in mentions})
    return [{
        "entity_id": e.entity_id,
        "name": e.name,
        "type": e.type,
        "subtype": e.subtype,
        "description": e.description,
        "roles": "; ".join(e.roles) or None,
        "wikidata_id": e.wikidata_id,
        "mention_count": counts[e.entity_id],
        "document_count": documents[e.entity_id],
    } for e in registry.entities]


def alias_rows(registry: Registry) -> list[dict]:
    corrections = {(m.entity_id, m.alias): m.correct for m in registry.misspelled_aliases}
    return [{"entity_id": e.entity_id, "alias": alias, "misspelling": (e.entity_id, alias) in corrections,
             "correction": corrections.get((e.entity_id, alias))}
            for e in registry.entities for alias in e.aliases]
