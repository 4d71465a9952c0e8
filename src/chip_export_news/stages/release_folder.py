"""Build into a temporary folder, then swap it in: dataset/ is the old or the new complete
dataset at every instant, and a failed, interrupted or killed build never touches it.

One build at a time per project: a build holds an exclusive lock on the project folder (flock
on the folder itself, so no lock file is left behind; the kernel releases it when the process
dies, so a killed build leaves no stale lock). `check` holds a shared lock. Every command first
restores dataset/ if a crash in the fallback swap left it missing, and removes the temporary
folders (`.dataset.*`) of dead runs while it holds the exclusive lock.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import filecmp
import os
import shutil
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..curated.errors import CurationError, Interrupted, Problem

STRAY = ".dataset.*"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def build_atomically(root: Path, target: Path, build: Callable[[Path], object]) -> object:
    with project_lock(root, exclusive=True):
        try:
            staging = Path(tempfile.mkdtemp(prefix=".dataset.tmp-", dir=root))
            result = build(staging / "dataset")
            with _signals_deferred():  # once the swap begins, it and the clean-up complete
                _swap(root, staging / "dataset", target)
                _remove_strays(root)
            return result
        finally:
            _remove_strays(root)  # under the exclusive lock every `.dataset.*` is ours or a dead run's


def differences(root: Path, target: Path, build: Callable[[Path], object]) -> list[str]:
    """Files that differ between a fresh build and `target` (missing, extra or changed)."""
    recover(root)
    with project_lock(root, exclusive=False):
        staging = Path(tempfile.mkdtemp(prefix=".dataset.check-", dir=root))
        try:
            fresh = staging / "dataset"
            build(fresh)
            return _compare(fresh, target)
        finally:
            _remove(staging)


def recover(root: Path) -> None:
    """What every command does before it reads dataset/: restore it if a crash left it missing,
    and remove the leftovers of dead runs (only when no other run holds the project)."""
    if not root.is_dir():
        return
    try:
        with project_lock(root, exclusive=True):
            pass
    except CurationError:
        pass  # a build or check is running; dataset/ is complete all the same


@contextmanager
def project_lock(root: Path, exclusive: bool) -> Iterator[None]:
    """Hold the project (exclusive: build; shared: check), or refuse at once if another run holds it."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CurationError([Problem(str(root), "another build or check is running in this project folder",
                                         hint="wait until it has finished, then run the command again")]) from None
        if exclusive:
            _restore(root, root / "dataset")
            _remove_strays(root)
        yield
    finally:
        os.close(fd)  # releases the lock


def _compare(fresh: Path, target: Path) -> list[str]:
    new = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    old = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} if target.is_dir() else set()
    changed = [f"{name} (missing from {target.name}/)" for name in sorted(new - old)]
    changed += [f"{name} (not produced by the build)" for name in sorted(old - new)]
    changed += [f"{name} (differs)" for name in sorted(new & old)
                if not filecmp.cmp(fresh / name, target / name, shallow=False)]
    return changed


def _swap(root: Path, fresh: Path, target: Path) -> None:
    """Put `fresh` in place of `target`; the old copy ends up where `fresh` was."""
    if not os.path.lexists(target):
        os.rename(fresh, target)
        return
    if _exchange(fresh, target):
        return
    # Without an atomic exchange: two renames. Between them dataset/ is missing, and
    # _restore (run by every command first) puts the old copy back if a crash falls there.
    old = root / f".dataset.old-{os.getpid()}"
    os.rename(target, old)
    os.rename(fresh, target)
    os.rename(old, fresh)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _restore(root: Path, target: Path) -> None:
    leftovers = sorted(root.glob(".dataset.old-*"))
    if not os.path.lexists(target) and leftovers:
        os.rename(leftovers[-1], target)


def _remove_strays(root: Path) -> None:
    for path in root.glob(STRAY):
        _remove(path)


def _remove(path: Path) -> None:
    """Remove a folder of ours, also when a killed run left parts of it read-only."""
    if not os.path.lexists(path):
        return
    if os.path.islink(path) or not os.path.isdir(path):
        os.unlink(path)
        return
    os.chmod(path, stat.S_IRWXU)
    for folder, names, _ in os.walk(path):  # top-down: a folder is made writable before it is entered
        for name in names:
            if not os.path.islink(os.path.join(folder, name)):
                os.chmod(os.path.join(folder, name), stat.S_IRWXU)
    shutil.rmtree(path)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM while the block runs; raise Interrupted after it if one came."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, _: caught.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if caught:
        raise Interrupted(caught[0], dataset_changed=True)
