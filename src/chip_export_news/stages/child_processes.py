"""Child processes of the build die with it.

A build killed with SIGKILL cannot stop its children, and a child still drawing figures or
writing pages would write into the temporary folder that the next command is removing (which
then fails with "Directory not empty"). On Linux a child asks the kernel to kill it when its
parent dies (PR_SET_PDEATHSIG); elsewhere it ends on its own, as before.
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Called first thing in a child: be killed when the process `parent` dies."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return  # not Linux
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
