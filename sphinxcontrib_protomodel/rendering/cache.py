"""The rendering cache: memory first, then an optional directory on disk.

A working group's repository holds hundreds of diagrams and is rebuilt on
every push and every preview; seqdiag/blockdiag take tens of milliseconds per
diagram, so each rendering is stored under a hash of everything that can
change it (see :func:`cache_key`) and reused across documents, builders and
builds.

Safe under ``sphinx-build -j``: Sphinx forks worker processes that share the
directory, so an entry is written to a temporary file in the same directory
and moved into place with :func:`os.replace`; a reader sees the whole entry
or none.  Every entry read is checked whole before use (:func:`_decode`); one
that is damaged counts as a miss, logged at debug level, and is rewritten.  Without a
directory (the command line, tests) the cache lives in memory only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib
import json
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

from ..diagrams import AsciiArt

logger = logging.getLogger(__name__)

#: What :meth:`RenderCache.get` finds when an entry is absent or damaged.
_MISS = object()

#: Formats and how their entries are stored on disk.
EXTENSIONS = {"ascii": ".json", "svg": ".svg", "rfc-svg": ".svg", "png": ".png"}

#: Memory kept by rendered entries in one process (an LRU beyond it).
MEMORY_LIMIT = 128 * 1024 * 1024

#: Entries on disk not used for this long are removed when a build starts, at most once a day.
MAX_AGE_SECONDS = 30 * 24 * 3600
PRUNE_INTERVAL_SECONDS = 24 * 3600
#: The file whose time says when the directory was last pruned.
PRUNED_MARK = ".pruned"


# ------------------------------------------------------------------ keys


class _Close:
    """Marks the end of a container in :func:`canonical`'s work stack."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def canonical(value: Any) -> str:
    """A text that equals for equal models and differs for different ones.

    ``pickle`` is no good here: its bytes depend on which strings happen to
    be the same object.  The walk is iterative, so that a deeply nested model
    (thousands of groups) cannot raise RecursionError.
    """
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Close):
            out.append(item.text)
        elif item is None or isinstance(item, (str, bool, int, float)):
            out.append(repr(item))
            out.append(",")
        elif isinstance(item, (tuple, list)):
            out.append("(")
            stack.append(_Close("),"))
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append("{")
            stack.append(_Close("},"))
            for k in sorted(item, key=repr, reverse=True):
                stack.append(item[k])
                stack.append(k)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            out.append(f"{type(item).__qualname__}(")
            stack.append(_Close("),"))
            for f in reversed(dataclasses.fields(item)):
                stack.append(getattr(item, f.name))
                stack.append(_Close(f"{f.name}="))
        else:
            raise TypeError(f"cannot key a {type(item).__name__} for the rendering cache")
    return "".join(out)


@cache
def _distribution_versions() -> tuple[tuple[str, str], ...]:
    """Versions of the ``diag`` engines, whose output we embed (a new Pillow measures text anew).

    Looked up in the installed distributions' metadata (tens of milliseconds),
    so only when a diagram asks for that engine.
    """
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("seqdiag", "blockdiag", "pillow"):
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, ""))
    return tuple(found)


def model_text(value: Any) -> str:
    """:func:`canonical` text of a model, fast.

    A dataclass ``repr`` names the class and every field (strings quoted and
    escaped), so equal models give equal texts whatever object identity;
    ``tests/test_cache.py`` checks that every model field is in the repr.
    Only a model nested too deeply for ``repr`` takes the slower walk.
    """
    try:
        return repr(value)
    except RecursionError:
        return canonical(value)


@cache
def font_identity(font: str | None) -> tuple[str, int, int] | None:
    """The font file a graphics rendering will use, with its size and mtime.

    Resolving the configured font (or the system default) means that
    installing a different font invalidates graphics but not ASCII entries.
    Looked up once per process: a font does not change during a build.
    """
    from ..fonts import find_font

    path = find_font(font)
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, st.st_size, st.st_mtime_ns)


