"""Releases: data diff against the last release, the semantic-version bump it requires, the
changelog and the manifest that makes a released version immutable.

The bump follows Frictionless's data-package-version recipe: removing, renaming, adding or
re-ordering fields, changing a type, tightening a constraint or deleting referenced rows is
MAJOR; a new resource, new rows or a loosened constraint is MINOR; corrected values and
descriptive metadata are PATCH. The manifest (releases/manifest.json) keeps, per version, the
sha256 of every file, the table schemas and a digest per row (by primary key), so that a
diff needs nothing but the repository.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..curated.errors import CurationError, Problem
from .add_article import draft_marks
from .versioning import LEVELS, MANIFEST, NO_RELEASE, bumped, file_hashes, last_release, read_manifest
from ..checks.fast_validate import read_resource

CHANGELOG = Path("CHANGELOG.md")


@dataclass
class Diff:
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # table → added/removed/changed
    reasons: dict[str, list[str]] = field(default_factory=lambda: {level: [] for level in LEVELS})

    def note(self, level: str, reason: str) -> None:
        self.reasons[level].append(reason)

    @property
    def required(self) -> Optional[str]:
        return next((level for level in reversed(LEVELS) if self.reasons[level]), None)


def snapshot(folder: Path) -> dict:
    """What the manifest records of a built dataset folder."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    files = file_hashes(folder)
    schemas, rows = {}, {}
    for resource in package["resources"]:
        schema = resource["schema"]
        schemas[resource["name"]] = schema
        table = read_resource(folder, resource).to_pylist()
        rows[resource["name"]] = {_key(row, schema["primaryKey"]): _digest(row) for row in table}
    return {"version": package["version"], "files": files, "schemas": schemas, "rows": rows}


def _key(row: dict, primary_key: list[str]) -> str:
    return "|".join(str(row[k]) for k in primary_key)


def _digest(row: dict) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()[:16]


def diff(old: Optional[dict], new: dict) -> Diff:
    result = Diff()
    if old is None:
        result.rows = {name: {"added": len(rows), "removed": 0, "changed": 0} for name, rows in new["rows"].items()}
        result.note("major", "first release")
        return result
    referenced = {fk["reference"]["resource"] for s in new["schemas"].values() for fk in s.get("foreignKeys", [])}
    for name in sorted(old["schemas"].keys() - new["schemas"].keys()):
        result.note("major", f"table {name} removed")
    for name in sorted(new["schemas"].keys() - old["schemas"].keys()):
        result.note("minor", f"table {name} added")
    for name in sorted(new["schemas"].keys() & old["schemas"].keys()):  # sorted: the changelog is reproducible
        _schema_changes(name, old["schemas"][name], new["schemas"][name], result)
        _row_changes(name, old["rows"][name], new["rows"][name], name in referenced, result)
    changed_files = [f for f in new["files"] if not f.startswith("data/") and old["files"].get(f) != new["files"][f]]
    if changed_files and not any(result.reasons.values()):
        result.note("patch", "descriptive metadata changed: " + ", ".join(changed_files))
    return result


def _schema_changes(table: str, old: dict, new: dict, result: Diff) -> None:
    old_fields = [f["name"] for f in old["fields"]]
    new_fields = [f["name"] for f in new["fields"]]
    for name in sorted(set(old_fields) - set(new_fields)):
        result.note("major", f"{table}.{name} removed or renamed")
    for name in sorted(set(new_fields) - set(old_fields)):
        result.note("major", f"{table}.{name} added")
    common = [n for n in old_fields if n in new_fields]
    if common != [n for n in new_fields if n in old_fields]:
        result.note("major", f"{table}: fields re-ordered")
    if old.get("primaryKey") != new.get("primaryKey") or old.get("foreignKeys") != new.get("foreignKeys"):
        result.note("major", f"{table}: keys changed")
    by_name = {f["name"]: f for f in old["fields"]}
    for field_ in new["fields"]:
        before = by_name.get(field_["name"])
        if before is None:
            continue
        if (before["type"], before.get("format")) != (field_["type"], field_.get("format")):
            result.note("major", f"{table}.{field_['name']}: type changed")
        _constraint_changes(f"{table}.{field_['name']}", before.get("constraints", {}),
                            field_.get("constraints", {}), result)
        if before.get("description") != field_.get("description"):
            result.note("patch", f"{table}.{field_['name']}: description changed")


