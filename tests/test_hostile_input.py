"""Input from a careless or hostile contributor (a pull request whose files CI builds): links out of
the project, invisible characters, YAML that tries to crash the reader, undeclared rule ids. Each
is refused with file, line and fix (exit 1, no traceback, dataset/ untouched) or repaired as a
recorded edit; nothing is read outside seeds/ and schema/, nothing is dropped silently."""

import unicodedata
import hashlib
import os
import re
import signal

import pyarrow.parquet as pq
import pytest

from chip_export_news.cli import main
from chip_export_news.stages.corpus_stage import annotate

from test_bad_input import SEED, _edit, _fails

SECRET = "hf_FAKEtokenFAKEtokenFAKEtokenFAKE"
NVIDIA_SEED = "002_e7b2fda6244aa351"  # its body names Nvidia
HUAWEI_SEED = "000_f5f224b35cc95711"  # its body names Huawei


def _secret_file(tmp_path):
    outside = tmp_path / "outside" / "token.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET + "\n")
    return outside


# --- 1. links and special files ------------------------------------------------------------

def test_a_linked_registry_is_refused_and_its_target_never_shown(project, capsys, tmp_path):
    cleaning = project / "seeds" / "cleaning.yaml"
    cleaning.unlink()
    cleaning.symlink_to(_secret_file(tmp_path))
    err = _fails(project, capsys, r"seeds/cleaning.yaml: is a symbolic link", "replace the link by the file itself")
    assert "hf_FAKE" not in err


def test_a_linked_article_outside_the_project_is_refused_even_with_a_matching_record(project, capsys, tmp_path):
    outside = tmp_path / "outside" / "passwd"
    outside.parent.mkdir()
    outside.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n")
    (project / "seeds" / "005_x.txt").symlink_to(outside)
    record = (project / "seeds" / f"{SEED}.yaml").read_text()
    record = re.sub(r"seed_sha256: \w+", "seed_sha256: " + hashlib.sha256(outside.read_bytes()).hexdigest(), record)
    record = re.sub(r"(?m)^title: .*$", "title: root:x:0:0:root:/root:/bin/bash", record)
    record = record.replace("document_id: trump-rejects-huang-request", "document_id: passwd")
    record = re.sub(r"(?s)\ncleaning:.*", "\n", record)
    (project / "seeds" / "005_x.yaml").write_text(record)
    err = _fails(project, capsys, r"seeds/005_x.txt: is a symbolic link")
    assert "root:x:0:0" not in err.replace("title", "")


def test_a_seed_replaced_by_a_link_is_refused_as_a_link_not_as_a_new_hash(project, capsys, tmp_path):
    seed = project / "seeds" / f"{SEED}.txt"
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(copy)
    err = _fails(project, capsys, rf"seeds/{SEED}.txt: is a symbolic link")
    assert "seed_sha256" not in err


@pytest.mark.parametrize("name", ["schema/card.md", "schema/vocabularies.yaml", "seeds/events.yaml", "seeds"])
def test_links_under_seeds_and_schema_are_refused(project, capsys, tmp_path, name):
    path = project / name
    moved = tmp_path / "moved"
    path.rename(moved)
    path.symlink_to(moved)
    _fails(project, capsys, rf"{name}: is a symbolic link")


