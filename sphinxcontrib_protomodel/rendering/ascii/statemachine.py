"""State machine -> ASCII: boxes and arrows when they fit, else a transition table.

The diagram comes from :mod:`.statemachine_layout`; this module only puts
its geometry on a grid.  The grid refuses any two things in one cell except
a vertical line crossing a horizontal one, so a layout bug can never print
a label through a line or a line through a box: it shows the table instead.

``options.ascii``: ``"auto"`` (diagram if it fits, else table), ``"table"``,
or ``"diagram"`` (a table that replaces a diagram that cannot fit is marked
``degraded``).
"""

from __future__ import annotations

from itertools import pairwise

from ...model import AsciiArt, RenderOptions, StateMachine
from .canvas import cell_width, wrap
from .statemachine_layout import EdgeGeom, Layout, LayoutError, layout
from .statemachine_table import splits_words, transition_table

_ARROWS = {(0, 1): "v", (0, -1): "^", (1, 0): ">", (-1, 0): "<"}


def statemachine_ascii(sm: StateMachine, options: RenderOptions) -> AsciiArt:
    """The ASCII rendering of ``sm`` within ``options.width`` columns."""
    width = options.width
    footer = _descriptions(sm, width)
    notes: tuple[str, ...] = ()
    degraded = None
    if options.ascii != "table":
        geometry = layout(sm, width)
        if geometry is not None:
            try:
                text = draw(geometry)
            except LayoutError:
                text = None
            if text is not None:
                return AsciiArt(_join(text, _key(sm, width), footer))
        why = f"the state diagram does not fit in {width} columns; shown as a transition table"
        notes = (why,)
        if options.ascii == "diagram":
            degraded = why
    if splits_words(sm, width):
        cut = f"the transition table cuts words to fit in {width} columns"
        notes += (cut,)
        degraded = "; ".join(n for n in (degraded, cut) if n)
    return AsciiArt(_join(transition_table(sm, width), footer), degraded=degraded, notes=notes)


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# ------------------------------------------------------------------ grid


class _Grid:
    """Cells with owners; only a vertical line may cross a horizontal one."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, object, str]] = {}

    def put(self, col: int, row: int, ch: str, owner: object, kind: str = "x") -> None:
        if col < 0 or row < 0:
            raise LayoutError(f"cell ({col}, {row}) is off the grid")
        old = self.cells.get((row, col))
        if old is None or old[1] == owner:
            self.cells[(row, col)] = (ch, owner, kind)
        elif {old[2], kind} == {"h", "v"}:
            self.cells[(row, col)] = ("|", old[1], "+")
        else:
            raise LayoutError(f"{owner!r} collides with {old[1]!r} at ({col}, {row})")

    def text(self, col: int, row: int, text: str, owner: object) -> None:
        for ch in text:
            self.put(col, row, ch, owner)
            if cell_width(ch) == 2:
                self.put(col + 1, row, "", owner)
                col += 2
            else:
                col += 1

    def render(self) -> str:
        rows: dict[int, dict[int, str]] = {}
        for (row, col), (ch, _, _) in self.cells.items():
            rows.setdefault(row, {})[col] = ch
        out = []
        for row in range(max(rows, default=-1) + 1):
            cols = rows.get(row, {})
            out.append("".join(cols.get(c, " ") for c in range(max(cols, default=-1) + 1)).rstrip())
        return "\n".join(out).rstrip("\n")


def draw(geometry: Layout) -> str:
    """The layout as text; raises :class:`LayoutError` if two things would overlap."""
    grid = _Grid()
    borders: set[tuple[int, int]] = set()
    for box in geometry.boxes:
        owner = ("box", box.state)
        right, bottom = box.x + box.width - 1, box.y + box.height - 1
        edge = "=" if box.final else "-"
        for row in range(box.y, bottom + 1):
            for col in range(box.x, right + 1):
                if row in (box.y, bottom):
                    ch = "+" if col in (box.x, right) else edge
                else:
                    ch = "|" if col in (box.x, right) else " "
                grid.put(col, row, ch, owner)
                if row in (box.y, bottom):
                    borders.add((col, row))
        for k, line in enumerate(box.lines):
            inner = box.width - 2
            pad = (inner - cell_width(line)) // 2
            grid.text(box.x + 1 + pad, box.y + box.name_row + k, line, owner)
    for edge in geometry.edges:
        _draw_edge(grid, edge, borders)
    return grid.render()


def _draw_edge(grid: _Grid, edge: EdgeGeom, borders: set[tuple[int, int]]) -> None:
    owner = ("edge", edge.transition, edge.points[0])
    points = edge.points
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    for (x0, y0), (x1, y1) in pairwise(points):
        dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
        ch, kind = ("|", "v") if dx == 0 else ("-", "h")
        x, y = x0, y0
        while (x, y) != (x1, y1):
            x, y = x + dx, y + dy
            cells[(x, y)] = (ch, kind)
    for corner in points[1:-1]:
        cells[corner] = ("+", "x")
    (xa, ya), (xb, yb) = points[-2], points[-1]
    direction = ((xb > xa) - (xb < xa), (yb > ya) - (yb < ya))
    cells[points[-1]] = (_ARROWS[direction], "x")
    for (x, y), (ch, kind) in cells.items():
        grid.put(x, y, ch, owner, kind)
    start = points[0]
    if edge.initial:
        grid.put(*start, "*", owner)
    elif not edge.loop:
        if start not in borders:
            raise LayoutError(f"edge {edge.transition} does not start on a box border")
        grid.cells[(start[1], start[0])] = ("+", grid.cells[(start[1], start[0])][1], "x")
    if edge.label is not None:
        for k, line in enumerate(edge.label.lines):
            grid.text(edge.label.x, edge.label.y + k, line, ("label", edge.transition, start))


# ------------------------------------------------------------------ footer


def _key(sm: StateMachine, width: int) -> str:
    """A line that explains the marks, when a final state is drawn (``*`` is plain enough)."""
    if not any(s.name in sm.final for s in sm.states):
        return ""
    return "\n".join(wrap("* marks the initial state; +====+ a final state", width))


def descriptions(sm: StateMachine, width: int) -> list[str]:
    """``NAME: description`` lines for the states that have one, wrapped with a hanging indent."""
    lines: list[str] = []
    for state in sm.states:
        if state.description:
            head, *rest = wrap(f"{state.name}: {state.description}", width)
            lines.append(head)
            if rest:
                lines.extend("    " + line for line in wrap(" ".join(rest), max(1, width - 4)))
    return lines


def _descriptions(sm: StateMachine, width: int) -> str:
    return "\n".join(descriptions(sm, width))


__all__ = ["descriptions", "draw", "statemachine_ascii"]
