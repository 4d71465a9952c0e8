"""The corpus grown by one article, as a curator grows it following the README.

tests/data/new_article.txt is a short German text written for the tests (no rights issue). It
goes in through `add`; then the draft record is completed, one entity is registered, one new
event is curated and an existing event gets a fourth report.
"""

from pathlib import Path

import yaml

from chip_export_news.release.add_article import DRAFT_HEADER
from chip_export_news.cli import main

ARTICLE = Path(__file__).parent / "data" / "new_article.txt"
DOCUMENT_ID = "testzeitung-intel-china-chips"
NEW_EVENT = "intel_considers_china_specific_chips_2025_08"
REPORTED_AGAIN = "us_restricts_h20_exports_2025_04"


def grow(project: Path) -> str:
    """Add the test article to `project` and curate it; return what `add` printed."""
    import contextlib
    import io

    before = set((project / "seeds").glob("*.yaml"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["add", str(ARTICLE), "--outlet", "Testzeitung", "--root", str(project)]) == 0
    # the record `add` wrote: a curator's draft still holding its header must not be taken for it
    (record_path,) = set((project / "seeds").glob("*.yaml")) - before
    assert DRAFT_HEADER in record_path.read_text(encoding="utf-8")
    _edit_yaml(record_path, lambda r: r.update(
        document_id=DOCUMENT_ID, source_language="de",
        source_language_note="Written in German for the tests."))
    _edit_yaml(project / "seeds" / "entities.yaml", _register_intel)
    _edit_yaml(project / "seeds" / "events.yaml", _add_events)
    return out.getvalue()


def _register_intel(registry: dict) -> None:
    if not any(e["entity_id"] == "intel" for e in registry["entities"]):  # a later release may have it
        registry["entities"].append({"entity_id": "intel", "name": "Intel", "type": "organization",
                                     "subtype": "company", "aliases": ["Intel"], "description": "US chip maker."})


def _add_events(registry: dict) -> None:
    existing = next(e for e in registry["events"] if e["event_id"] == REPORTED_AGAIN)
    existing["reports"].append({"document": DOCUMENT_ID, "evidence": "Bereits Mitte April hatte die US-Regierung "
                                "den Verkauf von Nvidias H20-Chips nach China beschränkt."})
    registry["events"].append({
        "event_id": NEW_EVENT, "event_type": "product_development",
        "summary": "Intel considers adapting AI accelerators for the Chinese market.",
        "date": {"value": "2025-08-12", "basis": "inferred", "note": "Present tense in an article dated 12.08.2025."},
        "factuality": "announced",
        "arguments": [{"role": "agent", "entity": "intel"}, {"role": "location", "entity": "china"}],
        "reports": [{"document": DOCUMENT_ID, "evidence": "Der US-Chiphersteller Intel prüft nach eigenen Angaben, "
                     "eigene KI-Beschleuniger für den chinesischen Markt anzupassen."}]})


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
