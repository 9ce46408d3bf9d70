"""The layout search: the roomiest combination of label width and spacing that fits a width.

The ASCII painter and the SVG painter draw the very same geometry, so both
pictures agree.  The pipeline, one module per phase: :mod:`.ranking` (the
layered graph), :mod:`.ordering` (crossing reduction), :mod:`.placement`
(sizes and columns), :mod:`.routing` (channel tracks and assembly).  A layout
either fits ``width`` columns or is refused (``None``).
"""

from __future__ import annotations

from ...diagrams import StateMachine
from ...drawing import Drawing
from ..invariants import violations
from .geometry import LayoutError
from .ordering import order_ranks
from .placement import LABEL_WRAPS, lower_bound, place, size_nodes, widen_labels
from .ranking import build_graph
from .routing import assemble
from .shapes import compact, to_drawing


def layout(sm: StateMachine, width: int, labels: str = "auto") -> Drawing | None:
    """A good, compact drawing that fits ``width`` columns, or ``None``."""
    return LayoutSearch(sm, labels).fit(width)


class LayoutSearch:
    """Layouts of one machine for several widths: with level transitions first, else without.

    Joining states of one rank by level transitions makes the figure less
    deep but its ranks wider; when that cannot fit, the plain layered graph
    may.
    """

    def __init__(self, sm: StateMachine, labels: str = "auto") -> None:
        level = GraphSearch(sm, labels, level=True)
        self.variants = [level]
        if any(n.flat for rank in level.graph.ranks for n in rank):
            self.variants.append(GraphSearch(sm, labels, level=False))

    def fit(self, width: int) -> Drawing | None:
        """The first variant's best drawing that fits ``width``, else the narrowest if it fits, else ``None``.

        The narrowest is drawn even when no placement fits: compacting a
        drawing can take columns off the width its placement used.
        """
        for variant in self.variants:
            drawing = variant.fit(width)
            if drawing is not None:
                return drawing
        drawing = self.narrowest_drawing()
        return drawing if drawing is not None and drawing.width <= width else None

    def narrowest_drawing(self) -> Drawing | None:
        """The narrowest sound drawing of the most compact combination, whatever its width."""
        drawings = [d for v in self.variants if (d := v.most_compact()) is not None]
        return min(drawings, key=lambda d: (d.width, score(d)), default=None)


