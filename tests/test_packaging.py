"""The wheel as users install it: metadata read back from a freshly built wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("sphinxcontrib_protomodel-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def metadata(wheel: zipfile.ZipFile):
    name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    return Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_the_wheel_carries_its_license(wheel):
    meta = metadata(wheel)
    assert meta["License-Expression"] == "BSD-2-Clause"
    assert meta.get_all("License-File") == ["LICENSE"]
    licence = next(n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE"))
    text = wheel.read(licence).decode("utf-8")
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "BSD 2-Clause License" in text and "Redistributions in binary form" in text


def test_project_urls_and_classifiers(wheel):
    meta = metadata(wheel)
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL"))
    assert urls == PYPROJECT["project"]["urls"] and urls
    assert all(url.startswith("https://") for url in urls.values())
    classifiers = meta.get_all("Classifier")
    assert "Framework :: Sphinx :: Extension" in classifiers
    # Every Python the classifiers name is allowed by Requires-Python, from its lower bound on.
    lowest = tuple(map(int, re.fullmatch(r">=(\d+)\.(\d+)", meta["Requires-Python"]).groups()))
    versions = sorted(
        tuple(map(int, c.rsplit(" ", 1)[1].split(".")))
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    assert versions[0] == lowest and versions == [(3, n) for n in range(lowest[1], versions[-1][1] + 1)]


def test_what_the_code_imports_is_declared(wheel):
    requires = [r.replace(" ", "") for r in metadata(wheel).get_all("Requires-Dist")]
    always = {re.split(r"[;<>=!~\[]", r, maxsplit=1)[0].lower() for r in requires if "extra==" not in r}
    assert {"sphinx", "docutils", "lxml", "wcwidth", "seqdiag", "blockdiag", "pillow", "xml2rfc"} <= always
    assert "wcwidth>=0.3" in requires
    assert 'myst-parser>=3;extra=="myst"' in requires
    names = set(wheel.namelist())
    assert {"sphinxcontrib_protomodel/static/protomodel.css", "sphinxcontrib_protomodel/static/protomodel.js"} <= names


def test_ci_pins_the_lowest_versions_pyproject_allows():
    """``make compat`` builds on the lower bounds that pyproject.toml claims, not others."""
    pins = re.search(r"^MIN_PINS := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)[1].split()
    pinned = dict(pin.split("==") for pin in pins)
    bounds = {
        name.lower(): low
        for name, low in (
            re.match(r"([A-Za-z0-9_.-]+)>=([\d.]+)", dep).groups()
            for dep in PYPROJECT["project"]["dependencies"]
            if ">=" in dep
        )
    }
    for name, version in pinned.items():
        assert version.split(".")[:2] == bounds[name].split(".")[:2], (name, version, bounds[name])
    assert set(pinned) == {"sphinx", "docutils"}
