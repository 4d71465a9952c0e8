"""How the build scales with the corpus (issue 15): synthetic corpora of N articles.

    python benchmarks/build_scale.py [--sizes 1000 5000 10000] [--workers N] [--keep DIR]

For each size: a corpus of the real seeds plus N synthetic articles (synthetic_corpus.py), then
- a cold `build` (empty cache; validation included): wall and CPU time, per-article cost,
  peak RSS of the main process and of the largest worker;
- an incremental build after adding one article (the cache warm);
- validation of the built dataset: the build's own validator and frictionless, same verdicts?
Then, once: sentence agreement of the splitter the build uses with stock SoMaJo, on the seeds
and a sample of the synthetic articles, and the 5-seed cold build (target <= 3 s).
Figures are printed, never asserted. Other processes on the machine skew wall times: the CPU
times are the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import describe  # noqa: E402
from synthetic_corpus import add_articles, make_corpus  # noqa: E402


def measured_build(root: Path, workers: int) -> dict:
    """`chip-export-news build` in a new process: wall, CPU and peak RSS (main, largest worker)."""
    code = (
        "import json, resource, sys, time\n"
        "start = time.perf_counter()\n"
        "from chip_export_news.cli import main\n"
        f"code = main(['build', '--root', {str(root)!r}, '--workers', '{workers}'])\n"
        "wall = time.perf_counter() - start\n"
        "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'code': code, 'wall': wall, 'cpu': me.ru_utime + me.ru_stime + kids.ru_utime"
        " + kids.ru_stime, 'rss_main': me.ru_maxrss / 1024, 'rss_worker': kids.ru_maxrss / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    if done.returncode:
        raise SystemExit(f"build failed in {root}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def validation_times(folder: Path, reference: bool) -> tuple[float, float, bool]:
    """Seconds of the build's own validator and of frictionless (nan if skipped), same verdicts?"""
    from chip_export_news.checks.validate import validate_dataset

    start = time.perf_counter()
    own = validate_dataset(folder)
    middle = time.perf_counter()
    if not reference:
        return middle - start, float("nan"), own == []
    theirs = validate_dataset(folder, reference=True)
    return middle - start, time.perf_counter() - middle, own == theirs == []


def sentence_agreement(root: Path, sample: int) -> tuple[int, int]:
    """(sentences of stock SoMaJo that the build's splitter also finds, all of them)."""
    from somajo import SoMaJo

    from chip_export_news.curated.errors import Collector
    from chip_export_news.text.normalize import normalize
    from chip_export_news.text.sentences import split_sentences
    from chip_export_news.curated.sources import read_sources

    stock = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    sources = read_sources(root, Collector())
    seeds = [s for s in sources.seeds if not s.file.startswith("s")] + \
            [s for s in sources.seeds if s.file.startswith("s")][:sample]
    agreed = total = 0
    for seed in seeds:
        clean = normalize(seed.raw, sources.cleaning, seed.record)
        ours = {(s.start, s.end) for s in split_sentences(clean.text, clean.paragraphs())}
        theirs = set()
        for start, end in clean.paragraphs():
            for tokens in stock.tokenize_text([clean.text[start:end]]):
                theirs.add((start + tokens[0].character_offset[0], start + tokens[-1].character_offset[1]))
        agreed += len(ours & theirs)
        total += len(theirs)
    return agreed, total


def five_seed_build() -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = make_corpus(Path(folder) / "seeds-only", 0)
        return measured_build(root, 0)["wall"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--workers", type=int, default=0, help="as build --workers (default: the cores)")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    parser.add_argument("--no-frictionless", action="store_true",
                        help="skip the reference validation (six minutes at 10,000 articles)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="build-scale-"))
    print(describe())
    per_article = {}
    print(f"{'articles':>8} {'wall s':>8} {'CPU s':>8} {'ms/article':>10} {'RSS main MiB':>12} "
          f"{'RSS worker MiB':>14} {'+1 article s':>12} {'own val s':>9} {'frictionless s':>14} same verdict")
    for n in args.sizes:
        root = make_corpus(base / f"corpus-{n}", n)
        cold = measured_build(root, args.workers)
        add_articles(root, n, 1)
        incremental = measured_build(root, args.workers)
        own, reference, same = validation_times(root / "dataset", not args.no_frictionless)
        per_article[n] = cold["wall"] / n * 1000
        print(f"{n:>8} {cold['wall']:>8.1f} {cold['cpu']:>8.1f} {per_article[n]:>10.1f} {cold['rss_main']:>12.0f} "
              f"{cold['rss_worker']:>14.0f} {incremental['wall']:>12.1f} {own:>9.1f} {reference:>14.1f} {same}")
        sys.stdout.flush()
    if len(per_article) > 1:
        first, last = min(per_article), max(per_article)
        print(f"per-article cost at {last} / at {first}: {per_article[last] / per_article[first]:.2f}x")
    agreed, total = sentence_agreement(base / f"corpus-{args.sizes[0]}", 300)
    print(f"sentences: the build's splitter finds {agreed} of stock SoMaJo's {total} "
          f"({100 * agreed / total:.2f} %; seeds + 300 synthetic articles)")
    print(f"5-seed cold build (python -m chip_export_news build, new process): {five_seed_build():.2f} s")


if __name__ == "__main__":
    main()
