"""A drawing in pixels: the shapes the SVG and PNG painters both draw.

A cell is :data:`CELL_W` x :data:`CELL_H` pixels (SVG user units, CSS pixels)
and text is set in a monospace face at :data:`FONT_SIZE`, whose glyphs (about
0.6 em, 7.2 px) fit a cell in every common monospace font; a wide character
gets two cells, as in the ASCII art.  So no text needs stretching to fit
(no ``textLength``), whatever monospace face the reader's browser picks.

Lines run through cell centres.  An end that *reaches* goes on to the centre
of the next cell (a lifeline, a box border), so arrowheads touch what they
point at.  Where two lines cross, the one drawn through gets a paper-coloured
halo, so the other is visibly broken there: a crossing never reads as a turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ..drawing import Box, Drawing, Frame, Line, stays_on_top

#: Pixels per cell, text size and the margin around the figure.
CELL_W = 8
CELL_H = 15
FONT_SIZE = 12
MARGIN = 8
#: Arrowhead length and half width.
HEAD_LEN = 8
HEAD_HALF = 4
CORNER_RADIUS = 4
STROKE = 1.2
DASHES = {"dashed": (6.0, 4.0), "dotted": (2.5, 3.0)}

PxPoint = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    radius: float = 3.0
    fill: str = "white"
    tooltip: str = ""


@dataclass(frozen=True)
class Path:
    """An open polyline (``closed``: a polygon outline); ``rounded`` corners of radius :data:`CORNER_RADIUS`."""

    points: tuple[PxPoint, ...]
    dash: tuple[float, float] | None = None
    rounded: bool = False
    width: float = STROKE
    paper: bool = False  # a halo in the paper colour
    closed: bool = False


@dataclass(frozen=True)
class Polygon:
    points: tuple[PxPoint, ...]


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float = 3.5


@dataclass(frozen=True)
class Label:
    """Text whose ``anchor`` (start, middle, end) is at (x, y); y is the baseline."""

    x: float
    y: float
    text: str
    anchor: str
    bold: bool = False


@dataclass
class Picture:
    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    polygons: list[Polygon] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    #: paths drawn after every other line: halos and the lines through crossings
    over: list[Path] = field(default_factory=list)


def cx(x: float) -> float:
    """Pixel x of the centre of column ``x``."""
    return MARGIN + (x + 0.5) * CELL_W


def cy(y: float) -> float:
    """Pixel y of the centre of row ``y``."""
    return MARGIN + (y + 0.5) * CELL_H


def _frame_path(frame: Frame) -> list[Path]:
    """The outline of a frame as open paths, leaving gaps for its title."""
    gaps = sorted(x for x, y in frame.gaps() if y == frame.y)
    left, right, top, bottom = cx(frame.x), cx(frame.right), cy(frame.y), cy(frame.bottom)
    if not gaps:
        return [Path(((left, top), (right, top), (right, bottom), (left, bottom)), closed=True)]
    g0, g1 = MARGIN + gaps[0] * CELL_W, MARGIN + (gaps[-1] + 1) * CELL_W
    return [Path(((g1, top), (right, top), (right, bottom), (left, bottom), (left, top), (g0, top)))]


def _crossings(lines: list[Line]) -> dict[tuple[int, int], tuple[Line, str]]:
    """Cells where two lines cross, with the line drawn through and its orientation there.

    A crossing is a cell inside a horizontal run of one line and inside a
    vertical run of another; the higher layer goes through, on equal layers
    the vertical line (:func:`..drawing.stays_on_top`).  Found row by row from
    the runs, without visiting every cell of every line, so long figures stay
    fast.
    """
    vertical: dict[int, list[tuple[int, Line]]] = {}  # row -> (column, line) inside vertical runs
    horizontal: list[tuple[int, int, int, Line]] = []  # (row, first, last column inside the run, line)
    for line in lines:
        for axis, at, first, last in _runs(line):
            if axis == "v":
                for y in range(first, last + 1):
                    vertical.setdefault(y, []).append((at, line))
            else:
                horizontal.append((at, first, last, line))
    through: dict[tuple[int, int], tuple[Line, str]] = {}
    for y, left, right, line in horizontal:
        for x, upright in vertical.get(y, ()):
            if left <= x <= right and upright is not line:
                keep_upright = stays_on_top((upright.layer, "v"), (line.layer, "h"))
                through[(x, y)] = (upright, "v") if keep_upright else (line, "h")
    return through


def _runs(line: Line) -> list[tuple[str, int, int, int]]:
    """The cells inside each straight run of ``line`` (not its corners or ends).

    ``(axis, row or column, first, last)``: ``("h", y, x0, x1)`` or
    ``("v", x, y0, y1)``; a line of one cell is one run along its axis.
    """
    pts = line.points
    if all(p == pts[0] for p in pts):
        x, y = pts[0]
        return [("v", x, y, y)] if line.axis == "v" else [("h", y, x, x)]
    out = []
    for (x0, y0), (x1, y1) in pairwise(pts):
        if x0 == x1 and y0 != y1:
            top, bottom = sorted((y0, y1))
            if bottom - top > 1:
                out.append(("v", x0, top + 1, bottom - 1))
        elif y0 == y1 and x0 != x1:
            left, right = sorted((x0, x1))
            if right - left > 1:
                out.append(("h", y0, left + 1, right - 1))
    return out


def _line_points(line: Line) -> list[PxPoint]:
    pts = [(cx(x), cy(y)) for x, y in line.points]
    if all(p == line.points[0] for p in line.points):  # one cell: across it along its axis
        (x, y), (dx, dy) = pts[0], ((1, 0) if line.axis == "h" else (0, 1))
        back, ahead = (1.0 if reach else 0.5 for reach in line.reach)
        return [(x - dx * back * CELL_W, y - dy * back * CELL_H), (x + dx * ahead * CELL_W, y + dy * ahead * CELL_H)]
    for which, index, reach in (("start", 0, line.reach[0]), ("end", -1, line.reach[1])):
        if reach and len(line.points) > 1:
            dx, dy = line.direction_at(which)  # type: ignore[arg-type]
            x, y = pts[index]
            pts[index] = (x + dx * CELL_W, y + dy * CELL_H)
    return pts


def _head(tip: PxPoint, dx: int, dy: int) -> tuple[Polygon, PxPoint]:
    """An arrowhead at ``tip`` pointing along (dx, dy), and where its base is."""
    bx, by = tip[0] - dx * HEAD_LEN, tip[1] - dy * HEAD_LEN
    poly = Polygon((tip, (bx - dy * HEAD_HALF, by - dx * HEAD_HALF), (bx + dy * HEAD_HALF, by + dx * HEAD_HALF)))
    return poly, (bx, by)


def _line(pic: Picture, line: Line) -> None:
    pts = _line_points(line)
    if len(pts) == 1:
        pts = [pts[0], pts[0]]
    for which, index, mark in (("start", 0, line.start), ("end", -1, line.end)):
        dx, dy = line.direction_at(which) if len(line.points) > 1 else (1, 0)  # type: ignore[arg-type]
        tip = pts[index]
        if mark == "arrow":
            poly, base = _head(tip, dx, dy)
            pic.polygons.append(poly)
            pts[index] = base
        elif mark == "cross":
            s = HEAD_HALF + 1
            pic.paths.append(Path(((tip[0] - s, tip[1] - s), (tip[0] + s, tip[1] + s)), width=1.6))
            pic.paths.append(Path(((tip[0] - s, tip[1] + s), (tip[0] + s, tip[1] - s)), width=1.6))
        elif mark == "dot":
            pic.dots.append(Dot(*tip))
    dash = DASHES.get(line.style)
    if line.style == "double":
        for off in (-1.5, 1.5):
            pic.paths.append(Path(tuple((x + (off if _vertical(pts) else 0), y + off) for x, y in pts)))
        return
    pic.paths.append(Path(tuple(pts), dash, rounded=line.corners == "round"))


def _vertical(pts: list[PxPoint]) -> bool:
    return all(abs(a[0] - b[0]) < 0.01 for a, b in pairwise(pts))


def _box(pic: Picture, box: Box) -> None:
    x, y = cx(box.x), cy(box.y)
    w, h = (box.width - 1) * CELL_W, (box.height - 1) * CELL_H
    if box.style == "note":
        fold = 6.0
        pts = ((x, y), (x + w - fold, y), (x + w, y + fold), (x + w, y + h), (x, y + h))
        pic.paths.append(Path(pts, closed=True))
        pic.paths.append(Path(((x + w - fold, y), (x + w - fold, y + fold), (x + w, y + fold))))
        return
    pic.rects.append(Rect(x, y, w, h, tooltip=box.tooltip))
    if box.style == "double":
        pic.rects.append(Rect(x + 3, y + 3, w - 6, h - 6, radius=2.0))


def picture(drawing: Drawing) -> Picture:
    """The drawing's shapes in pixels, in painting order."""
    pic = Picture(2 * MARGIN + drawing.width * CELL_W, 2 * MARGIN + drawing.height * CELL_H)
    for frame in drawing.frames:
        pic.paths.extend(_frame_path(frame))
    for box in drawing.boxes:
        _box(pic, box)
    lines = sorted(drawing.lines, key=lambda ln: ln.layer)
    for line in lines:
        _line(pic, line)
    for (x, y), (line, orient) in sorted(_crossings(lines).items()):
        if orient == "h":
            seg = ((cx(x) - CELL_W * 0.75, cy(y)), (cx(x) + CELL_W * 0.75, cy(y)))
        else:
            seg = ((cx(x), cy(y) - CELL_H * 0.45), (cx(x), cy(y) + CELL_H * 0.45))
        pic.over.append(Path(seg, width=5.0, paper=True))
        pic.over.append(Path(seg, DASHES.get(line.style)))
    for brace in drawing.braces:
        pic.paths.append(_brace(brace.x, brace.top, brace.bottom))
    for text in (*drawing.texts, *(t for frame in drawing.frames for t in frame.title)):
        left: float = MARGIN + text.x * CELL_W
        content = text.text
        if text.align == "left" and content[:1] == " ":  # SVG collapses leading blanks: keep them as an offset
            content = content.lstrip(" ")
            left += (len(text.text) - len(content)) * CELL_W
        if text.align == "centre":
            at, anchor = left + text.width * CELL_W / 2, "middle"
        elif text.align == "right":
            at, anchor = left + text.width * CELL_W, "end"
        else:
            at, anchor = left, "start"
        pic.labels.append(Label(at, cy(text.y) + 0.35 * FONT_SIZE, content, anchor, text.role == "name"))
    return pic


def _brace(col: int, top: int, bottom: int) -> Path:
    """A right-hand curly brace over rows ``top .. bottom`` at column ``col``."""
    x = cx(col) - 2
    y0, y1 = cy(top) - CELL_H * 0.4, cy(bottom) + CELL_H * 0.4
    mid = (y0 + y1) / 2
    pts = ((x - 3, y0), (x, y0 + 3), (x, mid - 3), (x + 4, mid), (x, mid + 3), (x, y1 - 3), (x - 3, y1))
    return Path(pts, rounded=True)


__all__ = ["CELL_H", "CELL_W", "FONT_SIZE", "MARGIN", "Picture", "cx", "cy", "picture"]
