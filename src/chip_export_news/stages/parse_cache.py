"""Cache of parsed curated YAML: each file's data under the sha256 of its bytes and of the reader.

Parsing is most of the cost of reading 10,000 records (~0.3 ms each), and a record seldom
changes. Only the parse is cached: every record is still validated by its model and every
check after that runs; the line of an error is found by parsing the file again
(yamlio.Located.deferred). Data JSON cannot hold exactly (dates, binary, non-text keys) is
never cached, so a cached file reads back as the very same data.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Optional

import yaml

from .cache_store import CACHE_DIR, Store
from ..curated import yamlio

CACHE_FILE = CACHE_DIR / "parsed.sqlite"


@cache
def reader_version() -> bytes:
    return hashlib.sha256(Path(yamlio.__file__).read_bytes()
                          + f"PyYAML=={yaml.__version__} libyaml={yaml.__with_libyaml__}".encode()).digest()


class ParseCache:
    """A yamlio.ParseMemo kept in .build-cache/; `close` stores what this build read."""

    def __init__(self, root: Path):
        self._store = Store(root / CACHE_FILE)
        self._known = self._store.everything()
        self._used: list[str] = []
        self._new: dict[str, bytes] = {}

    def recall(self, raw: bytes) -> Optional[tuple[Any]]:
        key = _key(raw)
        payload = self._known.get(key)
        if payload is None:
            return None
        try:
            data = json.loads(payload)
        except ValueError:  # whatever is wrong with an entry, the file is parsed again
            return None
        self._used.append(key)
        return (data,)

    def remember(self, raw: bytes, data: Any) -> None:
        if _exact_in_json(data):
            key = _key(raw)
            self._used.append(key)
            self._new[key] = json.dumps(data, ensure_ascii=False).encode("utf-8")

    def close(self) -> None:
        self._store.keep(self._used, self._new)


def _key(raw: bytes) -> str:
    return hashlib.sha256(reader_version() + raw).hexdigest()


def _exact_in_json(value: Any) -> bool:
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(_exact_in_json(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _exact_in_json(v) for k, v in value.items())
    return False
