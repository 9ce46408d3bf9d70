"""Groups around a ladder body: braces in the right margin, or brackets on the left.

Braces, as in the draft's IKE figures: ``\\`` where the group starts, ``/``
where it ends, the label beside it, outer groups further out.  When the
margin would be too narrow for the labels, a bracket on the left instead: a
round-cornered line that opens with ``.-- label`` and closes with ``'--``,
inner groups further in.  Labels are never wrapped only to make room for the
groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...cells import longest_word
from ...diagrams import Delay, Group, Ladder, LadderItem, Message, Note, Separator
from ...drawing import Drawing
from .body import Body
from .sizing import level, one_line_width

#: Columns a bracket takes per nesting level.
BRACKET_STEP = 2


class NoRoomError(Exception):
    """Even the tightest layout is wider than the width."""


@dataclass(frozen=True)
class GroupInfo:
    """Where a group stands: ``depth`` 0 is outermost; ``height`` 0 has no subgroups."""

    group: Group
    depth: int
    height: int


@dataclass
class Span:
    """The rows a group took, and its label's lines."""

    column: int  # brace: the margin column (its height); bracket: its depth
    top: int
    bottom: int
    lines: list[str]


def group_tree(items: tuple[LadderItem, ...]) -> dict[int, GroupInfo]:
    """``id(group) -> GroupInfo`` for every group, however deep."""
    order: list[tuple[Group, int]] = []
    stack = [(items, 0)]
    while stack:
        its, depth = stack.pop()
        for item in its:
            if isinstance(item, Group):
                order.append((item, depth))
                stack.append((item.items, depth + 1))
    heights: dict[int, int] = {}
    for group, _ in reversed(order):  # children were found after their parents
        heights[id(group)] = max((heights[id(g)] + 1 for g in group.items if isinstance(g, Group)), default=0)
    return {id(g): GroupInfo(g, depth, heights[id(g)]) for g, depth in order}


