"""The diagram kinds: for each, its parser, checks and renderers.

This table is the only place that knows every kind; the directives, the
command line, the RFC writer and the check builder all go through it.
Entries name their functions as ``module:function`` and import them on first
use, so that loading the extension stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import AsciiArt, Diagnostic, Diagram, RenderOptions


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
    #: ``parse(body, title) -> Diagram``; raises ModelError
    parse: Callable[[str, str], Diagram]
    #: ``ascii(diagram, options) -> AsciiArt``
    ascii: Callable[[Diagram, RenderOptions], AsciiArt]
    #: ``graphics(diagram, options) -> engine.Source`` for seqdiag/blockdiag, or an
    #: ``engine.Drawing`` that draws itself (the state machine)
    graphics: Callable[[Diagram, RenderOptions], Any]
    #: ``check(diagram) -> [Diagnostic]``: warnings about a valid diagram
    check: Callable[[Diagram], list[Diagnostic]] = _no_findings


KINDS: dict[str, Kind] = {
    "ladder": Kind(
        "ladder",
        parse=_lazy(".parsing.ladder:parse_ladder"),
        ascii=_lazy(".rendering.ascii.ladder:ladder_ascii"),
        graphics=_lazy(".rendering.graphics.ladder:ladder_source"),
    ),
    "problem": Kind(
        "problem",
        parse=_lazy(".parsing.problem:parse_problem"),
        ascii=_lazy(".rendering.ascii.problem:problem_ascii"),
        graphics=_lazy(".rendering.graphics.problem:problem_source"),
    ),
    "statemachine": Kind(
        "statemachine",
        parse=_lazy(".parsing.statemachine:parse_statemachine"),
        ascii=_lazy(".rendering.ascii.statemachine:statemachine_ascii"),
        graphics=_lazy(".rendering.graphics.statemachine:statemachine_source"),
        check=_lazy(".checks.statemachine:statemachine_findings"),
    ),
}