@cache
def code_fingerprint() -> str:
    """Size and mtime of every module of the package.

    RENDERER_VERSION and the package version change with releases; this
    changes with every edit, so a developer who changes a renderer never
    sees a stale cached rendering.  Only ``stat`` calls, once per process.
    """
    root = str(Path(__file__).resolve().parent.parent)
    modules: list[tuple[str, int, int]] = []
    folders = [root]
    while folders:  # os.scandir, not Path.rglob: a quarter of the time, and every build pays it
        with contextlib.suppress(OSError), os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        st = entry.stat()
                        modules.append(
                            (os.path.relpath(entry.path, root).replace(os.sep, "/"), st.st_size, st.st_mtime_ns)
                        )
    digest = hashlib.sha256()
    for name, size, mtime in sorted(modules):
        digest.update(f"{name}:{size}:{mtime};".encode())
    return digest.hexdigest()


@cache
def _library_version(module: str) -> str:
    """The version of a library our own painters use (``PIL``, ``lxml.etree``: imported anyway to paint)."""
    return str(importlib.import_module(module).__version__)


def _dependencies(fmt: str, options: Any, font: str | None) -> tuple[Any, ...]:
    """What outside this package can change a rendering in ``fmt``.

    ASCII art: nothing.  The ``diag`` engine: seqdiag, blockdiag, Pillow and
    the font.  Our PNG: Pillow and the font.  Our SVG (and the RFC SVG made
    from it): lxml, which writes it; its text sits in cells, whatever the font.
    """
    if fmt == "ascii":
        return ()
    if getattr(options, "engine", "native") == "diag":
        return (_distribution_versions(), font_identity(font))
    if fmt == "png":
        return (_library_version("PIL"), font_identity(font))
    return (_library_version("lxml.etree"),)


def code_identity(renderer_version: str) -> str:
    """The renderers as a string to compare: ``renderer_version``, the package's version and its code."""
    from .. import __version__

    return f"{renderer_version}:{__version__}:{code_fingerprint()}"


