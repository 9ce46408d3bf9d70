"""Ladder model -> ASCII art, in the two styles of RFC message flows.

``columns`` (two parties; RFC 8446 Figure 1, the draft's DCCP figures)::

    Client                                   Server
    ------                                   ------
    DCCP-Request         -------->
    [Ports, Service, Features]
                         <--------    DCCP-Response

``lifelines`` (RFC 3261 call flows)::

      Alice        Proxy          Bob
        |            |             |
        |  INVITE    |             |
        |----------->|             |

Conventions shared by both styles, so an author learns them once:

- ``-------->`` a message, ``- - - - >`` a dashed (optional or conditional)
  message, ``<------->`` a message that flows both ways; a local action
  loops back to its party (``---.`` over ``<--'``).
- Detail lines in brackets under the label; notes in ``+---+`` boxes beside
  their party (over its lifeline) or across the parties they span.
- ``==== label ====`` separates phases; ``... label ...`` lets time pass
  (lifelines are drawn ``:`` meanwhile).
- Groups: a brace in the right margin (``\\`` where the group starts, ``/``
  where it ends, the label beside it, outer groups further out), as in the
  draft's IKE figures.  When the margin would be too narrow for the labels,
  a bracket on the left instead: ``.-- label`` opens, ``'--`` closes.

Layout is computed once from the labels; rows are then emitted item by item,
so rendering time is linear in the number of messages.  Labels wrap at word
boundaries and are never cut; if even the tightest layout cannot hold a word,
the word is split and the result says ``degraded``.  Nothing is ever wider
than ``options.width``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from ...model import AsciiArt, Delay, Group, Ladder, LadderItem, Message, Note, RenderOptions, Separator, walk_items
from ..canvas import cell_width, wrap

#: columns style: the arrow between the two columns, and the space around it
ARROW_WIDTHS = ((9, 2), (7, 2), (5, 1))
#: columns style: the narrowest column when there is room to spare
COMFORT_COLUMN = 14
#: columns style: the narrowest column at all
MIN_COLUMN = 6
#: lifelines style: gaps grow up to this many columns when there is room
COMFORT_GAP = 18
#: lifelines style: "|--->|" is the shortest arrow that still reads as one
MIN_GAP = 4

_Row = list[str]


# ---------------------------------------------------------------- entry point


def ladder_ascii(ladder: Ladder, options: RenderOptions) -> AsciiArt:
    """ASCII art for ``ladder`` within ``options.width`` columns."""
    width = max(1, options.width)
    count = len(ladder.participants)
    style = options.style or ("columns" if count == 2 else "lifelines")
    reasons: list[str] = []
    if style == "columns" and count != 2:
        reasons.append("the columns style needs exactly two participants; drawn with lifelines")
        style = "lifelines"
    text: str | None = None
    words = _Wrapper()
    if count >= 2:
        body = _Columns(ladder, words) if style == "columns" else _Lifelines(ladder, words)
        try:
            text = _Drawing(ladder, body, width).render()
        except _NoRoomError:
            text = None
    if text is None:
        words = _Wrapper()
        text = _as_list(ladder, width, words)
        reasons.append(f"no room for {count} participants in {width} columns; listed as text")
    if words.split:
        reasons.append(f"some words are split to fit {width} columns")
    return AsciiArt(text, "; ".join(reasons) or None)


class _NoRoomError(Exception):
    """Even the tightest layout is wider than the width."""


# -------------------------------------------------------------------- helpers


def _lext(width: int) -> int:
    """Columns left of the centre of something ``width`` wide."""
    return (width - 1) // 2


def _rext(width: int) -> int:
    """Columns right of the centre of something ``width`` wide."""
    return width // 2


def _width(text: str) -> int:
    """:func:`cell_width`, with a fast path for ASCII (most labels)."""
    return len(text) if text.isascii() else cell_width(text)


def _count_lines(sizes: list[int], width: int) -> int:
    """How many lines :func:`wrap` makes of words this wide (none wider than ``width``)."""
    lines, used = 1, -1
    for size in sizes:
        if used + 1 + size > width:
            lines, used = lines + 1, size
        else:
            used += 1 + size
    return lines


def _longest_word(text: str) -> int:
    return max(map(len if text.isascii() else cell_width, text.split()), default=0)


class _Wrapper:
    """:func:`wrap` that remembers whether it had to split a word."""

    def __init__(self) -> None:
        self.split = False

    def lines(self, text: str, width: int) -> list[str]:
        width = max(1, width)
        words = text.split()
        if not words:
            return []
        one_line = " ".join(words)
        if _width(one_line) <= width:
            return [one_line]
        longest = _longest_word(one_line)
        if longest > width:
            self.split = True
            return wrap(one_line, width)
        # Balanced: the narrowest width that needs no more lines, so that the
        # last line is not a lone word ("AH/ESP parameters," / "Algorithms,
        # Nonce," / "Handshake Hash", as the draft writes it).
        sizes = list(map(len if one_line.isascii() else cell_width, words))
        count = _count_lines(sizes, width)
        lo, hi = max(longest, (_width(one_line) - count + 1) // count), width
        while lo < hi:
            mid = (lo + hi) // 2
            if _count_lines(sizes, mid) <= count:
                hi = mid
            else:
                lo = mid + 1
        return wrap(one_line, lo)

    def bracketed(self, text: str, width: int) -> list[str]:
        """``[detail]`` wrapped within ``width``, later lines indented by one."""
        if width < 5:  # too narrow to indent: the brackets get lines of their own
            return ["[", *self.lines(text, width), "]"]
        lines = self.lines(text, width - 2) or [""]
        out = [" " + line for line in lines]
        out[0] = "[" + lines[0]
        out[-1] += "]"
        return out

    def boxed(self, text: str, width: int, min_width: int = 0) -> list[str]:
        """``text`` in a ``+--+`` box at most ``width`` (at least ``min_width``) wide."""
        lines = self.lines(text, width - 4) or [""]
        inner = min(max(max(_width(line) for line in lines), min_width - 4), max(1, width - 4))
        rule = "+" + "-" * (inner + 2) + "+"
        return [rule, *(f"| {line}{' ' * (inner - _width(line))} |" for line in lines), rule]


def _arrow(length: int, dashed: bool, both: bool, rightward: bool) -> str:
    """A ``length``-column arrow: ``----->``, ``- - ->``, ``<--->``..."""
    length = max(2, length)
    shaft = ["-" if i % 2 == 0 or not dashed else " " for i in range(length)]
    if not rightward and not both:
        shaft.reverse()
        shaft[0] = "<"
        return "".join(shaft)
    shaft[-1] = ">"
    if both:
        shaft[0] = "<"
    return "".join(shaft)


def _loop(dashed: bool, leftward: bool) -> tuple[str, str]:
    """The two rows of a local action's loop, beside its party."""
    if leftward:  # the party is to the right of the loop
        return (".- -", "' ->") if dashed else (".---", "'-->")
    return ("- -.", "<- '") if dashed else ("---.", "<--'")


