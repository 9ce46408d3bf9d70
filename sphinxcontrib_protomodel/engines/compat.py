"""The one place that makes seqdiag/blockdiag 3.0.0 run on today's Python.

Both packages are unmaintained.  They call Pillow APIs removed in Pillow 10
(``ImageDraw.textsize``, ``FreeTypeFont.getsize``, ``Image.ANTIALIAS``) and
import ``pkg_resources``, which setuptools >= 82 no longer ships and which
Python >= 3.12 venvs lack entirely.  This adapter only *adds* what is
missing: with an old Pillow or setuptools it changes nothing.

Everything else in the project imports blockdiag/seqdiag through
:func:`load`, never directly, and runs them inside :func:`patched_pillow`,
so the workaround lives here and nowhere else.  Nothing imports this module
unless a diagram asks for the ``diag`` engine.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import sys
import threading
import types
from collections.abc import Iterator
from functools import cache

_lock = threading.Lock()


def _getsize(self, text, *args, **kwargs):
    _, _, right, bottom = self.getbbox(text, *args, **kwargs)
    return right, bottom


def _textsize(self, text, font=None, *args, **kwargs):
    left, top, right, bottom = self.textbbox((0, 0), text, font=font)
    return right - left, bottom - top


@contextlib.contextmanager
def patched_pillow() -> Iterator[None]:
    """Lend Pillow the APIs the engines call, for the time they run.

    Only what is missing is added, and it is taken away again afterwards, so
    no other extension in the Sphinx process ever sees a patched Pillow.
    Callers hold the engines' lock (one diagram at a time).
    """
    from PIL import Image, ImageDraw, ImageFont

    wanted = (
        (Image, "ANTIALIAS", Image.Resampling.LANCZOS),
        (ImageFont.FreeTypeFont, "getsize", _getsize),
        (ImageDraw.ImageDraw, "textsize", _textsize),
    )
    added = []
    for owner, name, value in wanted:
        if not hasattr(owner, name):
            setattr(owner, name, value)
            added.append((owner, name))
    try:
        yield
    finally:
        for owner, name in added:
            delattr(owner, name)


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

    setattr(shim, "iter_entry_points", iter_entry_points)  # noqa: B010 (a module built at run time)
    return shim


def _import_with_shim(modules: tuple[str, ...]) -> None:
    """Import ``modules``; lend them a ``pkg_resources`` shim if none exists.

    The shim is removed from ``sys.modules`` afterwards, so no other package
    mistakes it for the real setuptools module.
    """
    try:
        import pkg_resources  # type: ignore[import-not-found]  # noqa: F401 (setuptools < 82 only)
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
    setattr(textfolder, "splitlabel", _splitlabel)  # noqa: B010 (blockdiag's module, untyped)


@cache
def load(package: str) -> types.SimpleNamespace:
    """``package``'s parser, builder, drawer and FontMap, ready to use."""
    with _lock:
        _import_with_shim(_MODULES["blockdiag"] + (_MODULES["seqdiag"] if package == "seqdiag" else ()))
        _patch_blockdiag()
    return types.SimpleNamespace(
        parser=sys.modules[f"{package}.parser"],
        builder=sys.modules[f"{package}.builder"],
        drawer=sys.modules[f"{package}.drawer"],
        FontMap=sys.modules["blockdiag.utils.fontmap"].FontMap,
    )