def test_a_pipe_is_refused_without_being_opened(project, capsys):
    events = project / "seeds" / "events.yaml"
    events.unlink()
    os.mkfifo(events)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the build opened the pipe and hung"))
    signal.alarm(20)
    try:
        _fails(project, capsys, r"seeds/events.yaml: is not a regular file")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_messages_echo_only_a_short_escaped_excerpt_of_a_value(project, capsys):
    long_value = "x" * 500 + "\u202e" + SECRET
    _edit(project / "seeds" / f"{SEED}.yaml", "source_url: null", f'source_url: "{long_value}"')
    err = _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: source_url: .*\(got 'x+…\)")
    assert "x" * 100 not in err and "hf_FAKE" not in err and "\u202e" not in err


# --- 2. invisible characters -----------------------------------------------------------------

def _insert(project, seed, word, char):
    """Put `char` after the first letters of the first occurrence of `word` below the title."""
    path = project / "seeds" / f"{seed}.txt"
    text = path.read_text(encoding="utf-8")
    at = text.index(word, text.index("\n")) + 3
    path.write_text(text[:at] + char + text[at:], encoding="utf-8")
    record = path.with_suffix(".yaml")
    old = re.search(r"seed_sha256: (\w+)", record.read_text()).group(1)
    record.write_text(record.read_text().replace(old, hashlib.sha256(path.read_bytes()).hexdigest()))
    return text[:at].count("\n") + 1, at - text.rfind("\n", 0, at)


def _mentions(root, entity):
    return [(m.document_id, m.start, m.end) for m in annotate(root).mentions if m.entity_id == entity]


@pytest.mark.parametrize("char", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"])
@pytest.mark.parametrize("seed, word, entity", [(NVIDIA_SEED, "Nvidia", "nvidia"), (HUAWEI_SEED, "Huawei", "huawei")])
def test_invisible_formatting_inside_a_name_is_removed_and_the_mention_kept(project, char, seed, word, entity):
    before = _mentions(project, entity)
    _insert(project, seed, word, char)
    corpus = annotate(project)
    assert [(m.document_id, m.start, m.end) for m in corpus.mentions if m.entity_id == entity] == before
    document = next(d for d in corpus.documents if d.seed.file == f"{seed}.txt")
    assert char not in document.text
    removed = [e for e in document.clean.edits if e.rule == "invisible_character"]
    assert [document.seed.raw[e.raw_start:e.raw_end] for e in removed] == [char]


def test_a_soft_hyphen_shows_in_the_edits_table_and_raw_offsets_map_back(project):
    import pyarrow.compute as pc

    from chip_export_news.text.offsets import raw_span_in

    _insert(project, NVIDIA_SEED, "Nvidia", "\u00ad")
    assert main(["build", "--root", str(project)]) == 0
    data = project / "dataset" / "data"
    documents = pq.read_table(data / "documents.parquet").to_pylist()
    document = next(d for d in documents if d["seed_file"] == f"{NVIDIA_SEED}.txt")
    edits = pq.read_table(data / "edits.parquet").filter(pc.field("document_id") == document["document_id"]).to_pylist()
    assert [e["raw_text"] for e in edits if e["rule"] == "invisible_character"] == ["\u00ad"]
    raw = (project / "seeds" / f"{NVIDIA_SEED}.txt").read_text(encoding="utf-8")
    mentions = pq.read_table(data / "mentions.parquet").filter(pc.field("document_id") == document["document_id"])
    for start, end in zip(mentions["start"].to_pylist(), mentions["end"].to_pylist()):
        raw_start, raw_end = raw_span_in(edits, start, end)
        assert raw[raw_start:raw_end].replace("\u00ad", "") == document["text"][start:end]
    assert main(["validate", "--root", str(project)]) == 0


@pytest.mark.parametrize("char, name", [("\x00", "NULL"), ("\x07", ""), ("\x1b", ""), ("\x7f", "DELETE"),
                                        ("\x85", ""), ("\r", "CARRIAGE RETURN"), ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
                                        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                                        ("\u2069", "POP DIRECTIONAL ISOLATE")])
def test_control_and_bidi_characters_are_refused_with_line_and_column(project, capsys, char, name):
    line, column = _insert(project, HUAWEI_SEED, "Huawei", char)
    err = _fails(project, capsys, rf"seeds/{HUAWEI_SEED}.txt:{line}:{column}: .*character U\+{ord(char):04X} {name}",
                 "record the new seed_sha256")
    assert char not in err


# --- 3. YAML that crashed the reader -----------------------------------------------------------

def test_a_complex_key_is_refused(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", "outlet: null\n? [a, b]\n: c")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: YAML error: a complex key", "plain word")


def test_deep_nesting_is_refused_without_a_recursion_traceback(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "outlet: null", "outlet: " + "[" * 500 + "]" * 500)
    err = _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: YAML error: values are nested more than \d+ levels")
    assert len(err) < 2000


# --- 4. merge keys and aliases ----------------------------------------------------------------

def test_a_merge_key_is_refused_by_name(project, capsys):
    path = project / "seeds" / "entities.yaml"
    _edit(path, "  - entity_id: amd\n", "  - &base\n    entity_id: amd\n")
    text = path.read_text()
    path.write_text(text.rstrip("\n") + "\n  - <<: *base\n    entity_id: amd2\n")
    err = _fails(project, capsys, r"seeds/entities.yaml:\d+: YAML error: merge keys \(<<\) are not accepted",
                 "write the fields out")
    assert "remove the tag" not in err


def test_an_error_in_an_aliased_value_names_the_anchor_and_the_use(project, capsys):
    path = project / "seeds" / "events.yaml"
    text = path.read_text()
    first = text.index("factuality: asserted")
    second = text.index("factuality: asserted", first + 1)
    path.write_text(text[:first] + "factuality: &f certain" + text[first + len("factuality: asserted"):second]
                    + "factuality: *f" + text[second + len("factuality: asserted"):])
    anchor = text[:first].count("\n") + 1
    use = text[:second].count("\n") + 1
    _fails(project, capsys, rf"events.yaml:{anchor}: events\.\d+\.factuality: unknown value 'certain'",
           rf"events.yaml:{use}: events\.\d+\.factuality: unknown value 'certain' \(in the value anchored on line "
           rf"{anchor}, used through the alias on line {use}\)")


# --- 5. one cause, one problem -------------------------------------------------------------------

def test_a_syntax_error_in_a_record_is_reported_once_not_once_per_annotation(project, capsys):
    record = project / "seeds" / "003_83e9c6d75c9f0870.yaml"
    assert "eulerpool-trump-meets-huang" in (project / "seeds" / "events.yaml").read_text()
    _edit(record, "outlet:", "outlet: [unclosed\noutlet_x:")
    err = _fails(project, capsys, r"003_83e9c6d75c9f0870.yaml:\d+: YAML error")
    assert "1 problem found" in err, err


# --- 6. rule ids ------------------------------------------------------------------------------

def test_a_rule_id_declared_twice_is_refused(project, capsys):
    _edit(project / "seeds" / "cleaning.yaml", "  - id: paywall", "  - id: read_also")
    _fails(project, capsys, r"seeds/cleaning.yaml:\d+: rules\.\d+\.id: rule id 'read_also' is declared twice "
                            r"\(first at rules\.\d+\.id, line \d+\)")


def test_a_rule_id_may_not_take_a_built_in_name(project, capsys):
    _edit(project / "seeds" / "cleaning.yaml", "  - id: paywall", "  - id: paragraph_break")
    _fails(project, capsys, r"rules\.\d+\.id: rule id 'paragraph_break' is the name of a built-in rule")


def test_an_undeclared_article_rule_is_refused_with_the_valid_ids(project, capsys):
    _edit(project / "seeds" / f"{SEED}.yaml", "rule: related_teaser", "rule: related_teasr")
    _fails(project, capsys, rf"seeds/{SEED}.yaml:\d+: cleaning\.0\.rule: rule 'related_teasr' is not declared",
           r"use one of: .*related_teaser")


def test_exactly_the_control_and_bidi_characters_of_the_whole_plane_are_refused():
    """Over every code point of the Basic Multilingual Plane: refused iff it is a control
    character (category Cc) other than tab and newline, or a bidi embedding/override/isolate;
    a CR only when it does not start a CRLF line ending."""
    from chip_export_news.text.text_characters import forbidden_characters

    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        refused = bool(forbidden_characters(f"a{char}b", "x"))
        expected = char in bidi or (unicodedata.category(char) == "Cc" and char not in "\n\t")
        assert refused == expected, f"U+{code:04X}"
    assert not forbidden_characters("a\r\nb", "x")
