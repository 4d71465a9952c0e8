"""chip-export-news: German news on US export controls on AI chips to China, as validated tables."""

__version__ = "0.1.0"
