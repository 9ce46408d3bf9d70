"""Geometry facts every drawing must satisfy, checked on its cells.

A layout that breaks one has a bug; callers fall back to a plainer form
(the state machine's table) and the property tests generate models to look
for such bugs.  The facts:

- no two text runs share a cell;
- no text run covers a line, a box border or a frame border;
- two lines share a cell only where they cross at a right angle;
- a line touches a box only at its own ends (where it leaves or enters it);
- an arrowhead that reaches touches a box border or a lifeline;
- a frame encloses its members and its title.
"""

from __future__ import annotations

from ..drawing import Box, Drawing

LIFELINE = "lifeline"


def violations(drawing: Drawing) -> list[str]:
    """Every broken fact, as a sentence (empty when the drawing is sound)."""
    found: list[str] = []
    text_at: dict[tuple[int, int], str] = {}
    for t in (*drawing.texts, *(t for frame in drawing.frames for t in frame.title)):
        for cell in t.cells():
            if cell in text_at:
                found.append(f"text {t.text!r} overlaps text {text_at[cell]!r} at {cell}")
            text_at[cell] = t.text
    borders: dict[tuple[int, int], Box] = {}
    inside: dict[tuple[int, int], Box] = {}
    for box in drawing.boxes:
        for y in range(box.y, box.bottom + 1):
            for x in range(box.x, box.right + 1):
                inside[(x, y)] = box
        for cell in box.border():
            borders[cell] = box
            if cell in text_at:
                found.append(f"text {text_at[cell]!r} covers the border of {box.key!r} at {cell}")
    for frame in drawing.frames:
        for cell in frame.border():
            if cell in text_at:
                found.append(f"text {text_at[cell]!r} covers the frame of {frame.key!r} at {cell}")
        boxes = {b.key: b for b in drawing.boxes}
        for key in frame.members:
            b = boxes.get(key)
            if b is not None and not (
                frame.x < b.x and b.right < frame.right and frame.y < b.y and b.bottom < frame.bottom
            ):
                found.append(f"frame {frame.key!r} does not enclose {key!r}")
        for t in frame.title:
            if not (frame.x < t.x and t.x + t.width <= frame.right and frame.y <= t.y < frame.bottom):
                found.append(f"frame {frame.key!r} does not enclose its title {t.text!r}")
    line_at: dict[tuple[int, int], tuple[object, str]] = {}
    lifelines: set[tuple[int, int]] = set()
    for line in drawing.lines:
        if isinstance(line.key, tuple) and line.key[:1] == (LIFELINE,):
            lifelines.update(cell for cell, _ in line.cells())
    for n, line in enumerate(drawing.lines):
        ident = line.key if line.key is not None else n
        cells = list(line.cells())
        ends = {cells[0][0], cells[-1][0]}
        for cell, orient in cells:
            if cell in text_at:
                found.append(f"text {text_at[cell]!r} covers line {ident!r} at {cell}")
            holder = inside.get(cell)
            if holder is not None and not (cell in ends and cell in borders):
                found.append(f"line {ident!r} runs through box {holder.key!r} at {cell}")
            old = line_at.get(cell)
            if old is not None and old[0] != ident and {old[1], orient} != {"h", "v"}:
                found.append(f"lines {old[0]!r} and {ident!r} share the cell {cell}")
            line_at[cell] = (ident, orient)
        if line.end == "arrow" and line.reach[1] and len(line.points) > 1:
            (x, y), (dx, dy) = line.points[-1], line.direction_at("end")
            target = (x + dx, y + dy)
            if target not in borders and target not in lifelines:
                found.append(f"the arrowhead of {ident!r} at {(x, y)} touches nothing")
    return found


__all__ = ["LIFELINE", "violations"]
