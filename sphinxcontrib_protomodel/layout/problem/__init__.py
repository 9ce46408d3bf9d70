"""Problem -> drawing: parties as boxes, groups as frames, relations as lines.

The parties get slots on a grid (:mod:`.placement`: the main flow along
``:direction:``, parties that talk to each other near each other, groups
contiguous); :mod:`.picture` sizes the slots in cells, routes every relation
as its own orthogonal line and puts its label beside it.  Both painters draw
the result, so the SVG and the ASCII art show the same arrangement.

When the picture cannot fit ``options.width`` it degrades, in this order,
and ``Figure.degraded`` says why (the model check reports it):

1. labels and boxes wrapped narrower (at word boundaries);
2. the other direction;
3. the parties in one column, the relations routed beside it;
4. the parties as boxes (groups around their members) and the relationships
   listed under them (:mod:`.listing`); at once for a figure too large to be
   a model figure.

The picture for graphics is the text figure, unless the text fell back to
the listing: then the graphics get the picture drawn at a wider width.
"""

from __future__ import annotations

from ...cells import block_width, longest_word, wrap
from ...diagrams import Problem, RenderOptions
from ...drawing import Drawing
from .. import Figure, Figures
from ..invariants import violations
from .labels import label_lines, relation_text
from .listing import listing
from .picture import Picture
from .placement import Sizes, place

#: Beyond these, the picture is not attempted: the listing is shown at once.
MAX_DRAWN_PARTIES = 12
MAX_DRAWN_RELATIONS = 18
#: Boxes and labels wrap at most this wide when the placement estimates the width.
ESTIMATE_PARTY_CAP, ESTIMATE_LABEL_CAP = 16, 24
#: Widths tried for the picture of graphics when the text is a listing.
WIDER = (100, 140, 200)
#: Attempts (sizing and routing every relation) one arrangement gets over all its wrap widths:
#: the figures we know are drawn within 15, a figure that cannot be drawn gives up soon.
TRIES = 20
#: Attempts the picture with lines entering boxes beside their names gets (the figure fitted at once).
NAME_ROW_TRIES = 2


def caps(width: int) -> list[tuple[int, int]]:
    """(party label, relation label) wrap widths tried in turn, widest first."""
    first = (max(16, width // 3), max(24, width // 2))
    rest = [(16, 20), (10, 12)]
    return [first] + [c for c in rest if c < first]


def _max_cols(problem: Problem, width: int, party_cap: int) -> int:
    """The most columns of boxes that can fit ``width`` (a generous estimate)."""
    widths = sorted(min(len(p.label), party_cap) + 4 for p in problem.parties)
    total, cols = 0, 0
    for w in widths:
        total += w + (2 if cols else 0)
        if total > width:
            break
        cols += 1
    return max(1, cols)


def sizes(problem: Problem, width: int, party_cap: int, label_cap: int) -> Sizes:
    """What the placement needs to know of the cells: box and label widths at these wraps."""
    boxes = {p.name: block_width(wrap(p.label, max(party_cap, longest_word(p.label)))) + 4 for p in problem.parties}
    labels: dict[frozenset[str], int] = {}
    for r in problem.relations:
        key = frozenset((r.src, r.dst))
        texts = [relation_text(r), *(f"[{d}]" for d in r.details)]
        cap = max(label_cap, max(longest_word(t) for t in texts))
        labels[key] = max(labels.get(key, 0), block_width(label_lines(r, cap)))
    return Sizes(boxes, labels, width)


def drawn(problem: Problem, width: int, direction: str, one_column: bool = False) -> Drawing | None:
    """The picture in ``direction`` within ``width`` columns, at the widest wrap that fits, or ``None``."""
    widest = caps(width)[0]
    cols = 1 if one_column else _max_cols(problem, width, widest[0])
    # One arrangement for every wrap width: narrower labels keep the picture's shape.
    estimate = sizes(problem, width, min(widest[0], ESTIMATE_PARTY_CAP), min(widest[1], ESTIMATE_LABEL_CAP))
    plan = place(problem, "down" if one_column else direction, cols, estimate)
    # Labels above and below a line in fewer lines where there is room; if no wrap width fits so,
    # the labels as wrapped (wider labels take room that other routes may need).
    # At the wrap width that fits, lines entering boxes beside their names where they can, if that is
    # shorter (a few attempts: it is worth trying for a figure that fits at once).
    for fewer_lines in (True, False):
        budget = TRIES
        for party_cap, label_cap in caps(width):
            if budget <= 0:
                break
            picture = Picture(problem, plan, width, party_cap, label_cap, fewer_lines)
            drawing = picture.run(budget)
            budget -= picture.tries
            if drawing is not None and drawing.width <= width and not violations(drawing):
                if not picture.off_name_rows:
                    # No line could enter a box beside no line of its name: the picture with name rows
                    # would make the same attempts and draw this same picture, or give up sooner.
                    return drawing
                other = Picture(problem, plan, width, party_cap, label_cap, fewer_lines, name_rows=True)
                shorter = other.run(min(picture.tries, NAME_ROW_TRIES))
                if shorter is not None and shorter.height < drawing.height and not violations(shorter):
                    return shorter if shorter.width <= width else drawing
                return drawing
    return None


def too_large(problem: Problem) -> bool:
    """Whether the figure is listed at once, without trying to draw it."""
    return len(problem.parties) > MAX_DRAWN_PARTIES or len(problem.relations) > MAX_DRAWN_RELATIONS


def problem_figure(problem: Problem, options: RenderOptions) -> Figure:
    """The best figure within ``options.width`` (see the module docstring)."""
    width = options.width
    if too_large(problem):
        why = (
            f"too large to draw ({len(problem.parties)} parties, {len(problem.relations)} relationships; "
            f"at most {MAX_DRAWN_PARTIES} and {MAX_DRAWN_RELATIONS}): relationships listed under the parties"
        )
        return Figure(listing(problem, width), why, (why,))
    other = "down" if options.direction == "right" else "right"
    for direction in (options.direction, other):
        drawing = drawn(problem, width, direction)
        if drawing is not None:
            if direction == options.direction:
                return Figure(drawing)
            going = "from left to right" if options.direction == "right" else "from top to bottom"
            instead = "top to bottom" if direction == "down" else "left to right"
            why = f"too wide for {width} columns {going}: drawn {instead}"
            return Figure(drawing, why, (why,))
    drawing = drawn(problem, width, "down", one_column=True)
    if drawing is not None:
        why = f"too wide for {width} columns side by side: the parties stacked in one column"
        return Figure(drawing, why, (why,))
    why = f"too wide or too dense for {width} columns: relationships listed under the parties"
    return Figure(listing(problem, width), why, (why,))


def problem_figures(problem: Problem, options: RenderOptions) -> Figures:
    """The text figure within ``options.width`` and the picture for graphics (the same unless listed)."""
    text = problem_figure(problem, options)
    if text.drawing.kind == "problem" or too_large(problem):
        return Figures(text, text)
    for wider in (w for w in WIDER if w > options.width):
        drawing = drawn(problem, wider, options.direction)
        if drawing is not None:
            return Figures(text, Figure(drawing))
    return Figures(text, text)


__all__ = ["MAX_DRAWN_PARTIES", "MAX_DRAWN_RELATIONS", "problem_figure", "problem_figures"]
