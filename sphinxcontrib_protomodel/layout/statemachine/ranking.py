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

from ...model import ANY_STATE, StateMachine, Transition

#: The text of the box that transitions from any state leave.
ANY_STATE_LABEL = "any state"


@dataclass(eq=False)
class Node:
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
    top: list[Conn] = field(default_factory=list)
    bottom: list[Conn] = field(default_factory=list)
    offsets: dict[int, int] = field(default_factory=dict)  # id(conn) -> column offset


@dataclass(eq=False)
class Conn:
    """A connection between a node of rank r (upper) and one of rank r+1 (lower)."""

    upper: Node | None  # None: the marker of an initial state
    lower: Node
    edge: int
    arrow: str = ""  # "down": 'v' at the lower end; "up": '^' at the upper end
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


def build_graph(sm: StateMachine) -> Graph:
    """The ranked graph: boxes, label and dummy nodes, connections (not yet ordered)."""
    order, back = _search(sm)
    layer = _layers(sm, order, back)
    depth = max(layer.values()) if layer else 0
    ranks: list[list[Node]] = [[] for _ in range(2 * depth + 1)]
    boxes: dict[str, Node] = {}
    for name in node_names(sm):
        node = Node("box", 2 * layer[name], order[name], state=name)
        node.final = name in sm.final
        boxes[name] = node
        ranks[node.rank].append(node)
    conns: list[Conn] = []
    chains: dict[int, list[Node]] = {}
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
            upper.bottom.append(conn)
            lower.top.append(conn)
            conns.append(conn)
    stubs = []
    for name in sm.initial:
        if name in boxes:
            stub = Conn(None, boxes[name], -1, "down")
            boxes[name].top.append(stub)
            stubs.append(stub)
    for rank in ranks:
        rank.sort(key=lambda n: n.key)
        for p, node in enumerate(rank):
            node.pos = p
    return Graph(ranks, conns, chains, boxes, stubs)


__all__ = ["ANY_STATE_LABEL", "Conn", "Graph", "Node", "build_graph", "node_names", "shown_name"]
