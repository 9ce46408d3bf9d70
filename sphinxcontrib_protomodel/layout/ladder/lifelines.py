"""The ``lifelines`` style: a ``|`` lifeline per party, labels above ``|------>|`` arrows.

As in RFC 3261's call flows::

      Alice        Proxy          Bob
        |            |             |
        |  INVITE    |             |
        |----------->|             |

The columns are the left margin, the gap right of each lifeline but the
last, and the right margin; a label stands in the gap its arrow crosses.  A
message that passes other parties by has its label centred over the whole
span (their lifelines pause there) and its arrow crosses their lifelines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ...cells import cell_width, longest_word
from ...diagrams import Delay, Ladder, Message, Note, walk_items
from ...drawing import Align
from ...ladder_rows import Slotted, plan_row, rows_of
from .body import Body, note_lines
from .sheet import Sheet
from .sizing import (
    BOX_PADDING,
    Words,
    box_lines,
    left_of_centre,
    level,
    one_line_width,
    raise_to,
    right_of_centre,
)

#: Gaps grow up to this many columns when there is room.
COMFORT_GAP = 18
#: ``|--->|`` is the shortest arrow that still reads as one.
MIN_GAP = 4
#: Blanks at least between two participants' names.
HEADING_SPACE = 2
#: A local action's loop is this many columns wide.
LOOP_WIDTH = 4


def label_area(gap: int) -> tuple[int, int]:
    """Offset from the lifeline and width of the label area in a ``gap``-wide gap.

    Two blanks before a label where there is room, as in RFC 3261, else one;
    at least one blank after it, so that it never touches the next lifeline.
    """
    if gap >= 9:
        return 3, gap - 3
    return 2, max(1, gap - 2)


@cache
def gap_for(text_width: int) -> int:
    """The narrowest gap whose label area holds ``text_width`` columns."""
    gap = MIN_GAP
    while label_area(gap)[1] < text_width:
        gap += 1
    return gap


@dataclass(frozen=True)
class LabelRow:
    """One row of a message's label: ``text`` from column ``x``; the lifelines ``pause`` (indexes) pause."""

    x: int
    text: str
    role: str = "label"
    align: Align = "left"
    pause: range = range(0)


def _verbatim_widths(text: str) -> tuple[int, int]:
    """(wanted, needed) cells of one line written by the author."""
    text = text.rstrip()
    indent = len(text) - len(text.lstrip())
    return cell_width(text), longest_word(text) + indent


