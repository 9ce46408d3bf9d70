"""A layered layout of a state machine on a character grid.

The ASCII renderer draws it with characters; the SVG renderer draws the very
same geometry with rectangles, lines and text, so both pictures agree.

How it works (a small Sugiyama layout, tuned for narrow text):

1. A depth-first search from the initial states, following transitions in
   the order they are written, finds the back edges (those that close a
   cycle).  So the main path an author writes first runs straight down.
2. States get layers by longest path, back edges reversed.  Between two
   layers of states lies a layer of *label nodes*: each transition's label
   is a node of its own, placed beside the transition's line on its first
   hop out of the source state.  Longer transitions pass through other
   layers as one-column dummy nodes.  Labels are therefore laid out like
   states: nothing can overlap them.
3. Back edges climb up through their own dummy columns and enter their
   target from below (``^``), beside the boxes, never through one.
4. Barycentre sweeps order each layer to reduce crossings; a weighted
   isotonic regression places nodes to straighten lines under a minimum
   separation.
5. Between two layers, a channel router gives each bent connection a
   horizontal track (left-edge algorithm with vertical constraints).

The layout either fits ``width`` columns or is refused (``None``), and the
caller shows a transition table instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ...cells import cell_width, wrap
from ...model import ANY_STATE, StateMachine, Transition

#: The text of the box that transitions from any state leave.
ANY_STATE_LABEL = "any state"

#: Widths tried for transition labels, widest first.
LABEL_WRAPS = (24, 20, 16, 13, 10, 8)
#: Longest box name line before a (quoted, multi-word) name wraps.
NAME_WRAP = 18
_SWEEPS = 8
_PLACEMENT_SWEEPS = 8


class LayoutError(Exception):
    """The layout cannot be drawn within the constraints (caller falls back)."""


# ------------------------------------------------------------------ geometry


@dataclass(frozen=True)
class BoxGeom:
    state: str
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    final: bool = False
    name_row: int = 1  # first row of the name, relative to y


@dataclass(frozen=True)
class LabelGeom:
    """Text lines whose first character is at (x, y)."""

    x: int
    y: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class EdgeGeom:
    """One transition: a polyline from the source border to the arrow cell."""

    transition: int  # index in StateMachine.transitions; -1 for an initial marker
    points: tuple[tuple[int, int], ...]  # (col, row)
    label: LabelGeom | None = None
    loop: bool = False
    initial: bool = False


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    boxes: tuple[BoxGeom, ...]
    edges: tuple[EdgeGeom, ...]


# ------------------------------------------------------------------ graph


@dataclass(eq=False)
class _Node:
    kind: str  # "box" | "label" | "dummy"
    rank: int
    key: float
    state: str = ""
    transition: Transition | None = None  # of a label node
    lines: list[str] = field(default_factory=list)
    loops: list[Transition] = field(default_factory=list)
    loop_lines: list[list[str]] = field(default_factory=list)
    final: bool = False
    width: int = 1
    box_width: int = 1
    height: int = 1
    x: int = 0
    pos: float = 0.0
    top: list[_Conn] = field(default_factory=list)
    bottom: list[_Conn] = field(default_factory=list)
    offsets: dict[int, int] = field(default_factory=dict)  # id(conn) -> column offset


@dataclass(eq=False)
class _Conn:
    """A connection between a node of rank r (upper) and one of rank r+1 (lower)."""

    upper: _Node | None  # None: the marker of an initial state
    lower: _Node
    edge: int
    arrow: str = ""  # "down": 'v' at the lower end; "up": '^' at the upper end
    upper_col: int = 0
    lower_col: int = 0
    track: int = -1


@dataclass
class _Graph:
    ranks: list[list[_Node]]
    conns: list[_Conn]
    chains: dict[int, list[_Node]]  # transition index -> nodes from source to target
    boxes: dict[str, _Node]
    stubs: list[_Conn]


def node_names(sm: StateMachine) -> list[str]:
    """The states, and ``*`` (drawn as one box, "any state") when a transition leaves any state."""
    names = sm.state_names()
    return [*names, ANY_STATE] if sm.from_any() else names


def shown_name(name: str) -> str:
    """What a state's box shows: its name, or ``any state`` for ``*``."""
    return ANY_STATE_LABEL if name == ANY_STATE else name


