"""Model-first protocol documentation for Sphinx (RFC 4101 protocol models)."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point; the glue lives in :mod:`.sphinx_ext`."""
    from .sphinx_ext import setup as _setup

    return _setup(app)
