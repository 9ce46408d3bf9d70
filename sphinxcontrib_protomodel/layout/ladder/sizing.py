"""Measuring and sharing out columns: what both ladder styles and the groups use.

Widths are in cells (:func:`..cells.cell_width`); text wraps with
:func:`..cells.wrap` only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...cells import block_width, cell_width, longest_word, wrap

#: The narrowest box a note can be drawn in: ``| x |``.
BOX_PADDING = 4


def left_of_centre(width: int) -> int:
    """Cells left of the centre cell of something ``width`` cells wide."""
    return (width - 1) // 2


def right_of_centre(width: int) -> int:
    """Cells right of the centre cell of something ``width`` cells wide."""
    return width // 2


def one_line_width(text: str) -> int:
    """Cells ``text`` takes on one line, runs of blanks counted as one."""
    return cell_width(" ".join(text.split()))


def level(lows: list[int], highs: list[int], budget: int) -> list[int] | None:
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


def raise_to(sizes: list[int], which: Iterable[int], cap: int, budget: int) -> list[int]:
    """The sizes at ``which`` raised towards ``cap`` while the total stays within ``budget``."""
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


class Words:
    """:func:`..cells.wrap` for ladder labels, remembering whether a word had to be split."""

    def __init__(self) -> None:
        self.split = False

    def lines(self, text: str, width: int) -> list[str]:
        """``text`` in balanced lines of at most ``width`` cells; ``[]`` for blank text."""
        width = max(1, width)
        if not text.split():
            return []
        if longest_word(text) > width:
            self.split = True
            return wrap(text, width)
        return wrap(text, width, balanced=True)

    def verbatim(self, text: str, width: int) -> list[str]:
        """One line written by the author: kept as written (leading blanks too) when it fits, else wrapped."""
        text = text.rstrip()
        if cell_width(text) <= max(1, width):
            return [text] if text else [""]
        indent = len(text) - len(text.lstrip())
        if indent >= width // 2:
            indent = 0
        return [" " * indent + line for line in self.lines(text, width - indent)]

    def block(self, texts: Iterable[str], width: int) -> list[str]:
        """Several author's lines, each :meth:`verbatim`."""
        return [line for text in texts for line in self.verbatim(text, width)]


def box_lines(words: Words, lines: list[str], width: int, min_width: int = 0) -> tuple[int, list[str]]:
    """The inner width and text lines of a note box at most ``width`` (at least ``min_width``) cells wide.

    ``lines`` are the author's lines (see :meth:`Words.verbatim`); the box is
    ``inner + 4`` cells wide (``| `` and `` |``).
    """
    room = max(1, width - BOX_PADDING)
    text = words.block(lines, room) or [""]
    inner = min(max(block_width(text), min_width - BOX_PADDING), room)
    return inner, text


__all__ = [
    "BOX_PADDING",
    "Words",
    "box_lines",
    "left_of_centre",
    "level",
    "one_line_width",
    "raise_to",
    "right_of_centre",
]
