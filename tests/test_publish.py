import os
import shutil
import subprocess
import sys

import pytest
from datasets import load_dataset

from chip_export_news.curated.errors import CurationError
from chip_export_news.stages.pipeline import build_into
from chip_export_news.release.publish import publish
from chip_export_news.release.cut import cut_release
from chip_export_news.stages.release_folder import build_atomically

from conftest import copy_project


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "chip_export_news", *args], capture_output=True, text=True,
                          env=env)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A dataset folder carrying a released version (2.0.0), cut in a copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("released") / "project")
    cut_release(project, "major")
    return project / "dataset"


def test_dry_run_lists_exactly_what_would_be_uploaded(released):
    listing = publish(released, repo_id="org/chip-export-news", dry_run=True)
    files = sorted(p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file())
    assert all(f"  {name}  (" in listing for name in files)
    assert f"would publish {len(files)} files" in listing and "org/chip-export-news" in listing


def test_a_development_version_is_not_published(built, tmp_path):
    result = _cli("publish", str(built), "--to-git", str(tmp_path), "--root", str(tmp_path))
    assert result.returncode == 1 and "is a development version, not a release" in result.stderr
    assert "nothing was published" in result.stderr and "Traceback" not in result.stderr


def test_without_credentials_publishing_fails_fast_and_clearly(released, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")} | {"HF_HOME": str(tmp_path)}
    result = _cli("publish", str(released), "--repo-id", "org/name", env=env)
    assert result.returncode == 1 and "no access token found" in result.stderr and "Traceback" not in result.stderr


def test_without_network_publishing_fails_clearly(released, tmp_path):
    env = os.environ | {"HF_HOME": str(tmp_path), "HF_TOKEN": "hf_test", "HF_ENDPOINT": "http://127.0.0.1:9"}
    result = _cli("publish", str(released), "--repo-id", "org/name", env=env)
    assert result.returncode == 1 and "publishing failed" in result.stderr and "Traceback" not in result.stderr


def _release(project, bump, out):
    cut_release(project, bump)
    return shutil.copytree(project / "dataset", out)


def test_two_releases_published_to_a_git_repository_load_by_tag(tmp_path):
    project = copy_project(tmp_path / "project")
    first = _release(project, "major", tmp_path / "r1")
    errata = project / "seeds" / "errata.yaml"
    errata.write_text(errata.read_text().replace("note: ", "note: Revised. ", 1))
    build_atomically(project, project / "dataset", lambda out: build_into(project, out))
    second = _release(project, "patch", tmp_path / "r2")
    bare = tmp_path / "hub.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    assert "tag v2.0.0" in publish(first, to_git=bare)
    assert "tag v2.0.1" in publish(second, to_git=bare)

    # A plain clone checks out the latest published data (the bare repository's HEAD names main).
    plain = tmp_path / "plain-clone"
    subprocess.run(["git", "clone", "--quiet", str(bare), str(plain)], check=True, capture_output=True)
    assert "version 2.0.1" in (plain / "README.md").read_text()

    notes = {}
    for tag in ("v2.0.0", "v2.0.1"):
        checkout = tmp_path / f"checkout-{tag}"
        subprocess.run(["git", "clone", "--quiet", "--branch", tag, str(bare), str(checkout)], check=True,
                       capture_output=True)
        errata_rows = load_dataset(str(checkout), "errata", split="train", cache_dir=str(tmp_path / f"cache-{tag}"))
        notes[tag] = sorted(errata_rows["note"])
        assert f"version {tag[1:]}" in (checkout / "README.md").read_text()
    assert notes["v2.0.0"] != notes["v2.0.1"]
    assert sum(n.startswith("Revised. ") for n in notes["v2.0.1"]) == 1


def test_publishing_an_existing_tag_is_refused(released, tmp_path):
    bare = tmp_path / "hub.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    publish(released, to_git=bare)
    with pytest.raises(CurationError, match="already exists: a released version is immutable"):
        publish(released, to_git=bare)


def test_a_refused_push_lands_neither_branch_nor_tag_and_names_the_cause(released, tmp_path):
    target = tmp_path / "checked-out"
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "commit", "--quiet", "--allow-empty", "-m", "start"], check=True,
                   env=os.environ | {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                                     "GIT_COMMITTER_EMAIL": "t@t"})
    with pytest.raises(CurationError, match="refused the push") as refused:
        publish(released, to_git=target)
    assert "checked-out branch" in str(refused.value.problems[0].hint)
    tags = subprocess.run(["git", "-C", str(target), "tag", "--list"], capture_output=True, text=True).stdout
    assert tags.strip() == "", "the tag must not land when the branch push is refused"