class GraphSearch:
    """Layouts of one ranked graph for several widths, sharing the costly work.

    The ranked graph and its order do not depend on the width, and neither
    does a placement for given box widths, label width, spacing and label
    style: only whether it fits does, and how far its labels may widen into
    the free room beside them.  So each attempt is placed once, its width
    remembered, and drawn again only for a new width.
    """

    #: From the roomiest (wide labels, wide gaps) to the most compact.
    COMBOS = tuple((label_wrap, gap) for label_wrap in LABEL_WRAPS for gap in (3, 2))

    def __init__(self, sm: StateMachine, labels: str = "auto", *, level: bool = True) -> None:
        self.sm = sm
        #: label styles tried in turn: ``auto`` draws ``rule`` labels (narrower) only when ``slash`` cannot fit
        self.styles = ("slash", "rule") if labels not in ("slash", "rule") else (labels,)
        self.graph = build_graph(sm, level)
        self.ordered = False
        self.current: tuple | None = None
        self.bounds: dict[tuple, int] = {}
        self.used: dict[tuple, int] = {}
        self.drawn: dict[tuple, Drawing | None] = {}
        #: key -> node columns, port offsets and connection columns of its placement
        self.placements: dict[tuple, tuple[list, list, list]] = {}
        #: node sizes and gap -> the width used and the placement (a placement depends on nothing else)
        self.by_sizes: dict[tuple, tuple[int, tuple[list, list, list]]] = {}
        #: No placement is narrower than the most compact packing of the ranks.
        self.narrowest = min(self._bound((False, LABEL_WRAPS[-1], 2, s)) for s in self.styles)

    def _bound(self, key: tuple) -> int:
        if key not in self.bounds:
            uniform, label_wrap, gap, style = key
            size_nodes(self.graph, label_wrap, uniform, style)
            self.current = None
            self.bounds[key] = lower_bound(self.graph, gap)
        return self.bounds[key]

    def _draw(self, key: tuple, limit: int) -> Drawing | None:
        """The placement of ``key`` drawn with labels widened up to ``limit``, compacted; ``None`` if unsound."""
        if (key, limit) in self.drawn:
            return self.drawn[(key, limit)]
        self._place(key)
        uniform, label_wrap, _, style = key
        size_nodes(self.graph, label_wrap, uniform, style)
        used = self.used[key]
        widen_labels(self.graph, max(limit, used), style)
        try:
            drawing = compact(to_drawing(self.sm, assemble(self.sm, self.graph, used)))
        except LayoutError:
            drawing = None
        if drawing is not None and violations(drawing):
            drawing = None
        self.drawn[(key, limit)] = drawing
        return drawing

    def _place(self, key: tuple) -> int:
        """Place the graph for ``key`` (or restore that placement); the width used."""
        if self.current == key:
            return self.used[key]
        uniform, label_wrap, gap, style = key
        size_nodes(self.graph, label_wrap, uniform, style)
        if not self.ordered:
            order_ranks(self.graph)
            self.ordered = True
        nodes = [n for rank in self.graph.ranks for n in rank]
        conns = [*self.graph.conns, *self.graph.stubs]
        if key not in self.placements:
            # Labels that wrap alike at two label widths give the same sizes, hence the same placement.
            sizes = (gap, *((n.width, n.box_width, *n.part_widths) for n in nodes))
            if sizes not in self.by_sizes:
                used = place(self.graph, gap)
                placement = (
                    [n.x for n in nodes],
                    [dict(n.offsets) for n in nodes],
                    [(c.upper_col, c.lower_col) for c in conns],
                )
                self.by_sizes[sizes] = (used, placement)
            self.used[key], self.placements[key] = self.by_sizes[sizes]
        xs, offsets, cols = self.placements[key]
        for n, x, off in zip(nodes, xs, offsets, strict=True):
            n.x, n.offsets = x, dict(off)
        for c, (upper, lower) in zip(conns, cols, strict=True):
            c.upper_col, c.lower_col = upper, lower
        self.current = key
        return self.used[key]

    def _fits(self, uniform: bool, index: int, style: str, width: int) -> bool:
        key = (uniform, *self.COMBOS[index], style)
        if self._bound(key) > width:
            return False
        return (self.used[key] if key in self.used else self._place(key)) <= width

    def fit(self, width: int) -> Drawing | None:
        """The roomiest combination that fits ``width`` (prefer boxes of one width), compacted.

        Fitting is near enough monotonic in the label width to search by
        halves; of the combination found and its next more compact neighbour,
        the one with fewer bends and rows wins.  Labels are ``slash`` style
        unless only ``rule`` labels fit (or an option says).  A placement
        depends on its combination only, so the order of the tries does not
        change what is found.
        """
        if self.narrowest > width:
            return None  # the ranks cannot even be packed: spare the ordering
        last = len(self.COMBOS) - 1
        for n, (uniform, style) in enumerate((u, s) for s in self.styles for u in (True, False)):
            if not self._fits(uniform, last, style, width):
                if n == 0 and not self._fits(False, last, self.styles[-1], width):
                    return None  # not even the most compact combination fits
                continue
            lo, hi = 0, last
            while lo < hi:
                mid = (lo + hi) // 2
                if self._fits(uniform, mid, style, width):
                    hi = mid
                else:
                    lo = mid + 1
            found = []
            for i in dict.fromkeys((hi, min(hi + 1, last))):
                drawing = self._draw((uniform, *self.COMBOS[i], style), width)
                if drawing is not None and drawing.width <= width:
                    found.append(drawing)
            if found:
                return min(found, key=score)
        return None

    def most_compact(self) -> Drawing | None:
        """The most compact combination drawn at the width it needs (``None`` if unsound)."""
        key = (False, *self.COMBOS[-1], self.styles[-1])
        self._bound(key)
        return self._draw(key, self._place(key))


def score(drawing: Drawing) -> float:
    """Smaller is better: rows, and bends of transitions (a bend costs four rows)."""
    bends = sum(len(ln.points) - 2 for ln in drawing.lines if ln.key != ("initial",))
    return 4 * bends + drawing.height


__all__ = ["GraphSearch", "LayoutSearch", "layout", "score"]
