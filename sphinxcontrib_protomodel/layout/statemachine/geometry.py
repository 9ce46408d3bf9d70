"""The geometry a state machine layout produces: boxes, routes and labels on a cell grid."""

from __future__ import annotations

from dataclasses import dataclass


class LayoutError(Exception):
    """The layout cannot be drawn within the constraints (caller falls back)."""


@dataclass(frozen=True)
class BoxGeom:
    state: str
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    final: bool = False
    name_row: int = 1  # first row of the name, relative to y


@dataclass(frozen=True)
class LabelGeom:
    """Text lines whose first character is at (x, y)."""

    x: int
    y: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class EdgeGeom:
    """One transition: a polyline from the source border to the arrow cell."""

    transition: int  # index in StateMachine.transitions; -1 for an initial marker
    points: tuple[tuple[int, int], ...]  # (col, row)
    label: LabelGeom | None = None
    loop: bool = False
    initial: bool = False


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    boxes: tuple[BoxGeom, ...]
    edges: tuple[EdgeGeom, ...]


__all__ = ["BoxGeom", "EdgeGeom", "LabelGeom", "Layout", "LayoutError"]
