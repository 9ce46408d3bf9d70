"""Helpers the Sphinx-level tests share: warning text and source lines."""

from __future__ import annotations

import re
from pathlib import Path


def line_of(path: Path, needle: str) -> int:
    """1-based line of ``needle`` in ``path``: where a warning must point."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def warnings_of(app) -> str:
    """The build's warnings without terminal colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
