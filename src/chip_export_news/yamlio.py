"""Safe YAML reading that remembers where every value stood, for errors that name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem

M = TypeVar("M", bound=BaseModel)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (no Python object construction) that also refuses duplicated keys; libyaml's
    parser where installed (a tenth of the time: it matters with thousands of records)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicated key {key!r} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class Located:
    """A parsed YAML document plus the node tree to look up the line of any path in it."""

    def __init__(self, path: Path, data: Any, node: Optional[yaml.Node]):
        self.path = path
        self.data = data
        self._node = node

    def line(self, loc: tuple = ()) -> Optional[int]:
        """1-based line of the value at `loc` (keys and indexes), or of its nearest parent."""
        node = self._node
        if node is None:
            return None
        best = node.start_mark.line + 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
            best = node.start_mark.line + 1
        return best

    def problem(self, message: str, loc: tuple = (), hint: Optional[str] = None) -> Problem:
        field = ".".join(str(p) for p in loc) or None
        return Problem(str(self.path), message, self.line(loc), field, hint)


def _child(node: yaml.Node, part: Any) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def read_yaml(path: Path, display: Optional[str] = None) -> Located | Problem:
    """Parse `path` safely; a syntax error, unsafe tag or duplicated key becomes a Problem."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Problem(shown, f"not valid UTF-8 (byte {exc.start})", hint="save the file as UTF-8")
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())
        hint = "quote the value or fix the indentation"
        if "constructor for the tag" in message:
            hint = "remove the tag: only plain YAML (maps, lists, strings, numbers) is accepted"
        elif "duplicated key" in message:
            hint = "keep one of the two entries"
        return Problem(shown, f"YAML error: {message}", line, hint=hint)
    finally:
        loader.dispose()
    return Located(Path(shown), data, node)


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
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        message += f" (got {err['input']!r})"
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
