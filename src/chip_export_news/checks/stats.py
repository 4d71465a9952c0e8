"""What a built dataset holds, in a few lines: rows per table, entities by type, events by period."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .fast_validate import read_resource

from ..annotate.dates import parse_edtf, period


def describe(folder: Path) -> str:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    lines = [f"{package['title']} — version {package['version']}", ""]
    read = {r["name"]: read_resource(folder, r) for r in package["resources"]}
    lines += [f"  {name:<18}{table.num_rows:>6} rows" for name, table in read.items()]
    types = Counter(read["entities"]["type"].to_pylist())
    lines += ["", "entities by type: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))]
    periods = Counter(period(parse_edtf(d) if d else None) for d in read["events"]["date"].to_pylist())
    lines += ["events by period (each at its date's precision): "
              + ", ".join(f"{k} {v}" for k, v in sorted(periods.items()))]
    return "\n".join(lines)
