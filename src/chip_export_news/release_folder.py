"""Build into a temporary folder, then swap it in: a failed build never touches dataset/."""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable


def build_atomically(root: Path, target: Path, build: Callable[[Path], object]) -> object:
    _recover(root, target)
    staging = Path(tempfile.mkdtemp(prefix=".dataset.tmp-", dir=root))
    try:
        result = build(staging / "dataset")
        _swap(root, staging / "dataset", target)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def differences(root: Path, target: Path, build: Callable[[Path], object]) -> list[str]:
    """Files that differ between a fresh build and `target` (missing, extra or changed)."""
    with tempfile.TemporaryDirectory(prefix=".dataset.check-", dir=root) as staging:
        fresh = Path(staging) / "dataset"
        build(fresh)
        return _compare(fresh, target)


def _compare(fresh: Path, target: Path) -> list[str]:
    new = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    old = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} if target.is_dir() else set()
    changed = [f"{name} (missing from {target.name}/)" for name in sorted(new - old)]
    changed += [f"{name} (not produced by the build)" for name in sorted(old - new)]
    changed += [f"{name} (differs)" for name in sorted(new & old)
                if not filecmp.cmp(fresh / name, target / name, shallow=False)]
    return changed


def _swap(root: Path, fresh: Path, target: Path) -> None:
    # Two renames: between them `target` is briefly absent; _recover restores the old
    # copy if a crash falls exactly there.
    old = root / f".dataset.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def _recover(root: Path, target: Path) -> None:
    leftovers = sorted(root.glob(".dataset.old-*"))
    if not target.exists() and leftovers:
        os.replace(leftovers[-1], target)
    for path in root.glob(".dataset.old-*"):
        shutil.rmtree(path, ignore_errors=True)
