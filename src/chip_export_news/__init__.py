"""chip-export-news: German news on US export controls on AI chips to China, as validated tables.

    >>> import chip_export_news
    >>> chip_export_news.tables()[:3]
    ['documents', 'sentences', 'edits']
    >>> events = chip_export_news.load("events", format="pandas")
"""

from ._version import DATA_DIR, __version__

__all__ = ["DATA_DIR", "__version__", "load", "raw_span", "tables"]
_LIBRARY = {"load", "raw_span", "tables"}


def __getattr__(name: str):
    # The library's functions come with pyarrow: imported on first use, so that commands which
    # read no table (add, suggest, guide) start without it.
    if name in _LIBRARY:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LIBRARY)
