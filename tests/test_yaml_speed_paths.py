"""read_yaml has two paths: libyaml's parser under PyYAML's Python composer (fast), and PyYAML in
pure Python (the reference, and the one that reports every error). For valid curated files and
for every kind of bad or hostile input both give the same data, lines and Problems; the fast
path is the one taken for curated files; absurd nesting is refused before anything recurses."""

import random
import subprocess
import sys
from pathlib import Path

import pytest

from chip_export_news.curated import yamlio
from chip_export_news.curated.errors import Problem
from conftest import ROOT

CURATED = sorted((ROOT / "seeds").glob("*.yaml")) + sorted((ROOT / "schema").glob("*.yaml"))
NESTED = "values are nested more than 64 levels deep"

BAD = {
    "syntax error": "a: [b\nc: d\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "tab indentation": "a:\n\tb: 1\n",
    "tab after a value": "a: b\t# note\n",
    "python tag": "outlet: !!python/object/apply:os.system ['touch /tmp/x']\n",
    "unknown tag": "a: !shout b\n",
    "non-specific tag": "a: !\nb: ! c\n",
    "duplicated key": "a: 1\nb: 2\na: 3\n",
    "duplicated key in a flow map": "x: {a: 1, 'a': 2}\n",
    "complex key": "outlet: null\n? [a, b]\n: c\n",
    "complex key in a flow map": "{[a]: b}\n",
    "explicit key without value": "? a\n? b\n",
    "empty values in a flow map": "{a: , b: 1, c:\n , d: 2}\n",
    "question mark in a flow value": "a: [b?c, {d: e?}]\n",
    "merge key": "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n",
    "merge key with a map": "item:\n  <<: {x: 1}\n",
    "aliases": "base: &b {x: 1, y: [1, 2]}\nitems:\n  - *b\n  - {z: *b}\nname: &n text\nagain: *n\n",
    "undefined alias": "a: *nowhere\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "explicit document": "%YAML 1.1\n---\na: 1\n...\n",
    "unsupported version": "%YAML 2.0\n---\na: 1\n",
    "empty file": "",
    "only comments": "# nothing here\n",
    "null values": "a:\nb: ~\nc: null\nd:\n  - \n  -\n",
    "no final newline": "a:\n  b:\n    c:",
    "nested 64 deep": "[" * 63 + "x" + "]" * 63,
    "nested 65 deep": "[" * 64 + "x" + "]" * 64,
    "nested 65 deep, empty": "[" * 65 + "]" * 65,
    "nested block lists 65 deep": "- " * 65 + "x\n",
    "nested maps 65 deep": "".join("  " * i + "k:\n" for i in range(65)),
    "control character": 'a: "x\x01y"\n',
    "NUL": "a: x\x00\n",
    "next line (NEL)": "a: x\x85y\n",
    "line separator": "a: x\u2028b: y\n",
    "byte order mark": "\ufeffa: 1\nb: 2\n",
    "byte order mark inside": "a: 1\nb\ufeff: 2\n",
    "CRLF": "a: 1\r\nb:\r\n  - c\r\n",
    "lone CR": "a: 1\rb: 2\r",
    "long simple key": "k" * 1100 + ": v\n",
    "comment right after a block scalar header": "a: >+# note\n  text\nb: |#\n  x\n",
    "quoted and block scalars": "a: \"q\\tx\\u00e9\"\nb: 'it''s'\nc: |\n  line\n   more\nd: >-\n  folded\n  text\n",
    "impossible date": "a: 2025-02-30\n",
    "impossible tagged values": "a: !!int ''\n",
    "bad float": "a: ._\n",
    "implicit types": "a: 1\nb: 1.5\nc: true\nd: 2025-05-01\ne: '2025-05'\nf: 0o17\ng: .inf\nh: 1_000\n",
}


def _read(path, monkeypatch, pure):
    """read_yaml(path), with or without the fast path; and the loaders tried, in order."""
    used = []
    load_with = yamlio._load_with

    def spy(loader_class, text):
        used.append(loader_class.__name__)
        return load_with(loader_class, text)

    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_load_with", spy)
        if pure:
            patch.setattr(yamlio, "_FastLoader", None)
        return yamlio.read_yaml(path, "f.yaml"), used


