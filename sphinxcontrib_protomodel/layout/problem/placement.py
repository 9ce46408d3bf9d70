"""Where the parties go: slots on an abstract grid, before any sizes are known.

A *slot* is a (column, row) of the figure's grid of boxes, not a character
cell; :mod:`.picture` later gives every column and row its width in cells.

The placement works in flow coordinates: ``layer`` runs along the main flow
(``:direction:`` right: columns, down: rows), ``pos`` across it.  A group is
one *unit* whose members sit side by side in a line, across the flow or
along it, so a group stays contiguous and its frame encloses its members
only.  A greedy pass puts the units one by one where they cost least, then
moves and swaps improve the whole while they can.  The cost of a placement
is a sum over the pairs of parties that have relations:

- ten per slot between them, and a bend when they share no row or column;
- a communication pair that runs against the flow, or across it between two
  units, pays extra (the main flow follows the direction);
- a straight pair with a party between them pays for the detour;
- two pairs whose centre lines cross pay for the crossing.

Trust-only pairs weigh half: the communication makes the figure's shape,
trust lines find their way around it.  Everything is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...diagrams import Problem

#: Passes of moves and swaps after the greedy placement.
PASSES = 2


@dataclass(frozen=True)
class GridPlan:
    """Parties and groups on slots: ``cells`` name -> (col, row); ``groups`` name -> (col, row, width, height)."""

    cells: dict[str, tuple[int, int]]
    groups: dict[str, tuple[int, int, int, int]]
    cols: int
    rows: int


@dataclass(frozen=True)
class _Unit:
    key: str
    members: tuple[str, ...]
    group: str | None


@dataclass(frozen=True)
class _Pair:
    a: str
    b: str
    weight: float
    #: the party the communication flows from, or None (both ways, undirected, trust only)
    source: str | None


def _units(problem: Problem) -> list[_Unit]:
    member = {m: g for g in problem.groups for m in g.members}
    units: list[_Unit] = []
    seen: set[str] = set()
    for p in problem.parties:
        if p.name in seen:
            continue
        group = member.get(p.name)
        if group is not None:
            units.append(_Unit(group.name, group.members, group.name))
            seen.update(group.members)
        else:
            units.append(_Unit(p.name, (p.name,), None))
            seen.add(p.name)
    return units


def _pairs(problem: Problem) -> list[_Pair]:
    ways: dict[frozenset[str], set[str]] = {}
    order: list[tuple[str, str]] = []
    trust_only: dict[frozenset[str], bool] = {}
    for r in problem.relations:
        if r.src == r.dst:
            continue
        key = frozenset((r.src, r.dst))
        if key not in ways:
            ways[key] = set()
            order.append((r.src, r.dst))
            trust_only[key] = True
        if not r.trust:
            trust_only[key] = False
            ways[key].add(r.src if r.mode == "->" else "*")
    pairs = []
    for a, b in order:
        key = frozenset((a, b))
        w = ways[key]
        source = next(iter(w)) if len(w) == 1 and "*" not in w else None
        pairs.append(_Pair(a, b, 0.5 if trust_only[key] else 1.0, source))
    return pairs


def _shapes(unit: _Unit) -> list[tuple[tuple[int, int], ...]]:
    """Offsets (dlayer, dpos) of the members: across the flow first, then along it."""
    m = len(unit.members)
    if m == 1:
        return [((0, 0),)]
    across = tuple((0, i) for i in range(m))
    along = tuple((i, 0) for i in range(m))
    return [across, tuple(reversed(across)), along, tuple(reversed(along))]


def _orient(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> int:
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _on(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> bool:
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def _cross(p1: tuple[int, int], p2: tuple[int, int], q1: tuple[int, int], q2: tuple[int, int]) -> bool:
    """Whether two centre lines (no shared end) cross or overlap."""
    o1, o2, o3, o4 = _orient(p1, p2, q1), _orient(p1, p2, q2), _orient(q1, q2, p1), _orient(q1, q2, p2)
    if o1 != o2 and o3 != o4 and 0 not in (o1, o2, o3, o4):
        return True
    if o1 == o2 == 0:  # collinear: overlapping stretches would share a channel
        return _on(p1, p2, q1) or _on(p1, p2, q2) or _on(q1, q2, p1) or _on(q1, q2, p2)
    return (o1 == 0 and _on(p1, p2, q1)) or (o2 == 0 and _on(p1, p2, q2))


def _cells(anchor: tuple[int, int], shape: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The slots of a unit's members in ``shape`` with its first member at ``anchor``."""
    return [(anchor[0] + dl, anchor[1] + dp) for dl, dp in shape]


