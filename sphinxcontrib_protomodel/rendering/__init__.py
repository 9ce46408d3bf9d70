"""Renderings of a diagram model, by format, with a content-hash cache.

``render(fmt, diagram, options)`` is the single entry point the Sphinx
visitors, the RFC writer and the command line use.  Results are cached by a
hash of everything that can change them (see :mod:`.cache`), in memory and,
once the Sphinx glue has called :func:`configure_cache`, in a directory kept
across builds, so seqdiag/blockdiag never run twice for the same diagram.
"""

from __future__ import annotations

import os
from typing import Literal

from ..kinds import KINDS
from ..model import AsciiArt, Diagram, RenderError, RenderOptions
from .cache import Failure, RenderCache
from .cache import cache_key as _cache_key

#: Bump when a renderer's output changes, to invalidate cached renderings.
RENDERER_VERSION = "4"

Format = Literal["ascii", "svg", "png", "rfc-svg"]
FORMATS = ("ascii", "svg", "png", "rfc-svg")

#: The process-wide cache; memory only until :func:`configure_cache`.
CACHE = RenderCache()


def configure_cache(directory: str | os.PathLike[str] | None, *, prune: bool = True) -> None:
    """Keep renderings in ``directory`` across builds (``None``: memory only)."""
    CACHE.configure(directory, prune=prune)


def cache_key(fmt: str, diagram: Diagram, options: RenderOptions, font: str | None) -> str:
    """The hash a rendering is stored under."""
    return _cache_key(fmt, diagram, options, font, RENDERER_VERSION)


def render(fmt: Format, diagram: Diagram, options: RenderOptions, font: str | None = None):
    """``AsciiArt`` for "ascii", SVG text for "svg"/"rfc-svg", PNG bytes for "png".

    Raises :class:`RenderError` when an engine fails; the failure is
    remembered for this process (not on disk) so the engine is not retried
    for every builder that asks.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown rendering format {fmt!r} (expected one of {', '.join(FORMATS)})")
    key = cache_key(fmt, diagram, options, font)
    hit, result = CACHE.get(key, fmt)
    if hit:
        if isinstance(result, Failure):
            raise RenderError(result.message)
        return result
    kind = KINDS[diagram.kind]
    try:
        if fmt == "ascii":
            result = kind.ascii(diagram, options)
        elif fmt == "rfc-svg":
            from .graphics.rfcsvg import to_rfc_svg

            result = to_rfc_svg(render("svg", diagram, options, font))
        else:
            from .graphics import engine

            result = engine.draw(kind.graphics(diagram, options), "SVG" if fmt == "svg" else "PNG", font)
    except RenderError as exc:
        CACHE.put(key, fmt, Failure(str(exc)), persist=False)
        raise
    CACHE.put(key, fmt, result)
    return result


__all__ = ["CACHE", "FORMATS", "RENDERER_VERSION", "AsciiArt", "cache_key", "configure_cache", "render"]
