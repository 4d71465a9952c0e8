"""Build, check or validate the dataset: `python build.py [--check | --validate DIR]`."""

import sys
from pathlib import Path

# Run the checkout's code, not whichever version of the package happens to be installed.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from chip_export_news.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] + ["--root", str(Path(__file__).resolve().parent)]))
