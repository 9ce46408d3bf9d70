"""Placement: node sizes, ports and columns (Sugiyama's priority method, then straightening).

A weighted isotonic regression places nodes to straighten lines under a
minimum separation; a greedy pass then trades distance for straightness.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from ...cells import block_width, cell_width, wrap
from ...diagrams import Transition
from .ranking import Graph, Node, PortRow, shown_name

#: Widths tried for transition labels, widest first (labels then widen into the room beside them).
LABEL_WRAPS = (20, 16, 12, 8)
#: Longest box name line before a (quoted, multi-word) name wraps.
NAME_WRAP = 18
#: Columns a level transition's label may take beyond the label width (it has a row of its own).
FLAT_EXTRA = 6
_PLACEMENT_SWEEPS = 8


def label_lines(t: Transition, width: int, style: str = "slash", *, balanced: bool = False) -> list[str]:
    """A transition label wrapped to ``width``.

    ``slash``: ``event / action`` on one line when it fits, else ``event /``
    ends a line.  ``rule`` (RFC 793): the event, a rule of dashes as wide as
    the widest line, the action.  ``balanced``: no lone last word where an
    even split fits (see :func:`~...cells.wrap`).  Never narrower than the label's longest
    word, so words are never cut.  (The layout search asks for the same
    labels at the same widths again and again: the lines are remembered.)
    """
    return list(_label_lines(t, width, style, balanced))


@lru_cache(maxsize=4096)
def _label_lines(t: Transition, width: int, style: str, balanced: bool) -> tuple[str, ...]:
    width = max([width, *(cell_width(w) for w in t.label.split())])
    if not (t.event and t.action):
        return tuple(wrap(t.label, width, balanced=balanced))
    if style == "rule":
        event, action = wrap(t.event, width, balanced=balanced), wrap(t.action, width, balanced=balanced)
        return (*event, "-" * max(cell_width(line) for line in (*event, *action)), *action)
    if cell_width(t.label) <= width:
        return tuple(wrap(t.label, width))
    event = wrap(t.event, width, balanced=balanced)
    if cell_width(event[-1]) + 2 > width:  # room for " /" after the event's last line
        event = wrap(t.event, max([width - 2, *(cell_width(w) for w in t.event.split())]), balanced=balanced)
    event[-1] += " /"
    return (*event, *wrap(t.action, width, balanced=balanced))


def widen_labels(graph: Graph, limit: int, style: str) -> None:
    """Rewrap each label with the free width beside its line, to take fewer rows.

    A label's text starts two columns right of its line and may run up to a
    blank column before the next node of its rank (or up to ``limit``).  Of
    the widths that give the fewest lines, the narrowest is taken.
    """
    for rank in graph.ranks:
        for i, node in enumerate(rank):
            if node.kind != "label" or node.transition is None:
                continue
            transition = node.transition
            right = rank[i + 1].x - 2 if i + 1 < len(rank) else limit - 1
            room = right - (node.x + 2) + 1
            current = block_width(node.lines)
            even = label_lines(transition, current, style, balanced=True)
            if len(even) == len(node.lines) and block_width(even) <= current:
                node.lines = even  # the same rows, without a lone last word
            if room <= current:
                continue

            def fitting(width: int, t: Transition = transition, room: int = room) -> list[str] | None:
                lines = label_lines(t, width, style, balanced=True)
                return lines if block_width(lines) <= room else None

            widest = next((lines for w in range(room, max(current, room - 3), -1) if (lines := fitting(w))), None)
            if widest is None or len(widest) >= len(node.lines):
                continue
            best, lo, hi = widest, current + 1, room  # the narrowest width that still gives as few lines
            while lo < hi:
                mid = (lo + hi) // 2
                lines = fitting(mid)
                if lines is not None and len(lines) <= len(widest):
                    best, hi = lines, mid
                else:
                    lo = mid + 1
            node.lines = best
            node.height = len(best)


def size_nodes(graph: Graph, label_wrap: int, uniform: bool, style: str = "slash") -> None:
    """Node widths and heights for one label width and label style."""
    for rank in graph.ranks:
        for node in rank:
            if node.kind == "label" and node.transition is not None:
                node.lines = label_lines(node.transition, label_wrap, style)
                node.width = 2 + max(cell_width(line) for line in node.lines)
                node.height = len(node.lines)
            elif node.kind == "dummy":
                node.width, node.height = 1, 1
    boxes = list({id(n): n for n in graph.boxes.values()}.values())
    for node in boxes:
        node.part_lines = []
        node.part_widths = []
        for k, name in enumerate(node.parts):
            shown = shown_name(name)
            lines = wrap(shown, max([NAME_WRAP, *(cell_width(w) for w in shown.split())]))
            ports = max(sum(1 for c in node.top if c.lower_part == k), sum(1 for c in node.bottom if c.upper_part == k))
            node.part_lines.append(lines)
            node.part_widths.append(max(8, 4 + max(cell_width(line) for line in lines), 2 * ports + 3))
        node.lines = node.part_lines[0]
    if uniform:
        widest = max(w for n in boxes for w in n.part_widths)
        for node in boxes:
            node.part_widths = [widest] * len(node.parts)
    for node in boxes:
        node.flat_lines = []
        if node.flat is not None and node.flat.transition.label:
            node.flat_lines = label_lines(node.flat.transition, label_wrap + FLAT_EXTRA, style)
        node.mid = middle(node) if node.flat else 0
        node.box_width = sum(node.part_widths) + node.mid
        node.loop_lines = [label_lines(t, label_wrap, style) if t.label else [] for t in node.loops]
        loop_text = max((cell_width(line) for lines in node.loop_lines for line in lines), default=0)
        node.width = node.box_width + (3 + (1 + loop_text if loop_text else 0) if node.loops else 0)
        names = max(len(lines) for lines in node.part_lines)
        interior = max(names, sum(max(2, len(lines)) for lines in node.loop_lines))
        node.box_height = 2 + interior
        node.height = max(node.box_height, 2 + len(node.flat_lines))


def middle(node: Node) -> int:
    """Columns between the two boxes of a pair: the level arrow, its label under it, two blanks either side."""
    return max(6, 4 + max((cell_width(line) for line in node.flat_lines), default=0))


def part_span(node: Node, part: int) -> tuple[int, int]:
    """Offset of the first column of a pair's box ``part`` from ``node.x``, and its width."""
    if part == 0:
        return 0, node.part_widths[0]
    return node.part_widths[0] + node.mid, node.part_widths[1]


