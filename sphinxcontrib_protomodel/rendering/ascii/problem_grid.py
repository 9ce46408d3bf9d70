"""An occupancy grid for box-and-arrow ASCII art: obstacles, routes, labels.

Every cell records what occupies it, so a route never runs along another
route, a box or a group border, and a label is only put where its cells and
a one-cell margin around them are empty.  Routes may cross another route or a
group border at a right angle (drawn ``+``), at a price that makes the router
prefer a way around.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from .canvas import Canvas, cell_width

#: Directions as (drow, dcol): east, south, west, north.
DIRS = ((0, 1), (1, 0), (0, -1), (-1, 0))
E, S, W, N = range(4)
HEADS = {E: ">", S: "v", W: "<", N: "^"}

STEP = 10
TURN = 40
CROSS_EDGE = 90
CROSS_BORDER = 15
HUG = 20  # running right beside another line or a box


@dataclass
class Cell:
    """What occupies a cell.  ``kind``: box, border, edge, label, text, cross."""

    kind: str
    owner: object = None
    #: for lines: "h" or "v" (crossable at a right angle), "c" (a corner or head: not)
    orient: str = "c"


class Grid:
    """A rows x cols grid of cells plus the characters drawn in them."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.cells: list[list[Cell | None]] = [[None] * cols for _ in range(rows)]
        self.canvas = Canvas()

    def inside(self, r: int, c: int) -> bool:
        return 0 <= r < self.rows and 0 <= c < self.cols

    def at(self, r: int, c: int) -> Cell | None:
        return self.cells[r][c] if self.inside(r, c) else None

    def mark(self, r: int, c: int, cell: Cell, ch: str | None = None) -> None:
        self.cells[r][c] = cell
        if ch is not None:
            self.canvas.put(r, c, ch)

    # ------------------------------------------------------------ drawing

    def box(self, top: int, left: int, bottom: int, right: int, owner: object, kind: str = "box") -> None:
        """A box whose every cell, inside included, is an obstacle."""
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                self.cells[r][c] = Cell(kind, owner)
        self.canvas.box(top, left, bottom, right)

    def border(self, top: int, left: int, bottom: int, right: int, owner: object) -> None:
        """A group border: its straight cells can be crossed, its inside is free."""
        for c in range(left, right + 1):
            for r in (top, bottom):
                self.cells[r][c] = Cell("border", owner, "h")
        for r in range(top, bottom + 1):
            for c in (left, right):
                self.cells[r][c] = Cell("border", owner, "v")
        for r, c in ((top, left), (top, right), (bottom, left), (bottom, right)):
            self.cells[r][c] = Cell("border", owner, "c")
        self.canvas.box(top, left, bottom, right)

    def text(self, r: int, c: int, text: str, owner: object, kind: str = "text") -> None:
        """Write ``text`` and make its cells obstacles."""
        col = c
        for ch in text:
            w = cell_width(ch)
            for k in range(w):
                self.cells[r][col + k] = Cell(kind, owner)
            col += w
        self.canvas.text(r, c, text)

    # ------------------------------------------------------------ labels

    def fits(self, top: int, left: int, height: int, width: int, owner: object) -> bool:
        """Whether a text block fits here with a free margin (own route cells allowed there)."""
        if top < 0 or left < 0 or top + height > self.rows or left + width > self.cols:
            return False
        for r in range(top - 1, top + height + 1):
            for c in range(left - 1, left + width + 1):
                if not self.inside(r, c):
                    continue
                cell = self.cells[r][c]
                if cell is None:
                    continue
                in_block = top <= r < top + height and left <= c < left + width
                if in_block or not (cell.kind == "edge" and cell.owner == owner):
                    return False
        return True

    def halo(self, top: int, left: int, height: int, width: int) -> None:
        """Keep routes one cell away from a text block: its free neighbours become obstacles."""
        for r in range(top - 1, top + height + 1):
            for c in range(left - 1, left + width + 1):
                if self.inside(r, c) and self.cells[r][c] is None:
                    self.cells[r][c] = Cell("halo")

    # ------------------------------------------------------------ routing

    def route(
        self,
        starts: list[tuple[int, int, int, int]],
        targets: dict[tuple[int, int], int],
        owner: object,
        avoid: frozenset[tuple[int, int]] = frozenset(),
    ) -> list[tuple[int, int, int]] | None:
        """Cheapest orthogonal path (A*): a list of (row, col, direction).

        ``starts``: (row, col, direction of the first move, extra cost);
        ``targets``: cell -> direction the path must arrive in.
        """
        if not targets:
            return None
        t_rows = [r for r, _ in targets]
        t_cols = [c for _, c in targets]
        r_lo, r_hi, c_lo, c_hi = min(t_rows), max(t_rows), min(t_cols), max(t_cols)

        def h(r: int, c: int) -> int:
            dr = r_lo - r if r < r_lo else (r - r_hi if r > r_hi else 0)
            dc = c_lo - c if c < c_lo else (c - c_hi if c > c_hi else 0)
            return (dr + dc) * STEP

        heap: list[tuple[int, int, int, int, int, int]] = []
        best: dict[tuple[int, int, int], int] = {}
        parent: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}
        seq = 0
        for r, c, d, extra in starts:
            if not self.inside(r, c) or self.cells[r][c] is not None or (r, c) in avoid:
                continue
            cost = extra + self._hug(r, c, d, owner)
            key = (r, c, d)
            if cost < best.get(key, 1 << 60):
                best[key] = cost
                parent[key] = None
                heapq.heappush(heap, (cost + h(r, c), seq, cost, r, c, d))
                seq += 1
        while heap:
            _, _, cost, r, c, d = heapq.heappop(heap)
            if cost > best.get((r, c, d), 1 << 60):
                continue
            if targets.get((r, c)) == d and parent[(r, c, d)] is not None:
                path = []
                key: tuple[int, int, int] | None = (r, c, d)
                while key is not None:
                    path.append(key)
                    key = parent[key]
                return path[::-1]
            here = self.cells[r][c]
            for nd in (d, (d + 1) % 4, (d + 3) % 4):
                if nd != d and here is not None:
                    continue  # no turning on a crossing
                dr, dc = DIRS[nd]
                nr, nc = r + dr, c + dc
                if not self.inside(nr, nc) or (nr, nc) in avoid:
                    continue
                step = self._enter(nr, nc, nd, owner, (nr, nc) in targets)
                if step is None:
                    continue
                ncost = cost + step + (TURN if nd != d else 0)
                key = (nr, nc, nd)
                if ncost < best.get(key, 1 << 60):
                    best[key] = ncost
                    parent[key] = (r, c, d)
                    heapq.heappush(heap, (ncost + h(nr, nc), seq, ncost, nr, nc, nd))
                    seq += 1
        return None

    def _enter(self, r: int, c: int, d: int, owner: object, target: bool) -> int | None:
        cell = self.cells[r][c]
        if cell is None:
            hug = self._hug(r, c, d, owner)
            if hug >= 2 * HUG and not target:
                return None  # no squeezing through a one-cell corridor
            return STEP + hug
        if target:
            return None  # a route ends on a free cell
        want = "v" if d in (N, S) else "h"
        cross = {"h": "v", "v": "h"}[want]  # the orientation a crossed line must have
        if cell.orient != cross:
            return None
        if cell.kind == "edge" and cell.owner != owner:
            return STEP + CROSS_EDGE
        if cell.kind == "border":
            return STEP + CROSS_BORDER
        return None

    def _hug(self, r: int, c: int, d: int, owner: object) -> int:
        """A price for running right beside something (lines stay apart)."""
        sides = ((r - 1, c), (r + 1, c)) if d in (E, W) else ((r, c - 1), (r, c + 1))
        cost = 0
        for sr, sc in sides:
            cell = self.at(sr, sc)
            if cell is not None and not (cell.kind == "edge" and cell.owner == owner):
                cost += HUG
        return cost

    def draw_route(
        self, path: list[tuple[int, int, int]], owner: object, dotted: bool, heads: tuple[bool, bool]
    ) -> list[tuple[int, int, Cell | None, str]]:
        """Draw a path; ``heads``: arrowhead at (start, end).  Returns what :meth:`undo` needs."""
        n = len(path)
        undo = [(r, c, self.cells[r][c], self.canvas.get(r, c)) for r, c, _ in path]
        for i, (r, c, d) in enumerate(path):
            d_in = d
            d_out = path[i + 1][2] if i + 1 < n else d
            existing = self.cells[r][c]
            if existing is not None:  # a crossing
                self.mark(r, c, Cell("cross", owner), "+")
                continue
            if i == 0 and heads[0]:
                ch, orient = HEADS[(path[0][2] + 2) % 4], "c"
            elif i == n - 1 and heads[1]:
                ch, orient = HEADS[d_in], "c"
            elif d_in != d_out:
                ch, orient = ("." if dotted else "+"), "c"
            elif d_in in (E, W):
                ch, orient = ("." if dotted else "-"), "h"
            else:
                ch, orient = (":" if dotted else "|"), "v"
            self.mark(r, c, Cell("edge", owner, orient), ch)
        return undo

    def undo(self, saved: list[tuple[int, int, Cell | None, str]]) -> None:
        for r, c, cell, ch in reversed(saved):
            self.mark(r, c, cell, ch)


def segments(path: list[tuple[int, int, int]]) -> list[tuple[int, list[tuple[int, int]]]]:
    """Maximal straight runs of a path: (direction, cells); corners belong to both runs."""
    if len(path) == 1:
        return [(path[0][2], [(path[0][0], path[0][1])])]
    runs: list[tuple[int, list[tuple[int, int]]]] = []
    for i in range(len(path) - 1):
        d = path[i + 1][2]
        a, b = (path[i][0], path[i][1]), (path[i + 1][0], path[i + 1][1])
        if runs and runs[-1][0] == d:
            runs[-1][1].append(b)
        else:
            runs.append((d, [a, b]))
    return runs