class LifelinesBody(Body):
    """A lifeline per party, labels above arrows between the lifelines."""

    def __init__(self, ladder: Ladder, words: Words) -> None:
        super().__init__(ladder, words)
        n = len(ladder.participants)
        self.n = n
        #: per slot (0 the left margin, k + 1 the gap right of lifeline k, n the right margin):
        #: the width wanted (labels on one line) and needed (their longest words)
        self.wanted = [0] * (n + 1)
        self.needed = [0] * (n + 1)
        #: per heading: (one-line width, longest word)
        self.heads = [(one_line_width(p.label), longest_word(p.label)) for p in ladder.participants]
        (h0, w0), (hn, wn) = self.heads[0], self.heads[-1]
        self._want(0, left_of_centre(h0), left_of_centre(w0))
        self._want(n, right_of_centre(hn), right_of_centre(wn))
        for k in range(n - 1):
            (ha, wa), (hb, wb) = self.heads[k], self.heads[k + 1]
            self._want(
                k + 1,
                right_of_centre(ha) + left_of_centre(hb) + HEADING_SPACE,
                right_of_centre(wa) + left_of_centre(wb) + HEADING_SPACE,
            )
        self._size_shared_rows()
        for item in walk_items(ladder.items):
            if isinstance(item, Message):
                if id(item) in self.sized:
                    continue
                i, j = sorted((self.index[item.src], self.index[item.dst]))
                if j - i > 1:
                    self._span(i, j, item)
                    continue
                gap = self._gap_of(item)
                self._text(gap, one_line_width(item.label), longest_word(item.label))
                for detail in item.details:
                    self._text(gap, *_verbatim_widths(detail))
            elif isinstance(item, Note) and len(set(item.parties)) == 1 and id(item) not in self.sized:
                i = self.index[item.parties[0]]
                widths = [_verbatim_widths(line) for line in note_lines(item)]
                hi = max(w for w, _ in widths) + BOX_PADDING
                lo = max(w for _, w in widths) + BOX_PADDING
                self._want(i, left_of_centre(hi) + (i > 0), left_of_centre(lo) + (i > 0))
                self._want(i + 1, right_of_centre(hi) + (i < n - 1), right_of_centre(lo) + (i < n - 1))

    def _size_shared_rows(self) -> None:
        """What the rows written with ``&`` want: notes beside lifelines, fork labels, crossings side by side."""
        #: ids of the items sized here (the general rules skip them)
        self.sized: set[int] = set()
        #: per slot: the fewest columns it can have (a note beside a lifeline needs a whole box)
        self.floors = [0] * (self.n + 1)
        rows = rows_of(list(walk_items(self.ladder.items)))
        for row in rows:
            if len(row) < 2:
                continue
            plan = plan_row(row, self.index)
            for pair in plan.crossings:
                self._size_crossing(*pair)
            for slotted in plan.items:
                item = slotted.item
                if isinstance(item, Note) and slotted.side != "over":
                    self.sized.add(id(item))
                    widths = [_verbatim_widths(line) for line in note_lines(item)]
                    slot = min(slotted.slots)
                    edge = 2 if 0 < slot < self.n else 1  # a blank each side between lifelines
                    hi = max(w for w, _ in widths) + BOX_PADDING + edge
                    lo = max(w for _, w in widths) + BOX_PADDING + edge
                    self._want(slot, hi, lo)
                    self.floors[slot] = max(self.floors[slot], BOX_PADDING + 1 + edge)
                elif isinstance(item, Message) and id(item) in plan.starts:
                    self.sized.add(id(item))
                    start, j = plan.starts[id(item)], self.index[item.dst]
                    if abs(start - j) > 1:
                        self._span(min(start, j), max(start, j), item)
                    else:
                        gap = min(start, j)
                        self._text(gap, one_line_width(item.label), longest_word(item.label))
                        for detail in item.details:
                            self._text(gap, *_verbatim_widths(detail))

    def _size_crossing(self, first: Message, second: Message) -> None:
        self.sized.update((id(first), id(second)))
        a, b = sorted((self.index[first.src], self.index[second.src]))
        widths = [
            [(one_line_width(m.label), longest_word(m.label))] + [_verbatim_widths(d) for d in m.details]
            for m in (first, second)
        ]
        hi = max(w for w, _ in widths[0]) + 2 + max(w for w, _ in widths[1])
        lo = max(w for ws in widths for _, w in ws)
        if b - a > 1:
            k = b - a
            for gap in range(a, b):
                self._want(gap + 1, -(-(hi + 3 - k) // k), -(-(lo + 3 - k) // k))
        else:
            self._want(a + 1, max(gap_for(hi), 6), max(gap_for(lo), 6))

    def _want(self, slot: int, wanted: int, needed: int) -> None:
        self.wanted[slot] = max(self.wanted[slot], wanted)
        self.needed[slot] = max(self.needed[slot], needed)

    def _text(self, gap: int, wanted: int, needed: int) -> None:
        if wanted:
            self._want(gap + 1, gap_for(wanted), gap_for(needed))

    def _span(self, a: int, b: int, msg: Message) -> None:
        """A label centred over lifelines ``a`` to ``b``: its width spread over their gaps."""
        widths = [(one_line_width(msg.label), longest_word(msg.label))]
        widths += [_verbatim_widths(d) for d in msg.details]
        hi = max(w for w, _ in widths)
        lo = max(w for _, w in widths)
        k = b - a
        for gap in range(a, b):
            # x_b - x_a - 3 columns hold the label: sum(gaps) + k - 3
            self._want(gap + 1, -(-(hi + 3 - k) // k), -(-(lo + 3 - k) // k))

    def _gap_of(self, msg: Message) -> int:
        """The gap (0 = right of the first lifeline) holding ``msg``'s label."""
        i, j = self.index[msg.src], self.index[msg.dst]
        if i == j:
            return i if i < self.n - 1 else i - 1
        return i if i < j else i - 1

    def place(self, left: int, width: int, fit: str) -> bool:
        """Margins and gaps within ``width`` columns from ``left``; False if even the ``fit``'s lows do not fit."""
        n = self.n
        budget = width - n
        if fit == "tight":
            lows = [2] + [MIN_GAP] * (n - 1) + [2]  # 2: room for a note box at the edges
            lows = [max(low, floor) for low, floor in zip(lows, self.floors, strict=True)]
            highs = [max(lows[s], self.needed[s]) for s in range(n + 1)]
        else:
            lows = [max(MIN_GAP if 0 < s < n else 0, self.needed[s]) for s in range(n + 1)]
            highs = [max(lows[s], self.wanted[s]) for s in range(n + 1)]
        sizes = level(highs if fit == "exact" else lows, highs, budget)
        if sizes is None:
            return False
        sizes = raise_to(sizes, range(1, n), COMFORT_GAP, budget)
        self.margin_left, self.gaps, self.margin_right = sizes[0], sizes[1:n], sizes[n]
        self.left = left
        self.x = [left + sizes[0]]
        for gap in self.gaps:
            self.x.append(self.x[-1] + gap + 1)
        self.right = self.x[-1] + self.margin_right
        self.sheet = Sheet(self.x, [p.name for p in self.ladder.participants])
        return True

    def _area(self, gap: int) -> tuple[int, int]:
        """First column and width of the label area in ``gap``."""
        pad, width = label_area(self.gaps[gap])
        return self.x[gap] + pad, width

    def head(self) -> None:
        """The participants' names, each centred over its lifeline where it can be, two blanks apart at least.

        A name wraps (over two or three lines where it must) rather than run
        into its neighbour; only a word too long for the room around its
        lifeline moves the name off centre.
        """
        n = self.n
        # room each heading gets left and right of its lifeline
        room_left = [self.margin_left] + [0] * (n - 1)
        room_right = [0] * (n - 1) + [self.margin_right]
        for k, gap in enumerate(self.gaps):
            room = gap - HEADING_SPACE
            want_r, want_l = right_of_centre(self.heads[k][0]), left_of_centre(self.heads[k + 1][0])
            need_r, need_l = right_of_centre(self.heads[k][1]), left_of_centre(self.heads[k + 1][1])
            if want_r + want_l <= room:
                give = want_r + (room - want_r - want_l) // 2
            elif need_r + need_l <= room:  # whole words for both, the rest shared by wish
                extra = room - need_r - need_l
                give = need_r + extra * (want_r - need_r) // max(1, want_r - need_r + want_l - need_l)
            else:
                give = room * need_r // max(1, need_r + need_l)
            if room >= 2:  # a heading is at least three columns wide
                give = max(1, min(room - 1, give))
            room_right[k], room_left[k + 1] = give, room - give
        heads: list[list[tuple[int, str]]] = []
        for i, p in enumerate(self.ladder.participants):
            centred = 2 * min(room_left[i], room_right[i]) + 1
            if longest_word(p.label) <= centred:
                lines = self.words.lines(p.label, centred) or [""]
                heads.append([(left_of_centre(cell_width(line)), line) for line in lines])
                continue
            lines = self.words.lines(p.label, room_left[i] + room_right[i] + 1) or [""]
            placed: list[tuple[int, str]] = []
            for line in lines:
                w = cell_width(line)
                placed.append((min(room_left[i], max(left_of_centre(w), w - 1 - room_right[i])), line))
            heads.append(placed)
        height = max(len(h) for h in heads)
        first = self.sheet.rows(height, "none")
        for i, head in enumerate(heads):
            for k, (before, line) in enumerate(head):
                self.sheet.text(self.x[i] - before, first + height - len(head) + k, line, "name")
        self.lifelines_from = self.sheet.row()

    def tail(self) -> None:
        """One row of lifelines under the last item."""
        self.sheet.row()

    # ------------------------------------------------------------ messages

    def _gap_labels(self, gap: int, msg: Message, right_aligned: bool) -> list[LabelRow]:
        """The rows of ``msg``'s label and details in ``gap``."""
        col, width = self._area(gap)
        label = self.words.lines(msg.label, width)
        rows = [(line, "label") for line in label] + [(d, "detail") for d in self.words.block(msg.details, width)]
        if right_aligned:
            end = col + width - 1
            return [LabelRow(end - cell_width(t) + 1, t, role, "right") for t, role in rows]
        return [LabelRow(col, t, role) for t, role in rows]

    def _spanning_labels(self, a: int, b: int, msg: Message) -> list[LabelRow]:
        """Label and details centred over lifelines ``a`` to ``b``, as RFC 3261 does
        for a message that passes other parties by; their lifelines pause there."""
        x_a, x_b = self.x[a], self.x[b]
        width = x_b - x_a - 3
        label = self.words.lines(msg.label, width)
        rows = [(line, "label") for line in label] + [(d, "detail") for d in self.words.block(msg.details, width)]
        if not rows:
            return []
        block = max(cell_width(t) for t, _ in rows)
        col = x_a + 2 + (width - block) // 2
        return [LabelRow(col, t, role, "left", range(a + 1, b)) for t, role in rows]

    def _draw_labels(self, rows: list[LabelRow]) -> None:
        for row in rows:
            y = self.sheet.row()
            self.sheet.pause(y, row.pause)
            self.sheet.text(row.x, y, row.text, row.role, row.align)

    def _message_part(self, msg: Message, start: int | None = None) -> tuple[int, Callable[[], None]]:
        """(rows above its arrow, what draws it from the cursor down) for ``msg``.

        ``start``: the lifeline the arrow starts beside, if not the sender's
        (a fork's farther receivers).
        """
        i = self.index[msg.src] if start is None else start
        j = self.index[msg.dst]
        key = self.key("message")
        if i == j:
            leftward = i == self.n - 1
            labels = self._gap_labels(self._gap_of(msg), msg, leftward)

            def draw_loop() -> None:
                self._draw_labels(labels)
                self.loop(msg, self.sheet.rows(2), key)

            return len(labels), draw_loop
        if abs(i - j) > 1:
            labels = self._spanning_labels(min(i, j), max(i, j), msg)
        else:
            labels = self._gap_labels(min(i, j), msg, False)

        def draw_arrow() -> None:
            self._draw_labels(labels)
            self.arrow(msg, self.sheet.row(), key, i)

        return len(labels), draw_arrow

    def message(self, msg: Message) -> None:
        """Label rows in the gap (centred over the span if it passes parties by), then the arrow row."""
        self._message_part(msg)[1]()

    def loop(self, msg: Message, y: int, key: object) -> None:
        """A local action's loop beside its lifeline in rows ``y`` and ``y + 1``."""
        i = self.index[msg.src]
        x = self.x[i]
        leftward = i == self.n - 1
        near, far = (x - 1, x - LOOP_WIDTH) if leftward else (x + 1, x + LOOP_WIDTH)
        points = [(near, y), (far, y), (far, y + 1), (near, y + 1)]
        style = "dashed" if msg.dashed else "solid"
        self.sheet.line(points, style=style, reach=(True, True), corners="round", key=key)

    def arrow(self, msg: Message, y: int, key: object, start: int | None = None) -> None:
        """``msg``'s arrow in row ``y``, from lifeline to lifeline (a lost one stops short with an ``x``).

        ``start``: the lifeline it starts beside, if not its sender's.
        """
        i = self.index[msg.src] if start is None else start
        j = self.index[msg.dst]
        a, b = sorted((self.x[i], self.x[j]))
        self.sheet.pause(y, range(min(i, j) + 1, max(i, j)))  # it passes the parties between by
        style = "dashed" if msg.dashed else "solid"
        if msg.bidirectional:
            self.sheet.line([(a + 1, y), (b - 1, y)], style=style, start="arrow", reach=(True, True), key=key)
        elif msg.lost:
            points = [(a + 1, y), (b - 2, y)] if j > i else [(b - 1, y), (a + 2, y)]
            self.sheet.line(points, style=style, end="cross", reach=(True, False), key=key)
        else:
            points = [(a + 1, y), (b - 1, y)] if j > i else [(b - 1, y), (a + 1, y)]
            self.sheet.line(points, style=style, reach=(True, True), key=key)

    # ------------------------------------------------------------ shared rows

    def shared_row(self, items: list[Message | Note]) -> None:
        """Items written with ``&`` on one row: their arrows on the same row, notes beside their lifelines."""
        plan = plan_row(items, self.index)
        top = self.sheet.cursor
        parts: list[tuple[int, Callable[[], None]]] = []
        notes: list[Slotted] = []
        crossing = {id(m): pair for pair in plan.crossings for m in pair}
        drawn: set[int] = set()
        for slotted in plan.items:
            item = slotted.item
            if isinstance(item, Note):
                notes.append(slotted)
            elif id(item) in crossing:
                pair = crossing[id(item)]
                if id(pair[0]) not in drawn:
                    drawn.update((id(pair[0]), id(pair[1])))
                    parts.append(self._crossing_part(*pair))
            else:
                parts.append(self._message_part(item, plan.starts.get(id(item))))
        above = max((rows for rows, _ in parts), default=0)
        bottom = top
        for rows, draw in parts:
            self.sheet.seek(top + above - rows)
            draw()
            bottom = max(bottom, self.sheet.cursor)
        for slotted in notes:
            self.sheet.seek(top)
            self._note_beside(slotted)
            bottom = max(bottom, self.sheet.cursor)
        self.sheet.seek(bottom)

    def _note_beside(self, slotted: Slotted) -> None:
        """A one-party note beside its lifeline (``slotted.side``), not over it."""
        note = slotted.item
        assert isinstance(note, Note)
        if slotted.side == "over":
            self.note(note)
            return
        p = self.index[note.parties[0]]
        x = self.x[p]
        if slotted.side == "left":
            lo, hi = (self.x[p - 1] + 2 if p > 0 else self.left), x - 2
        else:
            lo, hi = x + 2, (self.x[p + 1] - 2 if p < self.n - 1 else self.right)
        inner, lines = box_lines(self.words, note_lines(note), hi - lo + 1)
        start = hi - inner - BOX_PADDING + 1 if slotted.side == "left" else lo
        self.note_box(start, inner, lines)

    def _crossing_part(self, first: Message, second: Message) -> tuple[int, Callable[[], None]]:
        """Two opposite messages in flight at once: both leave on one row and cross on the way.

        The one from the left turns down at a third of the way and arrives two
        rows lower; the one from the right turns down two thirds of the way and
        arrives on the next row, crossing it::

            |-----.        .----|
            |<----|--------'    |
            |     '------------>|
        """
        left, right = (first, second) if self.index[first.src] < self.index[second.src] else (second, first)
        a, b = self.index[left.src], self.index[right.src]
        x_a, x_b = self.x[a], self.x[b]
        col, width = (x_a + 2, x_b - x_a - 3) if b - a > 1 else self._area(a)
        end = col + width - 1
        rows_l = self._crossing_lines(left, width)
        rows_r = self._crossing_lines(right, width)
        side_by_side = (
            max((cell_width(t) for t, _ in rows_l), default=0) + 2 + max((cell_width(t) for t, _ in rows_r), default=0)
            <= width
        )
        labels: list[list[tuple[int, str, str, Align]]] = []
        for k in range(max(len(rows_l), len(rows_r)) if side_by_side else len(rows_l) + len(rows_r)):
            row: list[tuple[int, str, str, Align]] = []
            if side_by_side:
                if k < len(rows_l):
                    row.append((col, rows_l[k][0], rows_l[k][1], "left"))
                if k < len(rows_r):
                    t, role = rows_r[k]
                    row.append((end - cell_width(t) + 1, t, role, "right"))
            elif k < len(rows_l):
                row.append((col, rows_l[k][0], rows_l[k][1], "left"))
            else:
                t, role = rows_r[k - len(rows_l)]
                row.append((end - cell_width(t) + 1, t, role, "right"))
            labels.append(row)
        keys = self.key("message"), self.key("message")
        between = range(a + 1, b)

        def draw() -> None:
            for row in labels:
                y = self.sheet.row()
                self.sheet.pause(y, between)
                for x, t, role, align in row:
                    self.sheet.text(x, y, t, role, align)
            y = self.sheet.rows(3)
            for k in range(3):
                self.sheet.pause(y + k, between)
            inner = x_b - x_a - 1
            m1 = x_a + 1 + max(1, (inner - 1) // 3)
            m2 = x_b - 1 - max(1, (inner - 1) // 3)
            style_l = "dashed" if left.dashed else "solid"
            style_r = "dashed" if right.dashed else "solid"
            points_l = [(x_a + 1, y), (m1, y), (m1, y + 2), (x_b - 1, y + 2)]
            points_r = [(x_b - 1, y), (m2, y), (m2, y + 1), (x_a + 1, y + 1)]
            self.sheet.line(points_l, style=style_l, reach=(True, True), corners="round", key=keys[0])
            self.sheet.line(points_r, style=style_r, reach=(True, True), corners="round", key=keys[1])

        return len(labels), draw

    def _crossing_lines(self, msg: Message, width: int) -> list[tuple[str, str]]:
        label = self.words.lines(msg.label, width)
        return [(t, "label") for t in label] + [(d, "detail") for d in self.words.block(msg.details, width)]

    def note(self, note: Note) -> None:
        """A box centred over its parties' lifelines, within the lifelines either side."""
        parties = sorted(self.index[p] for p in note.parties)
        a, b = parties[0], parties[-1]
        lo = self.x[a - 1] + 2 if a > 0 else self.left
        hi = self.x[b + 1] - 2 if b < self.n - 1 else self.right
        min_width = 0 if a == b else self.x[b] - self.x[a] + 5
        inner, lines = box_lines(self.words, note_lines(note), hi - lo + 1, min_width)
        w = inner + BOX_PADDING
        start = (self.x[a] + self.x[b]) // 2 - left_of_centre(w)
        start = max(lo, min(start, hi - w + 1))
        self.note_box(start, inner, lines)

    def delay(self, delay: Delay) -> None:
        """A dotted row, and the label between dotted rows if there is one."""
        self.sheet.row("dotted")
        if delay.label:
            self.centred(f"... {delay.label} ...", "dotted")
            self.sheet.row("dotted")


__all__ = ["COMFORT_GAP", "MIN_GAP", "LifelinesBody", "gap_for", "label_area"]
