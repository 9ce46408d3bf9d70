"""The ``columns`` style: two parties as column headings, arrows between the columns.

As in RFC 8446 Figure 1 and the draft's DCCP figures::

    Client                                   Server
    ------                                   ------
    DCCP-Request         -------->
    [Ports, Service, Features]
                         <--------    DCCP-Response

A label stands on its sender's side (left-aligned on the left, right-aligned
on the right), its detail lines under it as written, the arrow on the label's
last line.  A local action loops back on its party's side (``---.`` over
``<--'``).
"""

from __future__ import annotations

from ...cells import block_width, cell_width, longest_word
from ...diagrams import Delay, Ladder, Message, Note, walk_items
from ...ladder_rows import pairs_with
from .body import Body, note_lines
from .sheet import Sheet
from .sizing import BOX_PADDING, Words, box_lines, level, one_line_width

#: The arrow between the two columns and the blank either side of it, longest first.
ARROW_WIDTHS = ((9, 2), (7, 2), (5, 1))
#: The narrowest column when there is room to spare.
COMFORT_COLUMN = 14
#: The narrowest column at all.
MIN_COLUMN = 6
#: A local action's loop is this many columns wide.
LOOP_WIDTH = 4


class ColumnsBody(Body):
    """Two parties as column headings, arrows between the columns."""

    blank = "none"

    def __init__(self, ladder: Ladder, words: Words) -> None:
        super().__init__(ladder, words)
        #: per side: the text width wanted (labels on one line) and needed (their longest words)
        self.wanted = [0, 0]
        self.needed = [0, 0]
        for side, p in enumerate(ladder.participants):
            self._fit(side, p.label)
        for item in walk_items(ladder.items):
            if isinstance(item, Message):
                sides = [0, 1] if item.bidirectional and item.src != item.dst else [self.index[item.src]]
                for side in sides:
                    self._fit(side, item.label)
                    for detail in item.details:
                        self._fit_verbatim(side, detail)
            elif isinstance(item, Note) and len(set(item.parties)) == 1:
                for line in note_lines(item):
                    self._fit_verbatim(self.index[item.parties[0]], line, BOX_PADDING)

    def _fit(self, side: int, text: str, extra: int = 0) -> None:
        self.wanted[side] = max(self.wanted[side], one_line_width(text) + extra)
        self.needed[side] = max(self.needed[side], longest_word(text) + extra)

    def _fit_verbatim(self, side: int, text: str, extra: int = 0) -> None:
        text = text.rstrip()
        indent = len(text) - len(text.lstrip())
        self.wanted[side] = max(self.wanted[side], cell_width(text) + extra)
        self.needed[side] = max(self.needed[side], longest_word(text) + indent + extra)

    def place(self, left: int, width: int, fit: str) -> bool:
        """The column widths and the arrow's length within ``width`` columns from ``left``; False if they cannot fit."""
        hi_l, hi_r = (max(MIN_COLUMN, v) for v in self.wanted)
        lo_l, lo_r = (max(MIN_COLUMN, v) for v in self.needed)
        cols: list[int] | None = None
        if fit == "tight":  # columns down to MIN_COLUMN, splitting words: the longest arrow that splits no more
            floors, lows = [MIN_COLUMN, MIN_COLUMN], [lo_l, lo_r]
            arrow, space = ARROW_WIDTHS[-1]
            best = level(floors, lows, width - arrow - 2 * space)
            for arrow, space in ARROW_WIDTHS:
                cols = level(floors, lows, width - arrow - 2 * space)
                if cols is not None and cols == best:
                    break
        else:
            arrows = ARROW_WIDTHS[:1] if fit == "exact" else ARROW_WIDTHS
            for arrow, space in arrows:  # the longest arrow that leaves labels unwrapped
                budget = width - arrow - 2 * space
                if hi_l + hi_r <= budget:
                    even = max(hi_l, hi_r, COMFORT_COLUMN)
                    cols = [even, even] if 2 * even <= budget else [hi_l, hi_r]
                    break
            else:
                if fit == "exact":
                    return False
                for arrow, space in ARROW_WIDTHS:  # else wrap the longer labels
                    cols = level([lo_l, lo_r], [hi_l, hi_r], width - arrow - 2 * space)
                    if cols is not None:
                        break
        if cols is None:
            return False
        self.cols = cols
        self.arrow_len = arrow
        self.left = left
        self.arrow_at = left + cols[0] + space
        self.right = self.arrow_at + arrow + space + cols[1] - 1
        self.sheet = Sheet()
        return True

    def _side_text(self, y: int, side: int, text: str, role: str = "label") -> None:
        if side == 0:
            self.sheet.text(self.left, y, text, role)
        else:
            self.sheet.text_right(self.right, y, text, role)

    def head(self) -> None:
        """The two names as column headings, each underlined by a line as wide as it."""
        heads = [self.words.lines(p.label, self.cols[i]) or [""] for i, p in enumerate(self.ladder.participants)]
        height = max(len(h) for h in heads)
        first = self.sheet.rows(height + 1, "none")
        for side, lines in enumerate(heads):
            top = first + height - len(lines)
            for k, line in enumerate(lines):
                self._side_text(top + k, side, line, "name")
            rule = block_width(lines)
            if not rule:
                continue
            start = self.left if side == 0 else self.right - rule + 1
            name = self.ladder.participants[side].name
            self.sheet.line(
                [(start, first + height), (start + rule - 1, first + height)], end="none", key=("heading", name)
            )
        self.lifelines_from = self.sheet.height

    def message(self, msg: Message) -> None:
        """The label on the sender's side (both sides if it flows both ways), the arrow on its last line."""
        side = self.index[msg.src]
        width = self.cols[side]
        label = self.words.lines(msg.label, width) or [""]
        details = self.words.block(msg.details, width)
        local = msg.src == msg.dst
        both = msg.bidirectional and not local
        height = len(label) + len(details)
        other_label: list[str] = []
        if both:  # labelled on both sides, as RFC 5246 Figure 1 does
            other_label = self.words.lines(msg.label, self.cols[1 - side]) or [""]
            other = self.words.block(msg.details, self.cols[1 - side])
            height = max(height, len(other_label) + len(other))
        if local and not details:
            height += 1
        first = self.sheet.rows(height, self.blank)
        for k, line in enumerate(label + details):
            self._side_text(first + k, side, line, "detail" if k >= len(label) else "label")
        at = first + len(label) - 1
        if both:
            for k, line in enumerate(other_label + other):
                self._side_text(first + k, 1 - side, line, "detail" if k >= len(other_label) else "label")
            at = first + max(len(label), len(other_label)) - 1
        key = self.key("message")
        style = "dashed" if msg.dashed else "solid"
        left, right = self.arrow_at, self.arrow_at + self.arrow_len - 1
        if local:
            if side == 0:
                ends = [(left, at), (left + LOOP_WIDTH - 1, at)]
            else:
                ends = [(right, at), (right - LOOP_WIDTH + 1, at)]
            (x0, _), (x1, _) = ends
            points = [(x0, at), (x1, at), (x1, at + 1), (x0, at + 1)]
            self.sheet.line(points, style=style, corners="round", key=key)
        elif both:
            self.sheet.line([(left, at), (right, at)], style=style, start="arrow", key=key)
        elif msg.lost:
            points = [(left, at), (right - 1, at)] if side == 0 else [(right, at), (left + 1, at)]
            self.sheet.line(points, style=style, end="cross", key=key)
        else:
            points = [(left, at), (right, at)] if side == 0 else [(right, at), (left, at)]
            self.sheet.line(points, style=style, key=key)

    def shared_row(self, items: list[Message | Note]) -> None:
        """``&`` rows: two messages that cross, or notes in the columns the message leaves free.

        Anything else is drawn one item under the other.
        """
        messages = [m for m in items if isinstance(m, Message)]
        notes = [n for n in items if isinstance(n, Note)]
        if len(items) == 2 and len(messages) == 2 and pairs_with(*messages) == "crossing":
            self._crossing(*messages)
            return
        used = {self.index[m.src] for m in messages} | {s for m in messages if m.bidirectional for s in (0, 1)}
        sides = [{self.index[p] for p in n.parties} for n in notes]
        if len(messages) <= 1 and all(len(s) == 1 and not s & used for s in sides) and len(notes) <= 2 - len(used):
            top = self.sheet.cursor
            bottom = top
            for item in messages + notes:
                self.sheet.seek(top)
                self.row([item])
                bottom = max(bottom, self.sheet.cursor)
            self.sheet.seek(bottom)
            return
        super().shared_row(items)

    def _crossing(self, first: Message, second: Message) -> None:
        """Two opposite messages in flight at once, crossing between the columns (see the lifelines style)."""
        left, right = (first, second) if self.index[first.src] == 0 else (second, first)
        blocks = []
        for side, msg in ((0, left), (1, right)):
            label = self.words.lines(msg.label, self.cols[side]) or [""]
            blocks.append((label, self.words.block(msg.details, self.cols[side])))
        above = max(len(label) for label, _ in blocks)
        top = self.sheet.cursor
        height = max(above + 2, *(above + len(details) for _, details in blocks))
        self.sheet.rows(height, self.blank)
        for side, (label, details) in enumerate(blocks):
            first_row = top + above - len(label)
            for k, line in enumerate(label + details):
                self._side_text(first_row + k, side, line, "detail" if k >= len(label) else "label")
        y = top + above - 1
        a, b = self.arrow_at - 1, self.arrow_at + self.arrow_len
        step = max(1, (self.arrow_len - 1) // 3)
        m1, m2 = a + 1 + step, b - 1 - step
        for msg, points in (
            (left, [(a + 1, y), (m1, y), (m1, y + 2), (b - 1, y + 2)]),
            (right, [(b - 1, y), (m2, y), (m2, y + 1), (a + 1, y + 1)]),
        ):
            style = "dashed" if msg.dashed else "solid"
            self.sheet.line(points, style=style, corners="round", key=self.key("message"))

    def note(self, note: Note) -> None:
        """A box in its party's column, or centred across both."""
        sides = {self.index[p] for p in note.parties}
        if len(sides) == 1:
            side = sides.pop()
            inner, lines = box_lines(self.words, note_lines(note), self.cols[side])
            start = self.left if side == 0 else self.right - (inner + BOX_PADDING) + 1
        else:
            width = self.right - self.left + 1
            inner, lines = box_lines(self.words, note_lines(note), width, self.arrow_len + BOX_PADDING)
            start = self.left + (width - inner - BOX_PADDING) // 2
        self.note_box(start, inner, lines)

    def delay(self, delay: Delay) -> None:
        """``... label ...`` centred."""
        self.centred(f"... {delay.label} ..." if delay.label else "...", self.blank)


__all__ = ["ColumnsBody"]
