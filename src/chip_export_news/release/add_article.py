"""`add`: a new article, from a text or HTML file, into seeds/ with a draft record.

The seed is the article exactly as received (a text file is copied byte for byte; from an HTML
page, the main text trafilatura extracts, headed by the page's title). Its name is
`NNN_<first 16 hex digits of its sha256>.txt`, NNN the next free number. The draft record holds
what can be read off the text — title, a proposed document_id, a publication date from a
dateline, boilerplate lines to remove — and leaves the rest to the curator, who is told what.
Nothing existing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml
from pydantic import ValidationError

from ..annotate.dates import DateError, MONTHS, parse_edtf
from ..curated.errors import Collector, CurationError, Problem
from ..curated.models import SLUG, CleaningRules, DocumentRecord
from ..text.normalize import _general_rule
from ..curated.sources import CLEANING_FILE, REGISTRY_FILES, _decode, read_model

SEED_NAME = re.compile(r"^(\d{3})_[0-9a-f]{16}\.txt$")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EXTRACTOR = "trafilatura"

# Whole lines that look like page furniture rather than article text, by the rule id a
# proposed `remove_line` gets. Proposals only: the curator confirms or deletes each.
BOILERPLATE = {
    "advertisement": r"(?:Werbung|Anzeige|Advertisement|Sponsored|Gesponsert)",
    "credit": r"(?:(?:Foto|Fotos|Bild|Bilder|Grafik|Video|Quelle)\s*:.*|\(?(?:Foto|Bild)\s*:.*\)?)",
    "related_teaser": r"(?:Lesen Sie auch|Mehr zum Thema|Auch interessant|Das könnte Sie auch interessieren"
                      r"|Weiterlesen|Mehr dazu|Zum Artikel|Empfohlene Artikel)\b.*",
    "subscription_prompt": r".*\b(?:Abo|abonnieren|Abonnement|Newsletter|Jetzt (?:kostenlos )?(?:testen|lesen|"
                           r"registrieren|anmelden)|Plus-Artikel|exklusiv für Abonnenten)\b.*",
    "share_links": r"(?:Artikel )?(?:teilen|drucken|merken|Kommentare?)(?: \d+)?",
}
_MONTH_WORDS = {name[:3]: number for number, name in enumerate(MONTHS, 1)}
# Dates as datelines print them: 16.04.2025, 16. April 2025, 3. Feb. 2025, 2025-04-16.
_DATES = [
    (re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"), lambda d, m, y: (y, m, d)),
    (re.compile(r"\b(\d{1,2})\.\s(" + "|".join(MONTHS) + r"|[A-Za-zä]{3,4}\.)\s(\d{4})\b", re.I),
     lambda d, m, y: (y, _MONTH_WORDS.get(m.lower()[:3]), d)),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda y, m, d: (y, m, d)),
]
_DATELINE_MAX_WORDS = 6  # words besides the date: "Stand:", an outlet name, a time
_STOPWORDS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder",
              "mit", "nach", "von", "vom", "zu", "zum", "zur", "im", "in", "auf", "für", "an", "am", "bei", "aus",
              "über", "um", "wie", "als", "sich", "ist", "sind", "wird", "werden", "nicht", "doch", "so"}
_ID_WORDS = 6
DRAFT_HEADER = ("# Draft written by `chip-export-news add`: check every field, then build.\n"
                "# What each field means: CURATING.md and the README's section for curators.\n"
                "# Delete these three lines once the record is checked: `release` refuses a draft.\n")
LANGUAGE_PLACEHOLDER = "Draft: set the language the article was first published in."
PROPOSED = "Proposed by `add`"
# What marks a record as not yet checked by a curator, and what to do about each.
DRAFT_MARKS = {DRAFT_HEADER.splitlines()[0]: "delete the draft header once you have checked every field",
               LANGUAGE_PLACEHOLDER: "set source_language and say in source_language_note what shows it",
               PROPOSED: "confirm the proposed cleaning line and say why in its note (or delete the entry)"}


@dataclass(frozen=True)
class Page:
    """What an input file yields: the seed's bytes and what is known of the page."""

    seed: bytes
    text: str
    html_sha256: Optional[str] = None
    extractor: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    date: Optional[str] = None


