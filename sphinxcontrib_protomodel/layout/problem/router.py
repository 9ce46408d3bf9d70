"""An occupancy grid for the problem figure: obstacles, routes, labels.

Every cell records what occupies it, so a route never runs along another
route, a box or a group border, and a label is only put where its cells and
a one-cell margin around them are empty.  Routes may cross another route or a
group border at a right angle, at a price that makes the router prefer a way
around (the painters draw a crossing so that it reads as one, never as a
turn).  The grid is as large as the picture being drawn, whatever the
width allowed.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ...cells import cell_width

#: Directions as (drow, dcol): east, south, west, north.
DIRS = ((0, 1), (1, 0), (0, -1), (-1, 0))
E, S, W, N = range(4)

STEP = 10
TURN = 40
CROSS_EDGE = 90
CROSS_BORDER = 60  # crossing a frame twice costs more than going round inside it
HUG = 20  # running right beside another line or a box
NEAR = 8  # cells around a route's ends searched first


# Router codes: what a route may do with a cell.
FREE, BLOCKED, EDGE_H, EDGE_V, BORDER_H, BORDER_V, OUTSIDE, BOX = range(8)


@dataclass
class Cell:
    """What occupies a cell.  ``kind``: box, border, edge, label, text, cross."""

    kind: str
    owner: object = None
    #: for lines: "h" or "v" (crossable at a right angle), "c" (a corner or head: not)
    orient: str = "c"


def _code(cell: Cell | None) -> int:
    if cell is None:
        return FREE
    if cell.kind == "edge" and cell.orient != "c":
        return EDGE_H if cell.orient == "h" else EDGE_V
    if cell.kind == "border" and cell.orient != "c":
        return BORDER_H if cell.orient == "h" else BORDER_V
    if cell.kind == "box":
        return BOX
    return BLOCKED


class Grid:
    """A ``rows`` x ``cols`` grid of cells (rows and columns of the picture, not of the page)."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.cells: list[list[Cell | None]] = [[None] * cols for _ in range(rows)]
        # The router's view: one code per cell, row-major, with a frame of OUTSIDE cells.
        self.stride = cols + 2
        self.code = [OUTSIDE] * ((rows + 2) * self.stride)
        for r in range(rows):
            base = (r + 1) * self.stride + 1
            self.code[base : base + cols] = [FREE] * cols
        # The price of passing each cell between what lies either side of it, moving E/W and N/S.
        self.hug_h = [0] * len(self.code)
        self.hug_v = [0] * len(self.code)

    def _set(self, r: int, c: int, cell: Cell | None) -> None:
        self.cells[r][c] = cell
        stride, code = self.stride, self.code
        i = (r + 1) * stride + c + 1
        code[i] = _code(cell)
        last = len(code) - stride
        hug_h, hug_v = self.hug_h, self.hug_v
        # The cells above and below see it beside them, and so do the cells left and right of it.
        j = i - stride
        if stride <= j < last:
            hug_h[j] = _PRICES_H[code[j - stride] * _CODES + code[j + stride]]
        j = i + stride
        if stride <= j < last:
            hug_h[j] = _PRICES_H[code[j - stride] * _CODES + code[j + stride]]
        hug_v[i - 1] = _PRICES_V[code[i - 2] * _CODES + code[i]]
        hug_v[i + 1] = _PRICES_V[code[i] * _CODES + code[i + 2]]

    def mark(self, r: int, c: int, cell: Cell | None) -> None:
        self._set(r, c, cell)

    # ------------------------------------------------------------ drawing

    def box(self, top: int, left: int, bottom: int, right: int, owner: object, kind: str = "box") -> None:
        """A box whose every cell, inside included, is an obstacle (set at once, then the prices around it)."""
        cell = Cell(kind, owner)
        value = _code(cell)
        stride, code = self.stride, self.code
        for r in range(top, bottom + 1):
            self.cells[r][left : right + 1] = [cell] * (right - left + 1)
            base = (r + 1) * stride + 1
            code[base + left : base + right + 1] = [value] * (right - left + 1)
        # Only the cells around it see it beside them (nothing is priced inside a box).
        self._reprice(top - 1, left, top - 1, right)
        self._reprice(bottom + 1, left, bottom + 1, right)
        self._reprice(top, left - 1, bottom, left - 1)
        self._reprice(top, right + 1, bottom, right + 1)

    def _reprice(self, top: int, left: int, bottom: int, right: int) -> None:
        """The prices of passing the cells of a rectangle (grid coordinates), from the codes around them."""
        stride, code = self.stride, self.code
        last = len(code) - stride
        for r in range(max(0, top), min(self.rows, bottom + 1)):
            for c in range(max(0, left), min(self.cols, right + 1)):
                j = (r + 1) * stride + c + 1
                if stride <= j < last:
                    self.hug_h[j] = _PRICES_H[code[j - stride] * _CODES + code[j + stride]]
                self.hug_v[j] = _PRICES_V[code[j - 1] * _CODES + code[j + 1]]

    def border(self, top: int, left: int, bottom: int, right: int, owner: object) -> None:
        """A group border: its straight cells can be crossed, its inside is free."""
        for c in range(left, right + 1):
            for r in (top, bottom):
                self._set(r, c, Cell("border", owner, "h"))
        for r in range(top, bottom + 1):
            for c in (left, right):
                self._set(r, c, Cell("border", owner, "v"))
        for r, c in ((top, left), (top, right), (bottom, left), (bottom, right)):
            self._set(r, c, Cell("border", owner, "c"))

    def text(self, r: int, c: int, text: str, owner: object, kind: str = "text") -> None:
        """Write ``text`` and make its cells obstacles."""
        col = c
        for ch in text:
            w = cell_width(ch)
            for k in range(w):
                self._set(r, col + k, Cell(kind, owner))
            col += w

    # ------------------------------------------------------------ labels

    def fits(self, top: int, left: int, height: int, width: int, beside: frozenset[tuple[int, int]]) -> bool:
        """Whether a text block fits here with a free margin; ``beside``: the run it labels, allowed there."""
        if top < 0 or left < 0 or top + height > self.rows or left + width > self.cols:
            return False
        bottom, right = top + height, left + width
        c0, c1 = max(0, left - 1), min(self.cols, right + 1)
        for r in range(max(0, top - 1), min(self.rows, bottom + 1)):
            row = self.cells[r]
            if not any(row[c0:c1]):
                continue
            in_rows = top <= r < bottom
            for c in range(c0, c1):
                if row[c] is None:
                    continue
                if (in_rows and left <= c < right) or (r, c) not in beside:
                    return False
        return True

    def has_text(self, r: int) -> bool:
        """Whether row ``r`` holds a label or a title."""
        return 0 <= r < self.rows and any(c.kind in ("label", "text") for c in filter(None, self.cells[r]))

    def halo(self, top: int, left: int, height: int, width: int) -> None:
        """Keep routes one cell away from a text block: its free neighbours become obstacles."""
        for r in range(max(0, top - 1), min(self.rows, top + height + 1)):
            row = self.cells[r]
            for c in range(max(0, left - 1), min(self.cols, left + width + 1)):
                if row[c] is None:
                    self._set(r, c, Cell("halo"))

    # ------------------------------------------------------------ routing

    def route(
        self,
        starts: list[tuple[int, int, int, int]],
        targets: dict[tuple[int, int], int],
        avoid: frozenset[tuple[int, int]] = frozenset(),
        arrive: dict[tuple[int, int], int] | None = None,
    ) -> list[tuple[int, int, int]] | None:
        """Cheapest orthogonal path: near the two ends first (fast), else anywhere on the grid.

        ``arrive``: the extra cost of ending on some of the targets.
        """
        if not targets or not starts:
            return None
        rows = [r for r, _, _, _ in starts] + [r for r, _ in targets]
        cols = [c for _, c, _, _ in starts] + [c for _, c in targets]
        near = (min(rows) - NEAR, max(rows) + NEAR, min(cols) - NEAR, max(cols) + NEAR)
        ends = arrive or {}
        return self._search(starts, targets, avoid, near, ends) or self._search(starts, targets, avoid, None, ends)

    def _search(
        self,
        starts: list[tuple[int, int, int, int]],
        targets: dict[tuple[int, int], int],
        avoid: frozenset[tuple[int, int]],
        window: tuple[int, int, int, int] | None,
        arrive: dict[tuple[int, int], int] | None = None,
    ) -> list[tuple[int, int, int]] | None:
        """Cheapest orthogonal path (A*) within ``window`` (rows, columns: first, last): (row, col, direction) cells.

        ``starts``: (row, col, direction of the first move, extra cost);
        ``targets``: cell -> direction the path must arrive in.  A route
        turns only on free cells, crosses lines and borders only at right
        angles, never squeezes between two obstacles and pays for running
        right beside one.
        """
        if not targets:
            return None
        stride, code = self.stride, self.code
        step = (1, stride, -1, -stride)
        # Cells as indexes into ``code``: (r + 1) * stride + c + 1 (written out: this is the layout's hot spot).
        goal = {(r + 1) * stride + c + 1: d for (r, c), d in targets.items()}
        goal_cost = {(r + 1) * stride + c + 1: cost for (r, c), cost in (arrive or {}).items()}
        banned = {(r + 1) * stride + c + 1 for r, c in avoid}
        if window is not None:  # cells outside the window are banned too
            allowed = bytearray(len(code))
            r0, r1 = max(0, window[0]), min(self.rows - 1, window[1])
            c0, c1 = max(0, window[2]), min(self.cols - 1, window[3])
            run = b"\x01" * (c1 - c0 + 1)
            for first in range((r0 + 1) * stride + c0 + 1, (r1 + 1) * stride + c0 + 2, stride):
                allowed[first : first + c1 - c0 + 1] = run
        else:
            allowed = bytearray(b"\x01") * len(code)
        t_rows = [r for r, _ in targets]
        t_cols = [c for _, c in targets]
        r_lo, r_hi, c_lo, c_hi = min(t_rows) + 1, max(t_rows) + 1, min(t_cols) + 1, max(t_cols) + 1

        def h(r: int, c: int) -> int:
            """A lower bound from row ``r``, column ``c`` of ``code``: the steps to the targets, a turn if both ways."""
            dr = r_lo - r if r < r_lo else (r - r_hi if r > r_hi else 0)
            dc = c_lo - c if c < c_lo else (c - c_hi if c > c_hi else 0)
            return (dr + dc) * STEP + (TURN if dr and dc else 0)

        across_h, across_v = self.hug_h, self.hug_v
        inf = 1 << 60
        best = [inf] * (len(code) * 4)
        parent: dict[int, int] = {}
        heap: list[tuple[int, int, int, int]] = []
        seq = 0
        rows, cols = self.rows, self.cols
        for r, c, d, extra in starts:
            if not (0 <= r < rows and 0 <= c < cols):
                continue
            i = (r + 1) * stride + c + 1
            if code[i] != FREE or i in banned:
                continue
            # The price of running beside what is on either side; 2 * HUG: forbidden.
            hug = across_h[i] if d in (E, W) else across_v[i]
            if hug >= 2 * HUG:
                continue
            cost = extra + hug
            key = i * 4 + d
            if cost < best[key]:
                best[key] = cost
                parent[key] = -1
                heapq.heappush(heap, (cost + h(r + 1, c + 1), seq, cost, key))
                seq += 1
        # The loop below inlines h and the price of running beside something.
        turns = ((E, S, N), (S, W, E), (W, N, S), (N, E, W))  # straight on, then the two turns
        prices = (across_h, across_v, across_h, across_v)
        lines = (EDGE_V, EDGE_H, EDGE_V, EDGE_H)  # the line a move crosses at a right angle
        frames = (BORDER_V, BORDER_H, BORDER_V, BORDER_H)
        alongs = (stride, 1, stride, 1)
        moves = tuple(zip(step, (0, 1, 0, -1), (1, 0, -1, 0), prices, lines, frames, alongs, strict=True))
        heappush, heappop = heapq.heappush, heapq.heappop
        forbidden = 2 * HUG
        while heap:
            _, _, cost, key = heappop(heap)
            if cost > best[key]:
                continue
            i, d = key >> 2, key & 3
            if goal.get(i) == d and parent[key] >= 0:
                path = []
                while key >= 0:
                    i, d = divmod(key, 4)
                    r, c = divmod(i, stride)
                    path.append((r - 1, c - 1, d))
                    key = parent[key]
                return path[::-1]
            r, c = divmod(i, stride)
            can_turn = code[i] == FREE and parent[key] >= 0  # not on a crossing, not leaving a box
            for nd in turns[d] if can_turn else (d,):
                delta, dr, dc, price, line, frame, along = moves[nd]
                j = i + delta
                if not allowed[j] or (banned and j in banned):
                    continue
                cj = code[j]
                if cj == FREE:
                    extra = price[j]
                    if extra >= forbidden and j not in goal:
                        continue  # no squeezing through a one-cell corridor
                    move = STEP + extra
                elif j in goal:
                    continue  # a route ends on a free cell
                elif cj == line and code[j - along] == cj == code[j + along]:
                    move = STEP + CROSS_EDGE
                elif cj == frame and code[j - along] == cj == code[j + along]:
                    move = STEP + CROSS_BORDER
                else:
                    continue
                ncost = cost + move + (TURN if nd != d else 0)
                if goal_cost and j in goal_cost:
                    ncost += goal_cost[j]
                nkey = j * 4 + nd
                if ncost < best[nkey]:
                    best[nkey] = ncost
                    parent[nkey] = key
                    nr, nc = r + dr, c + dc
                    hr = r_lo - nr if nr < r_lo else (nr - r_hi if nr > r_hi else 0)
                    hc = c_lo - nc if nc < c_lo else (nc - c_hi if nc > c_hi else 0)
                    heappush(heap, (ncost + (hr + hc) * STEP + (TURN if hr and hc else 0), seq, ncost, nkey))
                    seq += 1
        return None

    def draw_route(self, path: list[tuple[int, int, int]], owner: object) -> list[tuple[int, int, Cell | None]]:
        """Occupy a path's cells (ends and corners cannot be crossed).  Returns what :meth:`undo` needs."""
        n = len(path)
        undo = [(r, c, self.cells[r][c]) for r, c, _ in path]
        for i, (r, c, d) in enumerate(path):
            d_out = path[i + 1][2] if i + 1 < n else d
            if self.cells[r][c] is not None:  # a crossing
                self.mark(r, c, Cell("cross", owner))
            elif i in (0, n - 1) or d != d_out:
                self.mark(r, c, Cell("edge", owner, "c"))
            else:
                self.mark(r, c, Cell("edge", owner, "h" if d in (E, W) else "v"))
        return undo

    def undo(self, saved: list[tuple[int, int, Cell | None]]) -> None:
        for r, c, cell in reversed(saved):
            self.mark(r, c, cell)


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


