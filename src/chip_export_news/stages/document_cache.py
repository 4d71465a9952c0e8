"""Cache of per-document stage results (a cache_store.Store).

An entry's key is the sha256 of everything that can change the result: the raw text, the
record, the cleaning rules and the code version (the source of the stage's modules and the
version of `regex`). Each entry carries the sha256 of its payload; an entry that
fails that check, or does not fit its text when read back (document_stage.from_json), is
recomputed. So a corrupt or stale cache costs time, never a different output.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Optional

from . import document_stage
from .cache_store import CACHE_DIR, Store
from ..text import normalize, offsets, sentences, text_characters
from .document_stage import StageInput, StageResult, from_json, to_json
from ..curated.models import CleaningRules

CACHE_FILE = CACHE_DIR / "documents.sqlite"


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


def document_store(root: Path) -> Store:
    return Store(root / CACHE_FILE)


def encode(result: StageResult) -> bytes:
    return zlib.compress(json.dumps(to_json(result), ensure_ascii=False).encode("utf-8"))


def decode(item: StageInput, payload: bytes) -> Optional[StageResult]:
    try:
        return from_json(item.raw, json.loads(zlib.decompress(payload)))
    except Exception:  # whatever is wrong with an entry, the document is recomputed
        return None


def rules_json(rules: CleaningRules) -> str:
    return rules.model_dump_json()
