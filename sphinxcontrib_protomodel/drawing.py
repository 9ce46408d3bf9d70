"""A figure as drawn: plain shapes on a character grid, for every painter.

A layout (:mod:`.layout`) turns a diagram model into a :class:`Drawing`;
painters (:mod:`.paint`) turn the drawing into ASCII art, SVG or PNG.  So
the text and the graphics of a figure show the same picture: one geometry,
two inks.  Nothing here knows about Sphinx, engines or output formats.

Coordinates are cells: ``x`` is the column, ``y`` the row, both 0-based from
the top left.  A box or frame occupies the cells ``x .. x + width - 1`` and
``y .. y + height - 1``, its border included.  A line is the chain of cells
through its ``points`` (each step horizontal or vertical); its end cells hold
the arrowheads in ASCII.  An end that ``reaches`` touches what lies in the
next cell along the line (a lifeline, a box border): the SVG painter draws it
up to the middle of that cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

from .cells import cell_width

Point = tuple[int, int]
#: ``solid`` and ``dashed`` messages, ``dotted`` trust, ``double`` phase rules.
LineStyle = Literal["solid", "dashed", "dotted", "double"]
#: ``arrow`` a head, ``cross`` a lost message, ``dot`` an initial-state marker.
EndMark = Literal["none", "arrow", "cross", "dot"]
#: ``solid`` a party or state, ``double`` a final state, ``note`` a note.
BoxStyle = Literal["solid", "double", "note"]
Align = Literal["left", "centre", "right"]


@dataclass(frozen=True)
class Text:
    """One line of text whose first cell is (``x``, ``y``); it takes ``width`` cells.

    ``align`` says how a painter with other glyph widths places it within
    those cells; ``role`` what it is (``name``, ``label``, ``detail``,
    ``note``, ``title``, ``caption``), for styling and for tests.
    """

    x: int
    y: int
    text: str
    align: Align = "left"
    role: str = "label"
    width: int = -1

    def __post_init__(self) -> None:
        if self.width < 0:
            object.__setattr__(self, "width", cell_width(self.text))

    def cells(self) -> Iterator[Point]:
        for dx in range(self.width):
            yield self.x + dx, self.y


@dataclass(frozen=True)
class Rectangle:
    """The cells ``x .. right`` by ``y .. bottom``, border included."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width - 1

    @property
    def bottom(self) -> int:
        return self.y + self.height - 1

    def border(self) -> Iterator[Point]:
        for x in range(self.x, self.right + 1):
            yield x, self.y
            if self.bottom != self.y:
                yield x, self.bottom
        for y in range(self.y + 1, self.bottom):
            yield self.x, y
            if self.right != self.x:
                yield self.right, y

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x <= self.right and self.y <= y <= self.bottom


@dataclass(frozen=True)
class Box(Rectangle):
    """A party, a state, a note.  ``style``: ``solid``, ``double`` (a final state), ``note``."""

    style: BoxStyle = "solid"
    key: str = ""
    #: a longer description (SVG tooltip)
    tooltip: str = ""


@dataclass(frozen=True)
class Frame(Rectangle):
    """A group's outline around its members; ``title`` texts sit in or under its top border."""

    title: tuple[Text, ...] = ()
    key: str = ""
    #: keys of the boxes it encloses
    members: tuple[str, ...] = ()

    def gaps(self) -> set[Point]:
        """Border cells left open for the title (with a blank either side)."""
        out: set[Point] = set()
        for t in self.title:
            if t.y == self.y:
                out.update((x, t.y) for x in range(t.x - 1, t.x + t.width + 1))
        return out

    def border(self) -> Iterator[Point]:
        gaps = self.gaps()
        for cell in super().border():
            if cell not in gaps:
                yield cell