def port_rows(node: Node) -> list[PortRow]:
    """The borders of a box that carry ports, each with the connections that end there."""
    rows: list[PortRow] = []
    single = len(node.parts) == 1
    for top, conns in ((True, node.top), (False, node.bottom)):
        by_part: list[list[tuple[int, int, int, Node | None]]] = [[] for _ in node.parts]
        for i, conn in enumerate(conns):
            part = 0 if single else (conn.lower_part if top else conn.upper_part)
            by_part[part].append((id(conn), conn.edge, i, conn.upper if top else conn.lower))
        for part, ports in enumerate(by_part):
            if ports:
                start, width = (0, node.box_width) if single else part_span(node, part)
                rows.append((ports, start, width - 2))
    return rows


def assign_ports(node: Node) -> bool:
    """Spread a box's connections over its top and bottom borders, ordered by where they lead.

    Each border's ports are evenly spaced, ordered by the column their other
    end is at, then by edge.  Returns whether any port moved.
    """
    offsets = node.offsets
    if node.kind != "box":
        if not offsets:
            for conn in (*node.top, *node.bottom):
                offsets[id(conn)] = 0
            return True
        return False
    centre = node.x + node.box_width / 2

    def at(port: tuple[int, int, int, Node | None]) -> tuple[float, int, int]:
        cid, edge, i, other = port
        return (centre if other is None else other.x + other.offsets.get(cid, 0)), edge, i

    moved = False
    for ports, start, inner in node.ports:
        k = len(ports)
        for i, port in enumerate(ports if k == 1 else sorted(ports, key=at)):
            offset = start + 1 + int((i + 0.5) * inner / k)
            if offsets.get(port[0]) != offset:
                offsets[port[0]] = offset
                moved = True
    return moved


# ------------------------------------------------------------------ placement


