"""The shared cases (inputs that once failed, found by trying the product on real figures) are tests.

Each file of ``../shared/cases`` is copied into ``tests/cases`` (a clean clone
has no ``shared/``), named here with the test module that turns it into
goldens and geometry facts, and checked to be the same copy when the shared
folder is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared" / "cases"

#: case file -> the test module that renders it and checks what its header expects
CASES = {
    "ladder-cjk.ladder": "test_ladder_cases.py",
    "ladder-details-verbatim.ladder": "test_ladder_cases.py",
    "ladder-headings.ladder": "test_ladder_cases.py",
    "ladder-lost-message.ladder": "test_ladder_cases.py",
    "ladder-note-lines.ladder": "test_ladder_cases.py",
    "ladder-same-row.ladder": "test_ladder_cases.py",
    "ladder-word-breaks.ladder": "test_ladder_cases.py",
    "nested-figures.rst": "test_ladder_cases.py",
    "problem-ice-like.problem": "test_problem_ascii.py",
    "statemachine-any-state.statemachine": "test_statemachine_notation.py",
    "statemachine-state-line-first.statemachine": "test_statemachine_notation.py",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_case_is_in_the_repository_and_read_by_its_test(name):
    copy = HERE / "cases" / name
    assert copy.is_file(), name
    module = (HERE / CASES[name]).read_text(encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    assert stem in module or "CASES.glob(" in module, (name, CASES[name])
    if SHARED.is_dir() and (SHARED / name).is_file():
        assert copy.read_bytes() == (SHARED / name).read_bytes(), f"{name}: the copy differs from shared/cases"


def test_no_shared_case_is_left_out():
    if not SHARED.is_dir():
        pytest.skip("no shared/cases beside the repository (a clean clone)")
    shared = {p.name for p in SHARED.iterdir() if p.name != "README.md"}
    assert shared <= set(CASES), sorted(shared - set(CASES))
