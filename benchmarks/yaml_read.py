"""Reading curated YAML: milliseconds per file of `read_yaml` over the records of a corpus.

    python benchmarks/synthetic_corpus.py /tmp/yaml-corpus 1000
    python benchmarks/yaml_read.py /tmp/yaml-corpus [--repeats 5]

Times every seeds/*.yaml (the article records and the registries) through `read_yaml` as the
build calls it, and the same with the libyaml fast path switched off (the pure-Python loader
only), as the reference. Prints the best of the repeats, in ms per file, and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from chip_export_news.curated import yamlio  # noqa: E402


def ms_per_file(files: list[Path], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for path in files:
            result = yamlio.read_yaml(path)
            if not isinstance(result, yamlio.Located):
                raise SystemExit(f"not a valid corpus: {result}")
        best = min(best, time.perf_counter() - start)
    return best / len(files) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a project folder (with seeds/), e.g. from synthetic_corpus.py")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    files = sorted((args.corpus / "seeds").glob("*.yaml"))
    if not files:
        raise SystemExit(f"no seeds/*.yaml under {args.corpus}")
    print(f"{len(files)} files, best of {args.repeats}")
    default = ms_per_file(files, args.repeats)
    print(f"read_yaml:               {default:.3f} ms per file")
    fast = getattr(yamlio, "_FastLoader", None)
    if fast is not None:
        yamlio._FastLoader = None  # the pure-Python loader only, as before the fast path
        try:
            pure = ms_per_file(files, args.repeats)
        finally:
            yamlio._FastLoader = fast
        print(f"pure-Python loader only: {pure:.3f} ms per file ({pure / default:.1f}x the time)")


if __name__ == "__main__":
    main()