def gap_between(a: Node, b: Node, gap: int) -> int:
    """Blank columns between neighbours ``a`` (left) and ``b``.

    Two lines may run one column apart (as the ports of a box do); text
    needs more room before the next line, and a box a little room around it.
    """
    if a.kind == "label":
        return gap + 1
    if a.kind == "dummy" and b.kind != "box":
        return 1
    return gap


def _weight(a: Node, b: Node) -> float:
    boxes = (a.kind == "box") + (b.kind == "box")
    return (8.0, 2.0, 1.0)[boxes]


def _desired(node: Node, direction: str) -> float | None:
    """Where ``node`` would make its connections towards ``direction`` straight (median)."""
    links = node.up if direction == "up" else node.down
    if not links:
        return None
    offsets = node.offsets
    targets = sorted(other.x + other.offsets[cid] - offsets[cid] for cid, other in links)
    mid = len(targets) // 2
    return targets[mid] if len(targets) % 2 else (targets[mid - 1] + targets[mid]) / 2


def _link(graph: Graph) -> None:
    """Give each node its links and ports (see :class:`.ranking.Node`): the hot loops read them."""
    for rank in graph.ranks:
        for node in rank:
            node.up = [(id(c), c.upper) for c in node.top if c.upper is not None]
            node.down = [(id(c), c.lower) for c in node.bottom]
            node.links = [(cid, other, _weight(node, other)) for cid, other in (*node.up, *node.down)]
            node.ports = port_rows(node) if node.kind == "box" else []


def _priority(node: Node, direction: str) -> int:
    if node.kind != "box":
        return 1000
    return len(node.top if direction == "up" else node.bottom)


def _priority_order(rank: list[Node], direction: str) -> list[int]:
    """Indexes of ``rank``'s nodes, the most important (see :func:`_priority`) first."""
    return sorted(range(len(rank)), key=lambda i: (-_priority(rank[i], direction), i))


def _align(rank: list[Node], seps: list[int], order: list[int], direction: str) -> None:
    """Sugiyama's priority method for one rank.

    Nodes move, most important first (``order``: indexes by :func:`_priority`),
    towards the position that makes their connections straight, pushing less
    important neighbours along but never a more important one, and keeping
    ``seps[i]`` columns from the start of node ``i`` to the next.  Label and
    dummy nodes come first, so long lines stay straight.
    """
    count = len(rank)
    fixed = [False] * count
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


def place(graph: Graph, gap: int) -> int:
    """Set every node's x; return the width used."""
    for rank in graph.ranks:
        x = 0
        for i, node in enumerate(rank):
            node.x = x
            if i + 1 < len(rank):
                x += node.width + gap_between(node, rank[i + 1], gap)
    nodes = [n for rank in graph.ranks for n in rank]
    _link(graph)
    # Ports start afresh (two passes, so that each end sees the other's first guess): a placement
    # depends on the sizes and the gap only, never on the placement before it.
    for node in nodes:
        node.offsets = {}
    for _ in range(2):
        for node in nodes:
            assign_ports(node)
    count = len(graph.ranks)
    seps = [[n.width + gap_between(n, rank[i + 1], gap) for i, n in enumerate(rank[:-1])] for rank in graph.ranks]
    orders = {direction: [_priority_order(rank, direction) for rank in graph.ranks] for direction in ("up", "down")}
    # The boxes whose ports a rank's moves may reorder: its own, and those its labels and dummies link to.
    touched = [[end for node in rank for end in _ends(node)] for rank in graph.ranks]
    for sweep in range(_PLACEMENT_SWEEPS):
        if sweep % 2 == 0:
            ranks, direction = range(1, count), "up"
        else:
            ranks, direction = range(count - 2, -1, -1), "down"
        for r in ranks:
            _align(graph.ranks[r], seps[r], orders[direction][r], direction)
            # A box's ports depend on the columns of the ends of its connections only:
            # it is assigned again only when some port moved since it last was.
            moves, settled = 0, dict[int, int]()
            for end in touched[r]:
                if settled.get(id(end)) != moves:
                    moves += assign_ports(end)
                    settled[id(end)] = moves
    _straighten(graph, gap)
    _nudge_ports(graph)
    left = min(n.x for n in nodes)
    for node in nodes:
        node.x -= left
    for conn in (*graph.conns, *graph.stubs):
        if conn.upper is not None:
            conn.upper_col = conn.upper.x + conn.upper.offsets[id(conn)]
        conn.lower_col = conn.lower.x + conn.lower.offsets[id(conn)]
    return max(n.x + n.width for n in nodes)


