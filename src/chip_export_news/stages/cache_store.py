"""A build cache file: payloads under content-hash keys, in SQLite, each with its own digest.

A build artifact, never committed, never trusted: an entry whose digest does not check out is
not returned, an unreadable file is started afresh, so a corrupt cache costs time, never a
different output. Every store mirrors the last build: `keep` drops the entries it no longer used.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

CACHE_DIR = Path(".build-cache")


class Store:
    def __init__(self, path: Path):
        self._path = path
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
                found |= _verified(rows)
        except sqlite3.DatabaseError:
            return {}
        return found

    def everything(self) -> dict[str, bytes]:
        """All payloads whose digest checks out: for a store whose keys are known only once each
        input has been read."""
        try:
            return _verified(self._db.execute("SELECT key, digest, payload FROM entries"))
        except sqlite3.DatabaseError:
            return {}

    def close(self) -> None:
        self._db.close()

    def keep(self, keys: list[str], computed: dict[str, bytes]) -> None:
        """Keep the entries of `keys` alone, the `computed` ones (re)written: the cache mirrors the
        corpus of the last build, and one new article writes one entry. Closes the store."""
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


def _verified(rows) -> dict[str, bytes]:
    return {key: payload for key, digest, payload in rows
            if isinstance(payload, bytes) and hashlib.sha256(payload).hexdigest() == digest}
