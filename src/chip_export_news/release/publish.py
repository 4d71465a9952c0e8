"""Publish a built dataset: to the Hugging Face Hub (a commit and a version tag), or to a git
repository at a path (Hub dataset repositories are git repositories with the same layout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..curated.errors import CurationError, Problem
from ..checks.validate import validate_dataset
from .versioning import RELEASED


def publish(folder: Path, repo_id: Optional[str] = None, revision: Optional[str] = None,
            to_git: Optional[Path] = None, dry_run: bool = False, manifest: Optional[dict] = None) -> str:
    problems = validate_dataset(folder, manifest)
    if problems:
        raise CurationError(problems, outcome="nothing was published.")
    version = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]
    if not RELEASED.match(version):
        raise CurationError([Problem(str(folder), f"version {version} is a development version, not a release",
                                     hint="cut a release first: python build.py release major|minor|patch")],
                            outcome="nothing was published.")
    tag = revision or f"v{version}"
    target = str(to_git) if to_git else repo_id
    if not target:
        raise CurationError([Problem("publish", "no destination given",
                                     hint="give --repo-id ORG/NAME (Hugging Face Hub) or --to-git PATH")],
                            outcome="nothing was published.")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if dry_run:
        listing = "\n".join(f"  {p.relative_to(folder).as_posix()}  ({p.stat().st_size} bytes)" for p in files)
        return f"would publish {len(files)} files of version {version} to {target} as tag {tag}:\n{listing}"
    if to_git:
        return _to_git(folder, to_git, tag, version)
    return _to_hub(folder, repo_id, tag, version)


def _to_hub(folder: Path, repo_id: str, tag: str, version: str) -> str:
    from huggingface_hub import HfApi, get_token

    token = get_token()
    if not token:
        raise CurationError([Problem("Hugging Face Hub", "no access token found",
                                     hint="run `hf auth login` or set HF_TOKEN, then publish again")],
                            outcome="nothing was published.")
    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        commit = api.upload_folder(repo_id=repo_id, repo_type="dataset", folder_path=folder,
                                   commit_message=f"Release {version}")
        api.create_tag(repo_id, tag=tag, repo_type="dataset", revision=commit.oid)
    except Exception as exc:  # network, auth and Hub errors all end the same way for the curator
        raise CurationError([Problem(f"Hugging Face Hub ({repo_id})", f"publishing failed: {type(exc).__name__}: {exc}",
                                     hint="check the network, the token's write access and the repo id")],
                            outcome="no version tag was created (publish again once fixed).") from None
    return f"published version {version} to https://huggingface.co/datasets/{repo_id} as tag {tag}"


def _to_git(folder: Path, repository: Path, tag: str, version: str) -> str:
    with tempfile.TemporaryDirectory(prefix="publish-") as work:
        checkout = Path(work) / "repo"
        _git(Path(work), "clone", "--quiet", str(repository.resolve()), str(checkout))
        if _git(checkout, "ls-remote", "--heads", "origin", "main").strip():
            _git(checkout, "checkout", "--quiet", "-B", "main", "origin/main")
        if _git(checkout, "tag", "--list", tag).strip():
            raise CurationError([Problem(str(repository), f"tag {tag} already exists: a released version is immutable",
                                         hint="release a new version first (python build.py release ...)")],
                                 outcome="nothing was published.")
        for old in checkout.iterdir():
            if old.name != ".git":
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        shutil.copytree(folder, checkout, dirs_exist_ok=True)
        _git(checkout, "add", "--all")
        _git(checkout, "commit", "--quiet", "--allow-empty", "-m", f"Release {version}")
        _git(checkout, "tag", tag)
        # Branch and tag land together or not at all: a tag on a commit no branch holds would
        # block every retry.
        _git(checkout, "push", "--quiet", "--atomic", "origin", "HEAD:refs/heads/main", f"refs/tags/{tag}")
    _point_head_at_main(repository)
    return f"published version {version} to {repository} (branch main, tag {tag})"


def _point_head_at_main(repository: Path) -> None:
    """A bare repository made by `git init --bare` may name `master` as HEAD; a plain clone of it
    then checks out nothing. Point HEAD at the published branch when it names no existing one."""
    if _git(repository, "rev-parse", "--is-bare-repository").strip() != "true":
        return
    head = _git(repository, "symbolic-ref", "HEAD").strip()
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", head], cwd=repository,
                      capture_output=True).returncode != 0:
        _git(repository, "symbolic-ref", "HEAD", "refs/heads/main")


def _git(cwd: Path, *args: str) -> str:
    env = os.environ | {"GIT_AUTHOR_NAME": "chip-export-news", "GIT_AUTHOR_EMAIL": "release@chip-export-news",
                        "GIT_COMMITTER_NAME": "chip-export-news", "GIT_COMMITTER_EMAIL": "release@chip-export-news"}
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise CurationError([Problem(f"git {args[0]}", result.stderr.strip() or result.stdout.strip(),
                                     hint=_GIT_HINTS.get(args[0], "see git's message above"))],
                            outcome="nothing was published.")
    return result.stdout


_GIT_HINTS = {
    "clone": "--to-git needs the path of an existing git repository (bare or not)",
    "push": "the target repository refused the push (git's message above says why); a non-bare repository "
            "refuses pushes to its checked-out branch: publish to a bare one (git init --bare PATH)",
}