def _ends(node: Node) -> list[Node]:
    """``node`` if it is a box, else the boxes its connections end at."""
    if node.kind == "box":
        return [node]
    return [
        end for c in (*node.top, *node.bottom) for end in (c.upper, c.lower) if end is not None and end.kind == "box"
    ]


def _nudge_ports(graph: Graph) -> None:
    """Move a box's port by one column where that makes its connection straight.

    A connection one column off would turn twice in adjacent cells (``++``);
    a port may move while it stays inside its box and apart from its
    neighbours.
    """
    for conn in graph.conns:
        upper, lower = conn.upper, conn.lower
        assert upper is not None
        off = upper.x + upper.offsets[id(conn)] - lower.x - lower.offsets[id(conn)]
        if abs(off) != 1:
            continue
        for box, side, part, step in (
            (lower, lower.top, conn.lower_part, off),
            (upper, upper.bottom, conn.upper_part, -off),
        ):
            if box.kind != "box":
                continue
            start, width = part_span(box, part)
            new = box.offsets[id(conn)] + step
            others = [box.offsets[id(c)] for c in side if c is not conn]
            if start + 1 <= new <= start + width - 2 and all(abs(new - o) >= 2 for o in others):
                box.offsets[id(conn)] = new
                break


def _bend_cost(node: Node, x: int) -> float:
    """How bent ``node``'s connections are if it stands at ``x``."""
    cost = 0.0
    offsets = node.offsets
    for cid, other, weight in node.links:
        dx = abs(x + offsets[cid] - other.x - other.offsets[cid])
        if dx:
            cost += weight * (2 + dx / 8)
    return cost


def _bounds(rank: list[Node], i: int, gap: int, left: int, right: int) -> tuple[int, int]:
    node = rank[i]
    lo = rank[i - 1].x + rank[i - 1].width + gap_between(rank[i - 1], node, gap) if i else left
    hi = rank[i + 1].x - node.width - gap_between(node, rank[i + 1], gap) if i + 1 < len(rank) else right - node.width
    return lo, hi


def _move_chain(graph: Graph, chain: list[Node], gap: int, left: int, right: int) -> bool:
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
        for cid, other, _ in end.links:
            if other in inner:
                candidates.add(end.x + end.offsets[cid])
    current = cost(None)
    best = min((x for x in candidates if lo <= x <= hi), key=lambda x: (cost(x), x), default=None)
    if best is None or cost(best) >= current:
        return False
    for n in inner:
        n.x = best
    return True


def _merge_runs(graph: Graph, chain: list[Node], gap: int, left: int, right: int) -> bool:
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
            for cid, other, _ in node.links:
                if other is neighbour:
                    ends.append(other.x + other.offsets[cid] - node.offsets[cid])
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


def _straighten(graph: Graph, gap: int) -> None:
    """Move single nodes, within the current bounds, to make connections straight.

    The regression leaves lines off by a column or two where a node's
    neighbours above and below disagree; a vertical line is what the eye
    follows, so a greedy pass trades distance for straightness.
    """
    nodes = [n for rank in graph.ranks for n in rank]
    boxes = [n for n in nodes if n.kind == "box"]  # the ports of labels and dummies never move
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
                for cid, other, _ in node.links:
                    candidates.add(other.x + other.offsets[cid] - node.offsets[cid])
                best = min(
                    (x for x in candidates if lo <= x <= hi),
                    key=lambda x: (_bend_cost(node, x), abs(x - node.x), x),
                )
                if best != node.x:
                    node.x = best
                    moved = True
        for node in boxes:
            assign_ports(node)
        if not moved:
            break


def lower_bound(graph: Graph, gap: int) -> int:
    """The narrowest any placement can be: the widest packed rank."""
    return max(
        sum(n.width for n in rank) + sum(gap_between(a, b, gap) for a, b in pairwise(rank))
        for rank in graph.ranks
        if rank
    )


__all__ = [
    "LABEL_WRAPS",
    "NAME_WRAP",
    "assign_ports",
    "label_lines",
    "lower_bound",
    "place",
    "size_nodes",
    "widen_labels",
]