def cache_key(fmt: str, diagram: Any, options: Any, font: str | None, renderer_version: str) -> str:
    """SHA-256 over everything that can change a rendering of ``diagram``."""
    context = (code_identity(renderer_version), fmt, _dependencies(fmt, options, font))
    text = "\0".join((repr(context), model_text(diagram), model_text(options)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: a reader sees all of it or none.

    Safe for processes sharing the directory (``sphinx-build -j``, workers,
    two builds).  Raises ``OSError`` (a full or read-only disk); no
    temporary file is left behind.
    """
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_json(path: Path) -> Any:
    """What the JSON file ``path`` holds; ``None`` if it cannot be read or parsed (check the shape)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- encoding


def _encode(fmt: str, value: Any) -> bytes:
    if fmt == "ascii":
        # every field, so that a field added to AsciiArt later survives the disk
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
    if fmt == "png":
        return value
    return value.encode("utf-8", "surrogatepass")


def _decode(fmt: str, data: bytes) -> Any:
    """The value an entry holds, checked whole; raises ``ValueError`` for anything else.

    A cache file may be cut short by a full disk or a killed build, be left
    by another version, or be edited by hand, so nothing is trusted: ASCII
    entries must have exactly the fields of :class:`AsciiArt` with their
    types, SVG entries must parse as XML with an ``svg`` root, PNG entries
    must pass Pillow's chunk-by-chunk check (CRCs up to ``IEND``).
    """
    if fmt == "ascii":
        raw = json.loads(data.decode("utf-8", "surrogatepass"))
        if not isinstance(raw, dict) or {f.name for f in dataclasses.fields(AsciiArt)} != set(raw):
            raise ValueError("an entry of another AsciiArt")
        notes = raw["notes"]
        if (
            not isinstance(raw["text"], str)
            or not (raw["degraded"] is None or isinstance(raw["degraded"], str))
            or not isinstance(notes, list)
            or not all(isinstance(n, str) for n in notes)
        ):
            raise ValueError("an AsciiArt entry with a field of the wrong type")
        return AsciiArt(text=raw["text"], degraded=raw["degraded"], notes=tuple(notes))
    if fmt == "png":
        _check_png(data)
        return data
    text = data.decode("utf-8", "surrogatepass")
    _check_svg(data)
    return text


def _check_svg(data: bytes) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from None
    if etree.QName(root).localname != "svg":
        raise ValueError("not an SVG document")


def _check_png(data: bytes) -> None:
    import io

    from PIL import Image

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("not a PNG")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception as exc:  # Pillow raises SyntaxError, OSError, struct.error, ...
        raise ValueError(f"a damaged PNG: {exc}") from None


@dataclasses.dataclass(frozen=True)
class Failure:
    """A rendering that failed: remembered in memory, never written to disk."""

    message: str


def _size(value: Any) -> int:
    if isinstance(value, AsciiArt):
        return len(value.text) + 64
    if isinstance(value, (str, bytes)):
        return len(value) + 64
    return 256


# ------------------------------------------------------------------- cache


@dataclasses.dataclass
class Stats:
    """What the cache did in this process: tests and the benchmark read it."""

    memory_hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    writes: int = 0
    write_errors: int = 0


class RenderCache:
    """Memory LRU in front of an optional directory of entries."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Any] = OrderedDict()
        self._bytes = 0
        self.stats = Stats()
        self.directory: Path | None = None
        self.configure(directory)

    # -- set-up

    def configure(self, directory: str | os.PathLike[str] | None, *, prune: bool = False) -> None:
        """Use ``directory`` for entries from now on (``None``: memory only)."""
        if directory is None:
            self.directory = None
            return
        path = Path(directory)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.directory = None  # a read-only tree: the build still works, uncached
            return
        self.directory = path
        if prune and self._prune_due():
            self.prune()
            with contextlib.suppress(OSError):
                (path / PRUNED_MARK).touch()

    def _prune_due(self) -> bool:
        """Whether the directory was last pruned longer ago than a day (looking costs a stat per entry)."""
        assert self.directory is not None
        try:
            return time.time() - (self.directory / PRUNED_MARK).stat().st_mtime > PRUNE_INTERVAL_SECONDS
        except OSError:
            return True

    def prune(self, max_age: float = MAX_AGE_SECONDS) -> int:
        """Remove entries unused for ``max_age`` seconds and stray temp files."""
        if self.directory is None:
            return 0
        removed = 0
        now = time.time()
        for entry in self.directory.iterdir():
            try:
                st = entry.stat()
                stale_tmp = entry.name.startswith(".tmp-") and now - st.st_mtime > 3600
                if stale_tmp or (entry.suffix in (".json", ".svg", ".png") and now - st.st_mtime > max_age):
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def clear_memory(self) -> None:
        """Forget what this process holds (as a new ``sphinx-build`` would)."""
        with self._lock:
            self._memory.clear()
            self._bytes = 0

    # -- entries

    def _path(self, key: str, fmt: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"{key}{EXTENSIONS[fmt]}"

    def get(self, key: str, fmt: str) -> tuple[bool, Any]:
        """``(True, value)`` on a hit, ``(False, None)`` on a miss."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                self.stats.memory_hits += 1
                return True, self._memory[key]
        path = self._path(key, fmt)
        if path is not None:
            try:
                data = path.read_bytes()
            except OSError:
                data = None  # no entry (the common miss) or an unreadable one
            value = _MISS
            if data is not None:
                try:
                    value = _decode(fmt, data)
                except Exception as exc:  # any damage at all is a miss, never an error
                    logger.debug("protomodel cache: ignoring the damaged entry %s: %s", path, exc)
            if value is not _MISS:
                with contextlib.suppress(OSError):
                    os.utime(path)  # recently used: kept by prune()
                self._remember(key, value)
                with self._lock:
                    self.stats.disk_hits += 1
                return True, value
        with self._lock:
            self.stats.misses += 1
        return False, None

    def put(self, key: str, fmt: str, value: Any, *, persist: bool = True) -> None:
        """Store ``value``; on disk too unless ``persist`` is false (failures)."""
        self._remember(key, value)
        path = self._path(key, fmt)
        if path is None or not persist:
            return
        try:
            write_atomically(path, _encode(fmt, value))
        except OSError:
            self.stats.write_errors += 1  # a full or read-only disk: memory still serves
        else:
            self.stats.writes += 1

    def _remember(self, key: str, value: Any) -> None:
        size = _size(value)
        with self._lock:
            if key in self._memory:
                return
            self._memory[key] = value
            self._bytes += size
            while self._bytes > MEMORY_LIMIT and len(self._memory) > 1:
                _, old = self._memory.popitem(last=False)
                self._bytes -= _size(old)


__all__ = [
    "Failure",
    "RenderCache",
    "Stats",
    "cache_key",
    "canonical",
    "code_fingerprint",
    "font_identity",
    "model_text",
]
