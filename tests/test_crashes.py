"""Builds killed at any moment, interrupted, or run twice at once: dataset/ is the old or the new
complete dataset at every instant, every command first repairs what a dead build left, and a
second build refuses with a clear message."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chip_export_news.cli import main
from chip_export_news.stages.release_folder import project_lock

from test_bad_input import _edit, _snapshot

FAULTY_RUN = Path(__file__).parent / "helpers" / "faulty_run.py"


def _strays(project):
    return sorted(p.name for p in project.glob(".dataset.*"))


def _start(project, *command):
    return subprocess.Popen([sys.executable, "-m", "chip_export_news", *command, "--root", str(project)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _faulty(project, at, sig, kinds):
    run = subprocess.run([sys.executable, str(FAULTY_RUN), str(at), sig, kinds, "build", "--root", str(project)],
                         cwd=project, capture_output=True, text=True, timeout=300)
    return run.returncode, run.stdout, run.stderr


def _change_an_input(project):
    _edit(project / "seeds" / "events.yaml", "factuality: asserted", "factuality: reported", 1)


def _interrupt_mid_build(project, sig):
    process = _start(project, "build")
    deadline = time.monotonic() + 120
    while not _strays(project):  # the build has begun writing into its temporary folder
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


# --- 3 (Ctrl-C) and 7: interrupted and killed builds --------------------------------------

@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_build_says_so_cleans_up_and_leaves_dataset_untouched(project, sig, code):
    before = _snapshot(project)
    _change_an_input(project)
    returncode, err = _interrupt_mid_build(project, sig)
    assert returncode == code, err
    assert "interrupted; dataset/ was not changed" in err and "Traceback" not in err
    assert _strays(project) == []
    assert _snapshot(project) == before


@pytest.mark.parametrize("command", [["validate"], ["stats"], ["check"], ["build"]])
def test_the_next_command_removes_what_a_killed_build_left(project, command, capsys):
    returncode, _ = _interrupt_mid_build(project, signal.SIGKILL)
    assert returncode == -signal.SIGKILL and _strays(project)
    readonly = project / ".dataset.old-4242" / "data"  # an old copy a dead build left read-only
    readonly.mkdir(parents=True)
    (readonly / "events.parquet").write_bytes(b"old")
    readonly.chmod(0o500)
    readonly.parent.chmod(0o500)
    assert main([*command, "--root", str(project)]) == 0, capsys.readouterr().err
    assert _strays(project) == []


# --- 8: dataset/ is never missing for any command --------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["stats"], ["check"]])
def test_a_kill_between_the_fallback_swaps_renames_is_repaired_by_every_command(project, command, capsys):
    # The state the two-rename fallback leaves when killed between its renames.
    before = _snapshot(project)
    os.rename(project / "dataset", project / ".dataset.old-4242")
    assert main([*command, "--root", str(project)]) == 0, capsys.readouterr().err
    assert _snapshot(project) == before and _strays(project) == []


def test_stats_on_a_folder_without_a_dataset_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["stats", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no datapackage.json here" in err and "Traceback" not in err


# --- 9: one build at a time ----------------------------------------------------------------

def test_a_second_build_refuses_while_one_runs(project, capsys):
    before = _snapshot(project)
    with project_lock(project, exclusive=True):  # a build in progress
        for command in (["build"], ["check"]):
            assert main([*command, "--root", str(project)]) == 1
            err = capsys.readouterr().err
            assert "another build or check is running in this project folder" in err and "Traceback" not in err
        assert main(["validate", "--root", str(project)]) == 0  # readers need no lock: dataset/ is complete
    assert _snapshot(project) == before


def test_the_lock_of_a_killed_build_is_released_with_it(project, capsys):
    returncode, _ = _interrupt_mid_build(project, signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    assert main(["build", "--root", str(project)]) == 0, capsys.readouterr().err
    assert _strays(project) == []


def test_two_builds_started_together_never_break_dataset(project, capsys):
    _change_an_input(project)
    first, second = _start(project, "build"), _start(project, "build")
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    assert 0 in [code for code, _ in results], results
    for code, err in results:
        assert "Traceback" not in err
        assert code == 0 or "another build or check is running" in err
    assert main(["validate", "--root", str(project)]) == 0
    assert _strays(project) == []


# --- the fault-injection sweep ---------------------------------------------------------------

def _sweep(project, sig, kinds):
    """Kill the build at its 1st, 2nd, ... counted file operation until one run completes. Return
    dataset/ as each kill left it and as the next command (validate, which must pass) left it,
    and the number of operations counted."""
    at_kill, after = [], []
    for at in range(1, 200):
        returncode, out, err = _faulty(project, at, sig, kinds)
        at_kill.append(_snapshot(project))
        assert "Traceback" not in err, err
        if sig == "SIGTERM":  # an interrupted build cleans up after itself
            assert _strays(project) == [], f"after SIGTERM at operation {at}"
        assert main(["validate", "--root", str(project)]) == 0, f"after a kill at operation {at}"
        assert _strays(project) == [], f"after a kill at operation {at}"
        after.append(_snapshot(project))
        if returncode == 0:
            return at_kill, after, int(out.split()[-1])
        assert returncode == (-signal.SIGKILL if sig == "SIGKILL" else 143), err
    raise AssertionError("the build never completed")


@pytest.mark.parametrize("sig, kinds", [("SIGKILL", "write+rename"), ("SIGKILL", "rename+fallback"),
                                        ("SIGTERM", "rename")])
def test_a_build_killed_at_any_file_operation_leaves_the_old_or_the_new_dataset(project, sig, kinds):
    old = _snapshot(project)
    _change_an_input(project)
    at_kill, after, operations = _sweep(project, sig, kinds)
    new = after[-1]
    assert new != old
    assert len(after) == operations + 1 and operations >= {"rename": 2, "rename+fallback": 4}.get(kinds, 15)
    for at, (killed, next_command) in enumerate(zip(at_kill, after), start=1):
        assert next_command in (old, new), f"dataset/ after a kill at operation {at} is neither old nor new"
        # With the atomic exchange dataset/ is complete at every instant; the two-rename
        # fallback may leave it missing, and then the next command restores it.
        assert killed in (old, new) or ("fallback" in kinds and killed == {}), f"operation {at}"


# --- children of a killed build -----------------------------------------------------------------

PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
print(child.pid, flush=True)
time.sleep(60)
"""
CHILD = """
import os, sys, time
from chip_export_news.stages.child_processes import die_with_parent
die_with_parent(os.getppid())
time.sleep(60)
"""


def test_a_child_of_the_build_dies_with_it():
    """The figure process and the pool's workers call die_with_parent first: killed with the
    build, they cannot go on writing into the folder the next command removes."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    time.sleep(1)  # the child has made its request by now
    assert Path(f"/proc/{child}").exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10  # far less than the child's 60 s of sleep
    while Path(f"/proc/{child}").exists() and _state(child) != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists() or _state(child) == "Z"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
