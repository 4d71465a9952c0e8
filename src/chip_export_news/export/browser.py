"""browser/: static HTML pages to read the annotations, generated from the built tables.

Plain HTML and one stylesheet, no JavaScript, no network: the pages work opened from disk and
on any static host. index.html lists the documents and the timeline; documents/<id>.html shows
a clean text with its mentions (data-mention-id), event evidence (data-event-id) and errata
(data-erratum-id) marked, and its recorded edits; entities/<id>.html lists an entity's mentions
in their sentences and the events it takes part in.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from html import escape
from itertools import accumulate
from pathlib import Path
from typing import Optional
from urllib.parse import quote

import pyarrow as pa
import pyarrow.compute as pc

from . import markup as markup_module
from .figures import TIMELINE
from .markup import Span, markup
from ..stages.cache_store import CACHE_DIR, Store
from ..stages.executors import Executor

BROWSER = "browser"
SMALL_TABLES = ("documents", "edits", "entities", "events", "event_mentions", "event_arguments", "errata")
MENTION_COLUMNS = ["mention_id", "document_id", "entity_id", "sentence_index", "start", "end", "text"]
SENTENCE_COLUMNS = ["document_id", "sentence_index", "start", "end", "text"]
BATCH = 500  # documents whose mentions are read from Arrow at a time
MENTIONS_SHOWN = 500  # per entity page, in their sentences; a page of 100,000 would not open
ENTITY_COLOURS = ["#fde2a7", "#c7e3f6", "#f9c8d0", "#d5edc4", "#e3d4f3", "#fbd6b8", "#cde9e4", "#e9e3b5"]
EVIDENCE, ERRATUM, MENTION = 0, 1, 2  # layers: outermost first where spans coincide

CSS = """body { font: 16px/1.5 "DejaVu Sans", sans-serif; max-width: 56rem; margin: 1rem auto; padding: 0 1rem; color: #222; }
nav { font-size: 0.9rem; margin-bottom: 1rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
img { max-width: 100%; }
.text { white-space: pre-wrap; border: 1px solid #ddd; padding: 1rem; line-height: 2.1; }
.legend span { padding: 0.1rem 0.4rem; margin-right: 0.3rem; }
.mention { border-radius: 3px; padding: 0.1rem 0; }
.evidence { border-bottom: 2px solid #3a6fb0; background: rgba(58, 111, 176, 0.07); }
.evidence.start::before { content: attr(data-label); font-size: 0.65rem; vertical-align: super; color: #3a6fb0; }
.erratum { text-decoration: underline wavy #c0392b; text-decoration-skip-ink: none; }
.sentence { margin: 0.3rem 0; }
code { font-size: 0.85rem; }
:target { outline: 2px solid #3a6fb0; }
"""


PAGE_CACHE = CACHE_DIR / "pages.sqlite"
# What a document page shows of an entity and of an event: its view holds these fields alone,
# so a page that came to show another would fail to render rather than be reused when stale.
VIEW_FIELDS = {"entities": ("entity_id", "name", "type"),
               "events": ("event_id", "event_type", "date", "factuality", "summary")}


@dataclass(frozen=True)
class PageReuse:
    """Document pages of the last build to reuse: `cache` maps the hash of what a page shows to the
    sha256 of the page, and a page in `previous` (the dataset folder being replaced) is copied if its
    bytes still have that sha256. One new article renders one document page."""

    cache: Path
    previous: Path


def write_pages(tables: dict[str, pa.Table], out: Path, title: str, executor: Executor = Executor(),
                reuse: Optional[PageReuse] = None) -> None:
    """Everything but index.html, which alone names the version: written once per build, however
    often the build settles its version. Document pages are rendered a batch at a time by the
    executor's workers on this machine, while this process writes the entity pages."""
    site = _Site(tables, title)
    root = out / BROWSER
    for folder in ("documents", "entities"):
        (root / folder).mkdir(parents=True)
    (root / "style.css").write_text(CSS + site.entity_css(), encoding="utf-8")
    documents = site.rows["documents"]
    store = Store(reuse.cache) if reuse else None  # made before the workers read it
    batches = [site.part(out, documents[at:at + BATCH], reuse) for at in range(0, len(documents), BATCH)]

    def entity_pages() -> None:
        for entity in site.rows["entities"]:
            _write(root / "entities" / f"{entity['entity_id']}.html", site.entity(entity))

    written = executor.local().map(_write_documents, batches, threshold=2, meanwhile=entity_pages)
    if store:
        store.keep([key for batch in written for key in batch],  # only new pages are written to the cache
                   {k: v for batch in written for k, v in batch.items() if v is not None})


def _write_documents(part: "_Site") -> dict[str, Optional[bytes]]:
    """Write the batch's pages; return each page's key with the sha256 of its bytes, or None for a
    page reused as the cache already knows it."""
    mentions = _group(part.mentions.to_pylist(), "document_id")
    views = [part.view(document, mentions.get(document["document_id"], [])) for document in part.rows["documents"]]
    keys = [view.key for view in views]
    known = _known_pages(part.reuse, keys)
    folder, written = part.out / BROWSER / "documents", {}
    for view, key in zip(views, keys):
        name, digest = f"{view.document_row['document_id']}.html", known.get(key)
        if digest and _reuse_page(part.reuse.previous / BROWSER / "documents" / name, digest, folder / name):
            written[key] = None
            continue
        page = view.document(view.document_row, view.mentions).encode("utf-8")
        (folder / name).write_bytes(page)
        written[key] = hashlib.sha256(page).hexdigest().encode()
    return written


def _known_pages(reuse: Optional[PageReuse], keys: list[str]) -> dict[str, bytes]:
    if reuse is None:
        return {}
    store = Store(reuse.cache)
    try:
        return store.get(keys)
    finally:
        store.close()


def _reuse_page(previous: Path, digest: bytes, target: Path) -> bool:
    """Put the last build's page at `target` if it is the one the cache knows (its sha256 checks
    out): a hard link where it can (nothing writes to a page once built), else a copy."""
    try:
        page = previous.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(page).hexdigest().encode() != digest:
        return False
    try:
        os.link(previous, target)
    except OSError:
        target.write_bytes(page)
    return True


@cache
def _code_version() -> bytes:
    return hashlib.sha256(Path(__file__).read_bytes() + Path(markup_module.__file__).read_bytes()).digest()


def write_index(tables: dict[str, pa.Table], out: Path, title: str, version: str) -> None:
    (out / BROWSER / "index.html").write_text(_Site(tables, title).index(version), encoding="utf-8")


def _write(path: Path, page: str) -> None:
    path.write_bytes(page.encode("utf-8"))  # one write call: write_text's buffered writes cost double


def erratum_id(row: dict) -> str:
    """errata has a composite primary key and no id column: its key as one string, in the style
    of mentions.mention_id."""
    return f"{row['document_id']}@{row['start']}-{row['end']}:{row['kind']}"


def _fields(row: dict, kind: str) -> dict:
    return {name: row[name] for name in VIEW_FIELDS[kind]}


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _counts(table: pa.Table, column: str) -> dict[str, int]:
    counted = table.group_by(column).aggregate([([], "count_all")])
    return dict(zip(counted[column].to_pylist(), counted["count_all"].to_pylist()))


def _table(header: list[str] | None, body: list[list[str]]) -> str:
    """Cells are HTML already (escaped by the caller); no header for a table of properties."""
    head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>\n" if header else ""
    lines = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in body)
    return f"<table>\n{head}{lines}</table>\n"


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n"
            f'<link rel="stylesheet" href="{up}style.css">\n</head>\n<body>\n'
            f'<nav><a href="{up}index.html">chip-export-news</a></nav>\n{body}</body>\n</html>\n')


def _event_date(event: dict) -> str:
    return event["date"] or "undated"


def _event_order(event: dict) -> tuple:
    start = event["date_start"]
    return (start is None, start or "", event["date_end"] or "", event["event_id"])


class _Site:
    def __init__(self, tables: dict[str, pa.Table], title: str):
        # mentions and sentences, the two tables that grow fastest, stay in Arrow
        self.mentions, self.sentences = tables["mentions"], tables["sentences"]
        self.rows = {name: tables[name].to_pylist() for name in SMALL_TABLES}
        self.title = title
        self.entities = {e["entity_id"]: e for e in self.rows["entities"]}
        self.events = {e["event_id"]: e for e in self.rows["events"]}
        self.types = sorted({e["type"] for e in self.rows["entities"]})
        self.by_document = {name: _group(self.rows[name], "document_id") for name in ("edits", "event_mentions", "errata")}
        self.reports = _group(self.rows["event_mentions"], "event_id")
        self.arguments = _group(self.rows["event_arguments"], "entity_id")

    def part(self, out: Path, documents: list[dict], reuse: Optional[PageReuse] = None) -> "_Site":
        """What the pages of these documents need, and no Arrow table: small enough to send to a worker."""
        part = object.__new__(_Site)
        ids = {d["document_id"] for d in documents}
        part.out, part.rows, part.reuse = out, {"documents": documents}, reuse
        # in Arrow, which a worker receives as a few buffers, not as Python rows
        part.mentions = self.mentions.select(MENTION_COLUMNS).filter(
            pc.is_in(self.mentions["document_id"], value_set=pa.array(sorted(ids))))
        part.entities, part.events, part.types, part.reports = self.entities, self.events, self.types, self.reports
        part.by_document = {name: {d: rows for d, rows in grouped.items() if d in ids}
                            for name, grouped in self.by_document.items()}
        return part

    def view(self, document: dict, mentions: list[dict]) -> "_Site":
        """All that the page of `document` shows, and nothing else: the page is rendered from it,
        and reused while its hash (`key`) is unchanged."""
        view = object.__new__(_Site)
        doc_id = document["document_id"]
        view.document_row, view.mentions, view.types = document, mentions, self.types
        view.by_document = {name: {doc_id: grouped[doc_id]} if doc_id in grouped else {}
                            for name, grouped in self.by_document.items()}
        reported = {r["event_id"] for r in view.by_document["event_mentions"].get(doc_id, [])}
        view.entities = {e: _fields(self.entities[e], "entities") for e in sorted({m["entity_id"] for m in mentions})}
        view.events = {e: _fields(self.events[e], "events") for e in sorted(reported)}
        shown = [document, mentions, view.by_document, view.entities, view.events, view.types]
        # repr: exact for the values of a row (str, int, bool, None, date), and faster than JSON
        view.key = hashlib.sha256(_code_version() + repr(shown).encode()).hexdigest()
        return view

    @cached_property
    def _entity_mentions(self) -> dict[str, pa.Table]:
        """Each entity's mentions in the order its page lists them (by document, start, id), as a
        slice of one table: all mentions in that order, then stably sorted by entity (by dictionary
        code, as strings sort slower). A filter per entity read every mention once per entity."""
        ordered = self.mentions.select(MENTION_COLUMNS).sort_by(
            [("document_id", "ascending"), ("start", "ascending"), ("mention_id", "ascending")])
        entities = pc.dictionary_encode(ordered["entity_id"].combine_chunks())
        ordered = ordered.take(pc.sort_indices(entities.indices))
        counts = _counts(ordered, "entity_id")
        ids = entities.dictionary.to_pylist()  # in code order
        offsets = dict(zip(ids, accumulate((counts[e] for e in ids), initial=0)))
        return {e: ordered.slice(offsets.get(e, 0), counts.get(e, 0)) for e in self.entities}

    @cached_property
    def _shown_sentences(self) -> dict[tuple[str, int], dict]:
        """The sentences of the mentions entity pages show, by (document_id, sentence_index): one
        join for all pages, where each page converted every sentence of its documents to Python."""
        shown = pa.concat_tables([m.slice(0, MENTIONS_SHOWN).select(["document_id", "sentence_index"])
                                  for m in self._entity_mentions.values()])
        keys = shown.group_by(["document_id", "sentence_index"]).aggregate([])
        found = self.sentences.select(SENTENCE_COLUMNS).join(keys, ["document_id", "sentence_index"], join_type="inner")
        return {(s["document_id"], s["sentence_index"]): s for s in found.to_pylist()}

    @cached_property
    def _document_refs(self) -> dict[str, tuple[str, str]]:
        """Each document id that entity pages link, quoted for the link and escaped for its text:
        once, as the same documents come up on many entity pages."""
        return {d: (quote(d), escape(d)) for d in pc.unique(self.mentions["document_id"]).to_pylist()}

    def _document_link(self, doc_id: str, fragment: str = "") -> str:
        quoted, escaped = self._document_refs[doc_id]
        return f'<a href="../documents/{quoted}.html{fragment}">{escaped}</a>'

    @cached_property
    def _entity_links(self) -> dict[str, str]:
        """The link to each entity page from document pages: once, not once per page."""
        return {e: f'<a href="../entities/{quote(e)}.html">{escape(entity["name"])}</a>'
                for e, entity in self.entities.items()}

    def entity_css(self) -> str:
        return "".join(f".t-{kind} {{ background: {ENTITY_COLOURS[i % len(ENTITY_COLOURS)]}; }}\n"
                       for i, kind in enumerate(self.types))

    @cached_property  # the same on every document page
    def _legend(self) -> str:
        kinds = "".join(f'<span class="t-{escape(k)}">{escape(k)}</span>' for k in self.types)
        return (f'<p class="legend">Entity types: {kinds} <span class="evidence">event evidence</span>'
                f'<span class="erratum">erratum</span></p>\n')

    def _event_link(self, event_id: str, depth: int) -> str:
        documents = sorted({r["document_id"] for r in self.reports[event_id]})
        up = "../" * depth
        return ", ".join(f'<a href="{up}documents/{quote(d)}.html#event-{quote(event_id)}">{escape(d)}</a>'
                         for d in documents)

    def index(self, version: str) -> str:
        counts = {name: {d: len(rows) for d, rows in grouped.items()} for name, grouped in self.by_document.items()}
        counts["mentions"] = _counts(self.mentions, "document_id")
        documents = [[f'<a href="documents/{quote(d["document_id"])}.html">{escape(d["title"])}</a>',
                      escape(d["outlet"] or "(not named)"), escape(d["published_edtf"] or "unknown"),
                      *(str(counts[n].get(d["document_id"], 0)) for n in ("mentions", "event_mentions", "errata"))]
                     for d in self.rows["documents"]]
        events = [[escape(_event_date(e)), escape(e["event_type"]), escape(e["factuality"]), escape(e["summary"]),
                   self._event_link(e["event_id"], 0)] for e in sorted(self.rows["events"], key=_event_order)]
        entities = [[f'<a href="entities/{quote(e["entity_id"])}.html">{escape(e["name"])}</a>', escape(e["type"]),
                     str(e["mention_count"]), str(e["document_count"])]
                    for e in sorted(self.rows["entities"], key=lambda e: (-e["mention_count"], e["name"]))]
        body = (f"<h1>{escape(self.title)}</h1>\n<p>Version {escape(version)}. Every mark on these pages is a "
                "character span of a document's clean text, as in the tables.</p>\n"
                f"<h2>Documents</h2>\n"
                + _table(["title", "outlet", "published", "mentions", "event reports", "errata"], documents)
                + f'<h2>Timeline</h2>\n<img src="../{TIMELINE}" alt="Events by date and type, at the precision '
                  'the text gives">\n'
                + _table(["date", "type", "factuality", "summary", "reported by"], events)
                + "<h2>Entities</h2>\n" + _table(["entity", "type", "mentions", "documents"], entities))
        return _page(self.title, body, 0)

    def document(self, document: dict, mentions: list[dict]) -> str:
        doc_id = document["document_id"]
        spans = [self._mention_span(m) for m in mentions]
        reports = sorted(self.by_document["event_mentions"].get(doc_id, []), key=lambda r: (r["start"], r["event_id"]))
        numbers = {}
        for report in reports:
            numbers.setdefault(report["event_id"], len(numbers) + 1)
            spans.append(self._evidence_span(report, numbers[report["event_id"]]))
        errata = self.by_document["errata"].get(doc_id, [])
        spans += [Span(e["start"], e["end"], ERRATUM, "erratum",
                       {"data-erratum-id": erratum_id(e), "title": f"{e['kind']}: {e['correction']} ({e['note']})"})
                  for e in errata]
        meta = [["document_id", f"<code>{escape(doc_id)}</code>"],
                ["outlet", escape(document["outlet"] or "(not named)")],
                ["published", escape(f"{document['published_edtf'] or 'unknown'} ({document['published_basis']})")],
                ["original language", escape(document["source_language"])],
                ["source", f'<a href="{escape(document["source_url"])}">{escape(document["source_url"])}</a>'
                           if document["source_url"] else "unknown"],
                ["seed", f"<code>{escape(document['seed_file'])}</code> sha256 <code>{escape(document['seed_sha256'])}</code>"]]
        events = [[str(numbers[eid]), escape(self.events[eid]["event_type"]), escape(_event_date(self.events[eid])),
                   escape(self.events[eid]["factuality"]),
                   f'<span id="event-{escape(eid)}">{escape(self.events[eid]["summary"])}</span>']
                  for eid in numbers]
        fixes = [[escape(e["kind"]), f"<q>{escape(e['text'])}</q>", escape(e["correction"]), escape(e["note"])]
                 for e in sorted(errata, key=lambda e: (e["start"], e["end"], e["kind"]))]
        entities = sorted({m["entity_id"] for m in mentions}, key=lambda e: self.entities[e]["name"])
        body = (f"<h1>{escape(document['title'])}</h1>\n" + _table(None, meta) + self._legend
                + f'<div class="text">{markup(document["text"], spans)}</div>\n'
                + f"<h2>Events reported ({len(numbers)})</h2>\n"
                + _table(["#", "type", "date", "factuality", "summary"], events)
                + f"<h2>Errata ({len(errata)})</h2>\n" + _table(["kind", "text", "correction", "note"], fixes)
                + f"<h2>Entities mentioned ({len(entities)})</h2>\n<p>"
                + ", ".join(self._entity_links[e] for e in entities)
                + "</p>\n" + self._edits(doc_id))
        return _page(document["title"], body, 1)

    def _elsewhere(self, ordered: pa.Table, shown: int) -> str:
        """Past the first mentions, where the others are: every document with its count (each
        document page marks all its mentions), so a page stays readable and nothing is left out."""
        counts = _counts(ordered, "document_id")
        links = ", ".join(f"{self._document_link(d)} ({n})" for d, n in sorted(counts.items()))
        return (f'<p class="more">The first {shown} of {ordered.num_rows} mentions are shown above. All of them, '
                f"by document (each document page marks every mention):</p>\n<p>{links}</p>\n")

    def _mention_span(self, mention: dict, offset: int = 0) -> Span:
        entity = self.entities[mention["entity_id"]]
        return Span(mention["start"] - offset, mention["end"] - offset, MENTION, f"mention t-{entity['type']}",
                    {"data-mention-id": mention["mention_id"], "data-entity-id": entity["entity_id"],
                     "title": f"{entity['name']} ({entity['type']})"},
                    anchor=f"m-{mention['start']}-{mention['end']}" if not offset else "")

    def _evidence_span(self, report: dict, number: int) -> Span:
        event = self.events[report["event_id"]]
        title = f"[{number}] {event['event_type']}, {_event_date(event)}, {event['factuality']}: {event['summary']}"
        return Span(report["start"], report["end"], EVIDENCE, "evidence",
                    {"data-event-id": event["event_id"], "data-start": str(report["start"]),
                     "data-end": str(report["end"]), "data-label": str(number), "title": title})

    def _edits(self, doc_id: str) -> str:
        edits = self.by_document["edits"].get(doc_id, [])
        body = [[str(e["edit_index"]), escape(e["kind"]), f"<code>{escape(e['rule'])}</code>",
                 f"<code>{escape(repr(e['raw_text']))}</code>", f"<code>{escape(repr(e['replacement']))}</code>",
                 str(e["clean_start"]), escape(e["note"])] for e in edits]
        return (f"<details>\n<summary>Recorded edits from the raw seed to this clean text ({len(edits)})</summary>\n"
                + _table(["#", "kind", "rule", "raw text", "replacement", "at (clean)", "note"], body)
                + "</details>\n")

    def entity(self, entity: dict) -> str:
        ordered = self._entity_mentions[entity["entity_id"]]
        shown = ordered.slice(0, MENTIONS_SHOWN).to_pylist()
        items = []
        for m in shown:
            sentence = self._shown_sentences[(m["document_id"], m["sentence_index"])]
            inside = sentence["start"] <= m["start"] and m["end"] <= sentence["end"]
            context = (markup(sentence["text"], [self._mention_span(m, sentence["start"])]) if inside
                       else markup(m["text"], [self._mention_span(m, m["start"])]))
            link = self._document_link(m["document_id"], f'#m-{m["start"]}-{m["end"]}')
            items.append(f'<p class="sentence">{link}: {context}</p>\n')
        if ordered.num_rows > len(shown):
            items.append(self._elsewhere(ordered, len(shown)))
        roles = [[escape(a["role"]), escape(_event_date(self.events[a["event_id"]])),
                  escape(self.events[a["event_id"]]["summary"]), self._event_link(a["event_id"], 1)]
                 for a in sorted(self.arguments.get(entity["entity_id"], []),
                                 key=lambda a: (_event_order(self.events[a["event_id"]]), a["role"]))]
        wikidata = (f'<a href="https://www.wikidata.org/wiki/{quote(entity["wikidata_id"])}">{escape(entity["wikidata_id"])}</a>'
                    if entity["wikidata_id"] else "—")
        meta = [["entity_id", f"<code>{escape(entity['entity_id'])}</code>"],
                ["type", escape(entity["type"] + (f" / {entity['subtype']}" if entity["subtype"] else ""))],
                ["description", escape(entity["description"])], ["roles", escape(entity["roles"] or "—")],
                ["Wikidata", wikidata]]
        body = (f"<h1>{escape(entity['name'])}</h1>\n" + _table(None, meta)
                + f"<h2>Mentions ({ordered.num_rows}), in their sentences</h2>\n" + "".join(items)
                + f"<h2>Events ({len(roles)} roles)</h2>\n"
                + _table(["role", "date", "summary", "reported by"], roles))
        return _page(entity["name"], body, 1)
