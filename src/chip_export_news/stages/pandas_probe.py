"""The build's processes spare pyarrow's probe for pandas.

The first time pyarrow converts Python values it imports pandas (about 0.3 s, a tenth of a
small build) only to ask whether the values are pandas objects. The build, `check` and
`validate` never hand it any, so in their processes the probe is answered "no pandas" without
the import. It is an answer pyarrow caches, not a ban: `Table.to_pandas()` still works, since
pyarrow imports pandas again when pandas is actually needed. Library functions, which run in
a user's session where pandas objects may come, never call this.
"""

from __future__ import annotations

import importlib.abc
import sys


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not imported for pyarrow's probe")
        return None


def skip_pandas_probe() -> None:
    if "pandas" in sys.modules:
        return  # imported already: the probe costs nothing
    import pyarrow as pa

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([None])  # the first conversion: pyarrow probes here, and remembers
    finally:
        sys.meta_path.remove(finder)
