"""Ranking: the layered graph of a state machine, before ordering and placement.

A depth-first search from the initial states, following transitions in the
order they are written, finds the back edges (those that close a cycle), so
the main path an author writes first runs straight down.  States get layers
by longest path, back edges reversed.  Between two layers of states lies a
layer of *label nodes*: each transition's label is a node of its own, placed
beside the transition's line on its first hop out of the source state.
Longer transitions pass through other layers as one-column dummy nodes, and
back edges climb up through their own dummy columns to enter their target
from below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ...diagrams import ANY_STATE, StateMachine, Transition

#: The text of the box that transitions from any state leave.
ANY_STATE_LABEL = "any state"


@dataclass(frozen=True)
class Flat:
    """A transition drawn level, between the two boxes of a pair (``parts``), its label under it."""

    index: int
    transition: Transition
    rightwards: bool  # the arrow points from the left part to the right one


#: One border (or one box of a pair's border) and its ports: the ports as (id(conn), edge,
#: index on that side, node at the other end or ``None``), the first column, the inner width.
PortRow = tuple[list[tuple[int, int, int, "Node | None"]], int, int]


@dataclass(eq=False)
class Node:
    """A node of the layered graph: a box (one state, or a pair joined by a level edge), a label or a dummy."""

    kind: str  # "box" | "label" | "dummy"
    rank: int
    key: float
    state: str = ""
    #: the states of a box, left to right: one, or two joined by ``flat``
    parts: tuple[str, ...] = ()
    flat: Flat | None = None
    flat_lines: list[str] = field(default_factory=list)
    part_lines: list[list[str]] = field(default_factory=list)
    part_widths: list[int] = field(default_factory=list)
    #: columns between the boxes of a pair
    mid: int = 0
    #: rows of the boxes themselves (``height`` may add rows for a level edge's label)
    box_height: int = 1
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
    top: list[Conn] = field(default_factory=list)
    bottom: list[Conn] = field(default_factory=list)
    offsets: dict[int, int] = field(default_factory=dict)  # id(conn) -> column offset
    #: (id(conn), node at its other end) upwards and downwards, and every link with its weight (see placement)
    up: list[tuple[int, Node]] = field(default_factory=list)
    down: list[tuple[int, Node]] = field(default_factory=list)
    links: list[tuple[int, Node, float]] = field(default_factory=list)
    #: a box's borders with their ports, for the current sizes (see placement.port_rows)
    ports: list[PortRow] = field(default_factory=list)


@dataclass(eq=False)
class Conn:
    """A connection between a node of rank r (upper) and one of rank r+1 (lower)."""

    upper: Node | None  # None: the marker of an initial state
    lower: Node
    edge: int
    arrow: str = ""  # "down": 'v' at the lower end; "up": '^' at the upper end
    upper_part: int = 0  # which box of a pair each end belongs to
    lower_part: int = 0
    upper_col: int = 0
    lower_col: int = 0
    track: int = -1


@dataclass
class Graph:
    ranks: list[list[Node]]
    conns: list[Conn]
    chains: dict[int, list[Node]]  # transition index -> nodes from source to target
    boxes: dict[str, Node]
    stubs: list[Conn]


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


def _layers(
    sm: StateMachine, order: dict[str, int], back: set[int], pairs: dict[str, str] | None = None
) -> dict[str, int] | None:
    """Longest-path layers over the transitions with back edges reversed.

    ``pairs`` maps a state to the state it shares a layer with (both ways);
    ``None`` is returned when such a pairing would make a cycle.
    """
    pairs = pairs or {}

    def rep(name: str) -> str:
        other = pairs.get(name)
        return name if other is None or order[name] < order[other] else other

    nodes = [n for n in order if rep(n) == n]
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    indeg = dict.fromkeys(nodes, 0)
    for i, t in enumerate(sm.transitions):
        a, b = (rep(t.dst), rep(t.src)) if i in back else (rep(t.src), rep(t.dst))
        if a == b:
            continue
        succ[a].append(b)
        indeg[b] += 1
    ready = sorted((n for n in nodes if indeg[n] == 0), key=order.__getitem__)
    topo: list[str] = []
    while ready:
        n = ready.pop(0)
        topo.append(n)
        for m in succ[n]:
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
                ready.sort(key=order.__getitem__)
    if len(topo) < len(nodes):
        return None
    layer = dict.fromkeys(nodes, 0)
    for n in topo:
        for m in succ[n]:
            layer[m] = max(layer[m], layer[n] + 1)
    # Pull sources other than the initial states down next to their successors.
    has_pred = {m for n in nodes for m in succ[n]}
    initial = {rep(n) for n in sm.initial if n in order}
    for n in reversed(topo):
        if n not in has_pred and n not in initial and succ[n]:
            layer[n] = max(0, min(layer[m] for m in succ[n]) - 1)
    return {n: layer[rep(n)] for n in order}


def _flat_pairs(sm: StateMachine, order: dict[str, int], back: set[int]) -> dict[int, tuple[str, str]]:
    """Transitions to draw level, between two boxes side by side: transition index -> (left, right).

    In the order written, a forward transition becomes level when that makes
    the figure less deep; each state joins one pair at most, and a pair has
    no other transition between its two states.
    """
    layer = _layers(sm, order, back)
    assert layer is not None  # the back edges are reversed: no cycle
    depth = max(layer.values(), default=0)
    links: dict[frozenset[str], int] = {}
    for t in sm.transitions:
        if t.src != t.dst:
            key = frozenset((t.src, t.dst))
            links[key] = links.get(key, 0) + 1
    looped = {t.src for t in sm.transitions if t.src == t.dst}
    pairs: dict[str, str] = {}
    chosen: dict[int, tuple[str, str]] = {}
    for i, t in enumerate(sm.transitions):
        a, b = t.src, t.dst
        if a == b or i in back or a in pairs or b in pairs or links[frozenset((a, b))] > 1:
            continue
        if a in looped and b in looped:
            continue  # loops are drawn right of a box: only the right one of a pair may have them
        trial = {**pairs, a: b, b: a}
        layered = _layers(sm, order, back, trial)
        if layered is None:
            continue
        deeper = max(layered.values(), default=0)
        if deeper < depth:
            pairs, depth = trial, deeper
            chosen[i] = (b, a) if a in looped else (a, b)
    return chosen


def build_graph(sm: StateMachine, level: bool = True) -> Graph:
    """The ranked graph: boxes, label and dummy nodes, connections (not yet ordered).

    ``level``: join states by level transitions where that makes the figure
    less deep (see :func:`_flat_pairs`).
    """
    order, back = _search(sm)
    flats = _flat_pairs(sm, order, back) if level else {}
    pairs = {a: b for left, right in flats.values() for a, b in ((left, right), (right, left))}
    layer = _layers(sm, order, back, pairs)
    assert layer is not None
    depth = max(layer.values()) if layer else 0
    ranks: list[list[Node]] = [[] for _ in range(2 * depth + 1)]
    boxes: dict[str, Node] = {}
    part: dict[str, int] = {}
    for i, (left, right) in flats.items():
        t = sm.transitions[i]
        node = Node("box", 2 * layer[left], min(order[left], order[right]), state=left, parts=(left, right))
        node.flat = Flat(i, t, rightwards=t.src == left)
        node.final = left in sm.final or right in sm.final
        boxes[left] = boxes[right] = node
        part[left], part[right] = 0, 1
        ranks[node.rank].append(node)
    for name in node_names(sm):
        if name in boxes:
            continue
        node = Node("box", 2 * layer[name], order[name], state=name, parts=(name,))
        node.final = name in sm.final
        boxes[name] = node
        part[name] = 0
        ranks[node.rank].append(node)
    conns: list[Conn] = []
    chains: dict[int, list[Node]] = {}
    for i, t in enumerate(sm.transitions):
        src = boxes[t.src]
        if t.src == t.dst:
            src.loops.append(t)
            continue
        if i in flats:
            continue
        dst = boxes[t.dst]
        step = 1 if dst.rank > src.rank else -1
        chain = [src]
        for rank in range(src.rank + step, dst.rank, step):
            first = rank == src.rank + step
            kind = "label" if first and t.label else "dummy"
            node = Node(kind, rank, order[t.src] + 0.5 + i / (10 * len(sm.transitions) + 10))
            node.transition = t if kind == "label" else None
            ranks[rank].append(node)
            chain.append(node)
        chain.append(dst)
        chains[i] = chain
        for a, b in pairwise(chain):
            upper, lower = (a, b) if step == 1 else (b, a)
            conn = Conn(upper, lower, i)
            if b is dst:
                conn.arrow = "down" if step == 1 else "up"
            ends = {id(src): part[t.src], id(dst): part[t.dst]}
            conn.upper_part, conn.lower_part = ends.get(id(upper), 0), ends.get(id(lower), 0)
            upper.bottom.append(conn)
            lower.top.append(conn)
            conns.append(conn)
    stubs = []
    for name in sm.initial:
        if name in boxes:
            stub = Conn(None, boxes[name], -1, "down", lower_part=part[name])
            boxes[name].top.append(stub)
            stubs.append(stub)
    for members in ranks:
        members.sort(key=lambda n: n.key)
        for p, node in enumerate(members):
            node.pos = p
    return Graph(ranks, conns, chains, boxes, stubs)


__all__ = ["ANY_STATE_LABEL", "Conn", "Flat", "Graph", "Node", "build_graph", "node_names", "shown_name"]