@dataclass(frozen=True)
class Added:
    seed: Path
    record: Path
    document_id: str
    to_decide: list[str]


def add_article(root: Path, source: Path, url: Optional[str] = None, outlet: Optional[str] = None) -> Added:
    """Copy the article into seeds/ and write its draft record; raise CurationError if refused."""
    seeds = root / "seeds"
    page = _read_page(source)
    sha256 = hashlib.sha256(page.seed).hexdigest()
    _refuse_known(seeds, page, sha256, str(source))
    name = f"{_next_number(seeds):03d}_{sha256[:16]}"
    outlet_note = "Given to `add` by the curator." if outlet else (
        "Site name in the HTML page's metadata." if page.outlet else "Not yet known.")
    record = _draft(root, source, page, sha256, url or page.url, outlet or page.outlet, outlet_note)
    seed_path, record_path = seeds / f"{name}.txt", seeds / f"{name}.yaml"
    for path in (seed_path, record_path):
        if path.exists():
            raise CurationError([Problem(str(path.relative_to(root)), "exists already and is not overwritten",
                                         hint="a record without its article? remove or rename it, then add again")])
    with open(seed_path, "xb") as out:  # "x": never overwrite, even in a race
        out.write(page.seed)
    with open(record_path, "x", encoding="utf-8") as out:
        out.write(DRAFT_HEADER + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110))
    return Added(seed_path, record_path, record["document_id"], _to_decide(record))


def _read_page(source: Path) -> Page:
    shown = str(source)
    if not source.is_file():
        raise CurationError([Problem(shown, "no such file", hint="give the path of a .txt or .html file")])
    data = source.read_bytes()
    if b"\x00" in data:
        raise CurationError([Problem(shown, f"this is a binary file (NUL byte at offset {data.index(0)}), not an article",
                                     hint="give the article as UTF-8 text or as the HTML page")])
    if source.suffix.lower() in HTML_SUFFIXES or re.match(rb"\s*(<!doctype html|<html)", data[:512], re.I):
        return _extract(data, shown)
    problems = Collector()
    text = _decode(data, shown, problems)
    problems.raise_if_any()
    return Page(data, text.removeprefix("\ufeff"))


def _extract(html: bytes, shown: str) -> Page:
    import trafilatura  # build-time dependency, needed only here

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    if not body or not body.strip():
        raise CurationError([Problem(shown, "trafilatura found no article text in this page",
                                     hint="save the article text as a .txt file and add that")])
    title = meta.title.strip() if meta and meta.title else None
    lines = [line.strip() for line in body.strip().splitlines() if line.strip()]
    if title and lines[0] != title:
        lines.insert(0, title)  # the page's headline opens the seed, as in every article
    text = "\n\n".join(lines) + "\n"
    return Page(text.encode("utf-8"), text, hashlib.sha256(html).hexdigest(),
                f"{EXTRACTOR} {trafilatura.__version__}", title, meta.sitename if meta else None,
                meta.url if meta else None, meta.date if meta else None)


def _refuse_known(seeds: Path, page: Page, sha256: str, shown: str) -> None:
    words = page.text.split()
    for path in sorted(seeds.glob("*.txt")):
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == sha256:
            raise CurationError([Problem(shown, f"this article is already in seeds/ as {path.name} (same sha256)",
                                         hint="nothing to add")])
        if data.decode("utf-8", "replace").removeprefix("\ufeff").split() == words:
            raise CurationError([Problem(shown, f"this article's text is already in seeds/ as {path.name}: the same "
                                         "words, only line endings or spacing differ", hint="nothing to add")])
    if page.html_sha256 is None:
        return
    for path in sorted(seeds.glob("*.yaml")):
        if path.name not in REGISTRY_FILES and f"source_html_sha256: {page.html_sha256}" in path.read_text(encoding="utf-8"):
            raise CurationError([Problem(shown, f"this page was already added: {path.name} records its sha256",
                                         hint="nothing to add")])


