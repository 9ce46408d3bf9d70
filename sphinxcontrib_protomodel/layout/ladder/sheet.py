"""The drawing of a ladder as it grows, one row after another.

Both styles add rows top to bottom.  Each row says how the lifelines run
through it (``solid``, ``dotted`` while time passes, or not at all, as on a
heading or a phase rule); whatever is drawn over a lifeline (a label, a note
box, a bracket) pauses it in that row, so no text ever covers a line.  At the
end :meth:`Sheet.finish` turns each lifeline's runs of rows into vertical
``Line``\\ s keyed ``("lifeline", participant)`` on layer 0, under the
messages, which cross them on layer 1.
"""

from __future__ import annotations

from typing import Literal

from ...cells import cell_width
from ...drawing import Align, Box, Brace, Drawing, DrawingBuilder, Line, LineStyle, Text
from ..invariants import LIFELINE

RowKind = Literal["solid", "dotted", "none"]


class Sheet:
    """Rows of a ladder drawing, with lifelines at columns ``xs`` (none in the columns style)."""

    def __init__(self, xs: list[int] | None = None, names: list[str] | None = None) -> None:
        self.out = DrawingBuilder()
        self.xs = list(xs or [])
        self.names = list(names or [])
        self.kinds: list[RowKind] = []
        #: row -> indexes of the lifelines paused there
        self.paused: dict[int, set[int]] = {}
        #: the row :meth:`row` returns next (the bottom, except while a shared row is drawn)
        self.cursor = 0

    @property
    def height(self) -> int:
        """Rows so far."""
        return len(self.kinds)

    def row(self, kind: RowKind = "solid") -> int:
        """The row at the cursor (a new one at the bottom), the cursor moved down; returns its index."""
        y = self.cursor
        if y == len(self.kinds):
            self.kinds.append(kind)
        self.cursor += 1
        return y

    def rows(self, count: int, kind: RowKind = "solid") -> int:
        """``count`` rows from the cursor; returns the index of the first."""
        first = self.cursor
        for _ in range(count):
            self.row(kind)
        return first

    def seek(self, y: int) -> None:
        """Draw the next rows from row ``y`` (at most the bottom) on."""
        self.cursor = min(y, len(self.kinds))
        while self.cursor < y:
            self.row()

    def to_bottom(self) -> None:
        """Draw the next rows under all the others."""
        self.cursor = len(self.kinds)

    def cover(self, y: int, left: int, right: int) -> None:
        """Pause the lifelines that run through columns ``left .. right`` of row ``y``."""
        if not self.xs or left > right:
            return
        for i, x in enumerate(self.xs):
            if left <= x <= right:
                self.paused.setdefault(y, set()).add(i)

    def pause(self, y: int, which: range | list[int]) -> None:
        """Pause the lifelines ``which`` (indexes) in row ``y``."""
        self.paused.setdefault(y, set()).update(which)

    def text(
        self, x: int, y: int, text: str, role: str = "label", align: Align = "left", pad: int = 0, width: int = -1
    ) -> None:
        """``text`` with its first cell at (``x``, ``y``); ``pad`` blank cells either side stay clear of lifelines."""
        if not text:
            return
        item = Text(x, y, text, align, role, width)
        self.out.texts.append(item)
        self.cover(y, x - pad, x + item.width - 1 + pad)

    def text_right(self, right: int, y: int, text: str, role: str = "label") -> None:
        """``text`` ending in column ``right``."""
        self.text(right - cell_width(text) + 1, y, text, role, "right")

    def line(self, points: list[tuple[int, int]], **kw: object) -> None:
        """A line through ``points``; the keywords are :class:`..drawing.Line`'s."""
        self.out.lines.append(Line(tuple(points), **kw))  # type: ignore[arg-type]

    def rule(self, left: int, right: int, y: int, style: LineStyle = "double", key: object = None) -> None:
        """A horizontal rule without ends over columns ``left .. right`` of row ``y``."""
        if left <= right:
            self.line([(left, y), (right, y)], style=style, end="none", key=key)
            self.cover(y, left, right)

    def box(self, x: int, y: int, inner: int, lines: list[str], key: str = "") -> None:
        """A note box whose top-left corner is (``x``, ``y``), ``inner + 4`` cells wide, around ``lines``."""
        width, height = inner + 4, len(lines) + 2
        self.out.boxes.append(Box(x, y, width, height, "note", key))
        for k, text in enumerate(lines):
            self.text(x + 2, y + 1 + k, text, "note")
        for row in range(y, y + height):
            self.cover(row, x, x + width - 1)

    def brace(self, x: int, top: int, bottom: int) -> None:
        """A group's brace in column ``x`` over rows ``top .. bottom``."""
        self.out.braces.append(Brace(x, top, bottom))

    def finish(self, first: int) -> Drawing:
        """The drawing, each lifeline running from row ``first`` down to the last row."""
        for i, x in enumerate(self.xs):
            self._lifeline(i, x, first)
        return self.out.build("ladder")

    def _lifeline(self, i: int, x: int, first: int) -> None:
        def style_at(y: int) -> RowKind:
            if y < first or y >= len(self.kinds):
                return "none"
            paused = self.paused.get(y)
            return "none" if paused is not None and i in paused else self.kinds[y]

        key = (LIFELINE, self.names[i] if i < len(self.names) else str(i))
        y, bottom = first, len(self.kinds)
        while y < bottom:
            kind = style_at(y)
            start = y
            while y < bottom and style_at(y) == kind:
                y += 1
            if kind == "none":
                continue
            reach = (style_at(start - 1) != "none", style_at(y) != "none")
            style: LineStyle = "solid" if kind == "solid" else "dotted"
            self.out.lines.append(
                Line(((x, start), (x, y - 1)), style, "none", "none", reach, layer=0, key=key, axis="v")
            )


__all__ = ["RowKind", "Sheet"]