def _shape(result):
    """All a caller can see: the Problem, or the data (with types) and the line (and alias line)
    of every path, as Located reports it."""
    if isinstance(result, Problem):
        return result
    lines = []

    def walk(node, path, depth=0):
        lines.append((path, type(node).__name__, node.tag, result.line(path), result.alias_line(path)))
        if depth > 100:  # aliases may share nodes; YAML data is finite here
            return
        if hasattr(node, "value") and isinstance(node.value, list):
            children = (((key.value, value) for key, value in node.value) if node.id == "mapping"
                        else enumerate(node.value))
            for part, child in children:
                walk(child, path + (part,), depth + 1)

    if result._node is not None:
        walk(result._node, ())
    return repr(result.data), lines


def _both(tmp_path, monkeypatch, text):
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8"))
    fast, fast_used = _read(path, monkeypatch, pure=False)
    pure, pure_used = _read(path, monkeypatch, pure=True)
    assert pure_used == ["_UniqueKeyLoader"]
    assert _shape(fast) == _shape(pure)
    return fast, fast_used


@pytest.mark.skipif(not yamlio.yaml.__with_libyaml__, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_curated_files_take_the_fast_path_with_identical_results(tmp_path, monkeypatch, path):
    result, used = _both(tmp_path, monkeypatch, path.read_text(encoding="utf-8"))
    assert not isinstance(result, Problem) and used == ["_FastLoader"]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_and_hostile_input_gives_identical_results(tmp_path, monkeypatch, name):
    _both(tmp_path, monkeypatch, BAD[name])


def test_a_record_with_an_error_through_an_alias_names_both_lines(tmp_path, monkeypatch):
    text = "a: &v oops\nlist:\n  - *v\n"
    result, used = _both(tmp_path, monkeypatch, text)
    assert used == ["_FastLoader"]
    assert result.problem("bad", ("list", 0)).line == 3
    assert "anchored on line 1, used through the alias on line 3" in result.problem("bad", ("list", 0)).message


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    "[" * 100_000,
    "{" * 100_000,
    "a: " + "[" * 100_000 + "x",
    "- " * 100_000 + "x\n",
    "- " * 100_000,
    "".join("  " * i + "k:\n" for i in range(2_000)),
], ids=["flow closed", "flow unclosed", "flow maps", "flow in a value", "block lists", "block lists no end",
        "block maps 2000"])
def test_deep_nesting_is_refused_with_the_nesting_message(tmp_path, monkeypatch, text):
    result, _ = _both(tmp_path, monkeypatch, text)
    assert isinstance(result, Problem) and NESTED in result.message, result
    assert result.line is not None and result.hint == "curated files are a few levels deep; flatten the value"


DEEP_IN_A_THREAD = """
import sys, threading
from pathlib import Path
from chip_export_news.curated.yamlio import read_yaml

def run():
    for name in sys.argv[1:]:
        print(read_yaml(Path(name)).message)

threading.stack_size(256 * 1024)  # a worker thread's small stack: yaml.CSafeLoader crashes at 990 levels here
worker = threading.Thread(target=run)
worker.start()
worker.join()
"""


def test_deep_nesting_does_not_crash_the_process_even_on_a_small_stack(tmp_path):
    # A C stack overflow kills the interpreter (no exception to catch): run it in a child process.
    texts = ["[" * 990 + "]" * 990, "a: " + "[" * 100_000 + "]" * 100_000, "b:\n" + "- " * 100_000 + "x\n"]
    paths = []
    for number, text in enumerate(texts):
        paths.append(tmp_path / f"deep{number}.yaml")
        paths[-1].write_text(text)
    done = subprocess.run([sys.executable, "-c", DEEP_IN_A_THREAD, *map(str, paths)], capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(Path(yamlio.__file__).parents[1])})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"YAML error: {NESTED}"] * len(texts)


MUTATIONS = [" ", "\n", "\n  ", ":", ": ", "- ", "[", "]", "{", "}", ",", "? ", "?", "&a ", "*a", "!", "!!str ",
             "#", '"', "'", "|", ">", "%", "\\", "\r", "\x85", "\u2028", "---", "...", "<<: ", "null", "{a: }",
             "[a?b]", "é", "\t", "\ufeff", "|#", ">-#", "|2 "]


def test_mutated_curated_files_give_identical_results(tmp_path, monkeypatch):
    # A small differential fuzz: random edits of curated files and of snippets, read both ways.
    rng = random.Random(20250501)
    bases = [p.read_text(encoding="utf-8")[:1500] for p in CURATED] + list(BAD.values())[:30]
    for _ in range(300):
        text = rng.choice(bases)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.7:
                text = text[:at] + rng.choice(MUTATIONS) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 8):]
        _both(tmp_path, monkeypatch, text)
