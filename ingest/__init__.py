"""Stance-tracking warehouse: read news articles, extract who said what, load DuckDB.

``from ingest import open_warehouse`` gives the notebook API (``ingest.access.warehouse``); it is
imported on first use, so importing ``ingest`` itself loads nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Warehouse", "open_warehouse", "__version__"]

if TYPE_CHECKING:
    from ingest.access.warehouse import Warehouse, open_warehouse


def __getattr__(name: str) -> Any:
    if name in {"open_warehouse", "Warehouse"}:
        from ingest.access import warehouse

        return getattr(warehouse, name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
