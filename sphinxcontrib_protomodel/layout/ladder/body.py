"""What the two ladder styles share: the interface the group layout drives, phase rules, centred text."""

from __future__ import annotations

from ...cells import cell_width
from ...diagrams import Delay, Ladder, Message, Note, Separator
from .sheet import RowKind, Sheet
from .sizing import Words

#: Kinds of text a fit may try, from the most to the least comfortable:
#: ``exact`` every label on as few lines as it wants, ``wrap`` labels wrapped
#: at spaces, ``tight`` below the widths words need (splitting them).
FITS = ("exact", "wrap", "tight")


class Body:
    """The ladder without its groups: one style's columns and rows.

    A body is first :meth:`place`\\ d in columns ``left .. right``, then the
    group layout calls :meth:`head`, one method per item, and :meth:`tail`,
    which add rows to :attr:`sheet`.
    """

    sheet: Sheet
    left: int  # first column of the body
    right: int  # last column of the body
    #: row kind of a blank row (lifelines run through it in the lifelines style)
    blank: RowKind = "solid"

    def __init__(self, ladder: Ladder, words: Words) -> None:
        self.ladder = ladder
        self.words = words
        self.index = {p.name: i for i, p in enumerate(ladder.participants)}
        #: the first row of the lifelines (after the headings)
        self.lifelines_from = 0
        self._count = 0

    def place(self, left: int, width: int, fit: str) -> bool:
        """Lay out in columns ``left .. left + width - 1`` (one of :data:`FITS`); False if it cannot fit."""
        raise NotImplementedError

    def head(self) -> None:
        """The participants' names (and what follows them) in the first rows."""
        raise NotImplementedError

    def tail(self) -> None:
        """Rows after the last item."""

    def message(self, msg: Message) -> None:
        """A message: its label and details, then its arrow (or loop)."""
        raise NotImplementedError

    def note(self, note: Note) -> None:
        """A note box beside its party or across the parties it names."""
        raise NotImplementedError

    def delay(self, delay: Delay) -> None:
        """Time passes: ``...`` or ``... label ...`` (dotted lifelines meanwhile)."""
        raise NotImplementedError

    def row(self, items: list[Message | Note]) -> None:
        """Items drawn on one row: the first, then those written with ``&`` after it."""
        if len(items) == 1:
            item = items[0]
            self.message(item) if isinstance(item, Message) else self.note(item)
        else:
            self.shared_row(items)

    def shared_row(self, items: list[Message | Note]) -> None:
        """Several items on one row; by default one under the other."""
        for item in items:
            self.row([item])

    def blank_row(self) -> int:
        """An empty row at the cursor; returns its index."""
        return self.sheet.row(self.blank)

    def key(self, what: str) -> tuple[str, int]:
        """A key unique within the drawing for a message or a note (``(what, n)``)."""
        self._count += 1
        return what, self._count

    def separator(self, sep: Separator) -> None:
        """``==== label ====`` across the body: a double rule each side of each line of the label."""
        width = self.right - self.left + 1
        for line in self.words.lines(sep.label, width - 6) or [""]:
            y = self.sheet.row("none")
            if not line:
                self.sheet.rule(self.left, self.right, y)
                continue
            padded = cell_width(line) + 2
            start = self.left + (width - padded) // 2
            self.sheet.rule(self.left, start - 1, y)
            self.sheet.text(start + 1, y, line, "title", "centre")
            self.sheet.rule(start + padded, self.right, y)

    def centred(self, text: str, kind: RowKind) -> None:
        """``text`` wrapped and centred over the body, a blank kept clear either side."""
        width = self.right - self.left + 1
        for line in self.words.lines(text, width - 2):
            y = self.sheet.row(kind)
            start = self.left + (width - cell_width(line) - 2) // 2
            self.sheet.text(start + 1, y, line, "delay", "centre", pad=1)

    def note_box(self, start: int, inner: int, lines: list[str]) -> None:
        """A note box with its top-left corner at column ``start`` of the next row."""
        y = self.sheet.rows(len(lines) + 2, self.blank)
        self.sheet.box(start, y, inner, lines, key=f"note{self.key('note')[1]}")


def note_lines(note: Note) -> list[str]:
    """A note's text as the author's lines."""
    return note.text.split("\n")


__all__ = ["FITS", "Body", "note_lines"]
