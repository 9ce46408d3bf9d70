"""Taking out the rows a picture does not need: rows of bare verticals and blank rows.

The router and the sizing leave room that the final routes and labels may
not use (the draft's figures never have rows of ``|  |`` with nothing
beside them).  A row goes when nothing in it but vertical strokes would be
lost: no text, no box or frame top or bottom, no turn or end of a line, it
does not touch a box (boxes keep a blank row around them, except from their group's frame), and every line
through it keeps at least three cells on that stretch (an arrowhead, a
stroke and an arrowhead).
"""

from __future__ import annotations

from itertools import pairwise

from ...drawing import Box, Drawing, DrawingBuilder, Frame, Line, Text

#: cells a vertical stretch of a line keeps at least
MIN_STRETCH = 3


def compact_rows(drawing: Drawing) -> Drawing:
    """``drawing`` without the rows it does not need (see the module docstring)."""
    keep: set[int] = set()
    for t in (*drawing.texts, *(t for f in drawing.frames for t in f.title)):
        keep.add(t.y)
    frame_rows = {y for f in drawing.frames for y in (f.y, f.bottom)}
    for b in drawing.boxes:
        keep.update((b.y, b.bottom))
        # A blank row between two boxes stays; between a box and its frame it may go.
        if b.y - 2 not in frame_rows:
            keep.add(b.y - 1)
        if b.bottom + 2 not in frame_rows:
            keep.add(b.bottom + 1)
    keep.update(frame_rows)
    stretches: list[list[int]] = []  # [top, bottom, cells left] of each vertical stretch
    for line in drawing.lines:
        for (x0, y0), (x1, y1) in pairwise(line.points):
            keep.update((y0, y1))
            if x0 == x1 and y0 != y1:
                stretches.append([min(y0, y1), max(y0, y1), abs(y1 - y0) + 1])
        if len(line.points) == 1:
            keep.add(line.points[0][1])
    gone: set[int] = set()
    for y in range(drawing.height):
        if y in keep:
            continue
        through = [s for s in stretches if s[0] < y < s[1]]
        if any(s[2] <= MIN_STRETCH for s in through):
            continue
        for s in through:
            s[2] -= 1
        gone.add(y)
    return _names_centred(shifted(drawing, 0, 0, gone)) if gone else drawing


def _names_centred(drawing: Drawing) -> Drawing:
    """Each box's name back in the middle of the box (rows taken out may have moved it off centre)."""
    texts = list(drawing.texts)
    for box in drawing.boxes:
        inside = [k for k, t in enumerate(texts) if t.role == "name" and box.contains(t.x, t.y)]
        if not inside:
            continue
        first = box.y + 1 + (box.height - 2 - len(inside)) // 2
        for n, k in enumerate(sorted(inside, key=lambda k: texts[k].y)):
            t = texts[k]
            texts[k] = Text(t.x, first + n, t.text, t.align, t.role, t.width)
    return Drawing(
        drawing.width, drawing.height, drawing.boxes, drawing.frames, drawing.lines, tuple(texts), (), drawing.kind
    )


def shifted(drawing: Drawing, dx: int, dy: int, rows: set[int] | None = None) -> Drawing:
    """``drawing`` moved ``dx`` columns left and ``dy`` rows up; ``rows``: rows taken out (nothing lies in them)."""
    gone = sorted(rows or ())

    def y_of(y: int) -> int:
        return y - dy - sum(1 for g in gone if g < y)

    def text(t: Text) -> Text:
        return Text(t.x - dx, y_of(t.y), t.text, t.align, t.role, t.width)

    boxes = tuple(
        Box(b.x - dx, y_of(b.y), b.width, y_of(b.bottom) - y_of(b.y) + 1, b.style, b.key, b.tooltip)
        for b in drawing.boxes
    )
    frames = tuple(
        Frame(f.x - dx, y_of(f.y), f.width, y_of(f.bottom) - y_of(f.y) + 1, tuple(map(text, f.title)), f.key, f.members)
        for f in drawing.frames
    )
    lines = tuple(
        Line(
            tuple((x - dx, y_of(y)) for x, y in ln.points),
            ln.style,
            ln.start,
            ln.end,
            ln.reach,
            ln.corners,
            ln.layer,
            ln.key,
        )
        for ln in drawing.lines
    )
    texts = tuple(map(text, drawing.texts))
    builder = DrawingBuilder(list(boxes), list(frames), list(lines), list(texts))
    return builder.build(drawing.kind)


__all__ = ["compact_rows", "shifted"]
