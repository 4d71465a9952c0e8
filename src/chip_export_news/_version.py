"""Where the dataset is and which version it is, read at run time from the dataset itself.

The version is written once, into the dataset's datapackage.json, by the build (see
release/versioning.py); the package reads it from there, and so does setuptools for the wheel's
metadata. A rebuild or a release therefore needs no reinstall. Standard library only: setuptools
runs this file in a bare build environment.
"""

from __future__ import annotations

import json
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent


def shipped(relative: str, marker: str = "") -> Path:
    """`relative` as the installed package (wheel) carries it, else in the checkout (editable
    install, src layout): the first of the two that holds `marker`."""
    candidates = [PACKAGE / relative, PACKAGE.parents[1] / relative]
    return next((c for c in candidates if (c / marker).exists()), candidates[0])


def _read_version(data_dir: Path) -> str:
    try:
        return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "0+unknown"  # no built dataset beside the code (yet)


# The folder holding the card, datapackage.json, croissant.json and data/.
DATA_DIR = shipped("dataset", "datapackage.json")
__version__ = _read_version(DATA_DIR)
