"""Run seqdiag/blockdiag on source we generate, with user text kept out of it.

User text never enters the generated source: every label is a placeholder
(``"t0"``, ``"t1"``...) and the real text is put into the built diagram
objects after parsing.  So no label can ever become seqdiag/blockdiag syntax
(attributes such as ``background`` or ``icon`` that read files or URLs can't
be injected), and nothing needs escaping for their quirky string rules.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Protocol

from ...model import RenderError
from .compat import find_font, load

#: seqdiag/blockdiag keep defaults in class attributes: one diagram at a time.
_lock = threading.Lock()

_LABEL_ATTRS = ("label", "leftnote", "rightnote", "return_label")
_PROLOGUE = re.compile(r"\A<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?")


@dataclass
class Source:
    """Generated diagram source plus the texts its placeholders stand for."""

    package: str  # "seqdiag" or "blockdiag"
    lines: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def text(self, value: str) -> str:
        """A quoted placeholder for ``value``, safe to put in the source."""
        key = f"t{len(self.texts)}"
        self.texts[key] = value
        return f'"{key}"'

    def add(self, line: str) -> None:
        self.lines.append(line)


def _elements(diagram):
    """Every labelled element once, nodes and edges inside groups included.

    Once only: a substituted label may itself look like a placeholder.
    """
    seen: set[int] = set()
    sources = [getattr(diagram, attr, ()) for attr in ("nodes", "edges", "separators", "altblocks")]
    sources += [getattr(diagram, attr, lambda: ())() for attr in ("traverse_nodes", "traverse_edges")]
    for source in sources:
        for element in source:
            if id(element) not in seen:
                seen.add(id(element))
                yield element


class Drawing(Protocol):
    """A diagram drawn by the project's own writer instead of an engine.

    The state machine is drawn from its ASCII layout, which blockdiag's grid
    cannot reproduce (see ``graphics/statemachine.py``).
    """

    def draw(self, fmt: str, font: str | None) -> str | bytes: ...


def draw(source: Source | Drawing, fmt: str = "SVG", font: str | None = None) -> str | bytes:
    """Draw ``source`` as an SVG string or as PNG bytes."""
    if not isinstance(source, Source):
        return source.draw(fmt, font)
    package = source.package
    lib = load(package)
    code = package + " {\n" + "\n".join(source.lines) + "\n}\n"
    fontmap = lib.FontMap()
    path = find_font(font)
    if path:
        fontmap.set_default_font(path)
    with _lock:
        try:
            tree = lib.parser.parse_string(code)
            diagram = lib.builder.ScreenNodeBuilder.build(tree)
            for element in _elements(diagram):
                for attr in _LABEL_ATTRS:
                    value = getattr(element, attr, None)
                    if isinstance(value, str) and value in source.texts:
                        setattr(element, attr, source.texts[value])
            for block in getattr(diagram, "altblocks", ()):
                # seqdiag titles a fragment with its keyword; show the group label.
                block.type = source.texts.get(block.id, block.type)
            if fmt == "SVG":
                drawer = lib.drawer.DiagramDraw("SVG", diagram, None, fontmap=fontmap)
                drawer.draw()
                return _PROLOGUE.sub("", drawer.save())
            # No file name: blockdiag saves the PNG to memory and returns the bytes.
            drawer = lib.drawer.DiagramDraw("PNG", diagram, None, fontmap=fontmap, antialias=True)
            drawer.draw()
            return drawer.save()
        except Exception as exc:  # the engines raise bare exceptions of every kind
            raise RenderError(f"{package} failed: {exc}") from exc
