"""Character-grid primitives shared by the ASCII renderers.

Every ASCII renderer lays text out with :func:`wrap` (word boundaries only,
nothing cut) and draws on a :class:`Canvas`, whose :meth:`Canvas.render`
strips trailing blanks so outputs are stable byte for byte.
"""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal (wide CJK counts 2)."""
    if text.isascii():  # the common case, and hot: wrap() calls this per word
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` at word boundaries into lines of at most ``width`` columns.

    Never drops a character.  A single word longer than ``width`` is the only
    thing split mid-word, since it cannot fit otherwise.
    """
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while cell_width(word) > width:
            if current:
                lines.append(current)
                current = ""
            head = _take(word, width)
            lines.append(head)
            word = word[len(head) :]
        if not current:
            current = word
        elif cell_width(current) + 1 + cell_width(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def _take(word: str, width: int) -> str:
    taken = ""
    for ch in word:
        if cell_width(taken + ch) > width:
            break
        taken += ch
    return taken or word[0]


class Canvas:
    """A growable grid of characters; (row, col) are 0-based."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def _ensure(self, row: int, col: int) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        if len(line) <= col:
            line.extend(" " * (col + 1 - len(line)))

    def put(self, row: int, col: int, ch: str) -> None:
        self._ensure(row, col)
        self.rows[row][col] = ch

    def get(self, row: int, col: int) -> str:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return " "

    def text(self, row: int, col: int, text: str) -> None:
        """Write ``text`` left to right; a wide character takes two cells."""
        for ch in text:
            self.put(row, col, ch)
            if cell_width(ch) == 2:
                self.put(row, col + 1, "")  # placeholder cell, renders as nothing
                col += 2
            else:
                col += 1

    def hline(self, row: int, col1: int, col2: int, ch: str = "-") -> None:
        for col in range(min(col1, col2), max(col1, col2) + 1):
            self.put(row, col, ch)

    def vline(self, col: int, row1: int, row2: int, ch: str = "|") -> None:
        for row in range(min(row1, row2), max(row1, row2) + 1):
            self.put(row, col, ch)

    def box(self, top: int, left: int, bottom: int, right: int, *, corner: str = "+") -> None:
        self.hline(top, left, right)
        self.hline(bottom, left, right)
        self.vline(left, top, bottom)
        self.vline(right, top, bottom)
        for r, c in ((top, left), (top, right), (bottom, left), (bottom, right)):
            self.put(r, c, corner)

    @property
    def height(self) -> int:
        return len(self.rows)

    def render(self) -> str:
        """The grid as text: no trailing blanks, no trailing empty lines."""
        lines = ["".join(r).rstrip() for r in self.rows]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)
