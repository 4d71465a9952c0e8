"""Mention finding on a synthetic corpus: throughput, peak memory, and the naive baseline.

    python benchmarks/bench_mentions.py [--articles 10000] [--entities 5000]

Prints: throughput (MB of text per second) of the one-pass matcher plus nesting at 500 and at
5,000 entities over ~40 MB of German-like text, peak resident memory, and on a sample the
throughput of the naive approach (one regex search per alias) with the ratio between the two.
Targets (issue 4): >= 20 MB/s, < 1 GiB peak; cost linear in text, nearly flat in registry size.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from chip_export_news.annotate.matcher import Matcher  # noqa: E402
from chip_export_news.annotate.mentions import nest  # noqa: E402

SYLLABLES = ["ber", "ein", "schaft", "ung", "keit", "lich", "te", "ge", "ver", "an", "sch", "ra",
             "no", "ti", "ka", "ren", "mar", "hal", "lei", "ter", "stand", "werk", "zug", "ö", "ä", "ü"]
FUNCTION_WORDS = ["der", "die", "das", "und", "mit", "von", "für", "auf", "nach", "aus", "dass", "sich",
                  "nicht", "auch", "bei", "zu", "im", "den", "ist", "hat", "wird", "eine", "einen"]


def word(rng: random.Random, capital: bool) -> str:
    text = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
    return text.capitalize() if capital else text


def registry(rng: random.Random, size: int) -> list[tuple[str, str]]:
    aliases = []
    for index in range(size):
        entity = f"e{index}"
        kind = index % 3
        if kind == 0:  # person-like: "Vorname Nachname" and "Nachname"
            first, last = word(rng, True), word(rng, True) + "x"
            aliases += [(f"{first} {last}", entity), (last, entity)]
        elif kind == 1:  # product code
            aliases.append((f"{rng.choice('HBMRX')}{rng.choice('IKQ')}{index}", entity))
        else:  # organisation, sometimes hyphenated
            aliases.append((f"{word(rng, True)}{'-' if index % 2 else ' '}{word(rng, True)}z", entity))
    return aliases


def article(rng: random.Random, names: list[str], size: int = 4000) -> str:
    parts, length = [], 0
    while length < size:
        roll = rng.random()
        if roll < 0.03:
            token = rng.choice(names) + rng.choice(["", "", "s", "-Chips"])
        elif roll < 0.45:
            token = rng.choice(FUNCTION_WORDS)
        else:
            token = word(rng, rng.random() < 0.35)
        token += rng.choice(["", "", "", "", ",", "."])
        parts.append(token)
        length += len(token) + 1
    return " ".join(parts)


def run_matcher(matcher: Matcher, texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = 0
    for index, text in enumerate(texts):
        linked = [(m, m.entities[0]) for m in matcher.find(text)]
        kept, _ = nest(str(index), linked)
        found += len(kept)
    return time.perf_counter() - start, found


def run_naive(aliases: list[tuple[str, str]], texts: list[str]) -> tuple[float, int]:
    patterns = [re.compile(rf"(?<!\w){re.escape(a).replace('-', '[- ]')}(?=s?\b)", re.IGNORECASE)
                for a, _ in aliases]
    start = time.perf_counter()
    found = sum(len(p.findall(text)) for text in texts for p in patterns)
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--naive-sample", type=int, default=20, help="articles for the naive baseline")
    args = parser.parse_args()
    aliases = registry(random.Random(0), args.entities)
    rates = {}
    # Each registry size gets a corpus drawn from its own names at the same density, so the
    # two runs differ in registry size only.
    for size in (args.entities // 10, args.entities):
        subset = [(a, e) for a, e in aliases if int(e[1:]) < size]
        rng = random.Random(1)
        texts = [article(rng, [a for a, _ in subset]) for _ in range(args.articles)]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        built = time.perf_counter()
        matcher = Matcher(subset)
        built = time.perf_counter() - built
        seconds, found = run_matcher(matcher, texts)
        rates[size] = megabytes / seconds
        print(f"one-pass matcher, {size:>5} entities ({len(subset)} aliases), {args.articles} articles "
              f"({megabytes:.1f} MB): {seconds:5.2f} s, {rates[size]:5.1f} MB/s, {found} mentions "
              f"(automaton built in {built:.2f} s)")

    sample = texts[:args.naive_sample]
    sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    seconds, found = run_naive(aliases, sample)
    naive_rate = sample_mb / seconds
    matcher_sample_s, matcher_found = run_matcher(Matcher(aliases), sample)
    print(f"naive, one regex per alias ({len(aliases)} patterns), {args.naive_sample} articles "
          f"({sample_mb:.2f} MB): {seconds:.2f} s, {naive_rate:.3f} MB/s, {found} hits before nesting "
          f"(matcher on the same sample: {matcher_found} mentions in {matcher_sample_s:.3f} s)")
    print(f"ratio one-pass / naive at {args.entities} entities: {rates[args.entities] / naive_rate:,.0f}x")
    print(f"throughput ratio {args.entities // 10} vs {args.entities} entities: "
          f"{rates[args.entities // 10] / rates[args.entities]:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
