"""State machine -> SVG or PNG, drawn from the same layout as the ASCII art.

Why not blockdiag, as for the other diagrams: blockdiag lays a graph out on
a grid of its own, routes back edges into the *top* of their target over
other edges, and cuts edge labels to the width of a node ("rcv Re que ...").
On the DCCP and TCP machines the picture was unreadable.  The layered
layout of :mod:`..ascii.statemachine_layout` already solves the hard part
(no label overlaps anything, back edges climb beside the boxes), so this
module scales its character cells to pixels and draws boxes, polylines,
arrowheads and text.

Text is monospace and every line gets the cells the layout gave it, so it
fits whatever the font: a monospace glyph is about 0.6 em wide and a cell is
8 px for 12 px text.  User text only ever appears XML-escaped as character
data, never inside markup or attributes other than plain coordinates.

``statemachine_source`` returns a :class:`StateMachineDrawing`, which
:func:`.engine.draw` asks to draw itself instead of running an engine.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ...model import RenderError, RenderOptions, StateMachine
from ..ascii.canvas import cell_width
from ..ascii.statemachine import descriptions
from ..ascii.statemachine_layout import BoxGeom, EdgeGeom, Layout, LayoutSearch

#: Pixels per character cell (SVG user units = CSS pixels).
CELL_W = 8
CELL_H = 15
FONT_SIZE = 12
MARGIN = 8
ARROW = 8  # length of an arrowhead
#: Widths tried when the ASCII width is too narrow for a diagram.
_WIDER = (100, 140, 200, 280, 400)

_MONO_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/Library/Fonts/Courier New.ttf",
    "/System/Library/Fonts/Menlo.ttc",
    "C:/Windows/Fonts/consola.ttf",
)


def statemachine_source(sm: StateMachine, options: RenderOptions) -> StateMachineDrawing:
    """What :func:`.engine.draw` draws for a state machine."""
    return StateMachineDrawing(sm, options)


@dataclass(frozen=True)
class StateMachineDrawing:
    """A state machine to be drawn by this module rather than by an engine."""

    sm: StateMachine
    options: RenderOptions

    def draw(self, fmt: str = "SVG", font: str | None = None) -> str | bytes:
        """SVG text (``fmt="SVG"``) or PNG bytes; failures become :class:`RenderError`."""
        geometry = graphics_layout(self.sm, self.options)
        notes = descriptions(self.sm, max(geometry.width, 40))
        if fmt == "SVG":
            return to_svg(geometry, notes)
        try:
            return to_png(geometry, notes, font)
        except (OSError, ValueError) as exc:  # Pillow: unreadable font, image too large
            raise RenderError(f"statemachine: PNG drawing failed: {exc}") from exc


def graphics_layout(sm: StateMachine, options: RenderOptions) -> Layout:
    """The ASCII layout when it fits ``options.width``; else the narrowest wider one."""
    search = LayoutSearch(sm)
    for width in (options.width, *(w for w in _WIDER if w > options.width), 1_000_000):
        geometry = search.fit(width)
        if geometry is not None:
            return geometry
    raise RenderError("statemachine: no layout found")  # pragma: no cover - an unbounded width always fits


# ------------------------------------------------------------------ geometry


def _cx(col: float) -> float:
    return MARGIN + (col + 0.5) * CELL_W


def _cy(row: float) -> float:
    return MARGIN + (row + 0.5) * CELL_H


@dataclass(frozen=True)
class _Path:
    points: tuple[tuple[float, float], ...]
    head: tuple[tuple[float, float], ...]  # arrowhead triangle
    dot: tuple[float, float] | None = None  # the initial marker


def _edge_path(edge: EdgeGeom) -> _Path:
    """Pixel polyline of an edge; the arrow tip touches the box border."""
    cells = list(edge.points)
    (xa, ya), (xb, yb) = cells[-2], cells[-1]
    dx, dy = (xb > xa) - (xb < xa), (yb > ya) - (yb < ya)
    tip = (_cx(xb + dx), _cy(yb + dy))
    pts = [(_cx(x), _cy(y)) for x, y in cells[:-1]]
    pts.append(tip)
    back = (tip[0] - dx * ARROW, tip[1] - dy * ARROW)
    half = ARROW / 2
    head = (tip, (back[0] - dy * half, back[1] - dx * half), (back[0] + dy * half, back[1] + dx * half))
    pts[-1] = back  # the line stops where the arrowhead starts
    dot = pts[0] if edge.initial else None
    return _Path(tuple(pts), head, dot)


def _size(geometry: Layout, notes: list[str]) -> tuple[float, float]:
    note_width = max((cell_width(n) for n in notes), default=0)
    cols = max(geometry.width, note_width)
    rows = geometry.height + (len(notes) + 1 if notes else 0)
    return 2 * MARGIN + cols * CELL_W, 2 * MARGIN + rows * CELL_H


def _text_rows(geometry: Layout, notes: list[str]):
    """(x, y, text, anchor) of every text line, in pixels; y is the baseline."""
    baseline = 0.35 * FONT_SIZE
    for box in geometry.boxes:
        centre = MARGIN + (box.x + box.width / 2) * CELL_W
        first = box.y + (box.height - 1) / 2 - (len(box.lines) - 1) / 2  # centred in the box
        for k, line in enumerate(box.lines):
            yield centre, _cy(first + k) + baseline, line, "middle"
    for edge in geometry.edges:
        if edge.label is not None:
            for k, line in enumerate(edge.label.lines):
                yield MARGIN + edge.label.x * CELL_W, _cy(edge.label.y + k) + baseline, line, "start"
    for k, line in enumerate(notes):
        yield MARGIN, _cy(geometry.height + 1 + k) + baseline, line, "start"


def _box_rects(box: BoxGeom) -> list[tuple[float, float, float, float]]:
    x, y = _cx(box.x), _cy(box.y)
    w, h = (box.width - 1) * CELL_W, (box.height - 1) * CELL_H
    rects = [(x, y, w, h)]
    if box.final:
        rects.append((x + 3, y + 3, w - 6, h - 6))
    return rects


# ------------------------------------------------------------------ SVG


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def to_svg(geometry: Layout, notes: list[str] | None = None) -> str:
    """The layout as a self-contained SVG document (black on white)."""
    notes = notes or []
    width, height = _size(geometry, notes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}">',
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="white" stroke="none"/>',
    ]
    for box in geometry.boxes:
        for x, y, w, h in _box_rects(box):
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="4" ry="4" '
                'fill="white" stroke="black" stroke-width="1.2"/>'
            )
    for edge in geometry.edges:
        path = _edge_path(edge)
        d = "M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in path.points)
        out.append(f'<path d="{d}" fill="none" stroke="black" stroke-width="1.2" stroke-linejoin="round"/>')
        head = " ".join(f"{_num(x)},{_num(y)}" for x, y in path.head)
        out.append(f'<polygon points="{head}" fill="black" stroke="black" stroke-width="1"/>')
        if path.dot is not None:
            x, y = path.dot
            out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="black" stroke="black"/>')
    for x, y, text, anchor in _text_rows(geometry, notes):
        out.append(
            f'<text x="{_num(x)}" y="{_num(y)}" font-family="monospace" font-size="{FONT_SIZE}" '
            f'text-anchor="{anchor}" fill="black">{escape(text, quote=False)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


# ------------------------------------------------------------------ PNG


def _mono_font(configured: str | None) -> str | None:
    """The font for PNG text: the configured one (its Mono sibling if there is one), else a monospace one.

    A configured font is kept even when proportional (it may be there for
    its glyphs, e.g. CJK); lines that would overflow their cells shrink.
    """
    if configured and Path(configured).is_file():  # a missing one is ignored, as for blockdiag
        path = Path(configured)
        sibling = path.with_name(path.stem + "Mono" + path.suffix)
        return str(sibling) if sibling.is_file() else configured
    return next((c for c in _MONO_FONTS if Path(c).is_file()), None)


def to_png(geometry: Layout, notes: list[str] | None = None, font: str | None = None, scale: int = 2) -> bytes:
    """The layout as PNG bytes, drawn with Pillow at ``scale`` times the SVG size."""
    from PIL import Image, ImageDraw, ImageFont

    notes = notes or []
    width, height = _size(geometry, notes)
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    pen = ImageDraw.Draw(image)
    s = float(scale)

    def sc(points):
        return [(x * s, y * s) for x, y in points]

    for box in geometry.boxes:
        for x, y, w, h in _box_rects(box):
            pen.rounded_rectangle((x * s, y * s, (x + w) * s, (y + h) * s), radius=4 * s, outline="black", width=2)
    for edge in geometry.edges:
        path = _edge_path(edge)
        pen.line(sc(path.points), fill="black", width=2, joint="curve")
        pen.polygon(sc(path.head), fill="black")
        if path.dot is not None:
            x, y = path.dot
            pen.ellipse(((x - 4) * s, (y - 4) * s, (x + 4) * s, (y + 4) * s), fill="black")
    font_path = _mono_font(font)
    size = round(FONT_SIZE * s)

    def face(px: int):
        if font_path:
            return ImageFont.truetype(font_path, px)
        return ImageFont.load_default(px)

    base = face(size)
    for x, y, text, anchor in _text_rows(geometry, notes):
        budget = cell_width(text) * CELL_W * s
        current, px = base, size
        while px > 6 and current.getlength(text) > budget:
            px -= 1
            current = face(px)
        pen.text((x * s, y * s), text, fill="black", font=current, anchor="ms" if anchor == "middle" else "ls")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()


__all__ = ["StateMachineDrawing", "graphics_layout", "statemachine_source", "to_png", "to_svg"]
