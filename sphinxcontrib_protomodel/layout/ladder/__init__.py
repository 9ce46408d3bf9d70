"""Ladder -> drawing, in the two styles of RFC message flows.

``columns`` (two parties, :mod:`.columns`) and ``lifelines`` (RFC 3261 call
flows, :mod:`.lifelines`); groups as braces or brackets (:mod:`.groups`).
Conventions shared by both styles, so an author learns them once:

- ``-------->`` a message, ``- - - - >`` a dashed (optional or conditional)
  message, ``<------->`` a message that flows both ways, ``------x`` a
  message lost on the way; a local action loops back to its party (``---.``
  over ``<--'``).
- Detail lines as the author wrote them under the label; notes in boxes
  beside their party (over its lifeline) or across the parties they span.
- ``==== label ====`` separates phases; ``... label ...`` lets time pass
  (lifelines are dotted meanwhile).

The layout is computed once from the labels; rows are then added item by
item, so the time taken grows linearly with the number of messages.  Labels
wrap at spaces and are never cut; if even the tightest layout cannot hold a
word, the word is split and the figure says ``degraded``.  Nothing is ever
wider than ``options.width``; when no drawing fits, the ladder is listed as
indented text.
"""

from __future__ import annotations

from ...diagrams import AsciiArt, Ladder, RenderOptions
from ...paint.ascii import paint_ascii
from .. import Figure, Figures, text_drawing
from .body import Body
from .columns import ColumnsBody
from .groups import GroupedLadder, NoRoomError
from .lifelines import LifelinesBody
from .listing import ladder_listing
from .sizing import Words

#: Widths tried for the picture when the text width has room for no drawing.
WIDER = (100, 140, 200, 280, 400, 1000)


def ladder_figures(ladder: Ladder, options: RenderOptions) -> Figures:
    """The text figure within ``options.width`` columns, and the picture for graphics.

    The picture is the same drawing, unless the text had to fall back to a
    listing: then it is the drawing at the narrowest wider width that fits.
    """
    text = _figure(ladder, options.width, options.style)
    if text.drawing.kind == "ladder":
        return Figures(text, text)
    for wider in WIDER:
        if wider > options.width:
            picture = _figure(ladder, wider, options.style)
            if picture.drawing.kind == "ladder":
                return Figures(text, picture)
    return Figures(text, text)


def ladder_ascii(ladder: Ladder, options: RenderOptions) -> AsciiArt:
    """The ladder's ASCII art within ``options.width`` columns (its text figure, painted)."""
    figure = ladder_figures(ladder, options).text
    return AsciiArt(paint_ascii(figure.drawing), figure.degraded, figure.notes)


def style_of(ladder: Ladder, style: str | None) -> str:
    """The style drawn: ``style`` if given, else ``columns`` for two participants and ``lifelines`` for more."""
    return style or ("columns" if len(ladder.participants) == 2 else "lifelines")


def _figure(ladder: Ladder, width: int, style: str | None) -> Figure:
    width = max(1, width)
    count = len(ladder.participants)
    style = style_of(ladder, style)
    reasons: list[str] = []
    if style == "columns" and count != 2:
        reasons.append("the columns style needs exactly two participants; drawn with lifelines")
        style = "lifelines"
    words = Words()
    drawing = None
    if count >= 2:
        body: Body = ColumnsBody(ladder, words) if style == "columns" else LifelinesBody(ladder, words)
        try:
            drawing = GroupedLadder(ladder, body, width).draw()
        except NoRoomError:
            drawing = None
    if drawing is None:
        words = Words()
        drawing = text_drawing(ladder_listing(ladder, width, words), "list", "listing")
        reasons.append(f"no room for {count} participants in {width} columns; listed as text")
    if words.split:
        reasons.append(f"some words are split to fit {width} columns")
    degraded = "; ".join(reasons) or None
    return Figure(drawing, degraded)


__all__ = ["ladder_ascii", "ladder_figures", "style_of"]
