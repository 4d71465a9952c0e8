"""The command line; each command mirrors a library function."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CurationError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = "check" if args.check else "validate" if args.validate else args.command or "build"
    try:
        return COMMANDS[command](args)
    except CurationError as exc:
        print(exc.report(), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chip-export-news", description=__doc__)
    parser.add_argument("command", nargs="?", choices=sorted(COMMANDS),
                        help="build (default): rebuild dataset/ atomically; check: fail if dataset/ is stale; "
                             "validate: check a built dataset folder; suggest: list names no entity covers")
    parser.add_argument("path", nargs="?", type=Path, help="validate: the dataset folder")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (holding seeds/ and schema/)")
    parser.add_argument("--check", action="store_true", help="same as the check command")
    parser.add_argument("--validate", type=Path, metavar="DIR", help="same as: validate DIR")
    return parser


def _build(args) -> int:
    from .pipeline import build_into
    from .release_folder import build_atomically

    root = args.root.resolve()
    counts = build_atomically(root, root / "dataset", lambda out: build_into(root, out))
    print("built dataset/: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def _check(args) -> int:
    from .pipeline import build_into
    from .release_folder import differences

    root = args.root.resolve()
    stale = differences(root, root / "dataset", lambda out: build_into(root, out))
    if stale:
        print("dataset/ is stale; run `python build.py` and commit dataset/. Differing files:", file=sys.stderr)
        print("\n".join(f"  {name}" for name in stale), file=sys.stderr)
        return 1
    print("dataset/ is up to date with seeds/ and schema/")
    return 0


def _validate(args) -> int:
    from .validate import validate_dataset

    folder = args.validate or args.path or args.root / "dataset"
    problems = validate_dataset(folder.resolve())
    if problems:
        raise CurationError(problems)
    print(f"{folder}: valid")
    return 0


def _suggest(args) -> int:
    from .pipeline import suggestions

    found = suggestions(args.root.resolve())
    for c in found:
        print(f"{c.document_id}\t{c.start}-{c.end}\t{c.kind}\t{c.text}")
    print(f"{len(found)} candidate names not covered by seeds/entities.yaml "
          "(register them, or list them in seeds/ignore_names.yaml)", file=sys.stderr)
    return 0


COMMANDS = {"build": _build, "check": _check, "validate": _validate, "suggest": _suggest}
