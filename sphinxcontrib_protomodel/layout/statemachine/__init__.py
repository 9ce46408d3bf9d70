"""State machine -> drawing: boxes and arrows when they fit, else a transition table.

The layered layout (:mod:`.search` and its phases) places the states, the
labels and the routes and gives a compacted :class:`~...drawing.Drawing`
(:mod:`.shapes`), which both painters draw.  A drawing that breaks a
geometry fact (:mod:`..invariants`) is never shown.

``options.ascii``: ``"auto"`` (diagram if it fits, else table), ``"table"``,
or ``"diagram"`` (always a diagram: one wider than the width is marked
``degraded`` with the width it needs).  ``options.labels``: ``"auto"``,
``"slash"`` or ``"rule"`` (see :func:`.placement.label_lines`).  The picture
for graphics is the diagram at the text width when it fits, else the
narrowest diagram there is.
"""

from __future__ import annotations

from ...cells import wrap
from ...diagrams import RenderError, RenderOptions, StateMachine
from ...drawing import Drawing, DrawingBuilder, Text
from .. import Figure, Figures
from .search import LayoutSearch
from .shapes import to_drawing
from .table import splits_words, transition_table

#: Widths tried for the picture when the text width is too narrow for a diagram.
WIDER = (100, 140, 200, 280, 400)


def statemachine_figures(sm: StateMachine, options: RenderOptions) -> Figures:
    """The text figure within ``options.width`` and the picture for graphics.

    With ``options.ascii == "diagram"`` the text figure is always a diagram:
    one that cannot fit is drawn at the width it needs and marked
    ``degraded`` with that width (the directive warns about it).
    """
    width = options.width
    search = LayoutSearch(sm, options.labels)
    diagram = None if options.ascii == "table" else _diagram(sm, search, width)
    if diagram is not None:
        text = Figure(_with_footer(sm, diagram, width, key=True))
        return Figures(text, Figure(_with_footer(sm, diagram, max(width, 40), key=False)))
    # :ascii: table is a choice, not a necessity: the picture is then the diagram at the width if it fits.
    picture = (_diagram(sm, search, width) if options.ascii == "table" else None) or _picture(sm, search, width)
    if options.ascii == "diagram":
        needed = picture.width
        why = f"the state diagram needs {needed} columns, more than the width of {width}; drawn wider"
        text = Figure(_with_footer(sm, picture, needed, key=True), why)
        return Figures(text, Figure(_with_footer(sm, picture, max(needed, 40), key=False)))
    why = f"the state diagram does not fit in {width} columns; shown as a transition table"
    notes: tuple[str, ...] = () if options.ascii == "table" else (why,)
    degraded = None
    if splits_words(sm, width):
        cut = f"the transition table cuts words to fit in {width} columns"
        notes += (cut,)
        degraded = cut
    lines = [*transition_table(sm, width).split("\n"), "", *descriptions(sm, width)]
    table = DrawingBuilder()
    table.text_block(0, 0, lines, role="table")
    text = Figure(table.build("table"), degraded, notes)
    return Figures(text, Figure(_with_footer(sm, picture, max(width, 40), key=False)))


def _picture(sm: StateMachine, search: LayoutSearch, width: int) -> Drawing:
    """The diagram at the narrowest width it can have, for graphics (and ``:ascii: diagram``)."""
    drawing = search.narrowest_drawing()
    if drawing is not None:
        return drawing
    for wider in (width, *(w for w in WIDER if w > width), 1_000_000):
        drawing = _diagram(sm, search, wider)
        if drawing is not None:
            return drawing
    raise RenderError("statemachine: no layout found")  # pragma: no cover - an unbounded width always fits


def _diagram(sm: StateMachine, search: LayoutSearch, width: int) -> Drawing | None:
    return search.fit(width)


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
