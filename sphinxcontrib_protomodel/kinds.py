"""The diagram kinds: for each, its parser, layout, checks and ``diag`` engine.

This table is the only place that knows every kind; the directives, the
command line, the RFC writer and the check builder all go through it.
Entries name their functions as ``module:function`` and import them on first
use, so that loading the extension stays cheap (and seqdiag/blockdiag are
imported only when a diagram asks for the ``diag`` engine).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .diagrams import Diagnostic, Diagram, RenderOptions

#: Graphics engines: ``native`` draws the layout's own drawing; ``diag`` runs seqdiag/blockdiag.
ENGINES = ("native", "diag")


def _lazy(target: str) -> Callable[..., Any]:
    module, _, attr = target.partition(":")
    resolved: list[Callable[..., Any]] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not resolved:
            resolved.append(getattr(importlib.import_module(module, __package__), attr))
        return resolved[0](*args, **kwargs)

    call.__name__ = attr
    return call


def _no_findings(diagram: Diagram) -> list[Diagnostic]:
    return []


@dataclass(frozen=True)
class Kind:
    name: str
    #: ``parse(body, title) -> Diagram``; raises DiagramSyntaxError
    parse: Callable[[str, str], Diagram]
    #: ``figures(diagram, options) -> layout.Figures``: the drawing for text and for graphics
    figures: Callable[[Diagram, RenderOptions], Any]
    #: ``diag_source(diagram, options) -> engines.diag.Source`` for the ``diag`` engine, if it has one
    diag_source: Callable[[Diagram, RenderOptions], Any] | None = None
    #: ``check(diagram) -> [Diagnostic]``: warnings about a valid diagram
    check: Callable[[Diagram], list[Diagnostic]] = _no_findings


KINDS: dict[str, Kind] = {
    "ladder": Kind(
        "ladder",
        parse=_lazy(".parsing.ladder:parse_ladder"),
        figures=_lazy(".layout.ladder:ladder_figures"),
        diag_source=_lazy(".engines.seqdiag:ladder_source"),
    ),
    "problem": Kind(
        "problem",
        parse=_lazy(".parsing.problem:parse_problem"),
        figures=_lazy(".layout.problem:problem_figures"),
        diag_source=_lazy(".engines.blockdiag:problem_source"),
    ),
    "statemachine": Kind(
        "statemachine",
        parse=_lazy(".parsing.statemachine:parse_statemachine"),
        figures=_lazy(".layout.statemachine:statemachine_figures"),
        check=_lazy(".checks.statemachine:statemachine_findings"),
    ),
}
