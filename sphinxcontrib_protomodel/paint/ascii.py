"""A drawing as ASCII art.

The characters are the ones RFC authors draw by hand: ``+--+`` boxes (``=``
for a final state), ``-->`` arrows, ``- - ->`` dashed ones, ``....>`` and
``:`` dotted trust lines, ``+`` where a line turns (``.`` and ``'`` for round
corners), ``+`` where it leaves a box, ``x`` where a lost message ends.  Where
two lines cross, the line on the higher layer keeps its own character and the
other is broken (``-|-``); a crossing is never drawn as ``+``, which would read
as a turn.
"""

from __future__ import annotations

from ..cells import graphemes
from ..drawing import Box, Drawing, Line, Rectangle, stays_on_top

_HEADS = {(1, 0): ">", (-1, 0): "<", (0, 1): "v", (0, -1): "^"}
_STRAIGHT = {
    ("solid", "h"): "-",
    ("solid", "v"): "|",
    ("dashed", "h"): "-",
    ("dashed", "v"): ":",
    ("dotted", "h"): ".",
    ("dotted", "v"): ":",
    ("double", "h"): "=",
    ("double", "v"): "|",
}


class _Grid:
    """Rows of cells (a wide character's second cell is ``""``), and what line holds each line cell."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        #: (x, y) -> (orientation, layer) of the line drawn in that cell
        self.lines: dict[tuple[int, int], tuple[str, int]] = {}

    def _row(self, y: int, x: int) -> list[str]:
        while len(self.rows) <= y:
            self.rows.append([])
        row = self.rows[y]
        if len(row) <= x:
            row.extend(" " * (x + 1 - len(row)))
        return row

    def put(self, x: int, y: int, ch: str, orient: str = "", layer: int = -1) -> None:
        if x < 0 or y < 0:
            return
        self._row(y, x)[x] = ch
        if orient:
            self.lines[(x, y)] = (orient, layer)
        else:
            self.lines.pop((x, y), None)

    def text(self, x: int, y: int, text: str) -> None:
        if text.isascii() and x >= 0 and y >= 0:
            row = self._row(y, x + len(text) - 1)
            row[x : x + len(text)] = text
            for k in range(len(text)):
                self.lines.pop((x + k, y), None)
            return
        if x < 0 or y < 0:
            return
        leading = ""  # zero-width clusters before any character of the text, when no cell is left of it
        for cluster, width in graphemes(text):
            if width == 0:  # a combining mark or a format character: onto the cell before it
                if x > 0:
                    self._row(y, x - 1)[x - 1] += cluster
                else:
                    leading += cluster
                continue
            self.put(x, y, leading + cluster)
            leading = ""
            for k in range(1, width):
                self.put(x + k, y, "")
            x += width
        if leading:  # a text of zero-width clusters only, at the left edge
            self._row(y, x)[x] += leading

    def render(self) -> str:
        lines = ["".join(row).rstrip() for row in self.rows]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


def _box(grid: _Grid, box: Box) -> None:
    rule = "=" if box.style == "double" else "-"
    for x in range(box.x, box.right + 1):
        for y in (box.y, box.bottom):
            grid.put(x, y, "+" if x in (box.x, box.right) else rule)
    for y in range(box.y + 1, box.bottom):
        grid.put(box.x, y, "|")
        grid.put(box.right, y, "|")
        for x in range(box.x + 1, box.right):
            grid.put(x, y, " ")


def _corner(line: Line, at: tuple[int, int], neighbours: list[tuple[int, int]]) -> str:
    if line.style == "dotted":
        return "."
    if line.corners == "square":
        return "+"
    below = any(ny > at[1] for _, ny in neighbours)
    return "." if below else "'"


def _line(grid: _Grid, line: Line, borders: set[tuple[int, int]]) -> None:
    pts = line.points
    cells = list(line.cells())
    last = len(cells) - 1
    for k, ((x, y), orient) in enumerate(cells):
        if k == 0 and line.start != "none":
            ch = _mark(line.start, line.direction_at("start"))
        elif k == last and line.end != "none":
            ch = _mark(line.end, line.direction_at("end"))
        elif (x, y) in borders:
            ch = "+"
        elif orient == "c" and 0 < k < last:
            neighbours = [cells[k - 1][0], cells[k + 1][0]]
            ch = _corner(line, (x, y), neighbours)
        else:
            if orient == "c":  # an unmarked end: the orientation of its segment
                other = cells[1][0] if k == 0 else cells[k - 1][0]
                orient = "h" if len(pts) > 1 and other[1] == y else "v"
            ch = _STRAIGHT[(line.style, orient)]
            if line.style == "dashed" and orient == "h" and k % 2:
                ch = " "
        old = grid.lines.get((x, y))
        if old is not None and {old[0], orient} == {"h", "v"} and stays_on_top((old[1], old[0]), (line.layer, orient)):
            continue
        grid.put(x, y, ch, orient, line.layer)


def _mark(mark: str, direction: tuple[int, int]) -> str:
    if mark == "arrow":
        return _HEADS[direction]
    return {"cross": "x", "dot": "*"}[mark]


def paint_ascii(drawing: Drawing) -> str:
    """The drawing as text: no trailing blanks, no trailing empty lines."""
    grid = _Grid()
    for frame in drawing.frames:
        gaps = frame.gaps()
        for x, y in Rectangle.border(frame):  # the whole outline: the gaps are painted blank
            if (x, y) in gaps:
                grid.put(x, y, " ")
            elif x in (frame.x, frame.right) and y in (frame.y, frame.bottom):
                grid.put(x, y, "+")
            else:
                grid.put(
                    x, y, "-" if y in (frame.y, frame.bottom) else "|", "h" if y in (frame.y, frame.bottom) else "v"
                )
    borders: set[tuple[int, int]] = set()
    for box in drawing.boxes:
        _box(grid, box)
        borders.update(box.border())
    for line in sorted(drawing.lines, key=lambda ln: ln.layer):
        _line(grid, line, borders)
    for brace in drawing.braces:
        if brace.top == brace.bottom:
            grid.put(brace.x, brace.top, "}")
            continue
        grid.put(brace.x, brace.top, "\\")
        grid.put(brace.x, brace.bottom, "/")
        for y in range(brace.top + 1, brace.bottom):
            grid.put(brace.x, y, "|")
    for text in (*drawing.texts, *(t for frame in drawing.frames for t in frame.title)):
        grid.text(text.x, text.y, text.text)
    return grid.render()


__all__ = ["paint_ascii"]
