"""The examples in the README and the dataset card run as written."""

import re

import pytest

from conftest import ROOT


def _python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("document", ["README.md", "dataset/README.md"])
def test_python_examples_run(document, monkeypatch):
    blocks = _python_blocks(ROOT / document)
    assert blocks
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for block in blocks:  # blocks of one document build on each other, as a reader runs them
        exec(compile(block, f"{document} example", "exec"), namespace)
