"""The layout search: the roomiest combination of label width and spacing that fits a width.

The ASCII painter and the SVG painter draw the very same geometry, so both
pictures agree.  The pipeline, one module per phase: :mod:`.ranking` (the
layered graph), :mod:`.ordering` (crossing reduction), :mod:`.placement`
(sizes and columns), :mod:`.routing` (channel tracks and assembly).  A layout
either fits ``width`` columns or is refused (``None``).
"""

from __future__ import annotations

from ...model import StateMachine
from .geometry import Layout, LayoutError
from .ordering import order_ranks
from .placement import LABEL_WRAPS, lower_bound, place, size_nodes
from .ranking import build_graph
from .routing import assemble


def layout(sm: StateMachine, width: int) -> Layout | None:
    """A good layout that fits ``width`` columns, or ``None``."""
    return LayoutSearch(sm).fit(width)


class LayoutSearch:
    """Layouts of one machine for several widths, sharing the costly work.

    The ranked graph and its order do not depend on the width, and neither
    does a placement for given label width and spacing: only whether it
    fits does.  So each (box widths, label width, spacing) attempt is placed
    once and remembered.
    """

    #: From the roomiest (wide labels, wide gaps) to the most compact.
    COMBOS = tuple((label_wrap, gap) for label_wrap in LABEL_WRAPS for gap in (3, 2))

    def __init__(self, sm: StateMachine) -> None:
        self.sm = sm
        self.graph = build_graph(sm)
        size_nodes(self.graph, LABEL_WRAPS[-1], False)
        #: No placement is narrower than the most compact packing of the ranks.
        self.narrowest = lower_bound(self.graph, 2)
        self.ordered = False
        self.bounds: dict[tuple[bool, int, int], int] = {}
        self.placed: dict[tuple[bool, int, int], tuple[int, Layout | None]] = {}

    def _attempt(self, uniform: bool, index: int, width: int) -> Layout | None:
        key = (uniform, *self.COMBOS[index])
        if key not in self.bounds:
            size_nodes(self.graph, key[1], uniform)
            self.bounds[key] = lower_bound(self.graph, key[2])
        if self.bounds[key] > width:
            return None
        if key not in self.placed:
            if not self.ordered:
                order_ranks(self.graph)
                self.ordered = True
            size_nodes(self.graph, key[1], uniform)
            used = place(self.graph, key[2])
            try:
                result = assemble(self.sm, self.graph, used)
            except LayoutError:
                result = None
            self.placed[key] = (used, result)
        used, result = self.placed[key]
        return result if used <= width else None

    def fit(self, width: int) -> Layout | None:
        """The roomiest combination that fits ``width`` (prefer boxes of one width).

        Fitting is near enough monotonic in the label width to search by
        halves; of the combination found and its next more compact
        neighbour, the one with fewer bends and rows wins.
        """
        if self.narrowest > width:
            return None  # the ranks cannot even be packed: spare the ordering
        last = len(self.COMBOS) - 1
        for uniform in (True, False):
            if self._attempt(uniform, last, width) is None:
                continue
            lo, hi = 0, last
            while lo < hi:
                mid = (lo + hi) // 2
                if self._attempt(uniform, mid, width) is not None:
                    hi = mid
                else:
                    lo = mid + 1
            candidates = [self._attempt(uniform, i, width) for i in (hi, min(hi + 1, last))]
            return min((c for c in candidates if c is not None), key=_score)
        return None


def _score(result: Layout) -> float:
    bends = sum(len(e.points) - 2 for e in result.edges if not e.loop and not e.initial)
    return 4 * bends + result.height


__all__ = ["LayoutSearch", "layout"]
