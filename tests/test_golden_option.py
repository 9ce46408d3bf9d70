"""The ``golden`` fixture: compare, fail with a hint, or rewrite under ``--update-goldens``."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_golden_compares(golden, tmp_path: Path) -> None:
    compare = type(golden)(False, [])  # as without --update-goldens, whatever this run was given
    path = tmp_path / "art.txt"
    path.write_text("+--+\n", encoding="utf-8")
    compare(path, "+--+\n")
    with pytest.raises(AssertionError, match="update-goldens"):
        compare(path, "+---+\n")
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        compare(tmp_path / "missing.txt", "x\n")
    assert path.read_text(encoding="utf-8") == "+--+\n"


def test_golden_rewrites_when_asked(golden, tmp_path: Path) -> None:
    rewritten: list[Path] = []
    update = type(golden)(True, rewritten)
    path = tmp_path / "new" / "art.txt"
    update(path, "+--+\n")
    update(path, "+--+\n")  # unchanged: not listed again
    assert path.read_text(encoding="utf-8") == "+--+\n"
    assert rewritten == [path]
