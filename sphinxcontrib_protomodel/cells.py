"""Text on a character grid: how many cells a text takes, and how it wraps.

Every layout and painter measures and wraps text here, so the ASCII art, the
SVG and the PNG agree on where a label ends.  Widths come from ``wcwidth``
(grapheme clusters, combining marks, zero-width characters, emoji and East
Asian wide characters), as a terminal shows them: a wide character takes two
cells, a combining mark none (but one with no base character before it takes
a cell of its own, so that it is seen).

Wrapping breaks at spaces.  A word longer than the line is split after
punctuation first (``(``, ``,``, ``/``, ``-``, ``.``, ``:``) and only then
cut inside the word, so ``setLocalDescription(offer)`` wraps as
``setLocalDescription(`` / ``offer)``.  Nothing is ever dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

#: Characters after which a too-long word may be split before cutting it.
BREAK_AFTER = frozenset("(,/-.:;=&")


@lru_cache(maxsize=65536)
def _slow_width(text: str) -> int:
    import wcwidth  # only for text beyond printable ASCII: most builds never need it

    return sum(_cluster_width(cluster) for cluster in wcwidth.iter_graphemes(text))


def _cluster_width(cluster: str) -> int:
    """Cells of one grapheme cluster; a combining mark with no base to sit on takes a cell of its own."""
    import wcwidth

    width = max(0, wcwidth.width(cluster, control_codes="ignore"))
    if width == 0 and unicodedata.category(cluster[0]) in ("Mn", "Mc", "Me"):
        return 1
    return width


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal (wide CJK counts 2, a combining mark 0)."""
    if text.isascii() and text.isprintable():  # the common case, and hot
        return len(text)
    return _slow_width(text)


def graphemes(text: str) -> Iterator[tuple[str, int]]:
    """``(cluster, cells)`` for each user-perceived character of ``text``.

    A cluster of width 0 (a stray combining mark) is returned with width 0;
    a painter attaches it to the cell before it.
    """
    if text.isascii():
        for ch in text:
            yield ch, 1
        return
    import wcwidth

    for cluster in wcwidth.iter_graphemes(text):
        yield cluster, _cluster_width(cluster)


def _split_word(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` cells, split after punctuation where possible."""
    pieces: list[str] = []
    clusters = list(graphemes(word))
    while clusters:
        used, cut, last_break = 0, 0, 0
        for k, (cluster, w) in enumerate(clusters):
            if used + w > width and cut:
                break
            used += w
            cut = k + 1
            if cluster in BREAK_AFTER and cut < len(clusters):
                last_break = cut
        if cut < len(clusters) and last_break:
            cut = last_break
        pieces.append("".join(c for c, _ in clusters[:cut]))
        clusters = clusters[cut:]
    return pieces


def _greedy(words: list[str], sizes: list[int], width: int) -> list[str]:
    lines: list[str] = []
    current, used = "", 0
    for word, size in zip(words, sizes, strict=True):
        if not current:
            current, used = word, size
        elif used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
        else:
            lines.append(current)
            current, used = word, size
    if current:
        lines.append(current)
    return lines


def wrap(text: str, width: int, *, balanced: bool = False) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces.

    Runs of whitespace become one space.  A word wider than ``width`` is
    split (after punctuation first).  ``balanced``: the narrowest width that
    needs no more lines, so the last line is not a lone word (as the draft
    writes "AH/ESP parameters," / "Algorithms, Nonce," / "Handshake Hash").
    Returns ``[""]`` for blank text.  (Layout searches wrap the same labels
    at the same widths again and again: the lines are remembered.)
    """
    return list(_wrap(text, width, balanced))


@lru_cache(maxsize=4096)
def _wrap(text: str, width: int, balanced: bool) -> tuple[str, ...]:
    width = max(1, width)
    words: list[str] = []
    for word in text.split():
        if cell_width(word) > width:
            words.extend(_split_word(word, width))
        else:
            words.append(word)
    if not words:
        return ("",)
    sizes = [cell_width(w) for w in words]
    lines = _greedy(words, sizes, width)
    if balanced and len(lines) > 1:
        count = len(lines)
        lo, hi = max(sizes), width
        while lo < hi:
            mid = (lo + hi) // 2
            if len(_greedy(words, sizes, mid)) <= count:
                hi = mid
            else:
                lo = mid + 1
        lines = _greedy(words, sizes, lo)
    return tuple(lines)


def longest_word(text: str) -> int:
    """Cells of the widest word of ``text`` (0 for blank text)."""
    return max((cell_width(w) for w in text.split()), default=0)


def splits_words(text: str, width: int) -> bool:
    """Whether :func:`wrap` must split a word of ``text`` to fit ``width``."""
    return longest_word(text) > width


def block_width(lines: list[str] | tuple[str, ...]) -> int:
    """Cells of the widest of ``lines``."""
    return max((cell_width(line) for line in lines), default=0)


__all__ = ["BREAK_AFTER", "block_width", "cell_width", "graphemes", "longest_word", "splits_words", "wrap"]