def _level(lows: list[int], highs: list[int], budget: int) -> list[int] | None:
    """Sizes between ``lows`` and ``highs`` summing to at most ``budget``.

    Shrinks the largest sizes first (water-filling), so that a long label
    wraps before a short one does.  ``None`` if even ``lows`` do not fit.
    """
    if sum(highs) <= budget:
        return list(highs)
    if sum(lows) > budget:
        return None
    lo, hi = 0, max(highs)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(max(a, min(b, mid)) for a, b in zip(lows, highs, strict=True)) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return [max(a, min(b, lo)) for a, b in zip(lows, highs, strict=True)]


def _raise_to(sizes: list[int], which: Iterable[int], cap: int, budget: int) -> list[int]:
    """Raise the sizes at ``which`` towards ``cap`` while the total stays in ``budget``."""
    which = list(which)
    if not which:
        return sizes
    lo, hi = 0, cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(sizes) + sum(max(0, mid - sizes[i]) for i in which) <= budget:
            lo = mid
        else:
            hi = mid - 1
    out = list(sizes)
    for i in which:
        out[i] = max(out[i], lo)
    return out


class _Grid:
    """Rows of cells; a wide character takes two cells (the second is ``""``)."""

    def __init__(self) -> None:
        self.rows: list[_Row] = []

    def add(self, template: _Row) -> int:
        self.rows.append(list(template))
        return len(self.rows) - 1

    def put(self, row: int, col: int, text: str) -> None:
        cells = self.rows[row]
        if text.isascii():
            if col < 0 or col + len(text) > len(cells):
                raise IndexError(f"text at columns {col}..{col + len(text) - 1} outside 0..{len(cells) - 1}")
            cells[col : col + len(text)] = text
            return
        for ch in text:
            if _width(ch) == 2:
                cells[col] = ch
                cells[col + 1] = ""
                col += 2
            else:
                cells[col] = ch
                col += 1

    def put_right(self, row: int, end: int, text: str) -> None:
        """``text`` ending at column ``end``."""
        self.put(row, end - _width(text) + 1, text)

    def render(self) -> str:
        lines = ["".join(r).rstrip() for r in self.rows]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


