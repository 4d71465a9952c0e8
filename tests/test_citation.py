"""CITATION.cff: valid for the reference CFF validator, and the same citation as the card's
BibTeX and Croissant's (title, version, URL; the release date once released)."""

import json
import re
import subprocess
import sys
import venv

import pytest
import yaml

from chip_export_news.pipeline import build_into, project_version
from chip_export_news.release import cut_release, release_date
from chip_export_news.release_folder import build_atomically

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
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    bibtex = _bibtex((dataset / "README.md").read_text(encoding="utf-8"))
    croissant = json.loads((dataset / "croissant.json").read_text(encoding="utf-8"))
    version = project_version(root)
    assert str(citation["version"]) == bibtex["version"] == croissant["version"] == version
    assert citation["title"] == bibtex["title"]
    assert citation["url"] == bibtex["url"] == croissant["url"]
    assert croissant["citeAs"] == re.search(r"```bibtex\n(.*?)\n```",
                                            (dataset / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    released = release_date(root, version)
    if released is None:  # a development version: no date anywhere
        assert "date-released" not in citation and "year" not in bibtex and "datePublished" not in croissant
    else:
        assert citation["date-released"] == croissant["datePublished"] == released.isoformat()
        assert bibtex["year"] == str(released.year)


def test_citation_agrees_with_the_card_and_croissant():
    _check_agreement(ROOT, ROOT / "dataset")


def test_a_release_dates_the_citation_the_card_and_croissant(project):
    for name in ("releases/manifest.json", "CHANGELOG.md"):
        (project / name).unlink()
    init = project / "src" / "chip_export_news" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', '__version__ = "0.9.0"', init.read_text()))
    build_atomically(project, project / "dataset", lambda out: build_into(project, out))
    cut_release(project, "major")
    assert release_date(project, "1.0.0") is not None
    _check_agreement(project, project / "dataset")
