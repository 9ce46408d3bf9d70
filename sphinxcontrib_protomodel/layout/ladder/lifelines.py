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

from functools import cache

from ...cells import cell_width, longest_word
from ...model import Delay, Ladder, Message, Note, walk_items
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
                k + 1, right_of_centre(ha) + left_of_centre(hb) + 1, right_of_centre(wa) + left_of_centre(wb) + 1
            )
        for item in walk_items(ladder.items):
            if isinstance(item, Message):
                i, j = sorted((self.index[item.src], self.index[item.dst]))
                if j - i > 1:
                    self._span(i, j, item)
                    continue
                gap = self._gap_of(item)
                self._text(gap, one_line_width(item.label), longest_word(item.label))
                for detail in item.details:
                    self._text(gap, *_verbatim_widths(detail))
            elif isinstance(item, Note) and len(set(item.parties)) == 1:
                i = self.index[item.parties[0]]
                widths = [_verbatim_widths(line) for line in note_lines(item)]
                hi = max(w for w, _ in widths) + BOX_PADDING
                lo = max(w for _, w in widths) + BOX_PADDING
                self._want(i, left_of_centre(hi) + (i > 0), left_of_centre(lo) + (i > 0))
                self._want(i + 1, right_of_centre(hi) + (i < n - 1), right_of_centre(lo) + (i < n - 1))

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
        n = self.n
        budget = width - n
        if fit == "tight":
            lows = [2] + [MIN_GAP] * (n - 1) + [2]  # 2: room for a note box at the edges
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
        n = self.n
        # room each heading gets left and right of its lifeline
        room_left = [self.margin_left] + [0] * (n - 1)
        room_right = [0] * (n - 1) + [self.margin_right]
        for k, gap in enumerate(self.gaps):
            room = gap - 1
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
        heads = []
        for i, p in enumerate(self.ladder.participants):
            heads.append(self.words.lines(p.label, room_left[i] + room_right[i] + 1) or [""])
        height = max(len(h) for h in heads)
        first = self.sheet.rows(height, "none")
        for i, lines in enumerate(heads):
            for k, line in enumerate(lines):
                w = cell_width(line)
                before = min(room_left[i], max(left_of_centre(w), w - 1 - room_right[i]))
                self.sheet.text(self.x[i] - before, first + height - len(lines) + k, line, "name")
        self.lifelines_from = self.sheet.row()

    def tail(self) -> None:
        self.sheet.row()

    def _label_rows(self, gap: int, label: str, details: tuple[str, ...], right_aligned: bool) -> None:
        col, width = self._area(gap)
        lines = self.words.lines(label, width)
        roles = ["label"] * len(lines)
        details_lines = self.words.block(details, width)
        lines += details_lines
        roles += ["detail"] * len(details_lines)
        end = col + width - 1
        for line, role in zip(lines, roles, strict=True):
            y = self.sheet.row()
            if right_aligned:
                self.sheet.text_right(end, y, line, role)
            else:
                self.sheet.text(col, y, line, role)

    def message(self, msg: Message) -> None:
        i, j = self.index[msg.src], self.index[msg.dst]
        key = self.key("message")
        style = "dashed" if msg.dashed else "solid"
        if abs(i - j) > 1:
            self._spanning_labels(min(i, j), max(i, j), msg)
        elif i == j:
            leftward = i == self.n - 1
            self._label_rows(self._gap_of(msg), msg.label, msg.details, leftward)
            x = self.x[i]
            near, far = (x - 1, x - LOOP_WIDTH) if leftward else (x + 1, x + LOOP_WIDTH)
            y = self.sheet.row()
            self.sheet.row()
            points = [(near, y), (far, y), (far, y + 1), (near, y + 1)]
            self.sheet.line(points, style=style, reach=(True, True), corners="round", key=key)
            return
        else:
            self._label_rows(self._gap_of(msg), msg.label, msg.details, False)
        self.arrow(msg, self.sheet.row(), key)

    def arrow(self, msg: Message, y: int, key: object) -> None:
        """``msg``'s arrow in row ``y``, from lifeline to lifeline (a lost one stops short with an ``x``)."""
        i, j = self.index[msg.src], self.index[msg.dst]
        a, b = sorted((self.x[i], self.x[j]))
        self.sheet.pause(y, range(min(i, j) + 1, max(i, j)))  # it passes the parties between by
        style = "dashed" if msg.dashed else "solid"
        if msg.bidirectional:
            self.sheet.line([(a + 1, y), (b - 1, y)], style=style, start="arrow", reach=(True, True), key=key)
        elif getattr(msg, "lost", False):
            points = [(a + 1, y), (b - 2, y)] if j > i else [(b - 1, y), (a + 2, y)]
            self.sheet.line(points, style=style, end="cross", reach=(True, False), key=key)
        else:
            points = [(a + 1, y), (b - 1, y)] if j > i else [(b - 1, y), (a + 1, y)]
            self.sheet.line(points, style=style, reach=(True, True), key=key)

    def _spanning_labels(self, a: int, b: int, msg: Message) -> None:
        """Label and details centred over lifelines ``a`` to ``b``, as RFC 3261 does
        for a message that passes other parties by; their lifelines pause there."""
        x_a, x_b = self.x[a], self.x[b]
        width = x_b - x_a - 3
        lines = self.words.lines(msg.label, width)
        label_count = len(lines)
        lines += self.words.block(msg.details, width)
        if not lines:
            return
        block = max(cell_width(line) for line in lines)
        col = x_a + 2 + (width - block) // 2
        for k, line in enumerate(lines):
            y = self.sheet.row()
            self.sheet.pause(y, range(a + 1, b))
            self.sheet.text(col, y, line, "label" if k < label_count else "detail")

    def note(self, note: Note) -> None:
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
        self.sheet.row("dotted")
        if delay.label:
            self.centred(f"... {delay.label} ...", "dotted")
            self.sheet.row("dotted")


__all__ = ["COMFORT_GAP", "MIN_GAP", "LifelinesBody", "gap_for", "label_area"]