@dataclass(frozen=True)
class Line:
    """An orthogonal polyline through the cells of ``points``.

    ``start``/``end``: what is drawn at each end; ``reach``: whether each end
    touches the lifeline or border in the next cell; ``corners``: ``square``
    (``+``) or ``round`` (``.`` above a turn, ``'`` below); ``layer``: where
    two lines cross, the higher layer is drawn through (on equal layers the
    vertical one).  ``key`` names what the line stands for (a message, a
    transition, a relation, a lifeline) for tests and descriptions.
    ``axis``: the orientation of a line one cell long (all its points the
    same cell), which its points cannot tell: ``h`` or ``v``.
    """

    points: tuple[Point, ...]
    style: LineStyle = "solid"
    start: EndMark = "none"
    end: EndMark = "arrow"
    reach: tuple[bool, bool] = (False, False)
    corners: Literal["square", "round"] = "square"
    layer: int = 1
    key: object = None
    axis: Literal["h", "v"] = "h"

    def cells(self) -> Iterator[tuple[Point, str]]:
        """Each cell once with the orientation of the line there: ``h``, ``v`` or ``c`` (a corner or end)."""
        pts = self.points
        if all(p == pts[0] for p in pts):
            yield pts[0], self.axis
            return
        yield pts[0], "c"
        for (x0, y0), (x1, y1) in pairwise(pts):
            dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
            orient = "h" if dy == 0 else "v"
            x, y = x0 + dx, y0 + dy
            while (x, y) != (x1, y1):
                yield (x, y), orient
                x, y = x + dx, y + dy
            if (x1, y1) != (x0, y0):
                yield (x1, y1), "c"

    def direction_at(self, which: Literal["start", "end"]) -> Point:
        """The unit step leaving the line at that end (outwards)."""
        (xa, ya), (xb, yb) = (self.points[1], self.points[0]) if which == "start" else self.points[-2:]
        return (xb > xa) - (xb < xa), (yb > ya) - (yb < ya)


def stays_on_top(first: tuple[int, str], second: tuple[int, str]) -> bool:
    """Whether, where two lines cross, the one drawn first (``(layer, orientation)``) goes through.

    The higher layer goes through; on equal layers, the vertical line.
    """
    return first[0] > second[0] or (first[0] == second[0] and first[1] == "v")


@dataclass(frozen=True)
class Brace:
    """A brace in a margin at column ``x`` over rows ``top .. bottom`` (a group of messages)."""

    x: int
    top: int
    bottom: int


@dataclass(frozen=True)
class Drawing:
    """Everything a painter draws, and the grid's size in cells."""

    width: int
    height: int
    boxes: tuple[Box, ...] = ()
    frames: tuple[Frame, ...] = ()
    lines: tuple[Line, ...] = ()
    texts: tuple[Text, ...] = ()
    braces: tuple[Brace, ...] = ()
    #: what the figure is, for painters' metadata: "ladder", "problem", "statemachine", "table", "list"
    kind: str = ""

    def used_width(self) -> int:
        """Columns actually used (the widest text or shape)."""
        right = [t.x + t.width for t in self.texts]
        right += [b.right + 1 for b in self.boxes] + [f.right + 1 for f in self.frames]
        right += [x + 1 for line in self.lines for x, _ in line.points] + [b.x + 1 for b in self.braces]
        return max(right, default=0)


@dataclass
class DrawingBuilder:
    """Collects shapes while a layout works, then freezes them into a :class:`Drawing`."""

    boxes: list[Box] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    braces: list[Brace] = field(default_factory=list)

    def text_block(
        self, x: int, y: int, lines: list[str] | tuple[str, ...], role: str = "label", align: Align = "left"
    ) -> None:
        """Lines of text one under the other, the first at (x, y)."""
        for k, line in enumerate(lines):
            if line:
                self.texts.append(Text(x, y + k, line, align, role))

    def build(self, kind: str, width: int | None = None, height: int | None = None) -> Drawing:
        drawing = Drawing(
            0,
            0,
            tuple(self.boxes),
            tuple(self.frames),
            tuple(self.lines),
            tuple(self.texts),
            tuple(self.braces),
            kind,
        )
        bottom = [t.y + 1 for t in self.texts] + [b.bottom + 1 for b in self.boxes]
        bottom += [f.bottom + 1 for f in self.frames] + [y + 1 for ln in self.lines for _, y in ln.points]
        bottom += [b.bottom + 1 for b in self.braces]
        w = drawing.used_width() if width is None else width
        h = max(bottom, default=0) if height is None else height
        return replace(drawing, width=w, height=h)


__all__ = [
    "Box",
    "BoxStyle",
    "Brace",
    "Drawing",
    "DrawingBuilder",
    "EndMark",
    "Frame",
    "Line",
    "LineStyle",
    "Point",
    "Rectangle",
    "Text",
    "stays_on_top",
]
