"""Build, check or validate the dataset: `python build.py [--check | --validate DIR]`.

This file builds the *dataset*. To build the *package* (wheel and sdist) from this folder, run
`python -P -m build`: -P keeps the current folder off the import path, so that `-m build`
finds PyPA's build rather than this file.
"""

import sys
from pathlib import Path

PACKAGE_BUILD = ("python build.py builds the dataset, not the package. To build the wheel and sdist, run "
                 "`python -P -m build` (or `pip wheel --no-deps -w dist .`) from this folder.")
# Options of PyPA's `python -m build`, refused here with the message above.
_PYPA_OPTIONS = {"--sdist", "-s", "--wheel", "-w", "--outdir", "-o", "--no-isolation", "-n", "--skip-dependency-check",
                 "-x", "--installer", "--config-setting", "-C", "--version", "-V"}

if __name__ == "__main__":
    if (__spec__ is not None and __spec__.name == "build") or _PYPA_OPTIONS & {a.split("=")[0] for a in sys.argv[1:]}:
        print(PACKAGE_BUILD, file=sys.stderr)
        sys.exit(2)
    # Run the checkout's code, not whichever version of the package happens to be installed.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from chip_export_news.cli import main

    sys.exit(main(sys.argv[1:] + ["--root", str(Path(__file__).resolve().parent)]))
