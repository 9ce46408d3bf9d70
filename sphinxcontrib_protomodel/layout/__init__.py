"""Layouts: a diagram model -> a :class:`~..drawing.Drawing` on a character grid.

One layout per figure, drawn by every painter, so the ASCII art and the
graphics show the same picture.  Each kind's layout returns :class:`Figures`:
the figure for text (within ``options.width`` columns) and the picture for
graphics, which is the same drawing unless the text had to fall back to a
form that is not a picture (a transition table, a listing).  No Sphinx, no
engine, no output format here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..drawing import Drawing


@dataclass(frozen=True)
class Figure:
    """A drawing, and why a fallback form was used (``degraded``) with notes for the reader."""

    drawing: Drawing
    degraded: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    """The figure for ASCII art and the one for graphics (often the same)."""

    text: Figure
    picture: Figure


def text_drawing(text: str, kind: str, role: str = "table") -> Drawing:
    """Lines of ready-made text (a table, a listing) as a drawing of text runs."""
    from ..drawing import DrawingBuilder

    out = DrawingBuilder()
    out.text_block(0, 0, text.split("\n"), role=role)
    return out.build(kind)


__all__ = ["Figure", "Figures", "text_drawing"]