@dataclass(frozen=True)
class Sizes:
    """What the cost knows of cells: box widths (party -> columns), label widths (pair -> columns), the width."""

    boxes: dict[str, int]
    labels: dict[frozenset[str], int]
    width: int


class _Search:
    def __init__(self, problem: Problem, direction: str, max_cols: int, sizes: Sizes | None) -> None:
        self.sizes = sizes
        self.grouped = {m for g in problem.groups for m in g.members}
        self.units = _units(problem)
        self.unit_of = {m: u.key for u in self.units for m in u.members}
        #: unit -> its shapes (:func:`_shapes`)
        self.shapes = {u.key: _shapes(u) for u in self.units}
        self.pairs = [p for p in _pairs(problem) if p.a in self.unit_of and p.b in self.unit_of]
        self.across_screen = direction == "down"  # the screen's columns are positions
        self.max_cols = max(1, max_cols)
        self.pos: dict[str, tuple[int, int]] = {}  # party -> (layer, pos)
        self.anchor: dict[str, tuple[tuple[int, int], int]] = {}  # unit -> (anchor, shape index)
        self.order = [p.name for p in problem.parties]
        if sizes is not None:
            self.box_need = {n: sizes.boxes.get(n, 8) + (4 if n in self.grouped else 0) for n in self.unit_of}
            self.label_need = [(p.a, p.b, sizes.labels.get(frozenset((p.a, p.b)), 0)) for p in self.pairs]
        #: (a, b, weight, source, between two units and not trust only) per pair
        self.links = [
            (p.a, p.b, p.weight, p.source, self.unit_of[p.a] != self.unit_of[p.b] and p.weight == 1.0)
            for p in self.pairs
        ]

    # ---------------------------------------------------------------- cost

    def cost(self, bound: float = math.inf) -> float:
        """The placement's cost (see the module docstring); lower is better.

        ``bound``: the search has no use for a cost at or above it, so the sum stops once it
        gets there and the partial sum (itself at or above ``bound``) is returned: no term is
        negative.  Every term is a multiple of 1/8 and the sums stay small, so every partial
        sum is exact and the order of the terms does not change the cost.
        """
        pos = self.pos
        occupied = None  # the slots taken, made when a straight pair asks
        total = 0.0
        for a, b, weight, source, between in self.links:
            pa_, pb_ = pos.get(a), pos.get(b)
            if pa_ is None or pb_ is None:
                continue
            la, pa = pa_
            lb, pb = pb_
            dl, dp = lb - la, pb - pa
            c = 10.0 * (abs(dl) + abs(dp))
            if dl and dp:
                c += 8
            elif abs(dl) + abs(dp) > 1:
                n = abs(dl) + abs(dp)
                sl, sp = (dl > 0) - (dl < 0), (dp > 0) - (dp < 0)
                occupied = occupied or set(pos.values())
                for k in range(1, n):
                    if (la + k * sl, pa + k * sp) in occupied:
                        c += 30 if weight == 1.0 else 8
            if between:
                if dl == 0:
                    c += 4
                if source is not None and (dl if source == a else -dl) < 0:
                    c += 12
            total += weight * c
        if pos:
            layers, places = zip(*pos.values(), strict=True)
            total += 2 * (max(layers) - min(layers) + max(places) - min(places))
        if total >= bound:
            return total
        total = self._crossings(self._segments(), total, bound)
        if total >= bound:
            return total
        order = [pos[n] for n in self.order if n in pos]
        for i, (li, pi) in enumerate(order):  # ties: the author's order along the flow, then across it
            for lj, pj in order[i + 1 :]:
                if lj < li:
                    total += 0.25
                elif lj == li and pj < pi:
                    total += 0.125
        if pos and self.sizes is not None and total < bound:
            total += 4 * max(0, self._width() - self.sizes.width)
        return total

    def _segments(self) -> list[tuple]:
        """The centre lines of the placed pairs (in the pairs' order), with their extents."""
        pos = self.pos
        segments = []
        for a, b, weight, *_ in self.links:
            pa_, pb_ = pos.get(a), pos.get(b)
            if pa_ is None or pb_ is None:
                continue
            la, pa = pa_
            lb, pb = pb_
            if la <= lb:
                lo_l, hi_l = la, lb
            else:
                lo_l, hi_l = lb, la
            if pa <= pb:
                lo_p, hi_p = pa, pb
            else:
                lo_p, hi_p = pb, pa
            segments.append((a, b, weight, la, pa, lb, pb, lo_l, hi_l, lo_p, hi_p))
        return segments

    @staticmethod
    def _crossings(segments: list[tuple], total: float, bound: float) -> float:
        """``total`` plus the cost of the crossings of the pairs' centre lines (stops at ``bound``, as :meth:`cost`)."""
        for i, (a1, b1, w1, x1, y1, x2, y2, lx, hx, ly, hy) in enumerate(segments):
            if total >= bound:
                break
            for a2, b2, w2, u1, v1, u2, v2, lu, hu, lv, hv in segments[i + 1 :]:
                if hu < lx or lu > hx or hv < ly or lv > hy or a2 in (a1, b1) or b2 in (a1, b1):
                    continue
                # _cross, inlined (this is the placement's hot spot)
                v = (x2 - x1) * (v1 - y1) - (y2 - y1) * (u1 - x1)
                o1 = (v > 0) - (v < 0)
                v = (x2 - x1) * (v2 - y1) - (y2 - y1) * (u2 - x1)
                o2 = (v > 0) - (v < 0)
                v = (u2 - u1) * (y1 - v1) - (v2 - v1) * (x1 - u1)
                o3 = (v > 0) - (v < 0)
                v = (u2 - u1) * (y2 - v1) - (v2 - v1) * (x2 - u1)
                o4 = (v > 0) - (v < 0)
                if o1 and o2 and o3 and o4:
                    crossed = o1 != o2 and o3 != o4
                else:
                    crossed = _cross((x1, y1), (x2, y2), (u1, v1), (u2, v2))
                if crossed:
                    total += 12 * (w1 if w1 < w2 else w2)
        return total

    def _width(self) -> int:
        """An estimate of the picture's width in cells: boxes, frames and the labels between them."""
        axis = 1 if self.across_screen else 0
        pos = self.pos
        columns = sorted({v[axis] for v in pos.values()})
        index = {c: k for k, c in enumerate(columns)}
        colw = [0] * len(columns)
        for name, v in pos.items():
            k = index[v[axis]]
            need = self.box_need[name]
            if need > colw[k]:
                colw[k] = need
        gaps = [4] * len(columns)
        for a, b, w in self.label_need:
            va, vb = pos.get(a), pos.get(b)
            if va is None or vb is None:
                continue
            ca, cb = index[va[axis]], index[vb[axis]]
            if va[1 - axis] == vb[1 - axis] and (ca - cb == 1 or cb - ca == 1):
                k = ca if ca > cb else cb
                if w + 4 > gaps[k]:
                    gaps[k] = w + 4
            elif ca == cb and w + 6 > colw[ca]:
                colw[ca] = w + 6
        return sum(colw) + sum(gaps[1:])

    # ---------------------------------------------------------------- moves

    def _room(self, unit: _Unit) -> tuple[set[tuple[int, int]], float, float]:
        """What :meth:`_fits` needs to know of the other units: their slots, their first and last screen column."""
        axis = 1 if self.across_screen else 0
        others = [v for k, v in self.pos.items() if k not in unit.members]
        return (
            set(others),
            min((v[axis] for v in others), default=math.inf),
            max((v[axis] for v in others), default=-math.inf),
        )

    def _fits(
        self,
        unit: _Unit,
        cells: list[tuple[int, int]],
        room: tuple[set[tuple[int, int]], float, float] | None = None,
    ) -> bool:
        """Whether ``unit``'s members can take the slots ``cells``: free, within the columns allowed.

        ``room``: :meth:`_room` of ``unit``, when the other units have not moved since.
        """
        taken, lo, hi = room or self._room(unit)
        if not taken.isdisjoint(cells):
            return False
        axis = 1 if self.across_screen else 0
        values = [c[axis] for c in cells]
        return max(hi, *values) - min(lo, *values) < self.max_cols

    def _put(self, unit: _Unit, anchor: tuple[int, int], shape_index: int) -> None:
        for m, cell in zip(unit.members, _cells(anchor, self.shapes[unit.key][shape_index]), strict=True):
            self.pos[m] = cell
        self.anchor[unit.key] = (anchor, shape_index)

    def _take(self, unit: _Unit) -> None:
        for m in unit.members:
            self.pos.pop(m, None)
        self.anchor.pop(unit.key, None)

    def _window(self, margin: int) -> list[tuple[int, int]]:
        if not self.pos:
            return [(0, 0)]
        layers = [v[0] for v in self.pos.values()]
        places = [v[1] for v in self.pos.values()]
        return [
            (layer, place)
            for layer in range(min(layers) - margin, max(layers) + margin + 1)
            for place in range(min(places) - margin, max(places) + margin + 1)
        ]

    def _candidates(self, unit: _Unit) -> list[tuple[tuple[int, int], int]]:
        """(anchor, shape) pairs that put a member next to a party it is linked with (or anywhere, if none)."""
        near: set[tuple[int, int]] = set()
        for a, b, *_ in self.links:
            for mine, other in ((a, b), (b, a)):
                if mine in unit.members and other not in unit.members and other in self.pos:
                    layer, place = self.pos[other]
                    near.update(((layer + 1, place), (layer - 1, place), (layer, place + 1), (layer, place - 1)))
                    near.update(((layer + 1, place + 1), (layer - 1, place - 1), (layer + 1, place - 1)))
        if not near:
            return [(anchor, index) for anchor in self._window(1) for index in range(len(self.shapes[unit.key]))]
        out = []
        seen = set()
        cells = sorted(near)
        for index, shape in enumerate(self.shapes[unit.key]):
            for cell in cells:
                for dl, dp in shape:
                    anchor = (cell[0] - dl, cell[1] - dp)
                    if (anchor, index) not in seen:
                        seen.add((anchor, index))
                        out.append((anchor, index))
        return out

    def _everywhere(self, unit: _Unit) -> list[tuple[tuple[int, int], int]]:
        """Every (anchor, shape) pair within a margin around what is placed."""
        margin = len(unit.members) + 1
        return [(anchor, index) for anchor in self._window(margin) for index in range(len(self.shapes[unit.key]))]

    def _best_spot(self, unit: _Unit, bound: float = math.inf) -> tuple[float, tuple[int, int], int] | None:
        """The cheapest free (cost, anchor, shape) for ``unit``: next to its partners, else anywhere near.

        ``None`` when no spot is free, or when the cheapest costs ``bound`` or more (the first of
        equal costs wins, as without ``bound``: the costs compared are exact).
        """
        shapes = self.shapes[unit.key]
        room = self._room(unit)
        pos, members = self.pos, unit.members
        for candidates in (self._candidates, self._everywhere):
            best: tuple[float, tuple[int, int], int] | None = None
            free = False
            for anchor, index in candidates(unit):
                cells = _cells(anchor, shapes[index])
                if not self._fits(unit, cells, room):
                    continue
                free = True
                limit = bound if best is None else best[0] - 1e-9
                # _put and _take, without the anchor (the unit has none while it is being placed)
                for m, cell in zip(members, cells, strict=True):
                    pos[m] = cell
                c = self.cost(limit)
                for m in members:
                    del pos[m]
                if c < limit:
                    best = (c, anchor, index)
            if free:
                return best
        return None

    def run(self) -> None:
        """Two seeds, a layered one and a greedy one, each improved by moves; the cheaper wins."""
        if not self.units:
            return
        results = []
        for seed in (self._layered, lambda: self._greedy(self.units)):
            self.pos, self.anchor = {}, {}
            seed()
            results.append((self._improve(), dict(self.pos), dict(self.anchor)))
        _, self.pos, self.anchor = min(results, key=lambda r: r[0])

    def _layered(self) -> None:
        """Units that link to two or more others in layers along the flow, then the rest greedily."""
        links: dict[str, set[str]] = {u.key: set() for u in self.units}
        flows: dict[str, set[str]] = {u.key: set() for u in self.units}
        for a, b, _, source, between in self.links:
            ua, ub = self.unit_of[a], self.unit_of[b]
            if ua == ub:
                continue
            links[ua].add(ub)
            links[ub].add(ua)
            if between and source is not None:
                flows[self.unit_of[source]].add(ub if self.unit_of[source] == ua else ua)
        core = [u for u in self.units if len(links[u.key]) > 1] or self.units[:1]
        keys = {u.key for u in core}
        order = {u.key: k for k, u in enumerate(self.units)}  # sets are visited in the author's order
        rank: dict[str, int] = {}
        for unit in core:  # connected units a layer apart, in the author's order
            if unit.key in rank:
                continue
            rank[unit.key] = 0
            queue = [unit.key]
            while queue:
                here = queue.pop(0)
                for there in sorted(links[here] & keys, key=lambda k: (k not in flows[here], order[k])):
                    if there not in rank:
                        rank[there] = rank[here] + (-1 if here in flows[there] else 1)
                        queue.append(there)
        for _ in range(len(core)):  # then a unit after every unit that flows into it (cycles: a bounded pass)
            for here in sorted(keys, key=order.__getitem__):
                for there in sorted(flows[here] & keys, key=order.__getitem__):
                    rank[there] = max(rank[there], rank[here] + 1)
        used: dict[int, int] = {}
        for unit in core:
            layer = rank[unit.key]
            anchor = (layer, used.get(layer, 0))
            for shape in (0, 2) if len(unit.members) > 1 else (0,):
                if self._fits(unit, _cells(anchor, self.shapes[unit.key][shape])):
                    self._put(unit, anchor, shape)
                    used[layer] = used.get(layer, 0) + (len(unit.members) if shape == 0 else 1)
                    break
        self._greedy([u for u in self.units if u.key not in self.anchor])

    def _greedy(self, todo: list[_Unit]) -> None:
        """Place ``todo`` one by one, the most linked to what is placed first, each where it costs least."""
        weight: dict[tuple[str, str], float] = {}
        for pair in self.pairs:
            ua, ub = self.unit_of[pair.a], self.unit_of[pair.b]
            if ua != ub:
                weight[(ua, ub)] = weight.get((ua, ub), 0) + pair.weight
                weight[(ub, ua)] = weight.get((ub, ua), 0) + pair.weight
        placed: list[str] = list(self.anchor)
        todo = list(todo)
        while todo:
            if placed:
                todo.sort(key=lambda u: -sum(weight.get((u.key, p), 0) for p in placed))
            unit = todo.pop(0)
            spot = self._best_spot(unit)
            if spot is None:  # pragma: no cover - a wider window always has room
                raise ValueError("no room for a unit")
            self._put(unit, spot[1], spot[2])
            placed.append(unit.key)

    def _improve(self) -> float:
        current = self.cost()
        for _ in range(PASSES):
            improved = False
            for unit in self.units:
                anchor, index = self.anchor[unit.key]
                self._take(unit)
                spot = self._best_spot(unit, current - 1e-9)
                if spot is not None:
                    self._put(unit, spot[1], spot[2])
                    current = spot[0]
                    improved = True
                else:
                    self._put(unit, anchor, index)
            improved |= self._swaps(current)
            current = self.cost()
            improved |= self._mirrors(current)
            current = self.cost()
            if not improved:
                break
        return current

    def _swaps(self, current: float) -> bool:
        singles = [u for u in self.units if len(u.members) == 1]
        improved = False
        for i, u in enumerate(singles):
            for v in singles[i + 1 :]:
                pu, pv = u.members[0], v.members[0]
                a, b = self.pos[pu], self.pos[pv]
                self.pos[pu], self.pos[pv] = b, a
                c = self.cost(current - 1e-9)
                if c < current - 1e-9:
                    self.anchor[u.key], self.anchor[v.key] = (b, 0), (a, 0)
                    current = c
                    improved = True
                    continue
                self.pos[pu], self.pos[pv] = a, b
        return improved

    def _mirrors(self, current: float) -> bool:
        """Reflect the whole plan along or across the flow when that costs less."""
        improved = False
        for axis in (0, 1):
            saved = dict(self.pos)
            for name, v in saved.items():
                self.pos[name] = (-v[0], v[1]) if axis == 0 else (v[0], -v[1])
            c = self.cost(current - 1e-9)
            if c < current - 1e-9:
                current = c
                improved = True
                for unit in self.units:  # anchors follow (the shape is mirrored too)
                    self.anchor[unit.key] = self._anchor_of(unit)
            else:
                self.pos = saved
        return improved

    def _anchor_of(self, unit: _Unit) -> tuple[tuple[int, int], int]:
        cells = [self.pos[m] for m in unit.members]
        for index, shape in enumerate(self.shapes[unit.key]):
            anchor = (cells[0][0] - shape[0][0], cells[0][1] - shape[0][1])
            if _cells(anchor, shape) == cells:
                return anchor, index
        raise AssertionError("a mirrored unit keeps a line shape")  # pragma: no cover

    # ---------------------------------------------------------------- result

    def plan(self) -> GridPlan:
        layers = sorted({v[0] for v in self.pos.values()})
        places = sorted({v[1] for v in self.pos.values()})
        li = {v: k for k, v in enumerate(layers)}
        pi = {v: k for k, v in enumerate(places)}
        cells: dict[str, tuple[int, int]] = {}
        for name, (layer, place) in self.pos.items():
            ll, pp = li[layer], pi[place]
            cells[name] = (pp, ll) if self.across_screen else (ll, pp)
        groups = {}
        for unit in self.units:
            if unit.group is None:
                continue
            cols = [cells[m][0] for m in unit.members]
            rows = [cells[m][1] for m in unit.members]
            groups[unit.group] = (min(cols), min(rows), max(cols) - min(cols) + 1, max(rows) - min(rows) + 1)
        ncols = max((c for c, _ in cells.values()), default=-1) + 1
        nrows = max((r for _, r in cells.values()), default=-1) + 1
        return GridPlan(cells, groups, ncols, nrows)


def place(problem: Problem, direction: str = "right", max_cols: int = 1_000, sizes: Sizes | None = None) -> GridPlan:
    """Slots for every party; the main flow along ``direction`` (``right`` or ``down``).

    ``max_cols``: the most screen columns of slots the plan may use (1: one
    column).  ``sizes``: when given, plans estimated wider than
    ``sizes.width`` cells cost more.  A group's members take consecutive
    slots in one row or column.
    """
    search = _Search(problem, direction, max_cols, sizes)
    search.run()
    return search.plan()


__all__ = ["GridPlan", "Sizes", "place"]
