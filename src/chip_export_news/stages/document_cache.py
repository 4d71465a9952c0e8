"""Cache of per-document stage results: a build artifact, never committed, never trusted.

An entry's key is the sha256 of everything that can change the result: the raw text, the
record, the cleaning rules and the code version (the source of the stage's modules and the
version of `regex`). Each entry carries the sha256 of its payload; an entry that
fails that check, or does not fit its text when read back (document_stage.from_json), is
recomputed. So a corrupt or stale cache costs time, never a different output.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Optional

from . import document_stage
from ..text import normalize, offsets, sentences, text_characters
from .document_stage import StageInput, StageResult, from_json, to_json
from ..curated.models import CleaningRules

CACHE_FILE = Path(".build-cache") / "documents.sqlite"


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for module in (document_stage, normalize, offsets, sentences, text_characters):
        digest.update(Path(module.__file__).read_bytes())
    for package in ("regex",):
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()


def cache_key(item: StageInput, rules_json: str) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in (item.raw, item.record.model_dump_json(), rules_json):
        digest.update(hashlib.sha256(part.encode("utf-8")).digest())
    return digest.hexdigest()


class DocumentCache:
    def __init__(self, root: Path):
        self._path = root / CACHE_FILE
        self._path.parent.mkdir(exist_ok=True)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        """The cache database; an unreadable one is started afresh."""
        db = sqlite3.connect(self._path)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, digest TEXT, payload BLOB)")
            return db
        except sqlite3.DatabaseError:
            db.close()
            self._path.unlink()
            return self._open()

    def get(self, keys: list[str]) -> dict[str, bytes]:
        """The payloads stored under `keys` whose digest checks out."""
        found: dict[str, bytes] = {}
        try:
            for at in range(0, len(keys), 500):
                batch = keys[at:at + 500]
                rows = self._db.execute(f"SELECT key, digest, payload FROM entries WHERE key IN "
                                        f"({','.join('?' * len(batch))})", batch)
                found |= {key: payload for key, digest, payload in rows
                          if isinstance(payload, bytes) and hashlib.sha256(payload).hexdigest() == digest}
        except sqlite3.DatabaseError:
            return {}
        return found

    def keep(self, keys: list[str], computed: dict[str, bytes]) -> None:
        """Keep the entries of `keys` alone, the `computed` ones (re)written: the cache mirrors the
        corpus of the last build, and one new article writes one entry."""
        rows = [(k, hashlib.sha256(p).hexdigest(), p) for k, p in computed.items()]
        try:
            self._store(keys, rows)
        except sqlite3.DatabaseError:
            self._db.close()
            self._path.unlink()
            self._db = self._open()
            self._store(keys, rows)
        self._db.close()

    def _store(self, keys: list[str], rows: list[tuple]) -> None:
        with self._db:
            self._db.execute("CREATE TEMP TABLE kept (key TEXT PRIMARY KEY)")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keys))
            self._db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM kept)")
            self._db.execute("DROP TABLE kept")
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)


def encode(result: StageResult) -> bytes:
    return zlib.compress(json.dumps(to_json(result), ensure_ascii=False).encode("utf-8"))


def decode(item: StageInput, payload: bytes) -> Optional[StageResult]:
    try:
        return from_json(item.raw, json.loads(zlib.decompress(payload)))
    except Exception:  # whatever is wrong with an entry, the document is recomputed
        return None


def rules_json(rules: CleaningRules) -> str:
    return rules.model_dump_json()
