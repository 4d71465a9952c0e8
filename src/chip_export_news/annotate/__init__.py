"""Spans on the clean text: mentions of registered entities, dates, quotes, events, errata."""
