"""Same sources, same bytes: serial or ``-j 2``, whatever the hash seed.

Each build runs in its own ``sphinx-build`` process with an empty build
directory (so its own, empty rendering cache) and a different
``PYTHONHASHSEED``, so set ordering, object ids and worker scheduling all
get a chance to leak into the output.  Two such clean builds, one entirely
serial and one with ``-j 2`` and parallel pre-rendering, must give
byte-identical trees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import corpus

HOSTILE_DOC = (Path(__file__).parent / "roots" / "test-protomodel-hostile" / "index.rst").read_text()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("determinism") / "src"
    corpus.write_corpus(src, "protomodel", documents=8, per_document=3)
    (src / "hostile.rst").write_text(HOSTILE_DOC)
    index = src / "index.rst"
    index.write_text(index.read_text() + "   hostile\n")
    return src


def build(src: Path, out: Path, builder: str, jobs: str, seed: str, workers: int = 0) -> dict[str, bytes]:
    """Every output file of one clean build, by relative path."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-j", jobs, "-d", str(out / "doctrees")]
    cmd += ["-D", f"protomodel_render_workers={workers}"]
    proc = subprocess.run(
        [*cmd, str(src), str(out / builder)], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    root = out / builder
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@pytest.mark.parametrize("builder", ["html", "text", "rfcxml"])
def test_serial_and_parallel_clean_builds_are_byte_identical(source, tmp_path, builder):
    # one process does everything vs. Sphinx's -j 2 plus the parallel pre-rendering
    serial = build(source, tmp_path / "serial", builder, "1", "1", workers=1)
    parallel = build(source, tmp_path / "parallel", builder, "2", "2", workers=2)
    assert serial, "the build wrote nothing"
    assert differences(serial, parallel) == []


def test_the_html_holds_the_hostile_text_escaped(source, tmp_path):
    html = build(source, tmp_path / "out", "html", "1", "3")["hostile.html"].decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<svg onload" not in html
    assert "/etc/passwd" in html  # shown as text ...
    assert 'icon="' not in html and "background=" not in html  # ... never as an attribute
    assert "]]>" not in html.replace("]]&gt;", "")
