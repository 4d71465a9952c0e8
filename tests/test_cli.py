import os
import shutil
import signal
import subprocess
import sys

import pytest

from chip_export_news.cli import COMMANDS, main
from conftest import ROOT


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command):
    result = subprocess.run([sys.executable, "-m", "chip_export_news", command, "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and f"usage: chip-export-news {command}" in result.stdout


def test_console_script_is_installed():
    script = shutil.which("chip-export-news", path=str(ROOT / ".venv" / "bin")) or shutil.which("chip-export-news")
    assert script, "pip install should put chip-export-news on PATH"
    result = subprocess.run([script, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "release" in result.stdout and "publish" in result.stdout


def test_stats_describes_the_dataset(capsys):
    assert main(["stats", str(ROOT / "dataset")]) == 0
    out = capsys.readouterr().out
    assert "mentions" in out and "entities by type:" in out and "events by period" in out


def test_build_py_shorthands(capsys):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--validate", str(ROOT / "dataset")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "valid" in result.stdout


def test_output_piped_into_a_reader_that_stopped_ends_quietly():
    read, write = os.pipe()
    os.close(read)  # like `| head` that has already exited: every write fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "chip_export_news", "stats"], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr
    assert done.returncode == 128 + signal.SIGPIPE


def test_text_prints_a_documents_clean_text_exactly_and_names_close_ids_for_a_typo(capsys):
    import pyarrow.parquet as pq

    documents = pq.read_table(ROOT / "dataset" / "data" / "documents.parquet", columns=["document_id", "text"]).to_pylist()
    for document in documents:
        assert main(["text", document["document_id"], str(ROOT / "dataset")]) == 0
        assert capsys.readouterr().out == document["text"]
    typo = documents[0]["document_id"][:-2]
    assert main(["text", typo, str(ROOT / "dataset")]) == 1
    err = capsys.readouterr().err
    assert f"no document {typo!r}" in err and documents[0]["document_id"] in err