def _price(before: int, after: int, parallel: tuple[int, ...]) -> int:
    """The price of passing between two cells' codes (2 * HUG: forbidden)."""
    if before in parallel or after in parallel:
        return 2 * HUG  # right beside another line, a frame or a box: they would read as one
    return HUG * ((before not in (FREE, OUTSIDE)) + (after not in (FREE, OUTSIDE)))


#: The number of router codes, and :func:`_price` for every two codes (``before * _CODES + after``),
#: passing between them moving east or west (``_PRICES_H``: the codes above and below), north or south.
_CODES = BOX + 1
_PRICES_H = tuple(_price(b, a, (EDGE_H, BORDER_H, BOX)) for b in range(_CODES) for a in range(_CODES))
_PRICES_V = tuple(_price(b, a, (EDGE_V, BORDER_V, BOX)) for b in range(_CODES) for a in range(_CODES))


def corner_points(path: list[tuple[int, int, int]]) -> tuple[tuple[int, int], ...]:
    """A path as drawing points (x, y): its ends and the cells where it turns."""
    points = [(path[0][1], path[0][0])]
    for i in range(1, len(path) - 1):
        if path[i + 1][2] != path[i][2]:
            points.append((path[i][1], path[i][0]))
    if len(path) > 1:
        points.append((path[-1][1], path[-1][0]))
    return tuple(points)
