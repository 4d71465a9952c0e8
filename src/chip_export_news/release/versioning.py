"""Which version a build carries, decided from the release manifest alone.

A released version is immutable: a build whose files equal the last release's carries that
release's version; any other build carries the development version of the release its changes
require (after 1.0.0, added rows make 1.1.0-dev, a removed column 2.0.0-dev). So between
releases build, validate and the tests stay green, and no dataset can claim a released version
it does not equal. `release` then turns the development version into the released one.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from pathlib import Path
from typing import Callable, Optional

from .._version import shipped
from ..curated.errors import Problem

MANIFEST = Path("releases") / "manifest.json"
LEVELS = ["patch", "minor", "major"]
RELEASED = re.compile(r"^\d+\.\d+\.\d+$")
NO_RELEASE = "0.0.0"


def read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"versions": {}}


def installed_manifest() -> Optional[dict]:
    """The manifest shipped with the package (wheel), or the checkout's (editable install)."""
    path = shipped(str(MANIFEST))
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def last_release(manifest: dict) -> Optional[str]:
    versions = manifest["versions"]
    return max(versions, key=lambda v: tuple(int(p) for p in v.split("."))) if versions else None


def release_date(manifest: dict, version: str) -> Optional[datetime.date]:
    """The day `version` was released, as the manifest records it (never the clock, so that a
    rebuild of a release gives the same bytes); None for a development version."""
    released = manifest["versions"].get(version, {}).get("released")
    return datetime.date.fromisoformat(released) if released else None


def bumped(version: str, bump: str) -> str:
    major, minor, patch = (int(p) for p in version.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[bump]


def development_version(last: Optional[str], required: Optional[str]) -> str:
    """The version a changed build carries until it is released: a semver pre-release (Croissant
    and Frictionless expect semver) that PEP 440 reads as the same `.dev0` release."""
    return bumped(last or NO_RELEASE, required or "patch") + "-dev"


def file_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_files(folder: Path, release: dict) -> list[str]:
    current = file_hashes(folder)
    return sorted(f for f in current.keys() | release["files"].keys() if current.get(f) != release["files"].get(f))


def release_problems(folder: Path, version: str, manifest: Optional[dict]) -> list[Problem]:
    """A folder that claims a released version must hold exactly that release's files."""
    release = (manifest or {"versions": {}})["versions"].get(version)
    if release is None:
        return []
    changed = changed_files(folder, release)
    if not changed:
        return []
    return [Problem(str(folder), f"version {version} is released, but these files differ from the release: "
                                 f"{', '.join(changed)}",
                    hint="a released version never changes: rebuild (`python build.py` gives changed data a "
                         "development version) or restore the release's files")]


def settle_version(manifest: dict, out: Path, write_metadata: Callable[[str], None]) -> str:
    """Write the version-bearing files of the build in `out` with the version it carries: the
    last release's if the build equals it, else the development version its changes require."""
    last = last_release(manifest)
    first = last or development_version(None, "major")
    write_metadata(first)
    if last is None or not changed_files(out, manifest["versions"][last]):
        return first
    from .cut import diff, snapshot  # the diff reads every row: only when something changed

    version = development_version(last, diff(manifest["versions"][last], snapshot(out)).required)
    write_metadata(version)
    return version
