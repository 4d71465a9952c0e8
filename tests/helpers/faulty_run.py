"""Run a chip-export-news command that sends itself a signal at the Nth file operation.

usage: python faulty_run.py N SIGNAL KINDS COMMAND...   (KINDS: "write", "rename", "fallback", joined by +)

Counted operations: files opened for writing, Parquet tables written, folders made, hard
links made (kind "write"); renames, the atomic exchange and folder removals (kind "rename"). With "fallback", the
atomic exchange is reported unavailable, so the swap takes the two-rename path. The last line
on stdout is the number of operations counted.
"""

import atexit
import builtins
import io
import os
import shutil
import signal
import sys

import pyarrow.parquet as pq

from chip_export_news.stages import release_folder
from chip_export_news.cli import main

target, sig, kinds = int(sys.argv[1]), getattr(signal, sys.argv[2]), sys.argv[3].split("+")
count = 0


def counted(function, kind, when=lambda *args, **kwargs: True):
    def wrapper(*args, **kwargs):
        global count
        if kind in kinds and when(*args, **kwargs):
            count += 1
            if count == target:
                os.kill(os.getpid(), sig)
        return function(*args, **kwargs)
    return wrapper


def _writing(file, mode="r", *args, **kwargs):
    return any(flag in mode for flag in "wax+")


builtins.open = io.open = counted(io.open, "write", _writing)
pq.write_table = counted(pq.write_table, "write")
os.mkdir = counted(os.mkdir, "write")
os.link = counted(os.link, "write")  # a reused page is linked where a new one is written: the same count
os.rename = counted(os.rename, "rename")
os.replace = counted(os.replace, "rename")
shutil.rmtree = counted(shutil.rmtree, "rename")
if "fallback" in kinds:
    release_folder._exchange = lambda a, b: False
elif hasattr(release_folder, "_exchange"):
    release_folder._exchange = counted(release_folder._exchange, "rename")
atexit.register(lambda: print(count))
sys.exit(main(sys.argv[4:]))
