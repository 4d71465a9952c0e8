"""chip-export-news: build, check, validate, inspect, release and publish the dataset.

Each command mirrors a library function; `python build.py` runs the same commands
(`python build.py --check` and `python build.py --validate DIR` are shorthands).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from contextlib import closing, contextmanager
from pathlib import Path

from .curated.errors import CurationError, Interrupted, Problem


# Commands that read seeds/ and schema/, so they only make sense in a checkout of the project.
NEEDS_CHECKOUT = {"build", "check", "suggest", "release", "add", "guide"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_shorthands(sys.argv[1:] if argv is None else argv))
    if args.command in NEEDS_CHECKOUT and not is_checkout(args.root):
        print(f"chip-export-news {args.command}: needs a checkout of the project (a folder holding seeds/ and "
              f"schema/), and {args.root.resolve()} is not one; run it there or pass --root PATH", file=sys.stderr)
        return 2
    with _terminate_interrupts():
        try:
            return args.run(args)
        except CurationError as exc:
            print(exc.report(), file=sys.stderr)
            return 1
        except (KeyboardInterrupt, Interrupted) as exc:
            changed = getattr(exc, "dataset_changed", False)
            print("interrupted; " + ("dataset/ had already been replaced by the new build" if changed
                                     else "dataset/ was not changed"), file=sys.stderr)
            return 128 + getattr(exc, "signum", signal.SIGINT)
        except BrokenPipeError:
            # whoever read the output stopped (`| head`): end quietly, as other command-line tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            return 128 + signal.SIGPIPE
        except ModuleNotFoundError as exc:
            if exc.name not in BUILD_ONLY:
                raise
            print(f"chip-export-news {args.command}: needs the build extra (module {exc.name!r} is missing); "
                  "install it with: pip install 'chip-export-news[build]'", file=sys.stderr)
            return 2


# Top-level modules of the `[build]` extra (pyproject.toml): a reader's install lacks them.
BUILD_ONLY = {"pydantic", "frictionless", "ahocorasick", "huggingface_hub", "trafilatura"}


def is_checkout(root: Path) -> bool:
    return (root / "seeds").is_dir() and (root / "schema").is_dir()


@contextmanager
def _terminate_interrupts():
    """SIGTERM (a CI timeout) stops the run like Ctrl-C: temporary folders are removed as it unwinds."""
    def stop(signum, _):
        raise Interrupted(signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _shorthands(argv: list[str]) -> list[str]:
    """`--check` → `check`, `--validate DIR` → `validate DIR`, nothing → `build`."""
    argv = list(argv)
    if "--check" in argv:
        argv.remove("--check")
        argv.insert(0, "check")
    if "--validate" in argv:
        at = argv.index("--validate")
        argv[at] = "validate"
        argv.insert(0, argv.pop(at))
    if not any(a in COMMANDS for a in argv) and not {"-h", "--help"} & set(argv):
        argv.insert(0, "build")
    return argv


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chip-export-news", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (run, help_text, options) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--root", type=Path, default=Path.cwd(),
                         help="project folder holding seeds/ and schema/ (default: the current folder)")
        for flags, kwargs in options:
            sub.add_argument(*flags, **kwargs)
        sub.set_defaults(run=run)
    return parser


def _folder(args) -> Path:
    """The dataset folder a command works on: the one given, else the checkout's dataset/
    (restored first if a crashed build left it missing), else (installed, outside a checkout)
    the dataset the package carries."""
    if args.folder:
        return args.folder.resolve()
    if is_checkout(args.root):
        from .stages.release_folder import recover

        recover(args.root.resolve())
        return (args.root / "dataset").resolve()
    from ._version import DATA_DIR

    return DATA_DIR


def _manifest(args) -> dict | None:
    """The release manifest at hand: the checkout's, else the one the package carries."""
    from .release.versioning import installed_manifest, read_manifest

    return read_manifest(args.root) if is_checkout(args.root) else installed_manifest()


