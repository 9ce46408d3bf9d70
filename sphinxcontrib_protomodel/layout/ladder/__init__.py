"""Ladder -> drawing (transitional: the character-grid renderer's text as text runs)."""

from __future__ import annotations

from ...model import Ladder, RenderOptions
from .. import Figure, Figures, text_drawing
from .legacy_ascii import ladder_ascii


def ladder_figures(ladder: Ladder, options: RenderOptions) -> Figures:
    art = ladder_ascii(ladder, options)
    figure = Figure(text_drawing(art.text, "ladder", "art"), art.degraded, art.notes)
    return Figures(figure, figure)


__all__ = ["ladder_figures"]
