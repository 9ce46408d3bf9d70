"""Ordering: barycentre sweeps and transpositions that reduce crossings between ranks."""

from __future__ import annotations

from .ranking import Conn, Graph, Node

_SWEEPS = 8


def _at(node: Node, part: int) -> float:
    """Where a connection meets ``node`` for ordering: a pair's two boxes lie either side of its position."""
    return node.pos + (0.3 * (2 * part - 1) if len(node.parts) == 2 else 0.0)


def _up(c: Conn) -> float:
    assert c.upper is not None
    return _at(c.upper, c.upper_part)


def _low(c: Conn) -> float:
    return _at(c.lower, c.lower_part)


def _crossings(graph: Graph) -> int:
    total = 0
    by_rank: dict[int, list[tuple[float, float]]] = {}
    for c in graph.conns:
        assert c.upper is not None  # only the initial markers have none, and they are stubs
        by_rank.setdefault(c.upper.rank, []).append((_up(c), _low(c)))
    for pairs in by_rank.values():
        pairs.sort()
        for i, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[i + 1 :]:
                if a1 != a2 and b2 < b1:
                    total += 1
    return total


def order_ranks(graph: Graph) -> None:
    """Barycentre sweeps; keep the order with the fewest crossings."""

    def snapshot() -> list[list[Node]]:
        return [list(r) for r in graph.ranks]

    def restore(ranks: list[list[Node]]) -> None:
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
                others = [_up(c) for c in node.top if c.upper] if down else [_low(c) for c in node.bottom]
                node.key = sum(others) / len(others) if others else node.pos
            rank.sort(key=lambda n: (n.key, n.pos))
            for p, node in enumerate(rank):
                node.pos = p
        cost = _crossings(graph)
        if cost < best_cost:
            best, best_cost = snapshot(), cost
    restore(best)
    _transpose(graph)


def _pair_crossings(u: Node, v: Node) -> int:
    """Crossings between the connections of ``u`` and of ``v`` if ``u`` stands left of ``v``."""
    count = 0
    for side in ("top", "bottom"):
        ends_u = [_up(c) if side == "top" else _low(c) for c in getattr(u, side) if c.upper or side == "bottom"]
        ends_v = [_up(c) if side == "top" else _low(c) for c in getattr(v, side) if c.upper or side == "bottom"]
        count += sum(1 for a in ends_u for b in ends_v if a > b)
    return count


def _transpose(graph: Graph) -> None:
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


__all__ = ["order_ranks"]
