"""annotator: stance annotation of news articles (core, store, formats, agreement, CLI and GUI)."""

__version__ = "0.1.0"
