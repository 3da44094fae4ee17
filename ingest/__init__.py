"""Stance-tracking warehouse: read news articles, extract who said what, load DuckDB."""

__version__ = "0.1.0"
