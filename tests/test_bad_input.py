"""Every kind of bad curated input: a clear message (file, line, field, what to do), exit 1,
no traceback, and dataset/ byte-identical to before."""

import hashlib
import re


from chip_export_news.cli import main

SEED = "000_f5f224b35cc95711"


def _snapshot(project):
    return {p.relative_to(project): p.read_bytes() for p in (project / "dataset").rglob("*") if p.is_file()}


def _fails(project, capsys, *expected):
    before = _snapshot(project)
    code = main(["build", "--root", str(project)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "dataset/ was not changed" in err
    for text in expected:
        assert re.search(text, err), f"{text!r} not in:\n{err}"
    assert _snapshot(project) == before
    assert not list(project.glob(".dataset.*"))
    return err


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- seeds -------------------------------------------------------------------------------

def test_invalid_utf8_is_rejected_with_its_line(project, capsys):
    seed = project / "seeds" / f"{SEED}.txt"
    seed.write_bytes(seed.read_bytes().replace("Huang".encode(), b"Hu\xe4ng", 1))
    _fails(project, capsys, rf"seeds/{SEED}.txt:1: not valid UTF-8", "re-save the article as UTF-8")


def test_changed_seed_must_be_reapproved(project, capsys):
    seed = project / "seeds" / f"{SEED}.txt"
    seed.write_bytes(seed.read_bytes() + b"\nNachtrag.\n")
    new = hashlib.sha256(seed.read_bytes()).hexdigest()
    _fails(project, capsys, rf"seeds/{SEED}.yaml:2: seed_sha256: .* not the recorded one", f"set seed_sha256 to {new}")


def test_empty_seed(project, capsys):
    (project / "seeds" / f"{SEED}.txt").write_bytes(b"")
    _fails(project, capsys, rf"seeds/{SEED}.txt: the article is empty")


def _approve(project):
    seed = project / "seeds" / f"{SEED}.txt"
    record = project / "seeds" / f"{SEED}.yaml"
    text = record.read_text()
    old = re.search(r"seed_sha256: (\w+)", text).group(1)
    record.write_text(text.replace(old, hashlib.sha256(seed.read_bytes()).hexdigest()))


def test_bom_and_crlf_are_normalised_with_recorded_repairs(project, capsys):
    import pyarrow.parquet as pq

    seed = project / "seeds" / f"{SEED}.txt"
    original = seed.read_bytes()
    seed.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    _approve(project)
    assert main(["build", "--root", str(project)]) == 0
    documents = pq.read_table(project / "dataset" / "data" / "documents.parquet").to_pylist()
    fresh = next(d for d in documents if d["seed_file"] == f"{SEED}.txt")
    edits = pq.read_table(project / "dataset" / "data" / "edits.parquet").to_pylist()
    rules = {e["rule"] for e in edits if e["document_id"] == fresh["document_id"]}
    assert {"byte_order_mark", "crlf_line_endings"} <= rules
    assert "\r" not in fresh["text"] and "\ufeff" not in fresh["text"]


# --- YAML --------------------------------------------------------------------------------

def test_yaml_syntax_error(project, capsys):
    _edit(project / "seeds" / "entities.yaml", "  - entity_id: amd\n", "  - entity_id: [amd\n")
    _fails(project, capsys, r"seeds/entities.yaml:\d+: YAML error")


def test_python_tag_is_refused_never_executed(project, capsys, tmp_path):
    marker = tmp_path / "executed"
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null",
          f"outlet: !!python/object/apply:os.system ['touch {marker}']")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: YAML error: .*constructor for the tag", "only plain YAML")
    assert not marker.exists()


def test_a_value_its_type_cannot_hold_is_refused_with_its_line(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", "outlet: 2025-02-30")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:4: YAML error: cannot read '2025-02-30' as a timestamp",
           "quote it to keep it as text")


def test_a_control_character_in_yaml_is_refused_with_its_line(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", 'outlet: "a\x01b"')
    _fails(project, capsys, rf"seeds/{SEED}.yaml:4: YAML error: unacceptable character #x0001")


def test_duplicated_key(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", "outlet: null\noutlet: Someone")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: YAML error: duplicated key 'outlet'", "keep one")


def test_wrong_type(project, capsys):
    _edit(project / "seeds" / "events.yaml", "factuality: asserted", "factuality: [asserted]")
    err = _fails(project, capsys, r"seeds/events.yaml:11: events\.0\.factuality: ")
    assert "valid string" in err


def test_unknown_field_names_the_allowed_ones(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet_note:", "outlet_nte:")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: outlet_nte: unknown field \(a typo\?\)",
           "allowed fields here: .*outlet_note")


def test_path_fields_do_not_exist_so_nothing_escapes_seeds(project, capsys):
    # Records pair with their article by file name; no field takes a path, and one that tries is refused.
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", "outlet: null\nseed_file: ../../etc/passwd")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: seed_file: unknown field")


# --- pairing -----------------------------------------------------------------------------

def test_article_without_record(project, capsys):
    (project / "seeds" / f"{SEED}.yaml").unlink()
    _fails(project, capsys, rf"seeds/{SEED}.txt: article without its record")


def test_record_without_article(project, capsys):
    (project / "seeds" / f"{SEED}.txt").unlink()
    _fails(project, capsys, rf"seeds/{SEED}.yaml: record without its article")


# --- references and ids ------------------------------------------------------------------

def test_unknown_entity_event_type_role_and_document(project, capsys):
    events = project / "seeds" / "events.yaml"
    _edit(events, "{role: agent, entity: us_government}", "{role: agent, entity: us_govt}")
    _edit(events, "event_type: export_restriction", "event_type: export_ban")
    _edit(events, "{role: target, entity: china}", "{role: victim, entity: china}")
    _edit(events, "- document: eulerpool-trump-meets-huang", "- document: eulerpool")
    _fails(project, capsys, r"events\.\d+\.arguments\.\d+\.entity: unknown entity 'us_govt'",
           r"events\.\d+\.event_type: unknown value 'export_ban'",
           r"events\.\d+\.arguments\.\d+\.role: unknown value 'victim'",
           r"events\.\d+\.reports\.\d+\.document: unknown document 'eulerpool'")


def test_duplicate_ids(project, capsys):
    _edit(project / "seeds" / "entities.yaml", "entity_id: cambricon", "entity_id: amd")
    other = project / "seeds" / "001_588c3ebb398f1a97.yaml"
    _edit(other, "document_id: china-weighs-nvidia-ban", "document_id: trump-rejects-huang-request")
    _fails(project, capsys, r"entities\.\d+\.entity_id: entity_id 'amd' is already used",
           r"document_id: document_id 'trump-rejects-huang-request' is already used")


def test_unassigned_ambiguous_occurrence_is_reported(project, capsys):
    path = project / "seeds" / "mention_assignments.yaml"
    text = path.read_text()
    first = text.index("  - document:")
    second = text.index("  - document:", first + 1)
    path.write_text(text[:first] + text[second:])
    _fails(project, capsys, r"mention_assignments.yaml: china-weighs-nvidia-ban: 'Peking' at offset \d+ .* not assigned",
           r"add \{document: china-weighs-nvidia-ban, alias: Peking, occurrence: 0")


# --- quotes and spans --------------------------------------------------------------------

def test_evidence_not_in_the_text(project, capsys):
    _edit(project / "seeds" / "events.yaml", "Seit 2022 hat die US-Regierung", "Seit 2021 hat die US-Regierung")
    _fails(project, capsys, r"events.yaml:\d+: events\.0\.reports\.0\.evidence: eulerpool-trump-meets-huang: .* is not in the text")


def test_evidence_with_a_word_changed_is_shown_where_it_differs(project, capsys):
    _edit(project / "seeds" / "events.yaml", "die Beschränkungen für den Export", "die Beschränkungen beim Export")
    _fails(project, capsys, r"eulerpool-trump-meets-huang: .* is not in the text: its first 50 characters are in the text "
                            r"\(to offset \d+\), then the quote has 'beim Export leistung' where the text has 'für den"
                            r" Export leist'")


def test_a_quote_across_a_paragraph_break_is_told_so():
    from chip_export_news.annotate.quotes import locate

    text = "Erster Absatz endet hier.\n\nZweiter Absatz beginnt."
    message, _ = locate(text, "Erster Absatz endet hier. Zweiter Absatz", None, text)
    assert "then the quote has ' Zweiter" in message and "(a paragraph break: quote within one paragraph" in message


def test_evidence_changed_by_cleaning_is_explained(project, capsys):
    _edit(project / "seeds" / "errata.yaml", "text: Jenseng", "text: Jenseng.\n    occurrence: 0")
    _edit(project / "seeds" / "errata.yaml", "text: Jenseng.", 'text: "Qualität “, sagte Jenseng"')
    _fails(project, capsys, r"is in the raw article but not in the clean text", "without a space before punctuation")


def test_ambiguous_quote_needs_an_occurrence(project, capsys):
    _edit(project / "seeds" / "errata.yaml", "text: H2O", "text: Nvidia")
    _fails(project, capsys, r"errata\.\d+\.text: lusa-nvidia-resumes-h20: 'Nvidia' occurs \d+ times", "add occurrence")


def test_crossing_mentions_are_refused(project, capsys):
    entities = project / "seeds" / "entities.yaml"
    _edit(entities, 'aliases: ["AMD"]', 'aliases: ["AMD", "AMDs MI308"]')
    _edit(entities, 'aliases: ["MI308"]', 'aliases: ["MI308", "MI308-Chips"]')
    _fails(project, capsys, r"entities.yaml: lusa-nvidia-resumes-h20: mentions .* overlap without one containing the other")


# --- dates -------------------------------------------------------------------------------

def test_impossible_date(project, capsys):
    _edit(project / "seeds" / "events.yaml", 'date: {value: "2022", basis: stated}', 'date: {value: "2025-13-45", basis: stated}')
    _fails(project, capsys, r"events.yaml:\d+: events\.0\.date: .*month 13 does not exist")


def test_asserted_event_after_publication(project, capsys):
    _edit(project / "seeds" / "events.yaml", 'date: {value: "2022", basis: stated}', 'date: {value: "2026-03", basis: stated}')
    _fails(project, capsys, r"events\.0\.date: dated 2026-03, after .* yet its factuality is 'asserted'")


def test_unresolvable_relative_expression(project, capsys):
    _edit(project / "seeds" / "events.yaml", 'expression: "am Freitag"', 'expression: "neulich"')
    _fails(project, capsys, r"events.yaml:\d+: events\.\d+\.date: cannot resolve the expression 'neulich'")


def test_many_problems_are_reported_in_one_run(project, capsys):
    events = project / "seeds" / "events.yaml"
    text = events.read_text()
    events.write_text(text.replace("factuality: asserted", "factuality: certain").replace("role: agent", "role: doer"))
    err = _fails(project, capsys, r"unknown value 'certain'", r"unknown value 'doer'", r"and \d+ more problems")
    assert err.count("unknown value") == 50


# --- validate mode -----------------------------------------------------------------------

def test_validate_mode_accepts_the_committed_dataset(capsys):
    from conftest import ROOT

    assert main(["--validate", str(ROOT / "dataset")]) == 0


def test_validate_mode_reports_a_tampered_download(project, capsys):
    data = project / "dataset" / "data" / "errata.parquet"
    data.write_bytes(data.read_bytes()[:-10])
    assert main(["--validate", str(project / "dataset")]) == 1
    err = capsys.readouterr().err
    assert "errata.parquet" in err and "Traceback" not in err


def test_validate_mode_on_a_folder_without_a_dataset(tmp_path, capsys):
    assert main(["--validate", str(tmp_path)]) == 1
    assert "no datapackage.json here" in capsys.readouterr().err


def test_problems_in_an_article_and_in_the_registries_come_in_one_run(project, capsys):
    seed = project / "seeds" / "003_83e9c6d75c9f0870.txt"
    seed.write_bytes(seed.read_bytes() + b"\nNachtrag.\n")
    _edit(project / "seeds" / "events.yaml", "event_type: export_restriction", "event_type: export_ban")
    _edit(project / "seeds" / "errata.yaml", "text: H2O", "text: H3O")
    err = _fails(project, capsys, r"003_83e9c6d75c9f0870.yaml:\d+: seed_sha256: ", r"unknown value 'export_ban'",
                 r"'H3O' is not in the text")
    # Annotations pointing into the unreadable article are not reported a second time.
    assert "eulerpool-trump-meets-huang:" not in err and "unknown document 'eulerpool" not in err


def test_a_report_not_found_does_not_also_fail_its_events_quantities(project, capsys):
    _edit(project / "seeds" / "events.yaml", "konnte in den ersten neun Monaten", "konnte in den ersten zehn Monaten")
    err = _fails(project, capsys, r"konnte in den ersten zehn Monaten.* is not in the text")
    assert "in none of the event's evidence spans" not in err
