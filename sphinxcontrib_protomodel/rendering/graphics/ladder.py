"""Ladder model -> seqdiag source -> SVG."""

from __future__ import annotations

from ...model import Delay, Group, Ladder, LadderItem, Message, Note, RenderOptions, Separator
from .engine import Source


def ladder_source(ladder: Ladder, options: RenderOptions) -> Source:
    """seqdiag source for ``ladder``; user text only as placeholders."""
    src = Source("seqdiag")
    ids = {p.name: f"p{i}" for i, p in enumerate(ladder.participants)}
    src.add("activation = none; edge_length = 160; span_height = 12;")
    src.add("default_fontsize = 12; default_note_color = white;")
    for p in ladder.participants:
        src.add(f"{ids[p.name]} [label = {src.text(p.label)}];")
    last = ladder.participants[-1].name
    _emit(ladder.items, src, ids, last)
    return src


def _emit(items: tuple[LadderItem, ...], src: Source, ids: dict[str, str], last: str) -> None:
    for item in items:
        if isinstance(item, Message):
            text = item.label + "".join(f"\n[{d}]" for d in item.details)
            if item.bidirectional:
                arrow = "->"
                attrs = [f"label = {src.text(text)}", "dir = both"]
            else:
                arrow = "-->" if item.dashed else "->"
                attrs = [f"label = {src.text(text)}"]
            if item.dashed:
                attrs.append("style = dashed")
            src.add(f"{ids[item.src]} {arrow} {ids[item.dst]} [{', '.join(attrs)}];")
        elif isinstance(item, Note):
            # seqdiag has no free-standing note: hang it on an invisible self edge.
            anchor = item.parties[-1]
            side = "leftnote" if anchor == last else "rightnote"
            src.add(f"{ids[anchor]} -> {ids[anchor]} [color = white, {side} = {src.text(item.text)}];")
        elif isinstance(item, Separator):
            src.add(f"=== {src.text(item.label or ' ')[1:-1]} ===")
        elif isinstance(item, Delay):
            src.add(f"... {src.text(item.label or ' ')[1:-1]} ...")
        elif isinstance(item, Group):
            # The fragment's id is drawn as its title (see engine.render_svg).
            src.add(f"loop {src.text(item.label)[1:-1]} {{")
            _emit(item.items, src, ids, last)
            src.add("}")
