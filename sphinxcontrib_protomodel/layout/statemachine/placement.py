"""Placement: node sizes, ports and columns (Sugiyama's priority method, then straightening).

A weighted isotonic regression places nodes to straighten lines under a
minimum separation; a greedy pass then trades distance for straightness.
"""

from __future__ import annotations

from itertools import pairwise

from ...cells import block_width, cell_width, wrap
from ...diagrams import Transition
from .ranking import Conn, Graph, Node, shown_name

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
    word, so words are never cut.
    """
    width = max([width, *(cell_width(w) for w in t.label.split())])
    if not (t.event and t.action):
        return wrap(t.label, width, balanced=balanced)
    if style == "rule":
        event, action = wrap(t.event, width, balanced=balanced), wrap(t.action, width, balanced=balanced)
        return [*event, "-" * max(cell_width(line) for line in (*event, *action)), *action]
    if cell_width(t.label) <= width:
        return wrap(t.label, width)
    event = wrap(t.event, width, balanced=balanced)
    if cell_width(event[-1]) + 2 > width:  # room for " /" after the event's last line
        event = wrap(t.event, max([width - 2, *(cell_width(w) for w in t.event.split())]), balanced=balanced)
    event[-1] += " /"
    return event + wrap(t.action, width, balanced=balanced)


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


def assign_ports(node: Node) -> bool:
    """Spread a box's connections over its top and bottom borders, ordered by where they lead.

    Returns whether any port moved.
    """
    offsets = node.offsets
    if node.kind != "box":
        if not offsets:
            for conn in (*node.top, *node.bottom):
                offsets[id(conn)] = 0
            return True
        return False
    before = dict(offsets)
    centre = node.x + node.box_width / 2
    single = len(node.parts) == 1
    for top, conns in ((True, node.top), (False, node.bottom)):
        # the ports of one border (part), ordered by the column their other end is at, then by edge
        groups: list[list[tuple[float, int, int, Conn]]] = [[] for _ in node.parts]
        for i, conn in enumerate(conns):
            other = conn.upper if top else conn.lower
            at = centre if other is None else other.x + other.offsets.get(id(conn), 0)
            part = 0 if single else (conn.lower_part if top else conn.upper_part)
            groups[part].append((at, conn.edge, i, conn))
        for part, group in enumerate(groups):
            if not group:
                continue
            group.sort(key=_port_order)
            start, width = (0, node.box_width) if single else part_span(node, part)
            k, inner = len(group), width - 2
            for i, entry in enumerate(group):
                offsets[id(entry[3])] = start + 1 + int((i + 0.5) * inner / k)
    return offsets != before


def _port_order(entry: tuple[float, int, int, Conn]) -> tuple[float, int, int]:
    return entry[0], entry[1], entry[2]


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
    if direction == "up":
        links = [(c, c.upper) for c in node.top if c.upper is not None]
    else:
        links = [(c, c.lower) for c in node.bottom]
    if not links:
        return None
    targets = sorted(other.x + other.offsets[id(c)] - node.offsets[id(c)] for c, other in links)
    mid = len(targets) // 2
    return targets[mid] if len(targets) % 2 else (targets[mid - 1] + targets[mid]) / 2


def _priority(node: Node, direction: str) -> int:
    if node.kind != "box":
        return 1000
    return len(node.top if direction == "up" else node.bottom)


def _align(rank: list[Node], gap: int, direction: str) -> None:
    """Sugiyama's priority method for one rank.

    Nodes move, most important first, towards the position that makes their
    connections straight, pushing less important neighbours along but never
    a more important one.  Label and dummy nodes come first, so long lines
    stay straight.
    """
    count = len(rank)
    seps = [rank[i].width + gap_between(rank[i], rank[i + 1], gap) for i in range(count - 1)]
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


def place(graph: Graph, gap: int) -> int:
    """Set every node's x; return the width used."""
    for rank in graph.ranks:
        x = 0
        for i, node in enumerate(rank):
            node.x = x
            if i + 1 < len(rank):
                x += node.width + gap_between(node, rank[i + 1], gap)
    nodes = [n for rank in graph.ranks for n in rank]
    # Ports start afresh (two passes, so that each end sees the other's first guess): a placement
    # depends on the sizes and the gap only, never on the placement before it.
    for node in nodes:
        node.offsets = {}
    for _ in range(2):
        for node in nodes:
            assign_ports(node)
    count = len(graph.ranks)
    for sweep in range(_PLACEMENT_SWEEPS):
        if sweep % 2 == 0:
            order, direction = range(1, count), "up"
        else:
            order, direction = range(count - 2, -1, -1), "down"
        for r in order:
            _align(graph.ranks[r], gap, direction)
            # A box's ports depend on the columns of the ends of its connections only:
            # it is assigned again only when some port moved since it last was.
            moves, settled = 0, dict[int, int]()
            for node in graph.ranks[r]:
                ends = [node] if node.kind == "box" else [e for c in (*node.top, *node.bottom) for e in _ends(c)]
                for end in ends:  # a label or dummy moved: the boxes it links to may order their ports anew
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


def _ends(conn: Conn) -> list[Node]:
    """The boxes at the ends of ``conn``."""
    return [end for end in (conn.upper, conn.lower) if end is not None and end.kind == "box"]


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


def _links(node: Node) -> list[tuple[Conn, Node]]:
    links = [(c, c.upper) for c in node.top if c.upper is not None]
    return links + [(c, c.lower) for c in node.bottom]


def _bend_cost(node: Node, x: int) -> float:
    """How bent ``node``'s connections are if it stands at ``x``."""
    cost = 0.0
    for conn, other in _links(node):
        dx = abs(x + node.offsets[id(conn)] - other.x - other.offsets[id(conn)])
        if dx:
            cost += _weight(node, other) * (2 + dx / 8)
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


def _straighten(graph: Graph, gap: int) -> None:
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
