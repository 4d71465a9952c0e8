import shutil
from pathlib import Path

import pytest

from chip_export_news.pipeline import build_into

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