def _next_number(seeds: Path) -> int:
    numbers = [int(m.group(1)) for p in seeds.glob("*.txt") if (m := SEED_NAME.match(p.name))]
    return max(numbers, default=-1) + 1


def _draft(root: Path, source: Path, page: Page, sha256: str, url: Optional[str],
           outlet: Optional[str], outlet_note: str) -> dict:
    """The draft record: what the text says, and placeholders the curator is told about."""
    lines = [line.strip() for line in page.text.splitlines() if line.strip()]
    published, dateline = _published(lines[1:], page)
    record = {"document_id": _unique_id(proposed_document_id(lines[0]), root / "seeds"), "seed_sha256": sha256,
              "title": lines[0], "outlet": outlet, "outlet_note": outlet_note, "source_language": "unknown",
              "source_language_note": LANGUAGE_PLACEHOLDER,
              "source_url": url, "published": published}
    if dateline:
        record["dateline"] = dateline
    if cleaning := proposed_cleaning(lines[1:], root, dateline):
        record["cleaning"] = cleaning
    if page.html_sha256:
        record |= {"source_html_sha256": page.html_sha256, "extractor": page.extractor}
    try:
        DocumentRecord.model_validate(record)  # a draft the build can read
    except ValidationError as exc:
        raise CurationError([Problem(str(source), f"{'.'.join(map(str, e['loc']))}: {e['msg']} (got {e['input']!r})",
                                     hint="correct the option given to `add`") for e in exc.errors()])
    return record


def _to_decide(record: dict) -> list[str]:
    cleaning = record.get("cleaning", [])
    decide = [f"document_id: proposed {record['document_id']!r} from the title; shorten it to outlet + gist "
              "if you like (it is a key: never change it after a release)",
              _say_published(record["published"], record.get("dateline")),
              "source_language: set the original language (de, or the language it was translated from) "
              "and say in source_language_note what shows it"]
    if not record["outlet"]:
        decide.append("outlet: name the publisher (or leave null and say in outlet_note what is known)")
    if not record["source_url"]:
        decide.append("source_url: give the article's address if known")
    decide.append(f"cleaning: {len(cleaning)} proposed line(s) to remove; confirm each, and add any other "
                  "boilerplate line (see CURATING.md)" if cleaning else
                  "cleaning: no boilerplate line was recognised beyond those the general rules (seeds/cleaning.yaml) "
                  "remove at build time; read the article for any other")
    return decide


def proposed_document_id(title: str) -> str:
    """A slug from the title: its first significant words, lowercase ASCII, joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title.translate(str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}))).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_title.lower()) if w not in _STOPWORDS]
    slug = "-".join(words[:_ID_WORDS]) or "article"
    assert re.match(SLUG, slug)
    return slug


def _unique_id(slug: str, seeds: Path) -> str:
    # Read by pattern, not parsed: a record being edited may not be valid YAML yet.
    taken = {m.group(1) for p in seeds.glob("*.yaml") if p.name not in REGISTRY_FILES
             if (m := re.search(r"^document_id:\s*[\"']?([a-z0-9-]+)", p.read_text(encoding="utf-8"), re.M))}
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _published(lines: list[str], page: Page) -> tuple[dict, Optional[str]]:
    """The publication date from a dateline ("Stand: 16.04.2025"), else the page's metadata, else unknown."""
    for line in lines:
        for pattern, order in _DATES:
            match = pattern.search(line)
            if match and len(pattern.sub("", line).split()) <= _DATELINE_MAX_WORDS:
                value = _edtf(*order(*match.groups()))
                if value:
                    return {"value": value, "basis": "stated", "note": f'Dateline "{line}".'}, line
    if page.date and _edtf(*page.date.split("-")):
        return {"value": page.date, "basis": "inferred",
                "note": f"The HTML page's metadata gives this date (read by {page.extractor}); "
                        "the text shows no dateline."}, None
    return {"basis": "unknown"}, None


