"""Routing: channel tracks between ranks, and the assembly of the final geometry.

Between two layers, a channel router gives each bent connection a horizontal
track (left-edge algorithm with vertical constraints); the assembly turns
the placed graph and its tracks into boxes, polylines and labels.
"""

from __future__ import annotations

from itertools import pairwise

from ...diagrams import StateMachine
from .geometry import BoxGeom, EdgeGeom, LabelGeom, Layout, LayoutError
from .placement import part_span
from .ranking import Conn, Graph, Node


def _span(c: Conn) -> tuple[int, int]:
    if c.upper is None:
        return c.lower_col, c.lower_col
    return min(c.upper_col, c.lower_col), max(c.upper_col, c.lower_col)


def _crossings_if_above(a: Conn, b: Conn) -> int:
    """Crossings between ``a`` and ``b`` when ``a`` turns on a higher track."""
    count = 0
    lo, hi = _span(a)
    if b.upper is not None and lo < b.upper_col < hi:
        count += 1  # a's horizontal meets b's upper line
    lo, hi = _span(b)
    if lo < a.lower_col < hi:
        count += 1  # b's horizontal meets a's lower line
    return count


def _reaches(graph: dict[int, list[Conn]], start: Conn, goal: Conn) -> bool:
    seen, todo = {id(start)}, [start]
    while todo:
        for nxt in graph[id(todo.pop())]:
            if nxt is goal:
                return True
            if id(nxt) not in seen:
                seen.add(id(nxt))
                todo.append(nxt)
    return False


def route_channel(conns: list[Conn]) -> int:
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
    after: dict[int, list[Conn]] = {id(c): [] for c in bent}
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
    before: dict[int, list[tuple[Conn, int]]] = {id(c): [] for c in bent}
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


def assemble(sm: StateMachine, graph: Graph, used_width: int) -> Layout:
    ranks = graph.ranks
    channels: list[list[Conn]] = [[] for _ in ranks]
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
            heights.append(route_channel(channel))
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

    def channel_points(conn: Conn) -> list[tuple[int, int]]:
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

    nodes = list({id(n): n for n in graph.boxes.values()}.values())
    boxes = []
    for node in nodes:
        interior = node.box_height - 2
        for part, (name, lines) in enumerate(zip(node.parts, node.part_lines, strict=True)):
            start, width = part_span(node, part)
            boxes.append(
                BoxGeom(
                    name,
                    node.x + start,
                    band_top[node.rank],
                    width,
                    node.box_height,
                    tuple(lines),
                    name in sm.final,
                    1 + (interior - len(lines)) // 2,
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
                start_row = band_top[src.rank] + src.box_height - 1 if down else band_top[src.rank]
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
                points.append((path[-1][0], band_top[dst.rank] + dst.box_height))
        edges.append(EdgeGeom(i, simplify(points), label))
    for node in nodes:
        if node.flat is not None:
            edges.append(_level_edge(node, band_top[node.rank] + 1))
    for node in nodes:
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


def _level_edge(node: Node, row: int) -> EdgeGeom:
    """The level transition between the two boxes of a pair, at ``row``, its label under the arrow."""
    assert node.flat is not None
    left_border = node.x + node.part_widths[0] - 1
    right_border = node.x + part_span(node, 1)[0]
    if node.flat.rightwards:
        points = ((left_border, row), (right_border - 1, row))
    else:
        points = ((right_border, row), (left_border + 1, row))
    label = LabelGeom(left_border + 3, row + 1, tuple(node.flat_lines)) if node.flat_lines else None
    return EdgeGeom(node.flat.index, points, label)


def simplify(points: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
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


__all__ = ["assemble", "route_channel", "simplify"]
