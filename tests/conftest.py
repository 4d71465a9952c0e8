import shutil
from pathlib import Path

import pytest

from chip_export_news.stages.pipeline import build_into
from growing import grow

ROOT = Path(__file__).resolve().parents[1]


def copy_project(destination: Path) -> Path:
    """A private copy of the curated input (seeds/, schema/), the package source (which holds
    the version) and the committed dataset/."""
    for name in ("seeds", "schema", "dataset", "src"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("releases", "CHANGELOG.md", "CITATION.cff"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, destination / name)
        elif (ROOT / name).is_file():
            shutil.copy(ROOT / name, destination / name)
    return destination


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A fresh build of the real seeds, outside the checkout's dataset/."""
    out = tmp_path_factory.mktemp("build") / "dataset"
    build_into(ROOT, out)
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def grown(tmp_path_factory) -> Path:
    """A private copy of the project grown by one article (see growing.py), not yet built."""
    project = copy_project(tmp_path_factory.mktemp("grown") / "project")
    grow(project)
    return project


@pytest.fixture(scope="session", params=["seeds", "grown"])
def corpus_root(request) -> Path:
    """The project's own corpus, and the same grown by an article: invariants hold for both."""
    return ROOT if request.param == "seeds" else request.getfixturevalue("grown")


@pytest.fixture(scope="session")
def corpus_build(corpus_root, tmp_path_factory, request) -> Path:
    """A fresh build of `corpus_root`, outside any checked-in dataset/."""
    if corpus_root == ROOT:
        return request.getfixturevalue("built")
    out = tmp_path_factory.mktemp("grown-build") / "dataset"
    build_into(corpus_root, out)
    return out


# The data-invariant tests: over the project's corpus and the same grown by an article, plus the
# committed dataset's own checks. `pytest -m data` is the curator's quick run after an edit.
DATA_FIXTURES = {"corpus_root", "corpus_build"}


def pytest_collection_modifyitems(items):
    for item in items:
        if DATA_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.data)
