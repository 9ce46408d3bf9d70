"""Renderings of a diagram model, by format, with a content-hash cache.

``render(fmt, diagram, options)`` is the single entry point the Sphinx
visitors, the RFC writer and the command line use.  The layout is computed
once per diagram and options (:func:`figures`) and painted in each format:
ASCII art, SVG, PNG, and the RFC 7996 SVG derived from the SVG.  With
``options.engine == "diag"`` the ladder and problem graphics come from
seqdiag/blockdiag instead (the ASCII art is always the native layout's).

Results are cached by a hash of everything that can change them (see
:mod:`.cache`), in memory and, once the Sphinx glue has called
:func:`configure_cache`, in a directory kept across builds.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, overload

from ..diagrams import AsciiArt, Diagram, RenderError, RenderOptions
from ..kinds import KINDS
from .cache import Failure, RenderCache
from .cache import cache_key as _cache_key

if TYPE_CHECKING:  # the layouts are imported when a diagram is drawn, not for a cached rendering
    from ..layout import Figures

#: Bump when a renderer's output changes, to invalidate cached renderings.
RENDERER_VERSION = "8"

Format = Literal["ascii", "svg", "png", "rfc-svg"]
FORMATS = ("ascii", "svg", "png", "rfc-svg")

#: The process-wide cache; memory only until :func:`configure_cache`.
CACHE = RenderCache()


def configure_cache(directory: str | os.PathLike[str] | None, *, prune: bool = True) -> None:
    """Keep renderings in ``directory`` across builds (``None``: memory only)."""
    CACHE.configure(directory, prune=prune)


#: (format, id(diagram), id(options), font, version) -> (diagram, options, key): models are immutable,
#: and a build asks for the key of the same objects again and again (queueing, writing, checking).
_KEYS: dict[tuple[str, int, int, str | None, str], tuple[Diagram, RenderOptions, str]] = {}


def cache_key(fmt: str, diagram: Diagram, options: RenderOptions, font: str | None) -> str:
    """The hash a rendering is stored under (the ASCII art does not depend on the engine)."""
    memo = (fmt, id(diagram), id(options), font, RENDERER_VERSION)
    known = _KEYS.get(memo)
    if known is not None and known[0] is diagram and known[1] is options:
        return known[2]
    shown = replace(options, engine="native") if fmt == "ascii" and options.engine != "native" else options
    key = _cache_key(fmt, diagram, shown, font, RENDERER_VERSION)
    if len(_KEYS) >= 8192:
        _KEYS.clear()
    _KEYS[memo] = (diagram, options, key)
    return key


def ascii_identity() -> str:
    """What an ASCII rendering depends on besides its diagram and options, as a string to compare.

    The renderer, package and code versions, as in :func:`cache_key`: facts
    recorded of ASCII art hold while this stays the same.
    """
    from .cache import code_identity

    return code_identity(RENDERER_VERSION)


@lru_cache(maxsize=64)
def figures(diagram: Diagram, options: RenderOptions) -> Figures:
    """The layout of ``diagram`` for ``options``: computed once, painted in every format."""
    return KINDS[diagram.kind].figures(diagram, options)


@overload
def render(fmt: Literal["ascii"], diagram: Diagram, options: RenderOptions, font: str | None = None) -> AsciiArt: ...
@overload
def render(
    fmt: Literal["svg", "rfc-svg"], diagram: Diagram, options: RenderOptions, font: str | None = None
) -> str: ...
@overload
def render(fmt: Literal["png"], diagram: Diagram, options: RenderOptions, font: str | None = None) -> bytes: ...
@overload
def render(
    fmt: Format, diagram: Diagram, options: RenderOptions, font: str | None = None
) -> AsciiArt | str | bytes: ...  # a format known only at run time
def render(fmt: Format, diagram: Diagram, options: RenderOptions, font: str | None = None) -> AsciiArt | str | bytes:
    """``AsciiArt`` for "ascii", SVG text for "svg"/"rfc-svg", PNG bytes for "png".

    Raises :class:`RenderError` when an engine or painter fails; the failure
    is remembered for this process (not on disk) so it is not retried for
    every builder that asks.  Raises ``ValueError`` for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown rendering format {fmt!r} (expected one of {', '.join(FORMATS)})")
    key = cache_key(fmt, diagram, options, font)
    hit, result = CACHE.get(key, fmt)
    if not hit:
        from .pool import SPOOL

        if SPOOL.wait(key):  # queued for a worker process: drawn by now
            hit, result = CACHE.get(key, fmt)
    if hit:
        if isinstance(result, Failure):
            raise RenderError(result.message)
        return result
    try:
        result = _draw(fmt, diagram, options, font)
    except RenderError as exc:
        CACHE.put(key, fmt, Failure(str(exc)), persist=False)
        raise
    CACHE.put(key, fmt, result)
    return result


def _draw(fmt: Format, diagram: Diagram, options: RenderOptions, font: str | None) -> AsciiArt | str | bytes:
    if fmt == "ascii":
        from ..paint.ascii import paint_ascii

        text = figures(diagram, options).text
        return AsciiArt(paint_ascii(text.drawing), text.degraded, text.notes)
    if fmt == "rfc-svg":
        from .rfcsvg import to_rfc_svg

        return to_rfc_svg(render("svg", diagram, options, font))
    kind = KINDS[diagram.kind]
    if options.engine == "diag" and kind.diag_source is not None:
        from ..engines import diag

        return diag.draw(kind.diag_source(diagram, options), "SVG" if fmt == "svg" else "PNG", font)
    picture = figures(diagram, options).picture.drawing
    if fmt == "svg":
        from ..paint.svg import paint_svg

        return paint_svg(picture)
    from ..paint.png import paint_png

    try:
        return paint_png(picture, font)
    except (OSError, ValueError) as exc:  # Pillow: unreadable font, image too large
        raise RenderError(f"{diagram.kind}: PNG drawing failed: {exc}") from exc


__all__ = [
    "CACHE",
    "FORMATS",
    "RENDERER_VERSION",
    "AsciiArt",
    "ascii_identity",
    "cache_key",
    "configure_cache",
    "figures",
    "render",
]
