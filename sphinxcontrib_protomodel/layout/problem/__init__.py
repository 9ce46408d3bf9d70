"""Problem -> drawing (transitional: the character-grid renderer's text as text runs)."""

from __future__ import annotations

from ...model import Problem, RenderOptions
from .. import Figure, Figures, text_drawing
from .legacy_ascii import problem_ascii


def problem_figures(problem: Problem, options: RenderOptions) -> Figures:
    art = problem_ascii(problem, options)
    figure = Figure(text_drawing(art.text, "problem", "art"), art.degraded, art.notes)
    return Figures(figure, figure)


__all__ = ["problem_figures"]
