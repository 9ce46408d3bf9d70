"""Which ladder items may share a row (``&``): the rule the parser checks and the layout follows.

A ladder row is cut into *slots* by the lifelines of its ``n`` participants:
slot 0 is the margin left of the first lifeline, slot ``k + 1`` the gap right
of lifeline ``k``, slot ``n`` the margin right of the last.  An item takes:

- a message between parties ``i < j``: the gaps ``i + 1 .. j``;
- a local action of party ``i``: the gap right of it (left of it for the last);
- a note over parties ``a < b``: slots ``a .. b + 1`` (it covers their lifelines);
- a note over one party: both slots beside its lifeline when alone on its row;
  on a shared row, the free one of the two (left first): it stands beside the
  lifeline.

Items on one row must take different slots, with two exceptions that are
drawn as such: messages from one sender to several parties the same way
(a fork: one line with an arrowhead at each receiver, as mscgen draws a
broadcast) and two opposite messages between the same pair (messages in
flight that cross, as in a simultaneous close).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from .diagrams import Message, Note

Placement = Literal["plain", "fork", "crossing"]


@dataclass(frozen=True)
class Slotted:
    """An item of a row with the slots it takes; ``side`` is where a one-party note stands."""

    item: Message | Note
    slots: frozenset[int]
    side: Literal["over", "left", "right"] = "over"


def message_slots(msg: Message, index: dict[str, int]) -> frozenset[int]:
    """The slots a message takes (see the module docstring)."""
    n = len(index)
    i, j = index[msg.src], index[msg.dst]
    if i == j:
        return frozenset({i + 1 if i < n - 1 else i})
    return frozenset(range(min(i, j) + 1, max(i, j) + 1))


def pairs_with(a: Message, b: Message) -> Placement | None:
    """``fork`` or ``crossing`` if the two messages may share slots, else ``None``."""
    if a.src == a.dst or b.src == b.dst or a.bidirectional or b.bidirectional:
        return None
    if a.src == b.src and a.dst != b.dst:
        return "fork"
    if a.src == b.dst and a.dst == b.src and not a.lost and not b.lost:
        return "crossing"
    return None


def arrange(items: list[Message | Note], index: dict[str, int]) -> tuple[list[Slotted], str | None]:
    """The items of one row with their slots, and why the last one cannot join (``None`` if it can).

    ``items[0]`` starts the row; each later item was written with ``&``.  The
    result is in drawing order: messages first, then notes.
    """
    placed: list[Slotted] = []
    alone = len(items) == 1
    # messages first, then the notes beside them, so a note takes the side left free
    for item in sorted(items, key=lambda it: isinstance(it, Note)):
        taken = frozenset().union(*(p.slots for p in placed)) if placed else frozenset()
        if isinstance(item, Message):
            slots = message_slots(item, index)
            for other in (p for p in placed if p.slots & slots):
                if not isinstance(other.item, Message) or pairs_with(other.item, item) is None:
                    return placed, _why(items[-1], other.item)
            placed.append(Slotted(item, slots))
            continue
        lo, hi = min(index[p] for p in item.parties), max(index[p] for p in item.parties)
        side: Literal["over", "left", "right"] = "over"
        if lo != hi or alone:
            slots = frozenset(range(lo, hi + 2))
        elif lo not in taken:
            slots, side = frozenset({lo}), "left"
        else:
            slots, side = frozenset({lo + 1}), "right"
        clash = [p for p in placed if p.slots & slots]
        if clash:
            return placed, _why(items[-1], clash[0].item)
        placed.append(Slotted(item, slots, side))
    return placed, None


def _why(item: Message | Note, other: Message | Note) -> str:
    what = "this note" if isinstance(item, Note) else "this message"
    where = f"line {other.line}" if other.line else "the item before it"
    return (
        f"'&' puts {what} on the row of {where}, but they would overlap "
        "(only messages between other parties, a fork from one sender, two messages "
        "that cross, or a note beside a free side of its lifeline share a row); "
        "drop the '&' to draw it on a row of its own"
    )


@dataclass
class RowPlan:
    """How the items of one row are drawn.

    ``starts``: for a message of a fork other than the nearest, the index of
    the lifeline its arrow starts beside (the previous receiver's);
    ``crossings``: pairs of opposite messages drawn crossing.
    """

    items: list[Slotted]
    starts: dict[int, int]
    crossings: list[tuple[Message, Message]]


def plan_row(items: list[Message | Note], index: dict[str, int]) -> RowPlan:
    """The plan of a row the parser accepted (see :func:`arrange`)."""
    slotted, _ = arrange(items, index)
    messages = [s.item for s in slotted if isinstance(s.item, Message)]
    crossings: list[tuple[Message, Message]] = []
    crossing: set[int] = set()
    for k, a in enumerate(messages):
        for b in messages[k + 1 :]:
            if id(a) not in crossing and id(b) not in crossing and pairs_with(a, b) == "crossing":
                crossings.append((a, b))
                crossing.update((id(a), id(b)))
    forks: dict[tuple[str, bool], list[Message]] = {}
    for m in messages:
        if id(m) not in crossing and m.src != m.dst:
            forks.setdefault((m.src, index[m.dst] > index[m.src]), []).append(m)
    starts: dict[int, int] = {}
    for (src, _), members in forks.items():
        start = index[src]
        members.sort(key=lambda m: abs(index[m.dst] - start))
        for before, m in pairwise(members):
            starts[id(m)] = index[before.dst]
    return RowPlan(slotted, starts, crossings)


def rows_of(items: list) -> list[list]:
    """Consecutive items cut into rows: an item written with ``&`` joins the row before it."""
    rows: list[list] = []
    for item in items:
        if rows and getattr(item, "same_row", False) and isinstance(rows[-1][-1], Message | Note):
            rows[-1].append(item)
        else:
            rows.append([item])
    return rows


__all__ = ["Placement", "RowPlan", "Slotted", "arrange", "message_slots", "pairs_with", "plan_row", "rows_of"]