def _build(args) -> int:
    from .export.figures import FigureProcess
    from .stages.pandas_probe import skip_pandas_probe

    with closing(FigureProcess()) as figures:  # first: its imports overlap the build's own
        from .stages.pipeline import build_into
        from .stages.release_folder import build_atomically

        skip_pandas_probe()

        root = args.root.resolve()
        counts = build_atomically(root, root / "dataset", lambda out: build_into(
            root, out, executor=_executor(args), cached=not args.no_cache, figures=figures))
    print("built dataset/: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def _check(args) -> int:
    from .stages.pandas_probe import skip_pandas_probe
    from .stages.pipeline import build_into

    skip_pandas_probe()
    from .stages.release_folder import differences

    root = args.root.resolve()
    # A cold build: the cache is neither read nor written, so a stale cache cannot hide a change.
    stale = differences(root, root / "dataset", lambda out: build_into(root, out, executor=_executor(args)))
    if stale:
        print("dataset/ is stale; run `python build.py` and commit dataset/. Differing files:", file=sys.stderr)
        print("\n".join(f"  {name}" for name in stale), file=sys.stderr)
        return 1
    print("dataset/ is up to date with seeds/ and schema/")
    return 0


def _executor(args):
    from .stages.executors import Executor

    return Executor(args.engine, args.workers)


def _validate(args) -> int:
    from .checks.validate import validate_dataset
    from .stages.pandas_probe import skip_pandas_probe

    skip_pandas_probe()

    folder = _folder(args)
    problems = validate_dataset(folder, _manifest(args))
    if problems:
        raise CurationError(problems, outcome=f"{folder} is not a valid dataset.")
    print(f"{folder}: valid")
    return 0


def _suggest(args) -> int:
    from .stages.corpus_stage import suggestions

    found = suggestions(args.root.resolve())
    for c in found:
        print(f"{c.document_id}\t{c.start}-{c.end}\t{c.kind}\t{c.text}"
              + (f"\talias of {c.alias_of}?" if c.alias_of else ""))
    print(f"{len(found)} candidate names not covered by seeds/entities.yaml "
          "(register them, or list them in seeds/ignore_names.yaml)", file=sys.stderr)
    return 0


def _add(args) -> int:
    from .release.add_article import add_article, summary

    root = args.root.resolve()
    print(summary(root, add_article(root, args.path, url=args.url, outlet=args.outlet)))
    return 0


def _guide(args) -> int:
    from .release.curating import write_guide

    print(f"wrote {write_guide(args.root.resolve())}")
    return 0


def _built_folder(args) -> Path:
    """The dataset folder of a command that reads a built dataset: refused if nothing is built there."""
    folder = _folder(args)
    if not (folder / "datapackage.json").is_file():
        raise CurationError([Problem(str(folder), "no datapackage.json here",
                                     hint=f"point {args.command} at a built dataset folder, or run `python build.py`")],
                            outcome="nothing was read.")
    return folder


def _stats(args) -> int:
    from .checks.stats import describe

    print(describe(_built_folder(args)))
    return 0


def _text(args) -> int:
    """The clean text of one built document, to quote evidence, errata and quantities from."""
    import difflib

    from .tabulate.shards import read_files, stored_files

    folder = _built_folder(args)
    documents = read_files(folder, stored_files(folder, "documents"))
    ids = documents["document_id"].to_pylist()  # the texts stay in Arrow: one is printed
    if args.document_id not in ids:
        close = difflib.get_close_matches(args.document_id, ids, n=3, cutoff=0.4)
        raise CurationError([Problem(str(folder), f"no document {args.document_id!r} in this build",
                                     hint=("did you mean " + ", ".join(close) + "? " if close else "")
                                     + "a new article appears here once `python build.py` has run")],
                            outcome="nothing was read.")
    sys.stdout.write(documents["text"][ids.index(args.document_id)].as_py())
    return 0


def _release(args) -> int:
    from .release.cut import cut_release

    print(cut_release(args.root.resolve(), args.bump))
    return 0


def _publish(args) -> int:
    from .release.publish import publish

    print(publish(_folder(args), repo_id=args.repo_id, revision=args.revision, to_git=args.to_git,
                  dry_run=args.dry_run, manifest=_manifest(args)))
    return 0


_ENGINE = [(("--workers",), {"type": int, "default": 0, "metavar": "N",
                             "help": "processes for the per-document stage (default: the cores available)"}),
           (("--engine",), {"choices": ["local", "ray"], "default": "local",
                            "help": "run the per-document stage here (local) or on Ray: the cluster named "
                                    "by RAY_ADDRESS, else a local Ray (needs the [ray] extra)"})]
_FOLDER = (("folder",), {"nargs": "?", "type": Path,
                         "help": "a built dataset folder (default: ROOT/dataset in a checkout, else the installed dataset)"})

COMMANDS = {
    "build": (_build, "rebuild dataset/ from seeds/ and schema/ in a temporary folder, validate it, "
                      "then swap it in (a failed build leaves dataset/ untouched); per-document results "
                      "are cached in .build-cache/",
              _ENGINE + [(("--no-cache",), {"action": "store_true",
                                            "help": "neither read nor write the per-document cache"})]),
    "check": (_check, "rebuild in a temporary folder, without the cache, and fail, naming the files, "
                      "if dataset/ differs", _ENGINE),
    "validate": (_validate, "validate a built dataset folder without rebuilding: schemas, keys, "
                            "spans, file hashes, card row counts", [_FOLDER]),
    "add": (_add, "add an article (a UTF-8 text file, or an HTML page whose main text trafilatura extracts) "
                  "to seeds/ with a draft record, and say what is left to decide",
            [(("path",), {"type": Path, "help": "the article: a .txt file, or an .html page"}),
             (("--url",), {"help": "the article's address (source_url)"}),
             (("--outlet",), {"help": "the publisher's name (outlet)"})]),
    "suggest": (_suggest, "list names in the texts that no registered entity covers", []),
    "guide": (_guide, "write CURATING.md, the curator's reference (vocabularies, date expressions, seed "
                      "naming, document_id style), from the code and schema/", []),
    "stats": (_stats, "print what a built dataset holds: rows per table, entities by type, events by period",
              [_FOLDER]),
    "text": (_text, "print a built document's clean text, the text evidence and errata are quoted from",
             [(("document_id",), {"help": "the document's id (its record's document_id)"}), _FOLDER]),
    "release": (_release, "cut a release: diff against the last release, check the semantic-version "
                          "bump, write CHANGELOG.md and the release manifest",
                [(("bump",), {"choices": ["major", "minor", "patch"], "help": "the version part to increase"})]),
    "publish": (_publish, "upload a built dataset to the Hugging Face Hub (commit + version tag), or "
                          "commit and tag it in a git repository with --to-git",
                [_FOLDER,
                 (("--repo-id",), {"help": "Hub dataset repository, ORG/NAME"}),
                 (("--revision",), {"help": "tag to create (default: v<version>)"}),
                 (("--to-git",), {"type": Path, "metavar": "PATH", "help": "publish to the git repository at PATH instead"}),
                 (("--dry-run",), {"action": "store_true", "help": "list what would be uploaded, upload nothing"})]),
}