class GroupedLadder:
    """A body plus its groups, laid out within ``width`` columns; :meth:`draw` makes the drawing.

    Raises :class:`NoRoomError` when nothing fits.
    """

    def __init__(self, ladder: Ladder, body: Body, width: int) -> None:
        self.ladder = ladder
        self.body = body
        self.width = width
        self.words = body.words
        self.groups = group_tree(ladder.items)
        self.mode = "none"
        self.spans: list[Span] = []
        self._blank_at = -1
        self._opened: dict[int, int] = {}
        if not self.groups:
            self._place(0, width, ("wrap", "tight"))
            return
        # Never wrap a label only to make room for braces: braces if the body then
        # needs no wrapping, else brackets if they need none; else whichever fits.
        levels = 1 + max(info.depth for info in self.groups.values())
        margin = BRACKET_STEP * levels
        if self._try_braces("exact"):
            return
        if margin <= width // 3 and self.body.place(margin, width - margin, "exact"):
            self.mode = "brackets"
            return
        if self._try_braces("wrap"):
            return
        if margin > width // 3:
            raise NoRoomError
        self.mode = "brackets"
        self._place(margin, width - margin, ("wrap", "tight"))

    # ------------------------------------------------------------- layout

    def _place(self, left: int, width: int, fits: tuple[str, ...]) -> None:
        if not any(self.body.place(left, width, fit) for fit in fits):
            raise NoRoomError

    def _try_braces(self, fit: str) -> bool:
        """Braces in a right margin at most 2/5 of the width, if the body then ``fit``\\ s.

        Labels in the margin wrap, down to their longest word, as far as it
        takes for the body to fit; as little as possible.
        """
        columns = 1 + max(info.height for info in self.groups.values())
        highs, lows = [], []
        for k in range(columns):
            labels = [info.group.label for info in self.groups.values() if info.height == k]
            longest = max((one_line_width(t) for t in labels), default=0)
            word = max((longest_word(t) for t in labels), default=0)
            lows.append(max(1, word))
            highs.append(max(1, word, min(longest, max(10, self.width // 5))))
        budget = self.width * 2 // 5 - 1 - 3 * columns
        widths = None
        while budget >= sum(lows):
            widths = level(lows, highs, budget)
            if widths is not None and self.body.place(0, self.width - 1 - sum(w + 3 for w in widths), fit):
                break
            widths = None
            budget = min(budget, sum(highs)) - 1
        if widths is None:
            return False
        self.mode = "braces"
        self.brace_widths = widths
        self.brace_at = [self.body.right + 3]
        for w in widths[:-1]:
            self.brace_at.append(self.brace_at[-1] + w + 3)
        return True

    # ------------------------------------------------------------- drawing

    def draw(self) -> Drawing:
        """The whole ladder as a drawing."""
        body = self.body
        body.head()
        dispatch: dict[type, Callable[[LadderItem], None]] = {
            Separator: body.separator,  # type: ignore[dict-item]
            Delay: body.delay,  # type: ignore[dict-item]
        }
        # (items, next index, group, first row): a stack, not recursion: groups may nest deep
        stack: list[list] = [[self.ladder.items, 0, None, 0]]
        while stack:
            frame = stack[-1]
            items, i, group, start = frame
            if i == len(items):
                stack.pop()
                if group is not None:
                    self._close(group, start, more=bool(stack) and stack[-1][1] < len(stack[-1][0]))
                continue
            frame[1] = i + 1
            item = items[i]
            if isinstance(item, Message | Note):
                end = i + 1
                while end < len(items) and getattr(items[end], "same_row", False):
                    end += 1
                frame[1] = end
                body.row(list(items[i:end]))
            elif isinstance(item, Group):
                if i > 0 and self.mode == "braces":
                    self._blank()
                stack.append([item.items, 0, item, self._open(item)])
            else:
                dispatch[type(item)](item)
        body.tail()
        if self.mode == "braces":
            self._draw_braces()
        elif self.mode == "brackets":
            self._draw_brackets()
        return body.sheet.finish(body.lifelines_from)

    def _blank(self) -> None:
        """One empty row between a group and its siblings (never two)."""
        sheet = self.body.sheet
        if sheet.height and self._blank_at != sheet.height - 1:
            self._blank_at = self.body.blank_row()

    def _open(self, group: Group) -> int:
        sheet = self.body.sheet
        start = sheet.height
        if self.mode == "brackets":
            depth = self.groups[id(group)].depth
            col = BRACKET_STEP * depth
            lines = self.words.lines(group.label, self.width - col - 4) or [""]
            for line in lines:
                y = self.body.blank_row()
                sheet.text(col + 4, y, line, "group")
                sheet.cover(y, col, col + 3)
            self._opened[id(group)] = len(self.spans)
            self.spans.append(Span(depth, start, start, lines))
        return start

    def _close(self, group: Group, start: int, *, more: bool) -> None:
        sheet = self.body.sheet
        info = self.groups[id(group)]
        if self.mode == "brackets":
            span = self.spans[self._opened.pop(id(group))]
            span.bottom = self.body.blank_row()
            return
        if self.mode != "braces":
            return
        lines = self.words.lines(group.label, self.brace_widths[info.height]) or [""]
        while sheet.height - start < max(1, len(lines)):
            self.body.blank_row()
        self.spans.append(Span(info.height, start, sheet.height - 1, lines))
        if more:
            self._blank()

    def _draw_braces(self) -> None:
        sheet = self.body.sheet
        for span in self.spans:
            col = self.brace_at[span.column]
            sheet.brace(col, span.top, span.bottom)
            top = span.top + (span.bottom - span.top + 1 - len(span.lines)) // 2
            for k, line in enumerate(span.lines):
                sheet.text(col + 2, top + k, line, "group")

    def _draw_brackets(self) -> None:
        sheet = self.body.sheet
        for span in self.spans:
            col = BRACKET_STEP * span.column
            top, bottom = span.top, span.bottom
            points = [(col + 2, top), (col, top), (col, bottom), (col + 2, bottom)]
            sheet.line(points, end="none", corners="round", key=("group", span.top))
            sheet.cover(bottom, col, col + 2)


__all__ = ["GroupedLadder", "NoRoomError", "group_tree"]
