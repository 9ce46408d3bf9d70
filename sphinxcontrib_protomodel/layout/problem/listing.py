"""The last fallback of the problem figure: the parties as boxes, the relationships listed under them.

Boxes flow left to right and wrap to the width; a group is a frame around
its members.  Each relationship is one line (hanging indent when it wraps):
``Agent L -> NAT (natL): label``, trust as ``..>``, a party named by its label
and, when two parties share a label, by its id too, so the list is never
ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...cells import block_width, cell_width, longest_word, wrap
from ...diagrams import PartyGroup, Problem
from ...drawing import Box, Drawing, DrawingBuilder, Frame, Text
from .labels import party_names, relation_text

GROUP_PAD = 2

ARROW_TEXT = {
    ("->", False): "->",
    ("<->", False): "<->",
    ("--", False): "--",
    ("->", True): "..>",
    ("<->", True): "<..>",
    ("--", True): "..",
}


def _flow(sizes: list[tuple[int, int]], avail: int) -> tuple[list[tuple[int, int]], int, int]:
    """Positions (x, y) of blocks flowed left to right, and the total width and height."""
    pos, x, y, line_h, total_w = [], 0, 0, 0, 0
    for w, h in sizes:
        if x and x + w > avail:
            x, y, line_h = 0, y + line_h + 1, 0
        pos.append((x, y))
        total_w = max(total_w, x + w)
        x += w + 2
        line_h = max(line_h, h)
    return pos, total_w, y + line_h


@dataclass(frozen=True)
class _PartyBlock:
    """A party's box in the listing: its size in cells and its label lines."""

    name: str
    width: int
    height: int
    lines: list[str]


@dataclass(frozen=True)
class _GroupBlock:
    """A group's frame in the listing: its size, its title lines, its members' boxes and where they go in it."""

    group: PartyGroup
    width: int
    height: int
    title: list[str]
    members: list[_PartyBlock]
    places: list[tuple[int, int]]


def _party_box(name: str, label: str, avail: int) -> _PartyBlock:
    lines = wrap(label, max(1, min(max(20, longest_word(label)), avail - 4)))
    return _PartyBlock(name, block_width(lines) + 4, len(lines) + 2, lines)


def _group_box(problem: Problem, group: PartyGroup, width: int) -> _GroupBlock:
    inner = width - 2 * GROUP_PAD
    members = [_party_box(m, problem.label_of(m), inner) for m in group.members]
    places, mw, mh = _flow([(m.width, m.height) for m in members], inner)
    gw = max(mw, 8) + 2 * GROUP_PAD
    title = wrap(group.label, max(1, gw - 5))
    gw = max(gw, block_width(title[:1]) + 5)
    return _GroupBlock(group, gw, mh + 2 * GROUP_PAD + len(title) - 1, title, members, places)


def listing(problem: Problem, width: int) -> Drawing:
    """The parties as boxes (flowed within ``width`` columns), then one line per relationship."""
    out = DrawingBuilder()
    member = {m for g in problem.groups for m in g.members}
    groups_by_first = {g.members[0]: g for g in problem.groups if g.members}
    blocks: list[_PartyBlock | _GroupBlock] = []
    for p in problem.parties:
        if p.name in groups_by_first:
            blocks.append(_group_box(problem, groups_by_first[p.name], width))
        elif p.name not in member:
            blocks.append(_party_box(p.name, p.label, width))
    pos, _, height = _flow([(b.width, b.height) for b in blocks], width)
    for block, (x, y) in zip(blocks, pos, strict=True):
        if isinstance(block, _PartyBlock):
            _box(out, x, y, block.width, block.height, block.name, block.lines)
            continue
        title = tuple(Text(x + 3, y + k, line, role="title") for k, line in enumerate(block.title))
        out.frames.append(Frame(x, y, block.width, block.height, title, block.group.name, tuple(block.group.members)))
        top = y + GROUP_PAD + len(block.title) - 1
        for box, (mx, my) in zip(block.members, block.places, strict=True):
            _box(out, x + GROUP_PAD + mx, top + my, box.width, box.height, box.name, box.lines)
    names = party_names(problem)
    row = height + 1
    for r in problem.relations:
        head = f"{names[r.src]} {ARROW_TEXT[(r.mode, r.trust)]} {names[r.dst]}"
        text = relation_text(r)
        lines = hanging(f"{head}: {text}" if text else head, width, 4)
        for detail in r.details:
            lines += [f"    {piece}" for piece in wrap(f"[{detail}]", width - 4)]
        for k, line in enumerate(lines):
            indent = len(line) - len(line.lstrip(" "))
            out.texts.append(Text(indent, row + k, line.lstrip(" "), role="list", width=cell_width(line) - indent))
        row += len(lines)
    return out.build("list")


def hanging(text: str, width: int, indent: int) -> list[str]:
    """``text`` wrapped (by :func:`~...cells.wrap`) to ``width``; lines after the first indented by ``indent``.

    Every line is wrapped to the room the indented lines have, so a word split
    across lines is never joined again with a blank.
    """
    head, *rest = wrap(text, max(1, width - indent))
    return [head] + [" " * indent + line for line in rest]


def _box(out: DrawingBuilder, x: int, y: int, w: int, h: int, name: str, lines: list[str]) -> None:
    out.boxes.append(Box(x, y, w, h, key=name))
    for k, line in enumerate(lines):
        out.texts.append(Text(x + 2, y + 1 + k, line, role="name"))


__all__ = ["ARROW_TEXT", "hanging", "listing"]
