"""Safe YAML reading that remembers where every value stood, for errors that name the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional, Protocol

import yaml

from .errors import Problem, excerpt
from .input_files import read_input

MAX_DEPTH = 64  # far deeper than any curated file; a bound keeps the recursive composer safe
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Checks:
    """The checks both loaders below make: no duplicated, complex (list or map) or merge keys, no
    absurd nesting; and where each alias is used. They run in PyYAML's Python composer and
    constructor, whichever parser (Python or libyaml) produces the events."""

    def _start_checks(self):
        self.alias_uses: dict[tuple[int, Any], yaml.Mark] = {}
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            self.alias_uses[_slot(parent, index)] = mark
            return node
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"values are nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError):
            # PyYAML's constructors fail with plain exceptions on a value its type cannot hold
            # (`2025-02-30` read as a date, `!!int ""`): a Problem with the line, not a traceback.
            kind = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {excerpt(node.value)} as a {kind}", node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not accepted", key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a complex key (a list or map used as a key) is not accepted", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicated key {excerpt(key)} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_Checks, yaml.SafeLoader):
    """The pure-Python loader: SafeLoader (no Python object construction) plus the checks. It is
    the reference, and the one that reports every error (in PyYAML's words and lines)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._start_checks()


# Text that libyaml accepts where PyYAML refuses it, or counts otherwise: a tab (PyYAML refuses
# one outside quotes and comments, libyaml reads it as a space), a byte order mark after the
# start, a comment right after a block scalar's indicators (`>+#`). Such files go to pure Python.
_PURE_PYTHON_ONLY = re.compile(r"\t|.\ufeff|[|>][-+0-9]*#", re.DOTALL)


class _NotForTheFastPath(yaml.YAMLError):
    """The file uses YAML where libyaml and PyYAML are known to differ: read it in pure Python."""


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(_Checks, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """Events from libyaml's scanner and parser (in C: the bulk of the time), composed and
        constructed by the same Python code, with the same checks, as in the pure-Python loader.

        CParser's own composer (yaml.CSafeLoader's) is bypassed on purpose: it recurses in C with
        no depth bound of its own (only libyaml's nesting limit, which not every libyaml build has;
        and within this build's limit of 1,000, yaml.CSafeLoader already overflows a worker thread's
        256 KiB stack), and it has no hooks for the checks. Composer
        comes before CParser here, so its get_single_node/compose_node are used; libyaml's parser
        is iterative, so its events for 100,000 nested `[` are safe to read, and the depth check
        stops composing at MAX_DEPTH, as in the pure-Python loader."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._start_checks()

        def compose_node(self, parent, index):
            # Where libyaml's events differ from PyYAML's (found by comparing both on mutated
            # records), give way to the pure-Python loader: an explicit tag (`x: !` is null in
            # PyYAML, '' in libyaml), an empty plain value (placed on another line after `?` or
            # in a flow map), and a `?` in a plain value inside [] or {} (PyYAML ends it there).
            event = self.peek_event()
            if isinstance(event, yaml.NodeEvent) and getattr(event, "tag", None) is not None:
                raise _NotForTheFastPath()
            if isinstance(event, yaml.ScalarEvent) and event.implicit[0] and (
                    not event.value or "?" in event.value and getattr(parent, "flow_style", False)):
                raise _NotForTheFastPath()
            return super().compose_node(parent, index)
else:  # a PyYAML built without libyaml: the pure-Python loader only
    _FastLoader = None


def _slot(parent: Optional[yaml.Node], index: Any) -> tuple[int, Any]:
    # A mapping's value is composed with its key node as index, a sequence item with its position.
    return id(parent), id(index) if isinstance(index, yaml.Node) else index


class Located:
    """A parsed YAML document plus the node tree to look up the line of any path in it."""

    def __init__(self, path: Path, data: Any, node: Optional[yaml.Node],
                 alias_uses: Optional[dict[tuple[int, Any], yaml.Mark]] = None):
        self.path = path
        self.data = data
        self._node = node
        self._alias_uses = alias_uses or {}
        self._text: Optional[str] = None

    @classmethod
    def deferred(cls, path: Path, data: Any, text: str) -> "Located":
        """`data` known without parsing `text` (a cache had it): the node tree is parsed only if a
        line is asked for, which an error alone does."""
        located = cls(path, data, None)
        located._text = text
        return located

    def _tree(self) -> Optional[yaml.Node]:
        if self._text is not None:
            self._node, _, self._alias_uses = _load(self._text)
            self._text = None
        return self._node

    def line(self, loc: tuple = ()) -> Optional[int]:
        """1-based line of the value at `loc` (keys and indexes), or of its nearest parent."""
        node = self._tree()
        if node is None:
            return None
        best = node.start_mark.line + 1
        for part in loc:
            found = _child(node, part)
            if found is None:
                break
            node = found[1]
            best = node.start_mark.line + 1
        return best

    def alias_line(self, loc: tuple = ()) -> Optional[int]:
        """1-based line where the path `loc` first passes through an alias (*name), if it does."""
        node = self._tree()
        for part in loc:
            found = _child(node, part) if node is not None else None
            if found is None:
                return None
            slot, child = found
            mark = self._alias_uses.get((id(node), slot))
            if mark is not None:
                return mark.line + 1
            node = child
        return None

    def problem(self, message: str, loc: tuple = (), hint: Optional[str] = None) -> Problem:
        field = ".".join(str(p) for p in loc) or None
        line, used = self.line(loc), self.alias_line(loc)
        if used is not None:
            # The value is written once at its anchor and reached from the alias: name both lines.
            message += f" (in the value anchored on line {line}, used through the alias on line {used})"
            line = used
        return Problem(str(self.path), message, line, field, hint)


def _child(node: yaml.Node, part: Any) -> Optional[tuple[Any, yaml.Node]]:
    """The child at key or index `part`, with its slot as _slot names it."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return id(key_node), value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return part, node.value[part]
    return None


class ParseMemo(Protocol):
    """Parsed data remembered under a file's bytes (stages/parse_cache.py is one)."""

    def recall(self, raw: bytes) -> Optional[tuple[Any]]: ...  # (data,), or None if not known

    def remember(self, raw: bytes, data: Any) -> None: ...


def read_yaml(path: Path, display: Optional[str] = None, memo: Optional[ParseMemo] = None) -> Located | Problem:
    """Parse `path` safely; a syntax error, unsafe tag or duplicated key becomes a Problem.
    `memo` gives the data of bytes parsed before, and learns the data of new ones."""
    shown = display or str(path)
    data = read_input(path, shown)
    if isinstance(data, Problem):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(shown, f"not valid UTF-8 (byte {exc.start})", hint="save the file as UTF-8")
    if memo is not None and (known := memo.recall(data)) is not None:
        return Located.deferred(Path(shown), known[0], text)
    try:
        node, parsed, alias_uses = _load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())
        hint = "quote the value or fix the indentation"
        if isinstance(exc, yaml.reader.ReaderError):
            # A control character: PyYAML refuses it before scanning, with a position and no mark.
            line = text.count("\n", 0, exc.position) + 1
            message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
            hint = "remove the character (control characters are not accepted in YAML)"
        elif "constructor for the tag" in message:
            hint = "remove the tag: only plain YAML (maps, lists, strings, numbers) is accepted"
        elif "duplicated key" in message:
            hint = "keep one of the two entries"
        elif "merge keys" in message:
            hint = "write the fields out in full in each entry (merge keys hide what an entry holds)"
        elif "complex key" in message:
            hint = "use a plain word or quoted string as the key"
        elif message.startswith("cannot read"):
            hint = "correct the value, or quote it to keep it as text"
        elif "nested more than" in message:
            hint = "curated files are a few levels deep; flatten the value"
        return Problem(shown, f"YAML error: {message}", line, hint=hint)
    if memo is not None:
        memo.remember(data, parsed)
    return Located(Path(shown), parsed, node, alias_uses)


def load_text(text: str) -> Any:
    """The data of a YAML text, read as curated files are; raises yaml.YAMLError."""
    return _load(text)[1]


def _load(text: str) -> tuple[Optional[yaml.Node], Any, dict[tuple[int, Any], yaml.Mark]]:
    """(root node, data, alias uses) of `text`; raises yaml.YAMLError as the pure-Python loader does."""
    if _FastLoader is not None and not _PURE_PYTHON_ONLY.search(text):
        try:
            return _load_with(_FastLoader, text)
        except yaml.YAMLError:
            # libyaml words (and sometimes places) syntax errors its own way: any error, of syntax
            # or of the checks, is read again by the reference loader, which says it as before.
            pass
    return _load_with(_UniqueKeyLoader, text)


def _load_with(loader_class: type, text: str) -> tuple[Optional[yaml.Node], Any, dict[tuple[int, Any], yaml.Mark]]:
    loader = loader_class(text)  # the pure-Python Reader refuses control characters here already
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None, loader.alias_uses
    finally:
        loader.dispose()
