"""Curated documents checked against their pydantic models, each error mapped to its line."""

from __future__ import annotations

from typing import Any, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem, excerpt
from .yamlio import Located

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Located, wrap: Optional[str] = None) -> M | list[Problem]:
    """Validate the document against `model` (as its field `wrap`, if given); map errors to lines."""
    payload = {wrap: doc.data} if wrap else doc.data
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        return [_problem(doc, model, err, 1 if wrap else 0) for err in exc.errors()]


def _problem(doc: Located, model: type[BaseModel], err: dict, drop: int) -> Problem:
    loc = tuple(p for p in err["loc"][drop:] if not _is_union_tag(p))
    message = err["msg"]
    hint = None
    if err["type"] == "extra_forbidden":
        message = "unknown field (a typo?)"
        hint = "allowed fields here: " + ", ".join(_allowed(model, err["loc"][:-1]))
    elif err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] in ("literal_error", "enum"):
        hint = "use one of the values listed (CURATING.md says what each means)"
    if err["type"] not in ("extra_forbidden", "missing") and "input" in err and not isinstance(err["input"], (dict, list)):
        message += f" (got {excerpt(err['input'])})"
    return doc.problem(message, loc, hint)


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the union member's class name into the location of union errors.
    return isinstance(part, str) and part[:1].isupper()


def _allowed(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        if isinstance(part, str) and part[:1].isupper():
            current = _member(current, part)
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field:  # otherwise `part` is a key of a dict of models: stay on the model
            current = _inner_model(field.annotation)
    return sorted(getattr(current, "model_fields", {}))


def _member(annotation: Any, name: str) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if getattr(arg, "__name__", None) == name:
            return arg
    return annotation


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
