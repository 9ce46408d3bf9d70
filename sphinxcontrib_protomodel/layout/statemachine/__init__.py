"""State machine -> drawing: boxes and arrows when they fit, else a transition table.

The layered layout (:mod:`.search` and its phases) places the states, the labels and the
routes; this module turns its geometry into a :class:`~..drawing.Drawing`,
which both painters draw.  A drawing that breaks a geometry fact
(:mod:`..invariants`) is never shown: the table is shown instead.

``options.ascii``: ``"auto"`` (diagram if it fits, else table), ``"table"``,
or ``"diagram"`` (a table that replaces a diagram that cannot fit is marked
``degraded``).  The picture for graphics is the diagram at the text width
when it fits, else at the narrowest wider width that fits.
"""

from __future__ import annotations

from ...cells import cell_width, wrap
from ...drawing import Box, Drawing, DrawingBuilder, Line, Text
from ...model import ANY_STATE, RenderError, RenderOptions, StateMachine
from .. import Figure, Figures
from ..invariants import violations
from .geometry import Layout
from .search import LayoutSearch
from .table import splits_words, transition_table

#: Widths tried for the picture when the text width is too narrow for a diagram.
WIDER = (100, 140, 200, 280, 400)


def statemachine_figures(sm: StateMachine, options: RenderOptions) -> Figures:
    """The text figure within ``options.width`` and the picture for graphics."""
    width = options.width
    search = LayoutSearch(sm)
    diagram = None if options.ascii == "table" else _diagram(sm, search, width)
    if diagram is not None:
        text = Figure(_with_footer(sm, diagram, width, key=True))
        return Figures(text, Figure(_with_footer(sm, diagram, max(width, 40), key=False)))
    why = f"the state diagram does not fit in {width} columns; shown as a transition table"
    notes: tuple[str, ...] = () if options.ascii == "table" else (why,)
    degraded = why if options.ascii == "diagram" else None
    if splits_words(sm, width):
        cut = f"the transition table cuts words to fit in {width} columns"
        notes += (cut,)
        degraded = "; ".join(n for n in (degraded, cut) if n)
    lines = [*transition_table(sm, width).split("\n"), "", *descriptions(sm, width)]
    table = DrawingBuilder()
    table.text_block(0, 0, lines, role="table")
    text = Figure(table.build("table"), degraded, notes)
    return Figures(text, Figure(_with_footer(sm, _picture(sm, search, width), max(width, 40), key=False)))


def _picture(sm: StateMachine, search: LayoutSearch, width: int) -> Drawing:
    for wider in (width, *(w for w in WIDER if w > width), 1_000_000):
        drawing = _diagram(sm, search, wider)
        if drawing is not None:
            return drawing
    raise RenderError("statemachine: no layout found")  # pragma: no cover - an unbounded width always fits


def _diagram(sm: StateMachine, search: LayoutSearch, width: int) -> Drawing | None:
    geometry = search.fit(width)
    if geometry is None:
        return None
    drawing = to_drawing(sm, geometry)
    return None if violations(drawing) else drawing


def to_drawing(sm: StateMachine, geometry: Layout) -> Drawing:
    """The layered layout's boxes, routes and labels as drawing shapes."""
    out = DrawingBuilder()
    described = {s.name: s.description for s in sm.states}
    for box in geometry.boxes:
        style = "double" if box.final else "note" if box.state == ANY_STATE else "solid"
        tooltip = described.get(box.state, "") if box.state != ANY_STATE else "transitions from any state"
        out.boxes.append(Box(box.x, box.y, box.width, box.height, style, box.state, tooltip))
        for k, line in enumerate(box.lines):
            pad = (box.width - 2 - cell_width(line)) // 2
            out.texts.append(Text(box.x + 1 + pad, box.y + box.name_row + k, line, "centre", "name"))
    for edge in geometry.edges:
        key = ("initial",) if edge.initial else ("transition", edge.transition)
        start = "dot" if edge.initial else "none"
        out.lines.append(Line(edge.points, start=start, end="arrow", reach=(False, True), key=key))
        if edge.label is not None:
            out.text_block(edge.label.x, edge.label.y, edge.label.lines)
    return out.build("statemachine", geometry.width, geometry.height)


def _with_footer(sm: StateMachine, drawing: Drawing, width: int, *, key: bool) -> Drawing:
    """The drawing with the legend (text only) and the state descriptions under it."""
    blocks = []
    if key and any(s.name in sm.final for s in sm.states):
        blocks.append(wrap("* marks the initial state; +====+ a final state", width))
    notes = descriptions(sm, width)
    if notes:
        blocks.append(notes)
    if not blocks:
        return drawing
    texts = list(drawing.texts)
    y = drawing.height + 1
    for block in blocks:
        texts.extend(Text(0, y + k, line, role="note") for k, line in enumerate(block) if line)
        y += len(block) + 1
    width = max(drawing.width, *(t.x + t.width for t in texts))
    return Drawing(
        width, y - 1, drawing.boxes, drawing.frames, drawing.lines, tuple(texts), drawing.braces, drawing.kind
    )


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


__all__ = ["descriptions", "statemachine_figures", "to_drawing"]
