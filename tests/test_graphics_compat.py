"""The seqdiag/blockdiag adapter, proven under the conditions it exists for.

Each case runs in a fresh interpreter so that no earlier import (or a real
``pkg_resources``) can hide a missing piece.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import PIL
import pytest

RENDER_BOTH = textwrap.dedent(
    """
    import sys
    from PIL import Image, ImageDraw, ImageFont
    before = (hasattr(Image, "ANTIALIAS"), hasattr(ImageDraw.ImageDraw, "textsize"),
              hasattr(ImageFont.FreeTypeFont, "getsize"))
    from sphinxcontrib_protomodel.engines.diag import Source, draw
    seq = Source("seqdiag", ['a [label = "t0"];', 'b [label = "t1"];', 'a -> b [label = "t2"];'],
                 {"t0": "Client", "t1": "Server", "t2": "Hello"})
    svg = draw(seq, "SVG")
    png = draw(seq, "PNG")
    block = Source("blockdiag", ['a [label = "t0"];', 'b [label = "t1"];', 'a -> b;'],
                   {"t0": "NAT", "t1": "STUN server"})
    bsvg = draw(block, "SVG")
    bpng = draw(block, "PNG")
    assert "Hello" in svg and "STUN server" in bsvg, (svg, bsvg)
    assert png.startswith(b"\\x89PNG") and bpng.startswith(b"\\x89PNG")
    leaked = sys.modules.get("pkg_resources")
    assert leaked is None or hasattr(leaked, "__file__"), "the shim must not leak"
    print("before", before)
    """
)

BLOCK_SETUPTOOLS = textwrap.dedent(
    """
    import importlib.abc, sys
    class NoSetuptools(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("setuptools", "pkg_resources"):
                raise ImportError(f"{name} is not installed")
    sys.meta_path.insert(0, NoSetuptools())
    """
)


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_pillow_is_one_that_removed_the_old_apis():
    # The point of the adapter: today's Pillow, not a pin below 10.
    assert int(PIL.__version__.split(".")[0]) >= 10
    from PIL import Image, ImageDraw

    result = run(
        "from PIL import Image, ImageDraw; print(hasattr(Image, 'ANTIALIAS'), hasattr(ImageDraw.ImageDraw, 'textsize'))"
    )
    assert result.stdout.split() == ["False", "False"], "Pillow still has the removed APIs"
    assert Image and ImageDraw


def test_renders_without_setuptools_at_all():
    result = run(BLOCK_SETUPTOOLS + RENDER_BOTH)
    assert result.returncode == 0, result.stderr
    assert "before (False, False, False)" in result.stdout


def test_renders_with_the_installed_setuptools():
    setuptools = pytest.importorskip("setuptools")
    major = int(setuptools.__version__.split(".")[0])
    has_pkg_resources = run("import pkg_resources").returncode == 0
    # setuptools >= 82 ships no pkg_resources; older ones do and are used as they are.
    assert has_pkg_resources == (major < 82)
    result = run(RENDER_BOTH)
    assert result.returncode == 0, result.stderr
