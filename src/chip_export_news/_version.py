"""Where the dataset is and which version it is, read at run time from the dataset itself.

The version is written once, into the dataset's datapackage.json, by the build (see
versioning.py); the package reads it from there, and so does setuptools for the wheel's
metadata. A rebuild or a release therefore needs no reinstall. Standard library only: setuptools
runs this file in a bare build environment.
"""

from __future__ import annotations

import json
from pathlib import Path


def _data_dir() -> Path:
    """The folder holding the card, datapackage.json, croissant.json and data/: inside the
    installed package (wheel), or the checkout's dataset/ (editable install, src layout)."""
    here = Path(__file__).resolve().parent
    candidates = [here / "dataset", here.parents[1] / "dataset"]
    return next((c for c in candidates if (c / "datapackage.json").is_file()), candidates[0])


def _read_version(data_dir: Path) -> str:
    try:
        return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "0+unknown"  # no built dataset beside the code (yet)


DATA_DIR = _data_dir()
__version__ = _read_version(DATA_DIR)
