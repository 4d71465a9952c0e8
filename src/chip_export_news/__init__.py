"""chip-export-news: German news on US export controls on AI chips to China, as validated tables.

    >>> import chip_export_news
    >>> chip_export_news.tables()[:3]
    ['documents', 'sentences', 'edits']
    >>> events = chip_export_news.load("events", format="pandas")
"""

__version__ = "1.1.0.dev0"

from .api import DATA_DIR, load, raw_span, tables  # noqa: E402

__all__ = ["DATA_DIR", "__version__", "load", "raw_span", "tables"]