def _constraint_changes(where: str, old: dict, new: dict, result: Diff) -> None:
    for flag in ("required", "unique"):
        if old.get(flag, False) != new.get(flag, False):
            result.note("major" if new.get(flag) else "minor", f"{where}: {flag} {'added' if new.get(flag) else 'dropped'}")
    if old.get("pattern") != new.get("pattern"):
        result.note("minor" if "pattern" not in new else "major", f"{where}: pattern changed")
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if old_enum != new_enum:
        tightened = new_enum is not None and (old_enum is None or set(old_enum) - set(new_enum))
        result.note("major" if tightened else "minor", f"{where}: allowed values changed")
    if old.get("minimum") != new.get("minimum"):
        tightened = new.get("minimum") is not None and (old.get("minimum") is None or new["minimum"] > old["minimum"])
        result.note("major" if tightened else "minor", f"{where}: minimum changed")


def _row_changes(table: str, old: dict, new: dict, referenced: bool, result: Diff) -> None:
    added = new.keys() - old.keys()
    removed = old.keys() - new.keys()
    changed = [k for k in new.keys() & old.keys() if new[k] != old[k]]
    result.rows[table] = {"added": len(added), "removed": len(removed), "changed": len(changed)}
    if removed:
        result.note("major" if referenced else "minor",
                    f"{table}: {len(removed)} rows removed" + (" (referenced by other tables)" if referenced else ""))
    if added:
        result.note("minor", f"{table}: {len(added)} rows added")
    if changed:
        result.note("patch", f"{table}: {len(changed)} rows changed (corrected, or counts that grew with the corpus)")


def cut_release(root: Path, bump: str) -> str:
    """Give the built dataset its released version and record it; refuse a bump smaller than
    the changes since the last release require."""
    from ..stages.pipeline import build_into
    from ..stages.release_folder import build_atomically, differences

    if drafts := draft_marks(root):
        raise CurationError(drafts, outcome="nothing was released.")
    folder = root / "dataset"
    if differences(root, folder, lambda out: build_into(root, out)):
        raise CurationError([Problem(str(folder), "dataset/ is stale", hint="run `python build.py` first")])
    manifest = read_manifest(root)
    last = last_release(manifest)
    change = diff(manifest["versions"][last] if last else None, snapshot(folder))
    required = change.required
    if required is None:
        raise CurationError([Problem(str(root / MANIFEST), f"nothing changed since release {last}")])
    if last and LEVELS.index(bump) < LEVELS.index(required):
        reasons = "; ".join(change.reasons[required])
        raise CurationError([Problem(str(root / MANIFEST), f"a {bump} release is too small: the changes need "
                                                           f"a {required} release ({reasons})",
                                     hint=f"python build.py release {required}")])
    version = bumped(last or NO_RELEASE, bump)
    today = datetime.date.today()  # the one reading of the clock: builds read the date from the manifest
    build_atomically(root, folder, lambda out: build_into(root, out, version=version, released=today))
    manifest["versions"][version] = snapshot(folder) | {"released": today.isoformat()}
    (root / MANIFEST).parent.mkdir(exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _changelog(root, version, last, bump, change, today)
    _cite_release(root, version, today)
    return (f"released {version} ({bump}; the changes required {required}).\n"
            f"Next: git add -A && git commit -m 'Release {version}' && git tag v{version}")


CITATION = Path("CITATION.cff")


def _cite_release(root: Path, version: str, released: datetime.date) -> None:
    """CITATION.cff names the released version and its date (lines edited in place, so that its
    comments and layout stay)."""
    path = root / CITATION
    if not path.is_file():
        return
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("version:", "date-released:"))]
    at = next(i for i, line in enumerate(lines) if line.startswith("title:")) + 1
    lines[at:at] = [f"version: {version}", f'date-released: "{released.isoformat()}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _changelog(root: Path, version: str, last: Optional[str], bump: str, change: Diff,
               today: datetime.date) -> None:
    path = root / CHANGELOG
    old = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n\nEvery release of the dataset, newest first, with its data diff.\n"
    head, _, rest = old.partition("\n## ")
    lines = [f"## {version} — {today.isoformat()}", "",
             f"{bump.capitalize()} release" + (f", data diff against {last}:" if last else " (first release)."), ""]
    if change.rows:
        lines += ["| table | rows added | rows removed | rows changed |", "|---|---|---|---|"]
        lines += [f"| {t} | {c['added']} | {c['removed']} | {c['changed']} |" for t, c in sorted(change.rows.items())]
        lines.append("")
    for level in reversed(LEVELS):
        lines += [f"- {level}: {reason}" for reason in change.reasons[level]]
    section = "\n".join(lines).rstrip() + "\n"
    path.write_text(head.rstrip() + "\n\n" + section + ("\n## " + rest if rest else ""), encoding="utf-8")
