"""chip-export-news: German news on US export controls on AI chips to China, as validated tables.

    >>> import chip_export_news
    >>> chip_export_news.tables()[:3]
    ['documents', 'sentences', 'edits']
    >>> events = chip_export_news.load("events", format="pandas")
"""

from ._version import DATA_DIR, __version__
from .api import load, raw_span, tables

__all__ = ["DATA_DIR", "__version__", "load", "raw_span", "tables"]
