"""A ladder as indented text, for widths no drawing fits in."""

from __future__ import annotations

from collections.abc import Iterator

from ...diagrams import Delay, Group, Ladder, LadderItem, Message, Note, Separator
from .sizing import Words

#: Columns a group's contents are indented by.
INDENT = 2
#: Columns a wrapped line hangs under its first line.
HANG = 4


def ladder_listing(ladder: Ladder, width: int, words: Words) -> str:
    """Every participant and item of ``ladder`` as lines of at most ``width`` cells (words split if need be)."""
    out: list[str] = []

    def emit(indent: int, text: str, hang: int = HANG) -> None:
        indent = min(indent, width // 2)
        lines = words.lines(text, width - indent - hang) or [""]
        out.append(" " * indent + lines[0])
        out.extend(" " * (indent + hang) + line for line in lines[1:])

    emit(0, "participants: " + ", ".join(p.label for p in ladder.participants))
    stack: list[tuple[Iterator[LadderItem], int]] = [(iter(ladder.items), 0)]
    while stack:
        it, depth = stack[-1]
        item = next(it, None)
        if item is None:
            stack.pop()
            if stack:
                emit(INDENT * (depth - 1), "end")
            continue
        ind = INDENT * depth
        if isinstance(item, Group):
            emit(ind, f"group {item.label}")
            stack.append((iter(item.items), depth + 1))
        elif isinstance(item, Message):
            same_row = "& " if item.same_row else ""
            src, dst = ladder.label_of(item.src), ladder.label_of(item.dst)
            emit(ind, f"{same_row}{src} {_arrow(item)} {dst}{_label(item.label)}")
            for detail in item.details:
                emit(ind + HANG, detail, 1)
        elif isinstance(item, Note):
            parties = ", ".join(ladder.label_of(p) for p in item.parties)
            first, *rest = item.text.split("\n")
            emit(ind, f"{'& ' if item.same_row else ''}note {parties}: {first}")
            for line in rest:
                emit(ind + HANG, line, 1)
        elif isinstance(item, Separator):
            emit(ind, f"== {item.label} ==" if item.label else "==")
        elif isinstance(item, Delay):
            emit(ind, f"... {item.label} ..." if item.label else "...")
    return "\n".join(line.rstrip() for line in out)


def _arrow(msg: Message) -> str:
    if msg.lost:
        return "-x"
    if msg.bidirectional:
        return "<-->" if msg.dashed else "<->"
    return "-->" if msg.dashed else "->"


def _label(label: str) -> str:
    return f": {label}" if label else ""


__all__ = ["ladder_listing"]
