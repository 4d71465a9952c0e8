import os
import subprocess
import sys

from datasets import load_dataset

from chip_export_news.pipeline import build_into
from chip_export_news.publish import publish

from conftest import copy_project


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "chip_export_news", *args], capture_output=True, text=True,
                          env=env)


def test_dry_run_lists_exactly_what_would_be_uploaded(built):
    listing = publish(built, repo_id="org/chip-export-news", dry_run=True)
    files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert all(f"  {name}  (" in listing for name in files)
    assert f"would publish {len(files)} files" in listing and "org/chip-export-news" in listing


def test_without_credentials_publishing_fails_fast_and_clearly(built, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")} | {"HF_HOME": str(tmp_path)}
    result = _cli("publish", str(built), "--repo-id", "org/name", env=env)
    assert result.returncode == 1 and "no access token found" in result.stderr and "Traceback" not in result.stderr


def test_without_network_publishing_fails_clearly(built, tmp_path):
    env = os.environ | {"HF_HOME": str(tmp_path), "HF_TOKEN": "hf_test", "HF_ENDPOINT": "http://127.0.0.1:9"}
    result = _cli("publish", str(built), "--repo-id", "org/name", env=env)
    assert result.returncode == 1 and "publishing failed" in result.stderr and "Traceback" not in result.stderr


def _release(project, version, out):
    init = project / "src" / "chip_export_news" / "__init__.py"
    text = init.read_text()
    start = text.index('__version__ = "')
    end = text.index('"', start + 15)
    init.write_text(text[:start] + f'__version__ = "{version}"' + text[end + 1:])
    build_into(project, out)
    return out


def test_two_releases_published_to_a_git_repository_load_by_tag(tmp_path):
    project = copy_project(tmp_path / "project")
    first = _release(project, "1.0.0", tmp_path / "r1")
    errata = project / "seeds" / "errata.yaml"
    errata.write_text(errata.read_text().replace("note: ", "note: Revised. ", 1))
    second = _release(project, "1.0.1", tmp_path / "r2")
    bare = tmp_path / "hub.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    assert "tag v1.0.0" in publish(first, to_git=bare)
    assert "tag v1.0.1" in publish(second, to_git=bare)

    notes = {}
    for tag in ("v1.0.0", "v1.0.1"):
        checkout = tmp_path / f"checkout-{tag}"
        subprocess.run(["git", "clone", "--quiet", "--branch", tag, str(bare), str(checkout)], check=True,
                       capture_output=True)
        errata_rows = load_dataset(str(checkout), "errata", split="train", cache_dir=str(tmp_path / f"cache-{tag}"))
        notes[tag] = sorted(errata_rows["note"])
        assert f"version {tag[1:]}" in (checkout / "README.md").read_text()
    assert notes["v1.0.0"] != notes["v1.0.1"]
    assert sum(n.startswith("Revised. ") for n in notes["v1.0.1"]) == 1


def test_publishing_an_existing_tag_is_refused(built, tmp_path):
    import pytest
    from chip_export_news.errors import CurationError

    bare = tmp_path / "hub.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    publish(built, to_git=bare)
    with pytest.raises(CurationError, match="already exists: a released version is immutable"):
        publish(built, to_git=bare)
