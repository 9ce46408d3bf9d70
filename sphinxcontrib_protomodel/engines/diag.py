"""The ``diag`` engine: seqdiag/blockdiag run on source we generate, user text kept out of it.

User text never enters the generated source: every label is a placeholder
(``"t0"``, ``"t1"``...) and the real text is put into the built diagram
objects after parsing.  So no label can ever become seqdiag/blockdiag syntax
(attributes such as ``background`` or ``icon`` that read files or URLs can't
be injected), and nothing needs escaping for their quirky string rules.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from ..diagrams import RenderError
from ..fonts import find_font
from .compat import load, patched_pillow

#: seqdiag/blockdiag keep defaults in class attributes: one diagram at a time.
_lock = threading.Lock()

_LABEL_ATTRS = ("label", "leftnote", "rightnote", "return_label")
_PROLOGUE = re.compile(r"\A<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?")


@dataclass
class Source:
    """Generated diagram source plus the texts its placeholders stand for."""

    package: str  # "seqdiag" or "blockdiag"
    lines: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    #: placeholder -> how to draw the seqdiag edge labelled with it (see ``_seqdiag_drawer``)
    roles: dict[str, str] = field(default_factory=dict)

    def text(self, value: str, role: str | None = None) -> str:
        """A quoted placeholder for ``value``, safe to put in the source.

        ``role`` ("note", "span-note" or "both") asks for an edge labelled
        with this placeholder to be drawn other than seqdiag would.
        """
        key = f"t{len(self.texts)}"
        self.texts[key] = value
        if role is not None:
            self.roles[key] = role
        return f'"{key}"'

    def add(self, line: str) -> None:
        self.lines.append(line)


def _elements(diagram):
    """Every labelled element once, nodes and edges inside groups included.

    Once only: a substituted label may itself look like a placeholder.
    """
    seen: set[int] = set()
    sources = [getattr(diagram, attr, ()) for attr in ("nodes", "edges", "separators", "altblocks")]
    sources += [getattr(diagram, attr, lambda: ())() for attr in ("traverse_nodes", "traverse_edges")]
    for source in sources:
        for element in source:
            if id(element) not in seen:
                seen.add(id(element))
                yield element


def _literal(text: str) -> str:
    """``text`` as blockdiag's text folder will show it unchanged.

    It reads ``\\n`` as a line break and ``\\\\`` as one backslash: double
    every backslash.  (Its yen-sign rule is switched off in ``compat.py``.)
    """
    return text.replace("\\", "\\\\")


def draw(source: Source, fmt: str = "SVG", font: str | None = None) -> str | bytes:
    """Draw ``source`` with its engine as an SVG string or as PNG bytes; raises :class:`RenderError`."""
    package = source.package
    lib = load(package)
    code = package + " {\n" + "\n".join(source.lines) + "\n}\n"
    fontmap = lib.FontMap()
    path = find_font(font)
    if path:
        fontmap.set_default_font(path)
    with _lock, patched_pillow():
        try:
            tree = lib.parser.parse_string(code)
            diagram = lib.builder.ScreenNodeBuilder.build(tree)
            roles = {
                id(edge): source.roles[edge.label]
                for edge in getattr(diagram, "edges", ())
                if isinstance(getattr(edge, "label", None), str) and edge.label in source.roles
            }
            draw_class = lib.drawer.DiagramDraw
            if package == "seqdiag":
                draw_class = _seqdiag_drawer(draw_class, roles)
            for element in _elements(diagram):
                for attr in _LABEL_ATTRS:
                    value = getattr(element, attr, None)
                    if isinstance(value, str) and value in source.texts:
                        setattr(element, attr, _literal(source.texts[value]))
            for block in getattr(diagram, "altblocks", ()):
                # seqdiag titles a fragment with its keyword; show the group label.
                block.type = _literal(source.texts[block.id]) if block.id in source.texts else block.type
            if fmt == "SVG":
                drawer = draw_class("SVG", diagram, None, fontmap=fontmap)
                drawer.draw()
                return _PROLOGUE.sub("", drawer.save())
            # No file name: blockdiag saves the PNG to memory and returns the bytes.
            drawer = draw_class("PNG", diagram, None, fontmap=fontmap, antialias=True)
            drawer.draw()
            return drawer.save()
        except Exception as exc:  # the engines raise bare exceptions of every kind
            raise RenderError(f"{package} failed: {exc}") from exc


def _seqdiag_drawer(base: type, roles: dict[int, str]) -> type:
    """seqdiag's drawer, drawing the edges in ``roles`` (by ``id``) their own way.

    seqdiag has no free-standing note, no note across lifelines and no
    double-headed arrow (its ``dir = both`` adds a dashed reply), so:

    - "note": an invisible carrier edge; only its left/right note is drawn.
    - "span-note": an invisible edge whose label is drawn as a note between
      the lifelines it joins.
    - "both": an ordinary edge with an arrowhead at each end.

    And fragment titles are drawn last, on white, so lifelines don't cross them.
    """
    from blockdiag.utils import XY, Box  # imported already: draw() calls compat.load() first
    from seqdiag.elements import EdgeSeparator  # imported already, as above
    from seqdiag.metrics import DiagramMetrics, EdgeMetrics  # imported already, as above

    class _EdgeMetrics(EdgeMetrics):
        @property
        def right(self) -> int:
            """A self edge's loop as wide as its (pre-wrapped) label.

            seqdiag sizes the loop from the gap left of the party (the page
            margin for the first one) and folds the label to it mid-word.
            """
            if self.edge.direction != "self":
                return super().right
            m = self.metrics
            x = m.cell(self.edge.node1).bottom.x
            width = m.node_width // 2 + m.cellsize * 3
            if self.edge.label:
                natural = m.textsize(self.edge.label, width=1 << 16, font=m.font_for(self.edge)).width
                width = max(width, natural + self.edge.label_margin * 2 + m.cellsize)
            return x + width

    class _Metrics(DiagramMetrics):
        def __init__(self, diagram, **kwargs) -> None:
            super().__init__(diagram, **kwargs)
            self._tight_margins(diagram)
            self._room_for_last_loops(diagram)
            # seqdiag makes room above and below each fragment for rows 0..len(edges), counted
            # after removing separators, whose rows still count: the last fragments got none.
            sheet, r = self.spreadsheet, self.cellsize
            for y in range(len(self.edges) + 1, len(self.edges) + len(self.separators) + 1):
                starting = [b for b in diagram.altblocks if b.edges[0].order == y]
                if starting:
                    top = max(b.ylevel_top for b in starting)
                    sheet.set_span_height(y + 1, sheet.span_height[y + 1] + r * 5 // 2 * (top - 1) + r)
                ending = [b for b in diagram.altblocks if b.edges[-1].order == y]
                if ending:
                    bottom = max(b.ylevel_bottom for b in ending)
                    sheet.set_span_height(y + 2, sheet.span_height[y + 2] + r // 2 * (bottom - 1))

        def edge(self, edge):
            return super().edge(edge) if isinstance(edge, EdgeSeparator) else _EdgeMetrics(edge, self)

        def _tight_margins(self, diagram) -> None:
            """Page margins beside a fragment as wide as its frame, not a whole gap.

            seqdiag widens the margin left of the first party and right of the
            last to a full gap between lifelines when a fragment touches them,
            but the frame only reaches half a gap beyond the lifeline.
            """
            sheet, r = self.spreadsheet, self.cellsize
            for x in (0, self.node_count):
                touching = [b for b in diagram.altblocks if x in (b.xy.x, b.xy.x + b.colwidth)]
                if touching:
                    frame = self.span_width // 2 + r * (len(touching) + 1)
                    sheet.span_width[x] = min(sheet.span_width[x], max(frame, r * 8))
            for edge in diagram.edges:  # the notes beside the first and last party still fit
                self.expand_pagesize_for_note(edge)

        def _room_for_last_loops(self, diagram) -> None:
            """Widen the right margin so the last party's self loops and their labels fit."""
            last = self.node_count - 1
            sheet, r = self.spreadsheet, self.cellsize
            for edge in diagram.edges:
                if edge.direction == "self" and edge.node1.xy.x == last:
                    m = self.edge(edge)
                    need = max(m.right, m.textbox.x2) + r * 2 - self.cell(edge.node1).bottom.x
                    room = self.node_width // 2 + sheet.span_width[self.node_count]
                    if need > room:
                        sheet.span_width[self.node_count] += need - room

    class _SeqdiagDraw(base):
        def create_metrics(self, *args, **kwargs):
            return _Metrics(*args, **kwargs)

        def edge(self, edge) -> None:
            role = roles.get(id(edge))
            if role is None:
                super().edge(edge)
            elif role == "both":
                super().edge(edge)
                self._tail_head(edge)
            elif role == "note":
                self._notes(edge)
            elif role == "span-note" and edge.label:
                shape, box = self._span_note_shape(edge)
                self._note_shape(shape, edge.notecolor)
                self.drawer.textarea(box, edge.label, self.metrics.font_for(edge), fill=edge.color, halign="left")

        def edge_label(self, edge) -> None:
            if roles.get(id(edge)) != "span-note":
                super().edge_label(edge)

        def edge_shadow(self, edge) -> None:
            super().edge_shadow(edge)
            if roles.get(id(edge)) == "span-note" and edge.label and self.diagram.shadow_style != "none":
                dx, dy = self.metrics.shadow_offset
                shadow = [XY(pt.x + dx, pt.y + dy) for pt in self._span_note_shape(edge)[0]]
                blur = {} if self.diagram.shadow_style == "solid" else {"filter": "transp-blur"}
                self.drawer.polygon(shadow, fill=self.shadow, outline=self.shadow, **blur)

        def altblock(self, block) -> None:
            self.drawer.rectangle(self.metrics.cell(block), outline=block.linecolor)

        def _draw_elements(self, **kwargs) -> None:
            super()._draw_elements(**kwargs)
            for block in self.diagram.altblocks:
                box = self.metrics.cell(block).textbox
                r = self.metrics.cellsize
                under = Box(box.x1 + 1, box.y1 + 1, box.x2 + r, box.y2 - 1)
                self.drawer.rectangle(under, fill="white", outline="white")
                tab = [XY(box.x1, box.y2), XY(box.x2, box.y2), XY(box.x2 + r * 2, box.y1)]
                self.drawer.line(tab, fill=block.linecolor)
                self.drawer.textarea(box, block.type, fill=block.textcolor, font=self.metrics.font_for(block))

        def _tail_head(self, edge) -> None:
            m = self.metrics.edge(edge)
            r = self.metrics.cellsize
            if edge.direction == "right":
                tip, back = m.shaft[0], r
            elif edge.direction == "left":
                tip, back = m.shaft[-1], -r
            else:
                return
            head = [XY(tip.x + back, tip.y - r // 2), tip, XY(tip.x + back, tip.y + r // 2)]
            self.drawer.polygon(head, outline=edge.color, fill=edge.color)

        def _notes(self, edge) -> None:
            m = self.metrics.edge(edge)
            font = self.metrics.font_for(edge)
            for text, shape, box in (
                (edge.leftnote, m.leftnoteshape, m.leftnotebox),
                (edge.rightnote, m.rightnoteshape, m.rightnotebox),
            ):
                if text:
                    self._note_shape(shape, edge.notecolor)
                    self.drawer.textarea(box, text, font, fill=edge.color, halign="left")

        def _note_shape(self, shape, color) -> None:
            self.drawer.polygon(shape, fill=color, outline=self.fill)
            self.drawer.line([shape[1], XY(shape[1].x, shape[2].y), shape[2]], fill=self.fill)

        def _span_note_shape(self, edge):
            """A folded-corner note centred between the lifelines ``edge`` joins, and its text box."""
            m = self.metrics.edge(edge)
            r = self.metrics.cellsize
            text = m.textbox
            left = self.metrics.node(edge.left_node).bottom.x + r
            right = self.metrics.node(edge.right_node).bottom.x - r
            x1 = max(left, (left + right - text.width) // 2 - r)
            x2 = min(right, x1 + text.width + 2 * r)
            y1, y2 = text.y1 - r // 2, text.y2 + r // 2
            shape = [XY(x1, y1), XY(x2 - r, y1), XY(x2, y1 + r), XY(x2, y2), XY(x1, y2), XY(x1, y1)]
            return shape, Box(x1 + r, text.y1, x2 - r, text.y2)

    return _SeqdiagDraw