# ------------------------------------------------------------------- drawings


class _Body:
    """What the two styles share; subclasses lay out and draw their items."""

    grid: _Grid
    left: int  # first column of the body
    right: int  # last column of the body

    def __init__(self, ladder: Ladder, words: _Wrapper) -> None:
        self.ladder = ladder
        self.words = words
        self.index = {p.name: i for i, p in enumerate(ladder.participants)}

    def place(self, left: int, width: int, fit: str) -> bool:
        """Lay out in columns ``left .. left + width - 1``; False if it cannot fit.

        ``fit`` is how hard to try: "exact" (every label on as few lines as it
        wants), "wrap" (wrapping labels at word boundaries) or "tight" (below
        the widths words need, splitting them).
        """
        raise NotImplementedError

    def blank(self) -> _Row:
        raise NotImplementedError

    def head(self) -> None:
        raise NotImplementedError

    def tail(self) -> None:
        """Rows after the last item."""

    def message(self, msg: Message) -> None:
        raise NotImplementedError

    def note(self, note: Note) -> None:
        raise NotImplementedError

    def separator(self, sep: Separator) -> None:
        rows = self.rule_rows(sep.label, "=", self.blank())
        for line in rows:
            self.grid.add(line)

    def delay(self, delay: Delay) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------- shared

    def rule_rows(self, label: str, fill: str, template: _Row) -> list[_Row]:
        """Full-width rows of ``fill`` with ``label`` centred on them."""
        width = self.right - self.left + 1
        rows = []
        for line in self.words.lines(label, width - 6) or [""]:
            row = list(template)
            row[self.left : self.right + 1] = fill * width
            text = f" {line} " if line else ""
            grid = _Grid()
            grid.rows.append(row)
            grid.put(0, self.left + (width - _width(text)) // 2, text)
            rows.append(row)
        return rows

    def centred_rows(self, text: str, template: _Row) -> list[_Row]:
        """``text`` wrapped and centred over the body, one space cleared around it."""
        width = self.right - self.left + 1
        rows = []
        for line in self.words.lines(text, width - 2):
            grid = _Grid()
            grid.rows.append(list(template))
            padded = f" {line} "
            grid.put(0, self.left + (width - _width(padded)) // 2, padded)
            rows.append(grid.rows[0])
        return rows

    def box(self, lines: list[str], start: int) -> None:
        for line in lines:
            self.grid.put(self.grid.add(self.blank()), start, line)


class _Columns(_Body):
    """Two parties as column headings, arrows between the columns."""

    def __init__(self, ladder: Ladder, words: _Wrapper) -> None:
        super().__init__(ladder, words)
        # [desired, minimal] text width of each column
        self.need = [[0, 0], [0, 0]]
        for side, p in enumerate(ladder.participants):
            self._fit(side, p.label)
        for item in walk_items(ladder.items):
            if isinstance(item, Message):
                side = self.index[item.src]
                self._fit(side, item.label)
                for detail in item.details:
                    self._fit(side, detail, 2)
            elif isinstance(item, Note) and len(set(item.parties)) == 1:
                self._fit(self.index[item.parties[0]], item.text, 4)

    def _fit(self, side: int, text: str, extra: int = 0) -> None:
        need = self.need[side]
        need[0] = max(need[0], _width(" ".join(text.split())) + extra)
        need[1] = max(need[1], _longest_word(text) + extra)

    def place(self, left: int, width: int, fit: str) -> bool:
        (hi_l, lo_l), (hi_r, lo_r) = ([max(MIN_COLUMN, v) for v in need] for need in self.need)
        cols: list[int] | None = None
        if fit == "tight":  # columns down to MIN_COLUMN, splitting words: the longest arrow that splits no more
            floors, lows = [MIN_COLUMN, MIN_COLUMN], [lo_l, lo_r]
            arrow, space = ARROW_WIDTHS[-1]
            best = _level(floors, lows, width - arrow - 2 * space)
            for arrow, space in ARROW_WIDTHS:
                cols = _level(floors, lows, width - arrow - 2 * space)
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
                    cols = _level([lo_l, lo_r], [hi_l, hi_r], width - arrow - 2 * space)
                    if cols is not None:
                        break
        if cols is None:
            return False
        self.cols = cols
        self.arrow_len = arrow
        self.left = left
        self.arrow_at = left + cols[0] + space
        self.right = self.arrow_at + arrow + space + cols[1] - 1
        self.right_col = self.right - cols[1] + 1
        self.grid = _Grid()
        self.template = [" "] * (self.right + 1)
        return True

    def blank(self) -> _Row:
        return self.template

    def _put_side(self, row: int, side: int, text: str) -> None:
        if side == 0:
            self.grid.put(row, self.left, text)
        else:
            self.grid.put_right(row, self.right, text)

    def head(self) -> None:
        heads = [self.words.lines(p.label, self.cols[i]) or [""] for i, p in enumerate(self.ladder.participants)]
        height = max(len(h) for h in heads)
        first = len(self.grid.rows)
        for _ in range(height + 1):
            self.grid.add(self.template)
        for side, lines in enumerate(heads):
            top = first + height - len(lines)
            for k, line in enumerate(lines):
                self._put_side(top + k, side, line)
            self._put_side(first + height, side, "-" * max(_width(line) for line in lines))

    def message(self, msg: Message) -> None:
        side = self.index[msg.src]
        width = self.cols[side]
        label = self.words.lines(msg.label, width) or [""]
        details = [line for d in msg.details for line in self.words.bracketed(d, width)]
        local = msg.src == msg.dst
        first = len(self.grid.rows)
        height = len(label) + len(details)
        if local and not details:
            height += 1
        for _ in range(height):
            self.grid.add(self.template)
        for k, line in enumerate(label + details):
            self._put_side(first + k, side, line)
        at = first + len(label) - 1
        if local:
            top, bottom = _loop(msg.dashed, leftward=side == 1)
            col = self.arrow_at if side == 0 else self.arrow_at + self.arrow_len - 4
            self.grid.put(at, col, top)
            self.grid.put(at + 1, col, bottom)
        else:
            self.grid.put(at, self.arrow_at, _arrow(self.arrow_len, msg.dashed, msg.bidirectional, side == 0))

    def note(self, note: Note) -> None:
        sides = {self.index[p] for p in note.parties}
        if len(sides) == 1:
            side = sides.pop()
            lines = self.words.boxed(note.text, self.cols[side])
            start = self.left if side == 0 else self.right - _width(lines[0]) + 1
        else:
            lines = self.words.boxed(note.text, self.right - self.left + 1, self.arrow_len + 4)
            start = self.left + (self.right - self.left + 1 - _width(lines[0])) // 2
        self.box(lines, start)

    def delay(self, delay: Delay) -> None:
        text = f"... {delay.label} ..." if delay.label else "..."
        for row in self.centred_rows(text, self.template):
            self.grid.rows.append(row)


class _Lifelines(_Body):
    """A ``|`` lifeline per party, labels above ``|------>|`` arrows."""

    def __init__(self, ladder: Ladder, words: _Wrapper) -> None:
        super().__init__(ladder, words)
        n = len(ladder.participants)
        self.n = n
        # [desired, minimal] width of: left margin, each gap, right margin
        self.need = [[0, 0] for _ in range(n + 1)]
        self.heads = [(_width(" ".join(p.label.split())), _longest_word(p.label)) for p in ladder.participants]
        (h0, w0), (hn, wn) = self.heads[0], self.heads[-1]
        self._want(0, _lext(h0), _lext(w0))
        self._want(n, _rext(hn), _rext(wn))
        for k in range(n - 1):
            (ha, wa), (hb, wb) = self.heads[k], self.heads[k + 1]
            self._want(k + 1, _rext(ha) + _lext(hb) + 1, _rext(wa) + _lext(wb) + 1)
        for item in walk_items(ladder.items):
            if isinstance(item, Message):
                i, j = sorted((self.index[item.src], self.index[item.dst]))
                if j - i > 1:
                    self._span(i, j, item)
                    continue
                gap = self._gap_of(item)
                self._text(gap, item.label)
                for detail in item.details:
                    self._text(gap, detail, 2)
            elif isinstance(item, Note) and len(set(item.parties)) == 1:
                i = self.index[item.parties[0]]
                hi = _width(" ".join(item.text.split())) + 4
                lo = _longest_word(item.text) + 4
                self._want(i, _lext(hi) + (i > 0), _lext(lo) + (i > 0))
                self._want(i + 1, _rext(hi) + (i < n - 1), _rext(lo) + (i < n - 1))

    # need[0] is the left margin, need[k + 1] the gap right of lifeline k, need[n] the right margin
    def _want(self, slot: int, hi: int, lo: int) -> None:
        need = self.need[slot]
        need[0] = max(need[0], hi)
        need[1] = max(need[1], lo)

    def _text(self, gap: int, text: str, extra: int = 0) -> None:
        hi = _width(" ".join(text.split()))
        lo = _longest_word(text)
        if hi:
            self._want(gap + 1, _gap_for(hi + extra), _gap_for(lo + extra))

    def _span(self, a: int, b: int, msg: Message) -> None:
        """A label centred over lifelines ``a`` to ``b``: its width spread over their gaps."""
        texts = [(msg.label, 0)] + [(d, 2) for d in msg.details]
        hi = max(_width(" ".join(t.split())) + extra for t, extra in texts)
        lo = max(_longest_word(t) + extra for t, extra in texts)
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
            highs = [max(lows[s], self.need[s][1]) for s in range(n + 1)]
        else:
            lows = [max(MIN_GAP if 0 < s < n else 0, self.need[s][1]) for s in range(n + 1)]
            highs = [max(lows[s], self.need[s][0]) for s in range(n + 1)]
        sizes = _level(highs if fit == "exact" else lows, highs, budget)
        if sizes is None:
            return False
        sizes = _raise_to(sizes, range(1, n), COMFORT_GAP, budget)
        self.margin_left, self.gaps, self.margin_right = sizes[0], sizes[1:n], sizes[n]
        self.left = left
        self.x = [left + sizes[0]]
        for gap in self.gaps:
            self.x.append(self.x[-1] + gap + 1)
        self.right = self.x[-1] + self.margin_right
        self.grid = _Grid()
        self.lifeline = self._template("|")
        self.dotted = self._template(":")
        return True

    def _template(self, ch: str) -> _Row:
        row = [" "] * (self.right + 1)
        for x in self.x:
            row[x] = ch
        return row

    def blank(self) -> _Row:
        return self.lifeline

    def _area(self, gap: int) -> tuple[int, int]:
        """First column and width of the label area in ``gap``."""
        pad, width = _area(self.gaps[gap])
        return self.x[gap] + pad, width

    def head(self) -> None:
        n = self.n
        # room each header gets left and right of its lifeline
        room_left = [self.margin_left] + [0] * (n - 1)
        room_right = [0] * (n - 1) + [self.margin_right]
        for k, gap in enumerate(self.gaps):
            room = gap - 1
            want_r, want_l = _rext(self.heads[k][0]), _lext(self.heads[k + 1][0])
            need_r, need_l = _rext(self.heads[k][1]), _lext(self.heads[k + 1][1])
            if want_r + want_l <= room:
                give = want_r + (room - want_r - want_l) // 2
            elif need_r + need_l <= room:  # whole words for both, the rest shared by wish
                extra = room - need_r - need_l
                give = need_r + extra * (want_r - need_r) // max(1, want_r - need_r + want_l - need_l)
            else:
                give = room * need_r // max(1, need_r + need_l)
            if room >= 2:  # a header is at least three columns wide
                give = max(1, min(room - 1, give))
            room_right[k], room_left[k + 1] = give, room - give
        heads = []
        for i, p in enumerate(self.ladder.participants):
            heads.append(self.words.lines(p.label, room_left[i] + room_right[i] + 1) or [""])
        height = max(len(h) for h in heads)
        first = len(self.grid.rows)
        for _ in range(height):
            self.grid.add([" "] * (self.right + 1))
        for i, lines in enumerate(heads):
            for k, line in enumerate(lines):
                w = _width(line)
                before = min(room_left[i], max(_lext(w), w - 1 - room_right[i]))
                self.grid.put(first + height - len(lines) + k, self.x[i] - before, line)
        self.grid.add(self.lifeline)

    def tail(self) -> None:
        self.grid.add(self.lifeline)

    def _label_rows(self, gap: int, texts: list[str], details: tuple[str, ...], right_aligned: bool) -> None:
        col, width = self._area(gap)
        lines = [line for t in texts for line in self.words.lines(t, width)]
        lines += [line for d in details for line in self.words.bracketed(d, width)]
        end = col + width - 1
        for line in lines:
            row = self.grid.add(self.lifeline)
            if right_aligned:
                self.grid.put_right(row, end, line)
            else:
                self.grid.put(row, col, line)

    def message(self, msg: Message) -> None:
        i, j = self.index[msg.src], self.index[msg.dst]
        if abs(i - j) > 1:
            self._spanning_labels(min(i, j), max(i, j), msg)
            a, b = sorted((self.x[i], self.x[j]))
            self.grid.put(self.grid.add(self.lifeline), a + 1, _arrow(b - a - 1, msg.dashed, msg.bidirectional, j > i))
            return
        gap = self._gap_of(msg)
        leftward = i == j and i == self.n - 1
        self._label_rows(gap, [msg.label], msg.details, leftward)
        if i == j:
            top, bottom = _loop(msg.dashed, leftward)
            col = self.x[i] - 4 if leftward else self.x[i] + 1
            self.grid.put(self.grid.add(self.lifeline), col, top)
            self.grid.put(self.grid.add(self.lifeline), col, bottom)
        else:
            a, b = sorted((self.x[i], self.x[j]))
            row = self.grid.add(self.lifeline)
            self.grid.put(row, a + 1, _arrow(b - a - 1, msg.dashed, msg.bidirectional, j > i))

    def _spanning_labels(self, a: int, b: int, msg: Message) -> None:
        """Label and details centred over lifelines ``a`` to ``b``, as RFC 3261 does
        for a message that passes other parties by; their lifelines pause there."""
        x_a, x_b = self.x[a], self.x[b]
        width = x_b - x_a - 3
        lines = self.words.lines(msg.label, width)
        lines += [line for d in msg.details for line in self.words.bracketed(d, width)]
        if not lines:
            return
        template = list(self.lifeline)
        for x in self.x[a + 1 : b]:
            template[x] = " "
        block = max(_width(line) for line in lines)
        col = x_a + 2 + (width - block) // 2
        for line in lines:
            self.grid.put(self.grid.add(template), col, line)

    def note(self, note: Note) -> None:
        parties = sorted(self.index[p] for p in note.parties)
        a, b = parties[0], parties[-1]
        lo = self.x[a - 1] + 2 if a > 0 else self.left
        hi = self.x[b + 1] - 2 if b < self.n - 1 else self.right
        if a == b:
            lines = self.words.boxed(note.text, hi - lo + 1)
        else:
            lines = self.words.boxed(note.text, hi - lo + 1, self.x[b] - self.x[a] + 5)
        w = _width(lines[0])
        start = (self.x[a] + self.x[b]) // 2 - _lext(w)
        start = max(lo, min(start, hi - w + 1))
        self.box(lines, start)

    def delay(self, delay: Delay) -> None:
        self.grid.add(self.dotted)
        if delay.label:
            for row in self.centred_rows(f"... {delay.label} ...", self.dotted):
                self.grid.rows.append(row)
            self.grid.add(self.dotted)


def _area(gap: int) -> tuple[int, int]:
    """Offset from the lifeline and width of the label area in a ``gap``-wide gap.

    Two blanks before a label where there is room, as in RFC 3261, else one;
    at least one blank after it, so that it never touches the next lifeline.
    """
    if gap >= 9:
        return 3, gap - 3
    return 2, max(1, gap - 2)


@cache
def _gap_for(text_width: int) -> int:
    """The narrowest gap whose label area holds ``text_width`` columns."""
    gap = MIN_GAP
    while _area(gap)[1] < text_width:
        gap += 1
    return gap


# ---------------------------------------------------------------- groups


class _Drawing:
    """A body plus its groups, laid out within ``width`` and drawn."""

    def __init__(self, ladder: Ladder, body: _Body, width: int) -> None:
        self.ladder = ladder
        self.body = body
        self.width = width
        self.words = body.words
        self.groups = _group_tree(ladder.items)
        self.mode = "none"
        self.records: list[tuple[int, int, int, list[str]]] = []
        self._blank_at = -1
        self._opened: dict[int, int] = {}
        if not self.groups:
            self._place(0, width, ("wrap", "tight"))
            return
        # Never wrap a label only to make room for braces: braces if the body then
        # needs no wrapping, else brackets if they need none; else whichever fits.
        depth = 1 + max(d for _, d, _ in self.groups.values())
        if self._try_braces("exact"):
            return
        if 2 * depth <= width // 3 and self.body.place(2 * depth, width - 2 * depth, "exact"):
            self.mode = "brackets"
            return
        if self._try_braces("wrap"):
            return
        if 2 * depth > width // 3:
            raise _NoRoomError
        self.mode = "brackets"
        self._place(2 * depth, width - 2 * depth, ("wrap", "tight"))

    # ------------------------------------------------------------- layout

    def _place(self, left: int, width: int, fits: tuple[str, ...]) -> None:
        if not any(self.body.place(left, width, fit) for fit in fits):
            raise _NoRoomError

    def _try_braces(self, fit: str) -> bool:
        """Braces in a right margin at most 2/5 of the width, if the body then ``fit``s.

        Labels in the margin wrap, down to their longest word, as far as it
        takes for the body to fit; as little as possible.
        """
        columns = 1 + max(height for _, _, height in self.groups.values())
        highs, lows = [], []
        for k in range(columns):
            labels = [g.label for g, _, height in self.groups.values() if height == k]
            longest = max((_width(" ".join(t.split())) for t in labels), default=0)
            word = max((_longest_word(t) for t in labels), default=0)
            lows.append(max(1, word))
            highs.append(max(1, word, min(longest, max(10, self.width // 5))))
        budget = self.width * 2 // 5 - 1 - 3 * columns
        widths = None
        while budget >= sum(lows):
            widths = _level(lows, highs, budget)
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

    def render(self) -> str:
        body = self.body
        body.head()
        dispatch: dict[type, Callable[[LadderItem], None]] = {
            Message: body.message,
            Note: body.note,
            Separator: body.separator,
            Delay: body.delay,
        }
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
            if isinstance(item, Group):
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
        return body.grid.render()

    def _width_row(self, row: _Row) -> _Row:
        """``row`` widened to the whole drawing, so margins can be drawn in."""
        return row + [" "] * (self.width - len(row)) if len(row) < self.width else row

    def _blank(self) -> None:
        """One empty row between a group and its siblings (never two)."""
        grid = self.body.grid
        if grid.rows and self._blank_at != len(grid.rows) - 1:
            self._blank_at = grid.add(self.body.blank())

    def _open(self, group: Group) -> int:
        grid = self.body.grid
        start = len(grid.rows)
        if self.mode == "brackets":
            depth = self.groups[id(group)][1]
            col = 2 * depth
            lines = self.words.lines(group.label, self.width - col - 4) or [""]
            for k, line in enumerate(lines):
                row = grid.add(self.body.blank())
                grid.rows[row] = self._width_row(grid.rows[row])
                grid.put(row, col, (".-- " if k == 0 else "|   ") + line)
            self._opened[id(group)] = len(self.records)
            self.records.append((depth, start, start, lines))
        return start

    def _close(self, group: Group, start: int, *, more: bool) -> None:
        grid = self.body.grid
        if self.mode == "brackets":
            depth = self.groups[id(group)][1]
            k = self._opened.pop(id(group))
            self.records[k] = (depth, start, grid.add(self.body.blank()), self.records[k][3])
            return
        height = self.groups[id(group)][2]
        lines = self.words.lines(group.label, self.brace_widths[height]) or [""]
        while len(grid.rows) - start < max(1, len(lines)):
            grid.add(self.body.blank())
        self.records.append((height, start, len(grid.rows) - 1, lines))
        if more:
            self._blank()

    def _draw_braces(self) -> None:
        rows = self.body.grid.rows
        for k, row in enumerate(rows):
            rows[k] = self._width_row(row)
        grid = self.body.grid
        for column, start, end, lines in self.records:
            col = self.brace_at[column]
            if start == end:
                grid.put(start, col, "}")
            else:
                grid.put(start, col, "\\")
                grid.put(end, col, "/")
                for r in range(start + 1, end):
                    grid.put(r, col, "|")
            top = start + (end - start + 1 - len(lines)) // 2
            for k, line in enumerate(lines):
                grid.put(top + k, col + 2, line)

    def _draw_brackets(self) -> None:
        grid = self.body.grid
        for depth, start, end, lines in self.records:
            col = 2 * depth
            for r in range(start + len(lines), end):
                grid.put(r, col, "|")
            grid.rows[end] = self._width_row(grid.rows[end])
            grid.put(end, col, "'--")


def _group_tree(items: tuple[LadderItem, ...]) -> dict[int, tuple[Group, int, int]]:
    """``id(group) -> (group, depth, height)``; height 0 is a group with no subgroups."""
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
    return {id(g): (g, depth, heights[id(g)]) for g, depth in order}


# ---------------------------------------------------------------- fallback


def _as_list(ladder: Ladder, width: int, words: _Wrapper) -> str:
    """The ladder as indented text, for widths no drawing fits in."""
    out: list[str] = []

    def emit(indent: int, text: str, hang: int = 4) -> None:
        indent = min(indent, width // 2)
        lines = words.lines(text, width - indent - hang) or [""]
        out.append(" " * indent + lines[0])
        out.extend(" " * (indent + hang) + line for line in lines[1:])

    emit(0, "participants: " + ", ".join(p.label for p in ladder.participants))
    stack: list[tuple[Iterable[LadderItem], int]] = [(iter(ladder.items), 0)]
    while stack:
        it, depth = stack[-1]
        item = next(it, None)
        if item is None:
            stack.pop()
            if stack:
                emit(2 * (depth - 1), "end")
            continue
        ind = 2 * depth
        if isinstance(item, Group):
            emit(ind, f"group {item.label}")
            stack.append((iter(item.items), depth + 1))
        elif isinstance(item, Message):
            arrow = ("<-->" if item.dashed else "<->") if item.bidirectional else ("-->" if item.dashed else "->")
            label = f": {item.label}" if item.label else ""
            emit(ind, f"{ladder.label_of(item.src)} {arrow} {ladder.label_of(item.dst)}{label}")
            for detail in item.details:
                emit(ind + 4, f"[{detail}]", 1)
        elif isinstance(item, Note):
            emit(ind, f"note {', '.join(ladder.label_of(p) for p in item.parties)}: {item.text}")
        elif isinstance(item, Separator):
            emit(ind, f"== {item.label} ==" if item.label else "==")
        elif isinstance(item, Delay):
            emit(ind, f"... {item.label} ..." if item.label else "...")
    return "\n".join(line.rstrip() for line in out)


__all__ = ["ladder_ascii"]
