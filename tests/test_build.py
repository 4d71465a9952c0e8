import filecmp
import json
import re
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chip_export_news.stages.pipeline import build_into
from chip_export_news.checks.validate import validate_dataset

from conftest import ROOT


def test_built_package_is_valid_for_frictionless(corpus_build):
    from frictionless import Package

    report = Package(str(corpus_build / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])
    assert validate_dataset(corpus_build) == []


def test_datapackage_describes_every_table_with_keys_and_constraints(built):
    package = json.loads((built / "datapackage.json").read_text())
    names = [r["name"] for r in package["resources"]]
    assert {"documents", "sentences", "entities", "mentions", "events", "event_arguments",
            "event_mentions", "errata"} <= set(names)
    # a release X.Y.Z, or the development version between releases (X.Y.Z-dev)
    assert re.fullmatch(r"\d+\.\d+\.\d+(-dev)?", package["version"]) and package["licenses"] and package["sources"]
    for resource in package["resources"]:
        # frictionless 5 computes no bytes or hash for Parquet: declaring them makes it fail.
        assert resource["format"] == "parquet" and "hash" not in resource and "bytes" not in resource
        assert resource["schema"]["primaryKey"]
    sentences = next(r for r in package["resources"] if r["name"] == "sentences")
    assert sentences["schema"]["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["document_id"]}
    documents = next(r for r in package["resources"] if r["name"] == "documents")
    language = next(f for f in documents["schema"]["fields"] if f["name"] == "source_language")
    assert "pt" in language["constraints"]["enum"]


def _rewrite(path, mutate):
    table = pq.read_table(path)
    rows = table.to_pylist()
    mutate(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)


def _refresh_facts(folder):
    """Tamper as a careful forger would: restate every file's size and sha256 in croissant.json."""
    from chip_export_news.export.croissant import file_facts

    descriptor = folder / "croissant.json"
    metadata = json.loads(descriptor.read_text())
    for fo in metadata["distribution"]:
        fo["contentSize"], fo["sha256"] = file_facts(folder / fo["contentUrl"])
    descriptor.write_text(json.dumps(metadata))


def test_validation_catches_a_broken_foreign_key(built, tmp_path):
    copy = shutil.copytree(built, tmp_path / "dataset")
    _rewrite(copy / "data" / "sentences.parquet", lambda rows: rows[0].update(document_id="no-such-document"))
    _refresh_facts(copy)
    messages = " ".join(str(p) for p in validate_dataset(copy))
    assert "foreign-key" in messages


def test_validation_catches_a_span_whose_text_differs(built, tmp_path):
    copy = shutil.copytree(built, tmp_path / "dataset")
    _rewrite(copy / "data" / "sentences.parquet", lambda rows: rows[3].update(end=rows[3]["end"] - 1))
    _refresh_facts(copy)
    problems = validate_dataset(copy)
    assert any("sentences.parquet" in p.file and "span" in p.message for p in problems)


def test_validation_catches_a_file_changed_after_the_build(built, tmp_path):
    copy = shutil.copytree(built, tmp_path / "dataset")
    _rewrite(copy / "data" / "documents.parquet", lambda rows: rows[0].update(outlet="Someone"))
    problems = validate_dataset(copy)
    assert any("documents.parquet" in p.file and "sha256" in p.message for p in problems)


def test_build_is_deterministic(built, tmp_path):
    again = tmp_path / "again"
    build_into(ROOT, again)
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all(filecmp.cmp(built / f, again / f, shallow=False) for f in files)


@pytest.mark.data
def test_committed_dataset_matches_a_fresh_build(built):
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    stale = [f for f in files if not filecmp.cmp(built / f, ROOT / "dataset" / f, shallow=False)]
    assert stale == [], "run `python build.py` and commit dataset/"


def _cli(project, *args):
    return subprocess.run([sys.executable, "-m", "chip_export_news", *args, "--root", str(project)],
                          capture_output=True, text=True)


def test_check_names_the_stale_files(project):
    (project / "dataset" / "README.md").write_text("edited by hand\n")
    result = _cli(project, "check")
    assert result.returncode == 1
    assert "README.md (differs)" in result.stderr and "Traceback" not in result.stderr


def test_check_passes_on_a_fresh_copy(project):
    result = _cli(project, "check")
    assert result.returncode == 0, result.stderr


def test_failed_build_leaves_dataset_untouched(project):
    before = {p: p.read_bytes() for p in (project / "dataset").rglob("*") if p.is_file()}
    record = project / "seeds" / "000_f5f224b35cc95711.yaml"
    record.write_text(record.read_text().replace("title:", "titel:"))
    result = _cli(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "000_f5f224b35cc95711.yaml:" in result.stderr and "titel" in result.stderr
    assert before == {p: p.read_bytes() for p in (project / "dataset").rglob("*") if p.is_file()}
    assert not list(project.glob(".dataset.*"))


def test_crash_while_writing_tables_leaves_dataset_whole(project, monkeypatch):
    from chip_export_news.stages.release_folder import build_atomically

    before = {p: p.read_bytes() for p in (project / "dataset").rglob("*") if p.is_file()}
    calls = []
    real = pq.write_table

    def crash_on_third_table(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(pq, "write_table", crash_on_third_table)  # the module every writer uses
    with pytest.raises(OSError):
        build_atomically(project, project / "dataset", lambda out: build_into(project, out))
    assert before == {p: p.read_bytes() for p in (project / "dataset").rglob("*") if p.is_file()}


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    setup, tests = [block.strip() for block in readme.split("```bash\n")[1:3]]
    setup, tests = setup.split("\n```")[0], tests.split("\n```")[0]
    assert setup.replace(" && .venv/bin/python build.py", "") in ci
    assert tests in ci and "build.py --check" in ci
