"""Taking out the rows a picture does not need: rows of bare verticals and blank rows.

The router and the sizing leave room that the final routes and labels may
not use (the draft's figures never have rows of ``|  |`` with nothing
beside them).  A row goes when nothing in it but vertical strokes would be
lost: no text, no box or frame top or bottom, no turn or end of a line; it
is not the blank row between a box and something flat (a border, a
horizontal line) that stays (a box may sit right against its group's frame,
or against a row of text and vertical strokes); and every line through it
keeps at least three cells on that stretch (an arrowhead, a stroke and an
arrowhead), or two on a stretch with no arrowhead (a turn and an end).
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
    keep.update(frame_rows)
    stretches: list[list[int]] = []  # [top, bottom, cells left] of each vertical stretch
    for line in drawing.lines:
        heads = {line.points[0]: line.start, line.points[-1]: line.end}
        for (x0, y0), (x1, y1) in pairwise(line.points):
            keep.update((y0, y1))
            if x0 == x1 and y0 != y1:
                # A stretch without an arrowhead at either end reads with two cells (a turn and an end).
                headed = any(heads.get(p, "none") != "none" for p in ((x0, y0), (x1, y1)))
                spare = 0 if headed else 1
                stretches.append([min(y0, y1), max(y0, y1), abs(y1 - y0) + 1 + spare])
        if len(line.points) == 1:
            keep.add(line.points[0][1])
    flat = _flat_cells(drawing)
    blanks: set[int] = set()
    for b in drawing.boxes:
        # The blank row between a box and the next row that stays goes only when that row is its
        # frame, or holds nothing flat (a border, a horizontal line) beside the box: text and
        # vertical strokes read well right against a box.
        for blank, step in ((b.y - 1, -1), (b.bottom + 1, 1)):
            if blank in keep:
                continue
            beyond = blank + step
            while 0 <= beyond < drawing.height and beyond not in keep:
                beyond += step
            if beyond in frame_rows or not any((x, beyond) in flat for x in range(b.x - 1, b.right + 2)):
                continue
            blanks.add(blank)
    keep.update(blanks)
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


def _flat_cells(drawing: Drawing) -> set[tuple[int, int]]:
    """The cells of horizontal strokes: box and frame tops and bottoms, horizontal lines, turns and ends."""
    cells: set[tuple[int, int]] = set()
    for r in (*drawing.boxes, *drawing.frames):
        cells.update((x, y) for y in (r.y, r.bottom) for x in range(r.x, r.right + 1))
    for line in drawing.lines:
        cells.update(cell for cell, orient in line.cells() if orient != "v")
    return cells


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
