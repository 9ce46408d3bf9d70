"""Shared fixtures: Sphinx's own testing fixtures over ``tests/roots``."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
