"""Synthetic corpora for the scale benchmark: the real project plus N new articles.

    python benchmarks/synthetic_corpus.py DEST N [--seed 0]

Each new article recombines sentences of the seeds' clean texts (from the committed
dataset/) into a headline and paragraphs, with a valid record (sha256, title, an inferred
month). The real seeds, entity registry, events and errata are kept, so every table is
filled. Sentences holding an alias registered for several entities ("Peking") are left out:
their occurrences would need curated assignments. A few layout faults (a run of spaces, three
newlines between paragraphs, a trailing newline) give the cleaning stage edits to record.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]


def sentence_pool(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(headlines, body sentences) of the committed dataset, without ambiguous aliases."""
    from chip_export_news.annotate.matcher import Matcher

    registry = yaml.safe_load((root / "seeds" / "entities.yaml").read_text(encoding="utf-8"))
    owners: dict[str, set[str]] = {}
    for entity in registry["entities"]:
        for alias in entity["aliases"]:
            owners.setdefault(alias.lower(), set()).add(entity["entity_id"])
    matcher = Matcher((a, e) for a, ids in owners.items() for e in ids)
    rows = pq.read_table(root / "dataset" / "data" / "sentences.parquet").to_pylist()
    clean = [r for r in rows if all(len(m.entities) == 1 for m in matcher.find(r["text"]))]
    headlines = sorted({r["text"] for r in clean if r["paragraph_index"] == 0})
    body = sorted({r["text"] for r in clean if r["paragraph_index"] > 0 and "\n" not in r["text"]})
    return headlines, body


def _article(rng: random.Random, headlines: list[str], body: list[str], boilerplate) -> tuple[str, str]:
    title = rng.choice(headlines)
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        paragraph = " ".join(rng.sample(body, rng.randint(1, 5)))
        if paragraph != title and not boilerplate(paragraph):
            paragraphs.append(paragraph)
    if rng.random() < 0.3:
        paragraphs[0] = paragraphs[0].replace(" ", "  ", 1)
    separator = "\n\n\n" if rng.random() < 0.2 else "\n\n"
    return title, separator.join([title] + paragraphs) + ("\n" if rng.random() < 0.5 else "")


def _record(document_id: str, title: str, raw: bytes, month: str) -> dict:
    return {
        "document_id": document_id,
        "seed_sha256": hashlib.sha256(raw).hexdigest(),
        "title": title,
        "outlet": None,
        "source_language": "unknown",
        "source_language_note": "Synthetic benchmark article recombined from the seeds' sentences.",
        "published": {"value": month, "basis": "inferred", "note": "Synthetic: a month drawn at random."},
    }


def add_articles(dest: Path, start: int, count: int, seed: int = 0) -> None:
    """Write articles synthetic-<start> … synthetic-<start+count-1> into dest/seeds/."""
    headlines, body = sentence_pool()
    rules = yaml.safe_load((dest / "seeds" / "cleaning.yaml").read_text(encoding="utf-8"))["rules"]
    patterns = [re.compile(p) for rule in rules for p in rule["lines"]]

    def boilerplate(line: str) -> bool:
        return any(p.fullmatch(line) for p in patterns)

    for number in range(start, start + count):
        rng = random.Random(f"{seed}-{number}")
        title, text = _article(rng, headlines, body, boilerplate)
        raw = text.encode("utf-8")
        name = f"s{number:06d}"
        (dest / "seeds" / f"{name}.txt").write_bytes(raw)
        month = f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}"
        record = _record(f"synthetic-{number:06d}", title, raw, month)
        (dest / "seeds" / f"{name}.yaml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def make_corpus(dest: Path, n: int, seed: int = 0) -> Path:
    """A project folder (seeds/, schema/, src/ for the version) with the real seeds plus n synthetic ones."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("seeds", "schema"):
        shutil.copytree(ROOT / name, dest / name)
    version = ROOT / "src" / "chip_export_news" / "__init__.py"
    (dest / "src" / "chip_export_news").mkdir(parents=True)
    shutil.copy(version, dest / "src" / "chip_export_news" / "__init__.py")
    add_articles(dest, 0, n, seed)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_corpus(args.dest, args.n, args.seed)
    print(f"{args.dest}: {args.n} synthetic articles + the real seeds")


if __name__ == "__main__":
    main()
