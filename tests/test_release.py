import json
import os
import subprocess
import sys
import shutil

import pytest

from chip_export_news.curated.errors import CurationError
from chip_export_news.stages.pipeline import build_into
from chip_export_news.release.cut import Diff, _constraint_changes, cut_release
from chip_export_news.stages.release_folder import build_atomically
from chip_export_news.checks.validate import validate_dataset
from chip_export_news.release.versioning import read_manifest

from chip_export_news.release.add_article import DRAFT_HEADER, DRAFT_MARKS, PROPOSED
from conftest import ROOT
from growing import DOCUMENT_ID, grow
from test_build import _refresh_facts, _rewrite


def _rebuild(project):
    build_atomically(project, project / "dataset", lambda out: build_into(project, out))
    return _version(project)


def _version(project):
    return json.loads((project / "dataset" / "datapackage.json").read_text())["version"]


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _reset_releases(project):
    for name in ("releases/manifest.json", "CHANGELOG.md"):
        (project / name).unlink(missing_ok=True)


def test_release_bumps_follow_the_data_package_version_recipe(project):
    _reset_releases(project)
    assert _rebuild(project) == "1.0.0-dev"
    assert "released 1.0.0" in cut_release(project, "major")
    assert _version(project) == "1.0.0" and "version 1.0.0" in (project / "dataset" / "README.md").read_text()
    assert read_manifest(project)["versions"]["1.0.0"]["released"]

    with pytest.raises(CurationError, match="nothing changed since release 1.0.0"):
        cut_release(project, "patch")

    errata = project / "seeds" / "errata.yaml"
    _edit(errata, "note: ", "note: Corrected. ")
    assert _rebuild(project) == "1.0.1-dev"
    cut_release(project, "patch")
    changelog = (project / "CHANGELOG.md").read_text()
    assert "## 1.0.1" in changelog and "| errata | 0 | 0 | 1 |" in changelog and "- patch: errata: 1 rows changed" in changelog

    text = errata.read_text()
    errata.write_text(text + "  - document: lusa-nvidia-resumes-h20\n    text: sagte der Beamte\n"
                             "    kind: mistranslation\n    correction: sagte der Manager\n    note: Test.\n")
    assert _rebuild(project) == "1.1.0-dev"
    with pytest.raises(CurationError, match="a patch release is too small: the changes need a minor release"):
        cut_release(project, "patch")
    cut_release(project, "minor")

    _edit(project / "schema" / "tables.yaml", "{name: title, type: string, required: true,",
          "{name: title, type: string, required: true, unique: true,")
    assert _rebuild(project) == "2.0.0-dev"
    with pytest.raises(CurationError, match="need a major release .*documents.title: unique added"):
        cut_release(project, "minor")
    cut_release(project, "major")

    assert sorted(read_manifest(project)["versions"]) == ["1.0.0", "1.0.1", "1.1.0", "2.0.0"]
    changelog = (project / "CHANGELOG.md").read_text()
    assert changelog.index("## 2.0.0") < changelog.index("## 1.1.0") < changelog.index("## 1.0.1") < changelog.index("## 1.0.0")


def test_between_releases_the_dataset_carries_a_development_version_and_stays_valid(project):
    errata = project / "seeds" / "errata.yaml"
    errata.write_text(errata.read_text() + "  - document: lusa-nvidia-resumes-h20\n    text: sagte der Beamte\n"
                                           "    kind: mistranslation\n    correction: sagte der Manager\n    note: Test.\n")
    version = _rebuild(project)
    assert version.endswith("-dev") and version not in read_manifest(project)["versions"]
    assert validate_dataset(project / "dataset", read_manifest(project)) == []


def test_a_released_version_cannot_change_silently(project, tmp_path):
    _reset_releases(project)
    _rebuild(project)
    cut_release(project, "major")
    folder = project / "dataset"
    assert validate_dataset(folder, read_manifest(project)) == []
    # A forger changes a table and restates its size and hash: only the release manifest knows.
    forged = shutil.copytree(folder, tmp_path / "forged")
    _rewrite(forged / "data" / "errata.parquet", lambda rows: rows[0].update(note="Changed."))
    _refresh_facts(forged)
    assert validate_dataset(forged) == []
    problems = validate_dataset(forged, read_manifest(project))
    assert problems and "version 1.0.0 is released, but these files differ" in problems[0].message
    assert "data/errata.parquet" in problems[0].message


@pytest.mark.data
def test_the_committed_dataset_equals_the_release_it_claims():
    assert validate_dataset(ROOT / "dataset", read_manifest(ROOT)) == []


@pytest.mark.parametrize("old, new, level", [
    ({"enum": ["a", "b"]}, {"enum": ["a"]}, "major"),          # a value no longer allowed
    ({"enum": ["a"]}, {"enum": ["a", "b"]}, "minor"),          # a new value allowed
    ({}, {"enum": ["a"]}, "major"),
    ({"enum": ["a"]}, {}, "minor"),
    ({}, {"pattern": "^a$"}, "major"),
    ({"pattern": "^a$"}, {}, "minor"),
    ({"pattern": "^a$"}, {"pattern": "^b$"}, "major"),
    ({"minimum": 0}, {"minimum": 1}, "major"),                 # raised: tighter
    ({"minimum": 1}, {"minimum": 0}, "minor"),                 # lowered: looser
    ({}, {"minimum": 0}, "major"),
    ({"minimum": 0}, {}, "minor"),
    ({}, {"required": True}, "major"),
    ({"required": True}, {}, "minor"),
])
def test_schema_constraint_changes_require_the_recipes_bump(old, new, level):
    change = Diff()
    _constraint_changes("t.c", old, new, change)
    assert change.required == level, change.reasons


def test_a_record_add_drafted_is_released_only_once_the_curator_has_checked_it(project):
    grow(project)  # `add`, then the record completed, its proposed cleaning lines left unconfirmed
    record = next(p for p in (project / "seeds").glob("*.yaml") if f"document_id: {DOCUMENT_ID}\n" in p.read_text())
    record.write_text(DRAFT_HEADER + record.read_text(encoding="utf-8"), encoding="utf-8")  # edited by hand: kept
    _rebuild(project)
    with pytest.raises(CurationError) as refused:
        cut_release(project, "major")
    lines = record.read_text(encoding="utf-8").splitlines()
    marked = {(p.file, p.line) for p in refused.value.problems}
    assert marked == {(f"seeds/{record.name}", n) for n, line in enumerate(lines, 1)
                      if any(mark in line for mark in DRAFT_MARKS)}
    assert (f"seeds/{record.name}", 1) in marked and "nothing was released" in refused.value.report()
    record.write_text("\n".join(line.replace(PROPOSED, "Advertising label, checked by the curator")
                                for line in lines[len(DRAFT_HEADER.splitlines()):]) + "\n", encoding="utf-8")
    _rebuild(project)
    assert "released" in cut_release(project, "major")


def test_the_release_diff_is_the_same_under_any_hash_seed():
    # set iteration follows PYTHONHASHSEED: the changelog and the refusal message must not
    code = (f"import json; from pathlib import Path; from chip_export_news.release.cut import diff, snapshot; "
            f"from chip_export_news.release.versioning import last_release, read_manifest; "
            f"m = read_manifest(Path({str(ROOT)!r})); "
            f"print(json.dumps(diff(m['versions'][last_release(m)], snapshot(Path({str(ROOT / 'dataset')!r}))).reasons))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=os.environ | {"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3", "4")}
    assert len(seen) == 1 and sum(map(len, json.loads(seen.pop()).values())) > 1
