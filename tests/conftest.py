"""Shared fixtures: Sphinx's own testing fixtures over ``tests/roots``, and golden files.

Golden files (``tests/golden``) are the specification of the look of the
ASCII art.  A test compares its output with one through the ``golden``
fixture; ``pytest --update-goldens`` rewrites the files that differ instead
(and lists them at the end of the run), to be reviewed by eye before
committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"

_REWRITTEN = pytest.StashKey[list[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files that differ from the output instead of failing (review the diff)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_REWRITTEN] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rewritten = config.stash.get(_REWRITTEN, [])
    if rewritten:
        terminalreporter.section("golden files rewritten (review them before committing)")
        for path in rewritten:
            terminalreporter.line(str(path))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


class Golden:
    """Compare a test's output with a golden file, or rewrite the file (``--update-goldens``)."""

    def __init__(self, update: bool, rewritten: list[Path]) -> None:
        self.update = update
        self.rewritten = rewritten

    def __call__(self, path: Path, actual: str) -> None:
        """Assert that ``path`` holds exactly ``actual`` (UTF-8); with ``--update-goldens``, make it so."""
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if expected == actual:
            return
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            self.rewritten.append(path)
            return
        if expected is None:
            pytest.fail(f"no golden file {path}: run pytest --update-goldens to write it, then review it")
        assert actual == expected, f"{path.name} differs (pytest --update-goldens rewrites it; review the diff)"


@pytest.fixture(scope="session")
def golden(pytestconfig: pytest.Config) -> Golden:
    """``golden(path, actual)``: the output must equal the golden file (see the module docstring)."""
    return Golden(bool(pytestconfig.getoption("--update-goldens")), pytestconfig.stash[_REWRITTEN])
