"""CITATION.cff: valid for the reference CFF validator, and the same citation as the card's
BibTeX and Croissant's (title, version, URL; the release date once released)."""

import json
import re
import subprocess
import sys
import venv

import pytest
import yaml

from chip_export_news.stages.pipeline import build_into
from chip_export_news.release.cut import cut_release
from chip_export_news.release.versioning import last_release, read_manifest, release_date
from chip_export_news.stages.release_folder import build_atomically

from conftest import ROOT

CFFCONVERT = "cffconvert==2.0.0"


@pytest.fixture(scope="module")
def cffconvert(tmp_path_factory):
    """cffconvert, the reference validator, in a venv of its own: it pins jsonschema<4, which
    frictionless (jsonschema>=4) cannot share an environment with."""
    where = tmp_path_factory.mktemp("cffconvert")
    venv.create(where, with_pip=True)
    binary = where / ("Scripts" if sys.platform == "win32" else "bin")
    install = subprocess.run([binary / "python", "-m", "pip", "install", "--quiet", CFFCONVERT],
                             capture_output=True, text=True)
    if install.returncode != 0:
        pytest.skip(f"could not install {CFFCONVERT} from the package index: {install.stderr.strip()[-300:]}")
    return binary / "cffconvert"


def _validate(cffconvert, path):
    return subprocess.run([cffconvert, "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_is_valid(cffconvert):
    result = _validate(cffconvert, ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_citation(cffconvert, tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text().replace("cff-version: 1.2.0", "cff-version: 1.2.0\nlicence: x"))
    assert _validate(cffconvert, broken).returncode != 0


def _bibtex(card: str) -> dict[str, str]:
    block = re.search(r"```bibtex\n(.*?)```", card, re.S).group(1)
    return dict(re.findall(r"^\s+(\w+)\s*= \{(.*)\},?$", block, re.M))


def _check_agreement(root, dataset):
    """The card, Croissant and the data package name the dataset's version; CITATION.cff names
    the last release (what a reader cites), with its date; titles and URLs agree."""
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    card = (dataset / "README.md").read_text(encoding="utf-8")
    bibtex = _bibtex(card)
    croissant = json.loads((dataset / "croissant.json").read_text(encoding="utf-8"))
    version = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert bibtex["version"] == croissant["version"] == version
    assert citation["title"] == bibtex["title"]
    assert citation["url"] == bibtex["url"] == croissant["url"]
    assert croissant["citeAs"] == re.search(r"```bibtex\n(.*?)\n```", card, re.S).group(1)
    manifest = read_manifest(root)
    last = last_release(manifest)
    assert str(citation["version"]) == last
    assert citation["date-released"] == release_date(manifest, last).isoformat()
    released = release_date(manifest, version)
    if released is None:  # a development version: no date in the card or Croissant
        assert "year" not in bibtex and "datePublished" not in croissant
    else:
        assert croissant["datePublished"] == released.isoformat() and bibtex["year"] == str(released.year)


def test_citation_agrees_with_the_card_and_croissant():
    _check_agreement(ROOT, ROOT / "dataset")


def test_a_release_dates_the_citation_the_card_and_croissant(project):
    for name in ("releases/manifest.json", "CHANGELOG.md"):
        (project / name).unlink()
    build_atomically(project, project / "dataset", lambda out: build_into(project, out))
    cut_release(project, "major")
    assert release_date(read_manifest(project), "1.0.0") is not None
    _check_agreement(project, project / "dataset")