def _search(sm: StateMachine) -> tuple[dict[str, int], set[int]]:
    """Depth-first discovery order of the states and the back edges."""
    names = node_names(sm)
    out: dict[str, list[int]] = {n: [] for n in names}
    for i, t in enumerate(sm.transitions):
        if t.src != t.dst:
            out[t.src].append(i)
    order: dict[str, int] = {}
    back: set[int] = set()
    on_stack: set[str] = set()
    roots = [n for n in sm.initial if n in out] + names
    for root in roots:
        if root in order:
            continue
        order[root] = len(order)
        on_stack.add(root)
        stack = [(root, iter(out[root]))]
        while stack:
            name, edges = stack[-1]
            for i in edges:
                dst = sm.transitions[i].dst
                if dst in on_stack:
                    back.add(i)
                elif dst not in order:
                    order[dst] = len(order)
                    on_stack.add(dst)
                    stack.append((dst, iter(out[dst])))
                    break
            else:
                stack.pop()
                on_stack.discard(name)
    return order, back


def _layers(sm: StateMachine, order: dict[str, int], back: set[int]) -> dict[str, int]:
    """Longest-path layers over the transitions with back edges reversed."""
    succ: dict[str, list[str]] = {n: [] for n in order}
    indeg = dict.fromkeys(order, 0)
    for i, t in enumerate(sm.transitions):
        if t.src == t.dst:
            continue
        a, b = (t.dst, t.src) if i in back else (t.src, t.dst)
        succ[a].append(b)
        indeg[b] += 1
    ready = sorted((n for n in order if indeg[n] == 0), key=order.get)
    topo: list[str] = []
    while ready:
        n = ready.pop(0)
        topo.append(n)
        for m in succ[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
                ready.sort(key=order.get)
    layer = dict.fromkeys(order, 0)
    for n in topo:
        for m in succ[n]:
            layer[m] = max(layer[m], layer[n] + 1)
    # Pull sources other than the initial states down next to their successors.
    has_pred = {m for n in order for m in succ[n]}
    for n in reversed(topo):
        if n not in has_pred and n not in sm.initial and succ[n]:
            layer[n] = max(0, min(layer[m] for m in succ[n]) - 1)
    return layer


def _build(sm: StateMachine) -> _Graph:
    """The ranked graph: boxes, label and dummy nodes, connections (not yet ordered)."""
    order, back = _search(sm)
    layer = _layers(sm, order, back)
    depth = max(layer.values()) if layer else 0
    ranks: list[list[_Node]] = [[] for _ in range(2 * depth + 1)]
    boxes: dict[str, _Node] = {}
    for name in node_names(sm):
        node = _Node("box", 2 * layer[name], order[name], state=name)
        node.final = name in sm.final
        boxes[name] = node
        ranks[node.rank].append(node)
    conns: list[_Conn] = []
    chains: dict[int, list[_Node]] = {}
    for i, t in enumerate(sm.transitions):
        src = boxes[t.src]
        if t.src == t.dst:
            src.loops.append(t)
            continue
        dst = boxes[t.dst]
        step = 1 if dst.rank > src.rank else -1
        chain = [src]
        for rank in range(src.rank + step, dst.rank, step):
            first = rank == src.rank + step
            kind = "label" if first and t.label else "dummy"
            node = _Node(kind, rank, order[t.src] + 0.5 + i / (10 * len(sm.transitions) + 10))
            node.transition = t if kind == "label" else None
            ranks[rank].append(node)
            chain.append(node)
        chain.append(dst)
        chains[i] = chain
        for a, b in pairwise(chain):
            upper, lower = (a, b) if step == 1 else (b, a)
            conn = _Conn(upper, lower, i)
            if b is dst:
                conn.arrow = "down" if step == 1 else "up"
            upper.bottom.append(conn)
            lower.top.append(conn)
            conns.append(conn)
    stubs = []
    for name in sm.initial:
        if name in boxes:
            stub = _Conn(None, boxes[name], -1, "down")
            boxes[name].top.append(stub)
            stubs.append(stub)
    for rank in ranks:
        rank.sort(key=lambda n: n.key)
        for p, node in enumerate(rank):
            node.pos = p
    return _Graph(ranks, conns, chains, boxes, stubs)


# ------------------------------------------------------------------ ordering


def _crossings(graph: _Graph) -> int:
    total = 0
    by_rank: dict[int, list[tuple[float, float]]] = {}
    for c in graph.conns:
        by_rank.setdefault(c.upper.rank, []).append((c.upper.pos, c.lower.pos))
    for pairs in by_rank.values():
        pairs.sort()
        for i, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[i + 1 :]:
                if a1 != a2 and b2 < b1:
                    total += 1
    return total


def _order(graph: _Graph) -> None:
    """Barycentre sweeps; keep the order with the fewest crossings."""

    def snapshot() -> list[list[_Node]]:
        return [list(r) for r in graph.ranks]

    def restore(ranks: list[list[_Node]]) -> None:
        graph.ranks = [list(r) for r in ranks]
        for rank in graph.ranks:
            for p, node in enumerate(rank):
                node.pos = p

    _transpose(graph)
    best, best_cost = snapshot(), _crossings(graph)
    for sweep in range(_SWEEPS):
        if best_cost == 0:
            break
        down = sweep % 2 == 0
        indices = range(1, len(graph.ranks)) if down else range(len(graph.ranks) - 2, -1, -1)
        for r in indices:
            rank = graph.ranks[r]
            for node in rank:
                others = [c.upper for c in node.top if c.upper] if down else [c.lower for c in node.bottom]
                node.key = sum(o.pos for o in others) / len(others) if others else node.pos
            rank.sort(key=lambda n: (n.key, n.pos))
            for p, node in enumerate(rank):
                node.pos = p
        cost = _crossings(graph)
        if cost < best_cost:
            best, best_cost = snapshot(), cost
    restore(best)
    _transpose(graph)


def _pair_crossings(u: _Node, v: _Node) -> int:
    """Crossings between the connections of ``u`` and of ``v`` if ``u`` stands left of ``v``."""
    count = 0
    for side in ("top", "bottom"):
        ends_u = [
            c.upper.pos if side == "top" else c.lower.pos for c in getattr(u, side) if c.upper or side == "bottom"
        ]
        ends_v = [
            c.upper.pos if side == "top" else c.lower.pos for c in getattr(v, side) if c.upper or side == "bottom"
        ]
        count += sum(1 for a in ends_u for b in ends_v if a > b)
    return count


def _transpose(graph: _Graph) -> None:
    """Swap neighbours while that removes crossings (the classic refinement of barycentres)."""
    for _ in range(4):
        improved = False
        for rank in graph.ranks:
            for i in range(len(rank) - 1):
                u, v = rank[i], rank[i + 1]
                if _pair_crossings(v, u) < _pair_crossings(u, v):
                    rank[i], rank[i + 1] = v, u
                    u.pos, v.pos = v.pos, u.pos
                    improved = True
        if not improved:
            break


# ------------------------------------------------------------------ sizes


def label_lines(t: Transition, width: int) -> list[str]:
    """A transition label wrapped to ``width``: ``event /`` ends a line when the label must wrap.

    Never narrower than the label's longest word, so words are never cut.
    """
    width = max([width, *(cell_width(w) for w in t.label.split())])
    if cell_width(t.label) <= width or not (t.event and t.action):
        return wrap(t.label, width)
    event = wrap(t.event, width)
    event[-1] += " /"
    return event + wrap(t.action, width)


def _size(graph: _Graph, label_wrap: int, uniform: bool) -> None:
    """Node widths and heights for one label width."""
    for rank in graph.ranks:
        for node in rank:
            if node.kind == "label":
                node.lines = label_lines(node.transition, label_wrap)
                node.width = 2 + max(cell_width(line) for line in node.lines)
                node.height = len(node.lines)
            elif node.kind == "dummy":
                node.width, node.height = 1, 1
    boxes = list(graph.boxes.values())
    for node in boxes:
        shown = shown_name(node.state)
        node.lines = wrap(shown, max([NAME_WRAP, *(cell_width(w) for w in shown.split())]))
        ports = max(len(node.top), len(node.bottom))
        node.box_width = max(8, 4 + max(cell_width(line) for line in node.lines), 2 * ports + 3)
    if uniform:
        widest = max(n.box_width for n in boxes)
        for node in boxes:
            node.box_width = widest
    for node in boxes:
        node.loop_lines = [label_lines(t, label_wrap) if t.label else [] for t in node.loops]
        loop_text = max((cell_width(line) for lines in node.loop_lines for line in lines), default=0)
        node.width = node.box_width + (3 + (1 + loop_text if loop_text else 0) if node.loops else 0)
        interior = max(len(node.lines), sum(max(2, len(lines)) for lines in node.loop_lines))
        node.height = 2 + interior


def _assign_ports(node: _Node) -> None:
    """Spread a box's connections over its top and bottom borders, ordered by where they lead."""
    if node.kind != "box":
        if not node.offsets:
            for conn in (*node.top, *node.bottom):
                node.offsets[id(conn)] = 0
        return
    centre = node.x + node.box_width / 2

    def other_x(conn: _Conn, side: str) -> float:
        other = conn.upper if side == "top" else conn.lower
        if other is None:
            return centre
        return other.x + other.offsets.get(id(conn), 0)

    for side, conns in (("top", node.top), ("bottom", node.bottom)):
        ordered = sorted(conns, key=lambda c: (other_x(c, side), c.edge))
        k = len(ordered)
        inner = node.box_width - 2
        for i, conn in enumerate(ordered):
            node.offsets[id(conn)] = 1 + int((i + 0.5) * inner / k)


# ------------------------------------------------------------------ placement


def _gap(a: _Node, b: _Node, gap: int) -> int:
    """Blank columns between neighbours ``a`` (left) and ``b``.

    Two lines may run one column apart (as the ports of a box do); text
    needs more room before the next line, and a box a little room around it.
    """
    if a.kind == "label":
        return gap + 1
    if a.kind == "dummy" and b.kind != "box":
        return 1
    return gap


def _weight(a: _Node, b: _Node) -> float:
    boxes = (a.kind == "box") + (b.kind == "box")
    return (8.0, 2.0, 1.0)[boxes]


def _desired(node: _Node, direction: str) -> float | None:
    """Where ``node`` would make its connections towards ``direction`` straight (median)."""
    if direction == "up":
        links = [(c, c.upper) for c in node.top if c.upper is not None]
    else:
        links = [(c, c.lower) for c in node.bottom]
    if not links:
        return None
    targets = sorted(other.x + other.offsets[id(c)] - node.offsets[id(c)] for c, other in links)
    mid = len(targets) // 2
    return targets[mid] if len(targets) % 2 else (targets[mid - 1] + targets[mid]) / 2


def _priority(node: _Node, direction: str) -> int:
    if node.kind != "box":
        return 1000
    return len(node.top if direction == "up" else node.bottom)


def _align(rank: list[_Node], gap: int, direction: str) -> None:
    """Sugiyama's priority method for one rank.

    Nodes move, most important first, towards the position that makes their
    connections straight, pushing less important neighbours along but never
    a more important one.  Label and dummy nodes come first, so long lines
    stay straight.
    """
    count = len(rank)
    seps = [rank[i].width + _gap(rank[i], rank[i + 1], gap) for i in range(count - 1)]
    fixed = [False] * count
    order = sorted(range(count), key=lambda i: (-_priority(rank[i], direction), i))
    for i in order:
        node = rank[i]
        want = _desired(node, direction)
        if want is not None:
            target = round(want)
            # The nearest fixed neighbour binds: the rank is feasible, so any
            # fixed node farther away leaves at least as much room.
            if target > node.x:
                room = 0
                for j in range(i + 1, count):
                    room += seps[j - 1]
                    if fixed[j]:
                        target = min(target, rank[j].x - room)
                        break
                node.x = max(node.x, target)
                for j in range(i + 1, count):
                    least = rank[j - 1].x + seps[j - 1]
                    if rank[j].x >= least:
                        break
                    rank[j].x = least
            elif target < node.x:
                room = 0
                for j in range(i - 1, -1, -1):
                    room += seps[j]
                    if fixed[j]:
                        target = max(target, rank[j].x + room)
                        break
                node.x = min(node.x, target)
                for j in range(i - 1, -1, -1):
                    most = rank[j + 1].x - seps[j]
                    if rank[j].x <= most:
                        break
                    rank[j].x = most
        fixed[i] = True


def _place(graph: _Graph, gap: int) -> int:
    """Set every node's x; return the width used."""
    for rank in graph.ranks:
        x = 0
        for i, node in enumerate(rank):
            node.x = x
            if i + 1 < len(rank):
                x += node.width + _gap(node, rank[i + 1], gap)
    nodes = [n for rank in graph.ranks for n in rank]
    for node in nodes:
        _assign_ports(node)
    count = len(graph.ranks)
    for sweep in range(_PLACEMENT_SWEEPS):
        if sweep % 2 == 0:
            order, direction = range(1, count), "up"
        else:
            order, direction = range(count - 2, -1, -1), "down"
        for r in order:
            _align(graph.ranks[r], gap, direction)
            for node in graph.ranks[r]:
                if node.kind == "box":
                    _assign_ports(node)
                else:  # the boxes it links to may now order their ports differently
                    for conn in (*node.top, *node.bottom):
                        for end in (conn.upper, conn.lower):
                            if end is not None and end.kind == "box":
                                _assign_ports(end)
    _straighten(graph, gap)
    left = min(n.x for n in nodes)
    for node in nodes:
        node.x -= left
    for conn in (*graph.conns, *graph.stubs):
        if conn.upper is not None:
            conn.upper_col = conn.upper.x + conn.upper.offsets[id(conn)]
        conn.lower_col = conn.lower.x + conn.lower.offsets[id(conn)]
    return max(n.x + n.width for n in nodes)


def _links(node: _Node) -> list[tuple[_Conn, _Node]]:
    links = [(c, c.upper) for c in node.top if c.upper is not None]
    return links + [(c, c.lower) for c in node.bottom]


def _bend_cost(node: _Node, x: int) -> float:
    """How bent ``node``'s connections are if it stands at ``x``."""
    cost = 0.0
    for conn, other in _links(node):
        dx = abs(x + node.offsets[id(conn)] - other.x - other.offsets[id(conn)])
        if dx:
            cost += _weight(node, other) * (2 + dx / 8)
    return cost


def _bounds(rank: list[_Node], i: int, gap: int, left: int, right: int) -> tuple[int, int]:
    node = rank[i]
    lo = rank[i - 1].x + rank[i - 1].width + _gap(rank[i - 1], node, gap) if i else left
    hi = rank[i + 1].x - node.width - _gap(node, rank[i + 1], gap) if i + 1 < len(rank) else right - node.width
    return lo, hi


def _move_chain(graph: _Graph, chain: list[_Node], gap: int, left: int, right: int) -> bool:
    """Put a transition's label and dummy nodes in one column, if that bends it less."""
    inner = chain[1:-1]
    if not inner:
        return False
    limits = []
    for node in inner:
        limits.append(_bounds(graph.ranks[node.rank], int(node.pos), gap, left, right))
    lo = max(a for a, _ in limits)
    hi = min(b for _, b in limits)

    def cost(x: int | None) -> float:
        saved = [n.x for n in inner]
        if x is not None:
            for n in inner:
                n.x = x
        total = sum(_bend_cost(n, n.x) for n in inner)
        for n, old in zip(inner, saved, strict=True):
            n.x = old
        return total

    candidates = {n.x for n in inner}
    for end in (chain[0], chain[-1]):
        for conn, other in _links(end):
            if other in inner:
                candidates.add(end.x + end.offsets[id(conn)])
    current = cost(None)
    best = min((x for x in candidates if lo <= x <= hi), key=lambda x: (cost(x), x), default=None)
    if best is None or cost(best) >= current:
        return False
    for n in inner:
        n.x = best
    return True


def _merge_runs(graph: _Graph, chain: list[_Node], gap: int, left: int, right: int) -> bool:
    """Move a straight run of a chain into the column of the run before or after it."""
    inner = chain[1:-1]
    moved = False
    i = 0
    while i < len(inner):
        j = i
        while j + 1 < len(inner) and inner[j + 1].x == inner[i].x:
            j += 1
        run = inner[i : j + 1]
        ends = []
        for node, neighbour in ((run[0], chain[i]), (run[-1], chain[j + 2])):
            for conn, other in _links(node):
                if other is neighbour:
                    ends.append(other.x + other.offsets[id(conn)] - node.offsets[id(conn)])
        limits = [_bounds(graph.ranks[n.rank], int(n.pos), gap, left, right) for n in run]
        lo, hi = max(a for a, _ in limits), min(b for _, b in limits)
        old = run[0].x
        before = sum(_bend_cost(n, old) for n in run)
        best, best_cost = old, before
        for x in sorted(set(ends)):
            if lo <= x <= hi and x != old:
                for n in run:
                    n.x = x
                cost = sum(_bend_cost(n, x) for n in run)
                if cost < best_cost:
                    best, best_cost = x, cost
        for n in run:
            n.x = best
        moved = moved or best != old
        i = j + 1
    return moved


def _straighten(graph: _Graph, gap: int) -> None:
    """Move single nodes, within the current bounds, to make connections straight.

    The regression leaves lines off by a column or two where a node's
    neighbours above and below disagree; a vertical line is what the eye
    follows, so a greedy pass trades distance for straightness.
    """
    nodes = [n for rank in graph.ranks for n in rank]
    left = min(n.x for n in nodes)
    right = max(n.x + n.width for n in nodes)
    for _ in range(3):
        moved = False
        for chain in graph.chains.values():
            moved = _move_chain(graph, chain, gap, left, right) or moved
            moved = _merge_runs(graph, chain, gap, left, right) or moved
        for rank in graph.ranks:
            for i, node in enumerate(rank):
                lo, hi = _bounds(rank, i, gap, left, right)
                candidates = {node.x}
                for conn, other in _links(node):
                    candidates.add(other.x + other.offsets[id(conn)] - node.offsets[id(conn)])
                best = min(
                    (x for x in candidates if lo <= x <= hi),
                    key=lambda x: (_bend_cost(node, x), abs(x - node.x), x),
                )
                if best != node.x:
                    node.x = best
                    moved = True
        for node in nodes:
            _assign_ports(node)
        if not moved:
            break


# ------------------------------------------------------------------ channels


def _span(c: _Conn) -> tuple[int, int]:
    if c.upper is None:
        return c.lower_col, c.lower_col
    return min(c.upper_col, c.lower_col), max(c.upper_col, c.lower_col)


def _crossings_if_above(a: _Conn, b: _Conn) -> int:
    """Crossings between ``a`` and ``b`` when ``a`` turns on a higher track."""
    count = 0
    lo, hi = _span(a)
    if b.upper is not None and lo < b.upper_col < hi:
        count += 1  # a's horizontal meets b's upper line
    lo, hi = _span(b)
    if lo < a.lower_col < hi:
        count += 1  # b's horizontal meets a's lower line
    return count


def _reaches(graph: dict[int, list[_Conn]], start: _Conn, goal: _Conn) -> bool:
    seen, todo = {id(start)}, [start]
    while todo:
        for nxt in graph[id(todo.pop())]:
            if nxt is goal:
                return True
            if id(nxt) not in seen:
                seen.add(id(nxt))
                todo.append(nxt)
    return False


def _route(conns: list[_Conn]) -> int:
    """Give each bent connection a track row; return the channel height.

    Row 0 holds the ends just below the upper layer (and ``^`` heads), the
    last row the ends just above the lower layer (and ``v`` heads).  A
    connection whose upper column is another's lower column must turn two
    rows above it, so their corners never touch (a hard constraint); the
    order of the other tracks is chosen to avoid crossings where it can
    (soft constraints, kept when they make no cycle).  Tracks that share a
    row keep a blank column between them.
    """
    bent = [c for c in conns if c.upper is None or c.upper_col != c.lower_col]
    if not bent:
        return 1
    # after[id(a)]: connections that must turn below ``a``; gap: rows needed between
    after: dict[int, list[_Conn]] = {id(c): [] for c in bent}
    gap: dict[tuple[int, int], int] = {}
    lower_at = {c.lower_col: c for c in bent}
    for c in bent:
        other = lower_at.get(c.upper_col) if c.upper is not None else None
        if other is not None and other is not c:
            after[id(c)].append(other)
            gap[(id(c), id(other))] = 2
    pairs = []
    for i, a in enumerate(bent):
        for b in bent[i + 1 :]:
            above, below = _crossings_if_above(a, b), _crossings_if_above(b, a)
            if above != below:
                pairs.append((abs(above - below), a, b) if above < below else (abs(above - below), b, a))
    pairs.sort(key=lambda p: (-p[0], _span(p[1]), _span(p[2])))
    for _, first, second in pairs:
        if (id(first), id(second)) in gap or _reaches(after, second, first):
            continue
        after[id(first)].append(second)
        gap[(id(first), id(second))] = 1
    before: dict[int, list[tuple[_Conn, int]]] = {id(c): [] for c in bent}
    for c in bent:
        for other in after[id(c)]:
            before[id(other)].append((c, gap[(id(c), id(other))]))

    pending = sorted(bent, key=lambda c: (_span(c), c.edge))
    track = 0
    idle = 0
    while pending:
        used: list[tuple[int, int]] = []
        placed = []
        for c in pending:
            if c.upper is not None and track == 0:
                continue  # a bend needs a row of vertical line above it
            if any(p.track < 0 or p.track > track - rows for p, rows in before[id(c)]):
                continue
            lo, hi = _span(c)
            if any(lo <= b + 1 and a <= hi + 1 for a, b in used):
                continue
            c.track = track
            used.append((lo, hi))
            placed.append(c)
        pending = [c for c in pending if c.track < 0]
        idle = 0 if placed else idle + 1
        if idle > 3:
            raise LayoutError("cyclic channel constraints")
        track += 1
    return max(c.track for c in bent) + 2


# ------------------------------------------------------------------ assembly


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
        self.graph = _build(sm)
        _size(self.graph, LABEL_WRAPS[-1], False)
        #: No placement is narrower than the most compact packing of the ranks.
        self.narrowest = _lower_bound(self.graph, 2)
        self.ordered = False
        self.bounds: dict[tuple[bool, int, int], int] = {}
        self.placed: dict[tuple[bool, int, int], tuple[int, Layout | None]] = {}

    def _attempt(self, uniform: bool, index: int, width: int) -> Layout | None:
        key = (uniform, *self.COMBOS[index])
        if key not in self.bounds:
            _size(self.graph, key[1], uniform)
            self.bounds[key] = _lower_bound(self.graph, key[2])
        if self.bounds[key] > width:
            return None
        if key not in self.placed:
            if not self.ordered:
                _order(self.graph)
                self.ordered = True
            _size(self.graph, key[1], uniform)
            used = _place(self.graph, key[2])
            try:
                result = _assemble(self.sm, self.graph, used)
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


def _lower_bound(graph: _Graph, gap: int) -> int:
    """The narrowest any placement can be: the widest packed rank."""
    return max(
        sum(n.width for n in rank) + sum(_gap(a, b, gap) for a, b in pairwise(rank)) for rank in graph.ranks if rank
    )


def _assemble(sm: StateMachine, graph: _Graph, used_width: int) -> Layout:
    ranks = graph.ranks
    channels: list[list[_Conn]] = [[] for _ in ranks]
    for conn in graph.conns:
        channels[conn.lower.rank].append(conn)
    for stub in graph.stubs:
        channels[stub.lower.rank].append(stub)
    for channel in channels:
        for conn in channel:
            conn.track = -1
    heights = []
    for r, channel in enumerate(channels):
        if r == 0 and not channel:
            heights.append(0)
        else:
            heights.append(_route(channel))
    band_top: list[int] = []
    channel_top: list[int] = []
    row = 0
    for r, rank in enumerate(ranks):
        channel_top.append(row)
        row += heights[r]
        band_top.append(row)
        row += max((n.height for n in rank), default=1)
    total_height = row

    def band_bottom(r: int) -> int:
        return band_top[r] + max((n.height for n in ranks[r]), default=1) - 1

    def channel_points(conn: _Conn) -> list[tuple[int, int]]:
        """Downward path through the channel above ``conn.lower``."""
        r = conn.lower.rank
        top, bottom = channel_top[r], channel_top[r] + heights[r] - 1
        if conn.upper is None:
            start = top + conn.track
            return [(conn.lower_col, start), (conn.lower_col, bottom)]
        if conn.track < 0:
            return [(conn.upper_col, top), (conn.lower_col, bottom)]
        t = top + conn.track
        return [(conn.upper_col, top), (conn.upper_col, t), (conn.lower_col, t), (conn.lower_col, bottom)]

    boxes = []
    for node in graph.boxes.values():
        interior = node.height - 2
        boxes.append(
            BoxGeom(
                node.state,
                node.x,
                band_top[node.rank],
                node.box_width,
                node.height,
                tuple(node.lines),
                node.final,
                1 + (interior - len(node.lines)) // 2,
            )
        )
    edges: list[EdgeGeom] = []
    for i, chain in graph.chains.items():
        src, dst = chain[0], chain[-1]
        down = dst.rank > src.rank
        points: list[tuple[int, int]] = []
        label = None
        for a, b in pairwise(chain):
            conn = next(c for c in (a.bottom if down else a.top) if c.edge == i and (c.lower if down else c.upper) is b)
            path = channel_points(conn)
            if not down:
                path.reverse()
            if a is src:
                col = path[0][0]
                start_row = band_top[src.rank] + src.height - 1 if down else band_top[src.rank]
                points.append((col, start_row))
            points.extend(path)
            if b is not dst:
                col = path[-1][0]
                points.append((col, band_top[b.rank] if down else band_bottom(b.rank)))
                points.append((col, band_bottom(b.rank) if down else band_top[b.rank]))
                if b.kind == "label":
                    label = LabelGeom(b.x + 2, band_top[b.rank], tuple(b.lines))
            elif not down:
                # climb from the bottom of the target's layer to just below its box
                points.append((path[-1][0], band_top[dst.rank] + dst.height))
        edges.append(EdgeGeom(i, _simplify(points), label))
    for node in graph.boxes.values():
        row = band_top[node.rank] + 1
        right = node.x + node.box_width - 1
        for t, lines in zip(node.loops, node.loop_lines, strict=True):
            index = sm.transitions.index(t)
            pts = ((right, row), (right + 3, row), (right + 3, row + 1), (right + 1, row + 1))
            lab = LabelGeom(right + 5, row, tuple(lines)) if lines else None
            edges.append(EdgeGeom(index, pts, lab, loop=True))
            row += max(2, len(lines))
    for stub in graph.stubs:
        edges.append(EdgeGeom(-1, tuple(channel_points(stub)), None, initial=True))
    edges.sort(key=lambda e: (e.transition, e.points))
    return Layout(used_width, total_height, tuple(sorted(boxes, key=lambda b: (b.y, b.x))), tuple(edges))


def _simplify(points: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop repeated and collinear points; refuse diagonal steps."""
    out: list[tuple[int, int]] = []
    for p in points:
        if out and out[-1] == p:
            continue
        if out and out[-1][0] != p[0] and out[-1][1] != p[1]:
            raise LayoutError(f"diagonal step {out[-1]} -> {p}")
        if len(out) >= 2:
            (x0, y0), (x1, y1) = out[-2], out[-1]
            if (x0 == x1 == p[0]) or (y0 == y1 == p[1]):
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)


__all__ = ["BoxGeom", "EdgeGeom", "LabelGeom", "Layout", "LayoutError", "LayoutSearch", "layout"]
