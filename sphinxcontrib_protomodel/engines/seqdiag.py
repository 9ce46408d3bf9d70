"""Ladder model -> seqdiag source -> SVG.

User text enters the source only as placeholders (see :mod:`.engine`).  The
layout is sized from the labels: seqdiag has a single ``edge_length`` for
every gap and folds too-long text mid-word, so labels are measured with the
drawing font, the edge length is chosen to hold them, and whatever is still
too long is wrapped here at word boundaries.

Where seqdiag lacks a construct the engine draws it (``Source.text`` roles):
notes hang on invisible carrier edges, notes over several parties are drawn
between their lifelines, ``<->`` gets a head at each end.  Groups are seqdiag
fragments titled with the group label.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..diagrams import Delay, Group, Ladder, LadderItem, Message, Note, RenderError, RenderOptions, Separator
from ..fonts import find_font
from .diag import Source

FONT_SIZE = 12
#: seqdiag's default edge length, the shortest we use, and the longest
MIN_EDGE, MAX_EDGE = 160, 420
#: pixels an edge label loses to margins (label_margin * 2 + cellsize * 4) plus slack
LABEL_PAD = 48
#: the widest a note beside the first or last party grows before wrapping
NOTE_WIDTH = 300
#: the most a self-message label or a note beside a middle party widens the gap before wrapping
FLEX_WIDTH = 220
NODE_WIDTH = 128  # seqdiag's default
LINE_HEIGHT = 15


@cache
def _font():
    from PIL import ImageFont

    path = find_font()
    return ImageFont.truetype(path, FONT_SIZE) if path else None


def text_width(text: str) -> int:
    """Pixels ``text`` takes in the drawing font (an estimate without one)."""
    font = _font()
    if font is None:
        return int(len(text) * FONT_SIZE * 0.62) + 1
    return int(font.getlength(text)) + 1


def wrap_px(text: str, width: int, measure: Callable[[str], int] = text_width) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, broken between words.

    A word wider than ``width`` on its own is the only thing broken inside.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width and len(word) > 1:
            if current:
                lines.append(current)
                current = ""
            cut = max(1, next((k for k in range(len(word), 0, -1) if measure(word[:k]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def _widest(texts: list[str]) -> int:
    return max((text_width(" ".join(t.split())) for t in texts), default=0)


def _widest_word(texts: list[str]) -> int:
    return max((text_width(w) for t in texts for w in t.split()), default=0)


def _flex(texts: list[str]) -> int:
    """The width a wrappable text asks for: itself up to FLEX_WIDTH, at least its widest word."""
    return max(min(_widest(texts), FLEX_WIDTH), _widest_word(texts))


#: seqdiag's layout time grows with the square of the rows: beyond this, no drawing
MAX_ROWS = 500


def ladder_source(ladder: Ladder, options: RenderOptions) -> Source:
    """seqdiag source for ``ladder``; user text only as placeholders."""
    rows = sum(1 for item in _walk(ladder.items) if not isinstance(item, Group))
    if rows > MAX_ROWS:
        raise RenderError(
            f"ladder too long to draw: {rows} messages, notes and separators (at most {MAX_ROWS}); "
            "split it into several ladders (its ASCII art is complete)"
        )
    return _Builder(ladder).source()


class _Builder:
    def __init__(self, ladder: Ladder) -> None:
        self.ladder = ladder
        self.index = {p.name: i for i, p in enumerate(ladder.participants)}
        self.ids = [f"p{i}" for i in range(len(ladder.participants))]
        self.last = len(ladder.participants) - 1
        self.edge_length = self._edge_length()
        widest_head = _widest([p.label for p in ladder.participants])
        self.node_width = min(self.edge_length - 16, max(NODE_WIDTH, widest_head + 24))
        self.src = Source("seqdiag")

    # ------------------------------------------------------------- sizes

    def _edge_length(self) -> int:
        """The gap between lifelines: what must fit between two neighbours, within MIN_EDGE..MAX_EDGE.

        A message spanning k gaps needs its widest line / k per gap.  Texts
        that may wrap (self-message labels, notes beside a middle party) ask
        for at most FLEX_WIDTH, and never less than their widest word, so
        they wrap at word boundaries rather than spreading every lifeline.
        """
        need = MIN_EDGE
        for item in _walk(self.ladder.items):
            if isinstance(item, Message):
                texts = [item.label, *item.details]
                span = abs(self.index[item.src] - self.index[item.dst])
                if span:
                    need = max(need, -(-(_widest(texts) + LABEL_PAD) // span))
                elif self.index[item.src] < self.last:  # the loop stays left of the next lifeline
                    need = max(need, _flex(texts) + LABEL_PAD)
            elif isinstance(item, Note):
                parties = sorted({self.index[p] for p in item.parties})
                if len(parties) > 1:
                    width = _widest([item.text])
                    need = max(need, -(-(width + 2 * LABEL_PAD) // (parties[-1] - parties[0])))
                elif 0 < parties[0] < self.last:
                    need = max(need, _flex([item.text]) + LABEL_PAD)
            elif isinstance(item, Group):  # the title tab stays on one line within its frame
                need = max(need, _widest([item.label]) + 2 * LABEL_PAD - NODE_WIDTH)
        return min(MAX_EDGE, need)

    def _label(self, texts: list[str], span: int) -> str:
        """``texts`` wrapped for an edge label spanning ``span`` gaps (0: a self edge).

        A self edge's loop is drawn as wide as its label (see ``engine``), so
        its width is only what we choose: the gap, less the padding.
        """
        width = self.edge_length * span - LABEL_PAD if span else max(self.edge_length - LABEL_PAD, _flex(texts))
        width = max(40, width, _widest_word(texts))  # never split a word that fits
        return "\n".join(line for text in texts for line in wrap_px(text, width))

    # ------------------------------------------------------------- source

    def source(self) -> Source:
        src = self.src
        heads = [wrap_px(p.label, self.node_width - 16) for p in self.ladder.participants]
        node_height = max(40, max(len(h) for h in heads) * LINE_HEIGHT + 16)
        # Rows close together, as in an RFC figure; groups (fragments) need room for their frames.
        has_groups = any(isinstance(i, Group) for i in self.ladder.items)
        src.add(f"activation = none; edge_length = {self.edge_length}; span_height = {28 if has_groups else 12};")
        src.add(f"node_width = {self.node_width}; node_height = {node_height};")
        src.add(f"default_fontsize = {FONT_SIZE}; default_note_color = white;")
        for node, lines in zip(self.ids, heads, strict=True):
            src.add(f"{node} [label = {src.text(chr(10).join(lines))}];")
        self._emit(self.ladder.items)
        return src

    def _emit(self, items: tuple[LadderItem, ...], depth: int = 0) -> None:
        src = self.src
        for item in items:
            if isinstance(item, Message):
                self._message(item)
            elif isinstance(item, Note):
                self._note(item)
            elif isinstance(item, (Separator, Delay)):
                mark = "===" if isinstance(item, Separator) else "..."
                line = f"{mark} {src.text(item.label or ' ')[1:-1]} {mark}"
                if depth:  # seqdiag allows separators in a fragment only inside an edge's block
                    src.add(f"{self.ids[0]} -> {self.ids[1]} [label = {src.text('', 'note')}] {{ {line} }}")
                else:
                    src.add(line)
            elif isinstance(item, Group):
                src.add(f"loop {src.text(' '.join(item.label.split()))[1:-1]} {{")  # one line: the tab
                if not any(isinstance(i, (Message, Note)) for i in _walk(item.items)):
                    self._carrier("")  # a seqdiag fragment needs an edge to exist
                self._emit(item.items, depth + 1)
                if item.items and isinstance(item.items[-1], (Separator, Delay)):
                    self._carrier("")  # else the fragment would end above its last separator
                src.add("}")

    def _message(self, msg: Message) -> None:
        src = self.src
        i, j = self.index[msg.src], self.index[msg.dst]
        text = self._label([msg.label, *msg.details], abs(i - j))
        arrow = "-->" if msg.dashed else "->"
        if msg.bidirectional and i != j:  # a head at each end; the label keeps clear of the second
            attrs = [f"label = {src.text(text, 'both')}", "label_margin = 8"]
        else:
            attrs = [f"label = {src.text(text)}"]
        if msg.dashed:
            attrs.append("style = dashed")
        if msg.lost:
            attrs.append("failed")
        src.add(f"{self.ids[i]} {arrow} {self.ids[j]} [{', '.join(attrs)}];")

    def _note(self, note: Note) -> None:
        parties = sorted({self.index[p] for p in note.parties})
        a, b = parties[0], parties[-1]
        if a != b:  # drawn between the lifelines it spans
            width = self.edge_length * (b - a) - 2 * LABEL_PAD
            text = "\n".join(_note_lines(note.text, max(40, width)))
            self.src.add(f"{self.ids[a]} -> {self.ids[b]} [label = {self.src.text(text, 'span-note')}];")
            return
        width = NOTE_WIDTH if a in (0, self.last) else self.edge_length - LABEL_PAD
        self._carrier("\n".join(_note_lines(note.text, max(width, _widest_word([note.text])))), a)

    def _carrier(self, note: str, party: int = 0) -> None:
        """An invisible edge carrying ``note`` beside ``party``: left of the first, right of others."""
        src = self.src
        hidden = src.text("", "note")
        if not note:
            src.add(f"{self.ids[0]} -> {self.ids[1]} [label = {hidden}];")
        elif party == 0:
            src.add(f"{self.ids[0]} -> {self.ids[1]} [label = {hidden}, leftnote = {src.text(note)}];")
        else:
            src.add(f"{self.ids[party - 1]} -> {self.ids[party]} [label = {hidden}, rightnote = {src.text(note)}];")


def _note_lines(text: str, width: int) -> list[str]:
    """A note's lines, each wrapped within ``width`` pixels."""
    return [line for part in text.split("\n") for line in wrap_px(part, width)]


def _walk(items: tuple[LadderItem, ...]):
    """Every item, groups included and entered, without recursion."""
    stack = [iter(items)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        yield item
        if isinstance(item, Group):
            stack.append(iter(item.items))
