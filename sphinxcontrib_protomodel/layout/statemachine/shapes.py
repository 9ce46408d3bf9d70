"""The layout's geometry as drawing shapes, and the compaction of the drawing.

:func:`to_drawing` turns boxes, routes and labels into a
:class:`~...drawing.Drawing`.  :func:`compact` then removes the rows that
carry nothing but parallel vertical lines, and the columns that carry
nothing but parallel horizontal ones: the channels between ranks are routed
on a regular grid, and many of their rows and columns only stretch lines.
A row or column stays where removing it would make two things touch that
must not (two lines, a line and a box, text and anything), or a line leave a
box without a straight cell first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...cells import cell_width
from ...diagrams import ANY_STATE, StateMachine
from ...drawing import Box, BoxStyle, Drawing, DrawingBuilder, EndMark, Line, Text
from .geometry import Layout

#: Cell kinds for compaction: a text, a box (border or inside), a line's straight part, a line's end or turn.
_TEXT, _BOX, _H, _V, _END, _CROSS = "T", "B", "h", "v", "c", "x"


def to_drawing(sm: StateMachine, geometry: Layout) -> Drawing:
    """The layered layout's boxes, routes and labels as drawing shapes."""
    out = DrawingBuilder()
    described = {s.name: s.description for s in sm.states}
    for box in geometry.boxes:
        style: BoxStyle = "double" if box.final else "note" if box.state == ANY_STATE else "solid"
        tooltip = described.get(box.state, "") if box.state != ANY_STATE else "transitions from any state"
        out.boxes.append(Box(box.x, box.y, box.width, box.height, style, box.state, tooltip))
        for k, line in enumerate(box.lines):
            pad = (box.width - 2 - cell_width(line)) // 2
            out.texts.append(Text(box.x + 1 + pad, box.y + box.name_row + k, line, "centre", "name"))
    for edge in geometry.edges:
        key = ("initial",) if edge.initial else ("transition", edge.transition)
        start: EndMark = "dot" if edge.initial else "none"
        out.lines.append(Line(edge.points, start=start, end="arrow", reach=(False, True), key=key))
        if edge.label is not None:
            out.text_block(edge.label.x, edge.label.y, edge.label.lines)
    return out.build("statemachine")


def _cells(drawing: Drawing) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """Each occupied cell's kind, and the cells of box borders."""
    kinds: dict[tuple[int, int], str] = {}
    borders: set[tuple[int, int]] = set()
    for box in drawing.boxes:
        for y in range(box.y, box.bottom + 1):
            for x in range(box.x, box.right + 1):
                kinds[(x, y)] = _BOX
        borders.update(box.border())
    for line in drawing.lines:
        for cell, orient in line.cells():
            old = kinds.get(cell)
            if old is None:
                kinds[cell] = orient
            elif old in (_H, _V, _END, _CROSS):
                kinds[cell] = _CROSS if {old, orient} == {_H, _V} else _END if _END in (old, orient) else old
    for text in drawing.texts:
        for cell in text.cells():
            kinds[cell] = _TEXT
    return kinds, borders


def _removable(
    kinds: dict, borders: set, index: int, span: range, before: int, after: int, along: str, pos: Callable
) -> bool:
    """Whether the row (``along == "v"``) or column (``"h"``) ``index`` can go.

    ``pos(i, k)`` is the cell at ``k`` along row (or column) ``i``;
    ``before``/``after`` are the rows (or columns) that would become adjacent.
    """
    straight = along  # the only kind a removable row may hold: lines passing straight through it
    for k in span:
        kind = kinds.get(pos(index, k))
        prev, nxt = kinds.get(pos(before, k)), kinds.get(pos(after, k))
        if kind is None:
            if prev is None or nxt is None:
                continue
            if _TEXT in (prev, nxt):
                if along == _H:  # text beside anything: keep the blank column
                    return False
                continue
            if along == _H or prev != _H or nxt != _H:
                return False  # two lines (or a line and a box) would touch; only rows of two tracks may
            continue
        if kind != straight:
            return False
        if prev == _END and nxt == _END:
            return False  # the last straight cell between two turns stays
        if pos(before, k) in borders or pos(after, k) in borders:
            return False  # a line leaves a box with one straight cell at least
    return True


def compact(drawing: Drawing) -> Drawing:
    """``drawing`` without the rows and columns that only stretch parallel lines."""
    kinds, borders = _cells(drawing)
    width, height = drawing.width, drawing.height
    rows = _kept(kinds, borders, height, range(width), "v", lambda y, x: (x, y))
    cols = _kept(kinds, borders, width, range(height), "h", lambda x, y: (x, y))
    if len(rows) == height and len(cols) == width:
        return drawing
    new_y = _renumbered(rows, height)
    new_x = _renumbered(cols, width)

    def at(p: tuple[int, int]) -> tuple[int, int]:
        return new_x[p[0]], new_y[p[1]]

    boxes = tuple(
        replace(
            b,
            x=new_x[b.x],
            y=new_y[b.y],
            width=new_x[b.right] - new_x[b.x] + 1,
            height=new_y[b.bottom] - new_y[b.y] + 1,
        )
        for b in drawing.boxes
    )
    lines = tuple(replace(ln, points=tuple(at(p) for p in ln.points)) for ln in drawing.lines)
    texts = tuple(replace(t, x=new_x[t.x], y=new_y[t.y]) for t in drawing.texts)
    return Drawing(len(cols), len(rows), boxes, drawing.frames, lines, texts, drawing.braces, drawing.kind)


def _renumbered(kept: list[int], count: int) -> dict[int, int]:
    """New index of every old row (or column): a removed one maps to the next kept one."""
    out: dict[int, int] = {}
    new = len(kept)
    for old in range(count, -1, -1):
        if new > 0 and kept[new - 1] == old:
            new -= 1
        out[old] = min(new, len(kept) - 1)
    return out


def _kept(kinds: dict, borders: set, count: int, span: range, along: str, pos: Callable) -> list[int]:
    """Indices of the rows (or columns) that stay, scanning from the first."""
    candidates = set(range(1, count - 1))
    for cell, kind in kinds.items():
        if kind != along:  # only rows of vertical passes (columns of horizontal ones) can go
            candidates.discard(cell[1] if along == _V else cell[0])
    kept: list[int] = []
    for i in range(count):
        if i in candidates and kept and _removable(kinds, borders, i, span, kept[-1], i + 1, along, pos):
            continue
        kept.append(i)
    return kept


__all__ = ["compact", "to_drawing"]