def _edtf(year, month, day) -> Optional[str]:
    try:
        return parse_edtf(f"{int(year):04d}-{int(month):02d}-{int(day):02d}").value
    except (DateError, TypeError, ValueError):
        return None


def _say_published(published: dict, dateline: Optional[str]) -> str:
    if published["basis"] == "unknown":
        return ("published: no dateline found; give value + basis stated (quote the line), or inferred + note, "
                "or leave basis unknown")
    if dateline:
        return (f"published: {published['value']} read from the dateline {dateline!r} (removed from the text, "
                "kept as documents.dateline); check it")
    return (f"published: {published['value']} from the page's metadata, basis inferred; if the text states the "
            "date, quote it and make the basis stated")


def proposed_cleaning(lines: list[str], root: Path, dateline: Optional[str]) -> list[dict]:
    """remove_line proposals for lines no general rule covers that look like boilerplate."""
    problems = Collector()
    rules = read_model(CleaningRules, root / "seeds" / CLEANING_FILE, root, problems)
    problems.raise_if_any()
    proposals, seen = [], set()
    for line in lines:
        if line == dateline or line in seen or _general_rule(line, rules):
            continue
        for rule, pattern in BOILERPLATE.items():
            if len(line) <= 120 and re.fullmatch(pattern, line, re.I):
                seen.add(line)
                proposals.append({"remove_line": line, "rule": rule,
                                  "note": f"{PROPOSED} (looks like boilerplate: {rule.replace('_', ' ')}); confirm."})
                break
    return proposals


def summary(root: Path, added: Added) -> str:
    """What `add` did and what the curator must still decide, with the suggester's candidates
    for the new article (or, if the corpus does not build yet, what stops it)."""
    from ..stages.corpus_stage import suggestions

    shown = [f"added {added.seed.relative_to(root)} and its draft record {added.record.relative_to(root)} "
             f"(document_id {added.document_id})", "", "Still to decide:"]
    shown += [f"  - {item}" for item in added.to_decide]
    try:
        names = [c for c in suggestions(root) if c.document_id == added.document_id]
    except CurationError as exc:
        shown.append("  - the corpus does not build yet; fix these first, then run `python build.py suggest`:")
        shown += [f"      {line}" for p in exc.problems for line in str(p).splitlines()]
    else:
        shown.append(f"  - entities: {len(names)} name(s) no registered entity covers; register each in "
                     "seeds/entities.yaml (or as an alias of the entity named), or list it in seeds/ignore_names.yaml:")
        shown += [f"      {c.start}-{c.end}\t{c.kind}\t{c.text}" + (f"\talias of {c.alias_of}?" if c.alias_of else "")
                  for c in names]
    shown.append("  - events: add what the article reports to seeds/events.yaml — a report (evidence quoted from "
                 "the clean text) under an existing event, or a new event")
    shown.append("  - the draft header: delete it once every field is checked (`release` refuses a draft)")
    shown.append("Then: python build.py, .venv/bin/python -m pytest -m data, and commit seeds/ and dataset/.")
    return "\n".join(shown)


def draft_marks(root: Path) -> list[Problem]:
    """Every line of a record in seeds/ that still shows `add`'s draft: releases hold checked records only."""
    found = []
    for path in sorted((root / "seeds").glob("*.yaml")):
        if path.name in REGISTRY_FILES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            found += [Problem(str(path.relative_to(root)), f"still a draft: {mark!r}", line=number, hint=fix)
                      for mark, fix in DRAFT_MARKS.items() if mark in line]
    return found
