"""Renderings of a diagram model, by format, with a content-hash cache.

``render(fmt, diagram, options)`` is the single entry point the Sphinx
visitors, the RFC writer and the command line use.  Results are cached by a
hash of everything that can change them, so seqdiag/blockdiag never run twice
for the same diagram.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Literal

from ..kinds import KINDS
from ..model import AsciiArt, Diagram, RenderOptions

#: Bump when a renderer's output changes, to invalidate cached renderings.
RENDERER_VERSION = "1"

Format = Literal["ascii", "svg", "png", "rfc-svg"]

_memory: dict[str, object] = {}


def cache_key(fmt: str, diagram: Diagram, options: RenderOptions, font: str | None) -> str:
    payload = pickle.dumps((RENDERER_VERSION, fmt, diagram, options, font), protocol=4)
    return hashlib.sha256(payload).hexdigest()


def render(fmt: Format, diagram: Diagram, options: RenderOptions, font: str | None = None):
    """``AsciiArt`` for "ascii", SVG text for "svg"/"rfc-svg", PNG bytes for "png"."""
    key = cache_key(fmt, diagram, options, font)
    if key in _memory:
        return _memory[key]
    kind = KINDS[diagram.kind]
    if fmt == "ascii":
        result: object = kind.ascii(diagram, options)
    elif fmt == "rfc-svg":
        from .graphics.rfcsvg import to_rfc_svg

        result = to_rfc_svg(render("svg", diagram, options, font))
    else:
        from .graphics.engine import draw

        result = draw(kind.graphics(diagram, options), "SVG" if fmt == "svg" else "PNG", font)
    _memory[key] = result
    return result


__all__ = ["RENDERER_VERSION", "AsciiArt", "cache_key", "render"]
