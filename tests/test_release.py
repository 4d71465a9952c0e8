import json

import pytest

from chip_export_news.errors import CurationError
from chip_export_news.pipeline import build_into
from chip_export_news.release import cut_release, immutability_problems, read_manifest
from chip_export_news.release_folder import build_atomically

from conftest import ROOT


def _rebuild(project):
    build_atomically(project, project / "dataset", lambda out: build_into(project, out))


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _reset_releases(project):
    for name in ("releases/manifest.json", "CHANGELOG.md"):
        (project / name).unlink(missing_ok=True)


def test_release_bumps_follow_the_data_package_version_recipe(project):
    _reset_releases(project)
    _edit(project / "src" / "chip_export_news" / "__init__.py", '__version__ = "', '__version__ = "0.9.0"  # was "')
    _rebuild(project)
    assert "released 1.0.0" in cut_release(project, "major")
    package = json.loads((project / "dataset" / "datapackage.json").read_text())
    assert package["version"] == "1.0.0" and "version 1.0.0" in (project / "dataset" / "README.md").read_text()
    assert '__version__ = "1.0.0"' in (project / "src" / "chip_export_news" / "__init__.py").read_text()

    with pytest.raises(CurationError, match="nothing changed since release 1.0.0"):
        cut_release(project, "patch")

    errata = project / "seeds" / "errata.yaml"
    _edit(errata, "note: ", "note: Corrected. ")
    _rebuild(project)
    cut_release(project, "patch")
    changelog = (project / "CHANGELOG.md").read_text()
    assert "## 1.0.1" in changelog and "| errata | 0 | 0 | 1 |" in changelog and "- patch: errata: 1 rows corrected" in changelog

    text = errata.read_text()
    errata.write_text(text + "  - document: lusa-nvidia-resumes-h20\n    text: sagte der Beamte\n"
                             "    kind: mistranslation\n    correction: sagte der Manager\n    note: Test.\n")
    _rebuild(project)
    with pytest.raises(CurationError, match="a patch release is too small: the changes need a minor release"):
        cut_release(project, "patch")
    cut_release(project, "minor")

    _edit(project / "schema" / "tables.yaml", "{name: title, type: string, required: true,",
          "{name: title, type: string, required: true, unique: true,")
    _rebuild(project)
    with pytest.raises(CurationError, match="need a major release .*documents.title: unique added"):
        cut_release(project, "minor")
    cut_release(project, "major")

    assert sorted(read_manifest(project)["versions"]) == ["1.0.0", "1.0.1", "1.1.0", "2.0.0"]
    changelog = (project / "CHANGELOG.md").read_text()
    assert changelog.index("## 2.0.0") < changelog.index("## 1.1.0") < changelog.index("## 1.0.1") < changelog.index("## 1.0.0")


def test_a_released_version_cannot_change_silently(project):
    _reset_releases(project)
    _rebuild(project)
    cut_release(project, "major")
    assert immutability_problems(project, project / "dataset") == []
    _edit(project / "seeds" / "errata.yaml", "note: ", "note: Changed. ")
    _rebuild(project)
    problems = immutability_problems(project, project / "dataset")
    assert problems and "is released, but these files differ" in problems[0].message


def test_the_committed_dataset_is_not_a_changed_release():
    assert immutability_problems(ROOT, ROOT / "dataset") == []
