"""The one place that makes seqdiag/blockdiag 3.0.0 run on today's Python.

Both packages are unmaintained.  They call Pillow APIs removed in Pillow 10
(``ImageDraw.textsize``, ``FreeTypeFont.getsize``, ``Image.ANTIALIAS``) and
import ``pkg_resources``, which setuptools >= 82 no longer ships and which
Python >= 3.12 venvs lack entirely.  This adapter only *adds* what is
missing: with an old Pillow or setuptools it changes nothing.

Everything else in the project imports blockdiag/seqdiag through
:func:`load`, never directly, so the workaround lives here and nowhere else.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import threading
import types
from functools import cache
from pathlib import Path

_lock = threading.Lock()

#: Fonts tried, in order, when the user configures none.  A real TrueType
#: font makes blockdiag measure text as the browser will draw it.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def _patch_pillow() -> None:
    from PIL import Image, ImageDraw, ImageFont

    if not hasattr(Image, "ANTIALIAS"):
        Image.ANTIALIAS = Image.Resampling.LANCZOS

    if not hasattr(ImageFont.FreeTypeFont, "getsize"):

        def getsize(self, text, *args, **kwargs):
            _, _, right, bottom = self.getbbox(text, *args, **kwargs)
            return right, bottom

        ImageFont.FreeTypeFont.getsize = getsize

    if not hasattr(ImageDraw.ImageDraw, "textsize"):

        def textsize(self, text, font=None, *args, **kwargs):
            left, top, right, bottom = self.textbbox((0, 0), text, font=font)
            return right - left, bottom - top

        ImageDraw.ImageDraw.textsize = textsize


class _EntryPoint:
    """What blockdiag uses of a ``pkg_resources.EntryPoint``."""

    def __init__(self, ep: importlib.metadata.EntryPoint) -> None:
        self._ep = ep
        self.name = ep.name
        self.module_name = ep.value.split(":", 1)[0]

    def load(self):
        return self._ep.load()


@cache
def _entry_points(group: str) -> tuple[_EntryPoint, ...]:
    """blockdiag looks plugins up on every drawing; scanning the installed
    distributions each time costs more than the drawing itself."""
    return tuple(_EntryPoint(ep) for ep in importlib.metadata.entry_points(group=group))


def _pkg_resources_shim() -> types.ModuleType:
    shim = types.ModuleType("pkg_resources")

    def iter_entry_points(group: str, name: str | None = None):
        for ep in _entry_points(group):
            if name is None or ep.name == name:
                yield ep

    shim.iter_entry_points = iter_entry_points
    return shim


def _import_with_shim(modules: tuple[str, ...]) -> None:
    """Import ``modules``; lend them a ``pkg_resources`` shim if none exists.

    The shim is removed from ``sys.modules`` afterwards, so no other package
    mistakes it for the real setuptools module.
    """
    try:
        import pkg_resources  # noqa: F401
    except ImportError:
        sys.modules["pkg_resources"] = _pkg_resources_shim()
        try:
            for name in modules:
                importlib.import_module(name)
        finally:
            del sys.modules["pkg_resources"]
    else:  # a real setuptools < 82: nothing to lend
        for name in modules:
            importlib.import_module(name)


_MODULES = {
    "blockdiag": (
        "blockdiag.imagedraw",
        "blockdiag.noderenderer",
        "blockdiag.plugins",
        "blockdiag.parser",
        "blockdiag.builder",
        "blockdiag.drawer",
        "blockdiag.utils.fontmap",
    ),
    "seqdiag": ("seqdiag.parser", "seqdiag.builder", "seqdiag.drawer"),
}


def _splitlabel(string: str):
    """blockdiag's ``splitlabel`` without its yen-sign rule.

    blockdiag reads a yen sign as a backslash (for Japanese keyboards), so
    ``¥`` in a label became an escape character; the author's ``¥`` must be
    drawn as ``¥``.  Everything else is unchanged: the text is stripped,
    ``\\\\`` is one backslash, ``\\n`` a line break.
    """
    string = string.strip()
    string = string.replace("\\\\", "\x00").replace("\\n", "\n")
    for line in string.split("\n"):
        yield line.replace("\x00", "\\").strip()


def _patch_blockdiag() -> None:
    textfolder = importlib.import_module("blockdiag.imagedraw.textfolder")
    textfolder.splitlabel = _splitlabel


@cache
def load(package: str) -> types.SimpleNamespace:
    """``package``'s parser, builder, drawer and FontMap, ready to use."""
    with _lock:
        _patch_pillow()
        _import_with_shim(_MODULES["blockdiag"] + (_MODULES["seqdiag"] if package == "seqdiag" else ()))
        _patch_blockdiag()
    return types.SimpleNamespace(
        parser=sys.modules[f"{package}.parser"],
        builder=sys.modules[f"{package}.builder"],
        drawer=sys.modules[f"{package}.drawer"],
        FontMap=sys.modules["blockdiag.utils.fontmap"].FontMap,
    )


def find_font(configured: str | None = None) -> str | None:
    """The TrueType font to measure and draw with, or ``None`` for blockdiag's own."""
    if configured:
        return configured if Path(configured).is_file() else None
    return next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)
