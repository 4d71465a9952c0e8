import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
import pandas as pd
import pyarrow as pa
import pytest
from datasets import Dataset

import chip_export_news
from conftest import ROOT


def test_one_version_everywhere():
    # The version is read at run time from the dataset; the wheel's metadata is checked in the
    # wheel test (an editable install's metadata is frozen at install time, and nothing reads it).
    version = chip_export_news.__version__
    assert json.loads((chip_export_news.DATA_DIR / "datapackage.json").read_text())["version"] == version
    assert f"version {version}" in (chip_export_news.DATA_DIR / "README.md").read_text()
    assert json.loads((chip_export_news.DATA_DIR / "croissant.json").read_text())["version"] == version


def test_load_in_every_format():
    assert chip_export_news.DATA_DIR.resolve() == (ROOT / "dataset").resolve()
    names = chip_export_news.tables()
    assert {"documents", "mentions", "events", "documents_nested"} <= set(names)
    events = chip_export_news.load("events")
    assert isinstance(events, Dataset) and events.num_rows > 40
    assert isinstance(chip_export_news.load("events", format="pandas"), pd.DataFrame)
    assert isinstance(chip_export_news.load("events", format="arrow"), pa.Table)
    with pytest.raises(ValueError, match="unknown table"):
        chip_export_news.load("nope")


def test_raw_span_finds_a_mention_in_the_seed():
    mention = chip_export_news.load("mentions", format="pandas").iloc[-1]
    seed_file, start, end, _ = chip_export_news.raw_span(mention["document_id"], mention["start"], mention["end"])
    raw = (ROOT / "seeds" / seed_file).read_text(encoding="utf-8")
    assert raw[start:end] == mention["text"]


def test_nested_config_matches_the_flat_tables():
    nested = chip_export_news.load("documents_nested", format="pandas")
    mentions = chip_export_news.load("mentions", format="pandas")
    assert sum(len(m) for m in nested["mentions"]) == len(mentions)
    for row in nested.itertuples():
        assert all(row.text[m["start"]:m["end"]] == m["text"] for m in row.mentions)


# Packages of the `[build]` extra: a reader's environment must not hold them.
# (pyyaml and huggingface-hub are not listed: `datasets`, a reader dependency, needs them.)
BUILD_ONLY = ["pydantic", "somajo", "frictionless", "ahocorasick", "trafilatura"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built the way the README says: `python -P -m build` from the repository root."""
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-P", "-m", "build", "--wheel", "--outdir", str(dist)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return next(dist.glob("chip_export_news-*.whl"))


def test_build_py_refuses_pypa_build_arguments_and_says_what_to_run():
    for command in ([sys.executable, "-m", "build", "--wheel"], [sys.executable, "build.py", "--sdist"]):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 2 and "python -P -m build" in result.stderr, command
        assert "Traceback" not in result.stderr


def test_wheel_metadata_carries_the_datasets_version(wheel):
    from packaging.version import Version

    # PEP 440 normalises the dataset's semver pre-release (2.0.0-dev) to 2.0.0.dev0: the same version.
    assert Version(wheel.name.split("-")[1]) == Version(chip_export_news.__version__)


@pytest.mark.skipif(os.environ.get("SKIP_WHEEL_TEST") == "1", reason="SKIP_WHEEL_TEST=1")
def test_a_reader_only_install_loads_every_table_offline_and_holds_no_build_package(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    script = textwrap.dedent("""
        import importlib.util, sys
        import chip_export_news as c
        assert "site-packages" in str(c.DATA_DIR), c.DATA_DIR
        for name in c.tables():
            rows = c.load(name).num_rows
            assert rows == c.load(name, format="arrow").num_rows == len(c.load(name, format="pandas"))
            print(name, rows)
        print("version", c.__version__)
        print("build-only", ",".join(m for m in sys.argv[1:] if importlib.util.find_spec(m)) or "-")
        m = c.load("mentions", format="pandas").iloc[0]
        span = c.raw_span(m["document_id"], m["start"], m["end"])
        assert type(span.start) is int and span.raw_text is None
        print("raw_span", str(span).replace(" ", "_"))
        assert (c.DATA_DIR / "browser" / "index.html").is_file() and list((c.DATA_DIR / "figures").glob("*.svg"))
    """)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = os.environ | {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run([str(python), "-c", script, *BUILD_ONLY], cwd=outside, capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert set(loaded) - {"version", "build-only", "raw_span"} == set(chip_export_news.tables())
    assert loaded["version"] == chip_export_news.__version__
    assert loaded["build-only"] == "-", f"build-only packages in a reader's install: {loaded['build-only']}"
    assert "the_seed_is_not_here" in loaded["raw_span"]

    cli = venv / "bin" / "chip-export-news"
    stats = subprocess.run([str(cli), "stats"], cwd=outside, capture_output=True, text=True, env=env)
    assert stats.returncode == 0 and "events by period" in stats.stdout, stats.stderr
    validate = subprocess.run([str(cli), "validate"], cwd=outside, capture_output=True, text=True, env=env)
    assert validate.returncode == 0 and validate.stdout.strip().endswith(": valid"), validate.stderr
    build = subprocess.run([str(cli), "build"], cwd=outside, capture_output=True, text=True, env=env)
    assert build.returncode == 2 and "needs a checkout" in build.stderr and "Traceback" not in build.stderr


def _declared() -> dict[str, set[str]]:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {"reader": project["dependencies"], **project["optional-dependencies"]}
    return {group: {_normal(Requirement(r).name) for r in reqs} for group, reqs in names.items()}


def _normal(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_distributions(folder: Path) -> set[str]:
    """Distributions whose modules the Python files under `folder` import (stdlib and our own excluded)."""
    import ast
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                local = top == "chip_export_news" or any((where / f"{top}.py").exists() for where in (folder, ROOT / "benchmarks"))
                if top not in sys.stdlib_module_names and not local:
                    found |= {_normal(d) for d in owners.get(top, [top])}
    return found


def test_every_imported_package_is_declared():
    declared = _declared()
    building = declared["reader"] | declared["build"] | declared["ray"]
    assert _imported_distributions(ROOT / "src") - building == set()
    testing = building | declared["dev"] | {"packaging"}  # packaging comes with pip and build
    assert _imported_distributions(ROOT / "tests") - testing == set()


def test_the_declared_setuptools_builds_the_package_metadata(tmp_path):
    # setuptools 69-76 refuse `license = "MIT"` (an SPDX string): the declared minimum must take it.
    import tomllib

    from packaging.requirements import Requirement

    requirement = Requirement(tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"][0])
    minimum = next(s.version for s in requirement.specifier if s.operator == ">=")
    target = tmp_path / "setuptools"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target),
                    f"setuptools=={minimum}"], check=True, capture_output=True)
    script = ("import setuptools.build_meta as b, sys; "
              f"print(b.prepare_metadata_for_build_wheel({str(tmp_path)!r}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=os.environ | {"PYTHONPATH": str(target)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith(".dist-info")
