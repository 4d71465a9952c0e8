"""The one way files under seeds/ and schema/ are checked and read: regular files only.

A symbolic link or a special file (FIFO, device, socket, folder) is refused without being
opened: a contributed link could otherwise make the build read a file outside the project
(and show its content in an error message in a CI log), and a pipe could hang it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from .errors import Problem

_LINK_HINT = ("replace the link by the file itself: links are never followed, since they could "
              "point outside seeds/ and schema/")


def present(path: Path) -> bool:
    """Whether anything (even a broken link) stands at `path`; refusing it is read_input's job."""
    return os.path.lexists(path)


def refusal(path: Path, shown: str, folder: bool = False) -> Optional[Problem]:
    """Why `path` may not be read (a link, or not a regular file / folder), or None if it may."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return Problem(shown, f"cannot be read: {exc.strerror}")
    if stat.S_ISLNK(mode):
        return Problem(shown, "is a symbolic link; input files must be regular files in the project",
                       hint=_LINK_HINT)
    wanted, noun = (stat.S_ISDIR, "folder") if folder else (stat.S_ISREG, "file")
    if not wanted(mode):
        return Problem(shown, f"is not a regular {noun} (a pipe, device, socket or "
                              f"{'file' if folder else 'folder'} stands there)",
                       hint=f"put a regular {noun} there, or remove it")
    return None


def read_input(path: Path, shown: str) -> bytes | Problem:
    """The bytes of a regular input file, or the Problem saying why it is refused."""
    problem = refusal(path, shown)
    if problem:
        return problem
    try:
        # O_NOFOLLOW and the fstat close the gap between the check above and the open.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return Problem(shown, f"cannot be read: {exc.strerror}", hint=_LINK_HINT)
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Problem(shown, "is not a regular file", hint="put a regular file there, or remove it")
        return file.read()
