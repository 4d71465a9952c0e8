"""What the build's processes import: pyarrow's probe for pandas is skipped, never pandas itself,
and `validate` (run on every build and by anyone checking a download) stays free of pydantic."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_the_skipped_probe_imports_no_pandas_and_pandas_still_works_when_asked_for():
    seen = _run("""
import json, sys
import pyarrow as pa
from chip_export_news.stages.pandas_probe import skip_pandas_probe
skip_pandas_probe()
table = pa.table({"a": [1, 2], "b": ["x", None]})
after_conversion = "pandas" in sys.modules
frame = table.to_pandas()
import pandas as pd
print(json.dumps({"after_conversion": after_conversion, "frame": frame["a"].tolist(),
                  "series": pa.array(pd.Series([3, 4])).to_pylist()}))
""")
    assert seen == {"after_conversion": False, "frame": [1, 2], "series": [3, 4]}


def test_validate_imports_neither_pandas_nor_pydantic():
    seen = _run(f"""
import json, sys
from chip_export_news.cli import main
code = main(["validate", "{ROOT / 'dataset'}", "--root", "{ROOT}"])
print(json.dumps({{"code": code, "imported": sorted({{"pandas", "pydantic"}} & set(sys.modules))}}))
""")
    assert seen == {"code": 0, "imported": []}
