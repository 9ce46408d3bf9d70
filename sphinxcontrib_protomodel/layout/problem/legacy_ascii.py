"""Problem model -> ASCII art: boxes and arrows on a character grid.

The parties stand where blockdiag puts them in the SVG (same grid, from
:func:`..graphics.problem.problem_layout`), so both renderings show the same
arrangement.  Every relation is its own route, found by an A* search on an
occupancy grid (:mod:`.problem_grid`), with its label and detail lines
beside it.  Trust routes are dotted (``....>`` across, ``:`` down) and their
labels start with ``trust:``; groups are boxes with their label in the top
border.

When the picture cannot fit the width, it degrades, saying why in
``AsciiArt.degraded``:

1. labels and boxes are wrapped narrower (at word boundaries);
2. a ``right`` picture is drawn top to bottom instead;
3. the parties are stacked in one column (groups together), the relations
   routed beside it;
4. the parties are drawn as boxes (groups around their members) and the
   relationships are listed under them, one per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...engines.blockdiag import GridLayout, problem_layout, relation_text
from ...model import AsciiArt, Problem, Relation, RenderOptions
from ..canvas import Canvas, cell_width, wrap
from .grid import Cell, E, Grid, N, S, W, segments

#: (party label width, relation label width) tried in turn, widest first.
CAPS = ((20, 24), (16, 18), (12, 14), (8, 10))
MAX_TRIES = 14
ALTERNATIVES = 3  # routes tried for one relation before its gaps grow
GROUP_PAD = 2  # a blank and the border, on each side of a group's boxes
MIN_SPACE = 4  # columns between two boxes (or group borders)
MIN_VSPACE = 3  # rows between two boxes


@dataclass(frozen=True)
class Placed:
    """A text block in the output: ``lines`` start at (row, col) of the text."""

    kind: str  # "party" | "group" | "label" | "list"
    key: object  # party name, group name or relation index
    row: int
    col: int
    lines: tuple[str, ...]
    #: where each line starts, when they are not aligned on ``col`` (centred in a box)
    cols: tuple[int, ...] = ()

    def line_cols(self) -> tuple[int, ...]:
        return self.cols or (self.col,) * len(self.lines)


@dataclass
class Drawing:
    """An ASCII rendering and where everything went in it (tests read this)."""

    text: str
    degraded: str | None = None
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    groups: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    texts: list[Placed] = field(default_factory=list)


#: Beyond these, the picture is not attempted: the listing is shown at once.
MAX_DRAWN_PARTIES = 8
MAX_DRAWN_RELATIONS = 10


def problem_ascii(problem: Problem, options: RenderOptions) -> AsciiArt:
    drawing = problem_drawing(problem, options)
    return AsciiArt(drawing.text, drawing.degraded)


def problem_drawing(problem: Problem, options: RenderOptions) -> Drawing:
    """The best picture that fits ``options.width`` (see the module docstring)."""
    width = options.width
    if len(problem.parties) > MAX_DRAWN_PARTIES or len(problem.relations) > MAX_DRAWN_RELATIONS:
        # Routing grows steeply with size; a figure this big is no model figure anyway.
        drawing = listing(problem, width)
        drawing.degraded = (
            f"too large to draw ({len(problem.parties)} parties, {len(problem.relations)} relationships; "
            f"at most {MAX_DRAWN_PARTIES} and {MAX_DRAWN_RELATIONS}): relationships listed under the parties"
        )
        return drawing
    directions = [options.direction] + (["down"] if options.direction == "right" else [])
    for direction in directions:
        layout = problem_layout(problem, direction)
        for party_cap, label_cap in CAPS:
            drawing = _Picture(problem, layout, width, party_cap, label_cap, direction).run()
            if drawing is not None:
                if direction != options.direction:
                    drawing.degraded = f"too wide for {width} columns from left to right: drawn top to bottom"
                return drawing
    for party_cap, label_cap in CAPS:
        picture = _Picture(problem, stacked_layout(problem), width, party_cap, label_cap, "down")
        # Routes between parties that are not neighbours run down the right side.
        picture.space[1] = max(picture.space[1], *(_block_width(e.label) + 4 for e in picture.edges), MIN_SPACE)
        drawing = picture.run()
        if drawing is not None:
            drawing.degraded = f"too wide for {width} columns side by side: the parties stacked in one column"
            return drawing
    drawing = listing(problem, width)
    drawing.degraded = f"too wide or too dense for {width} columns: relationships listed under the parties"
    return drawing


def stacked_layout(problem: Problem) -> GridLayout:
    """Every party in one column, in order, a group's parties together."""
    order: list[str] = []
    groups: dict[str, tuple[int, int, int, int]] = {}
    member = {m: g for g in problem.groups for m in g.members}
    for p in problem.parties:
        if p.name in order:
            continue
        group = member.get(p.name)
        names = list(group.members) if group else [p.name]
        if group:
            groups[group.name] = (0, len(order), 1, len(names))
        order.extend(names)
    cells = {name: (0, row) for row, name in enumerate(order)}
    return GridLayout(cells, groups, 1, len(order))


# ---------------------------------------------------------------- labels


def label_lines(relation: Relation, width: int) -> list[str]:
    """A relation's label then its details in brackets, wrapped at word boundaries."""
    lines: list[str] = []
    text = relation_text(relation)
    if text:
        lines.extend(wrap(text, width))
    for detail in relation.details:
        lines.extend(wrap(f"[{detail}]", width))
    return lines


def _longest_word(texts: list[str]) -> int:
    return max((cell_width(w) for t in texts for w in t.split()), default=1)


def _block_width(lines: list[str] | tuple[str, ...]) -> int:
    return max((cell_width(line) for line in lines), default=0)


# ---------------------------------------------------------------- picture


@dataclass
class _Edge:
    index: int
    relation: Relation
    label: list[str]

    @property
    def heads(self) -> tuple[bool, bool]:
        return {"->": (False, True), "<->": (True, True), "--": (False, False)}[self.relation.mode]


@dataclass
class _Failure:
    edge: _Edge | None  # None (and no group): the boxes alone are too wide
    group: str | None = None  # a group label found no room


class _Picture:
    """One attempt family: fixed wrap widths, gaps grown until everything fits."""

    def __init__(
        self, problem: Problem, layout: GridLayout, width: int, party_cap: int, label_cap: int, direction: str
    ) -> None:
        self.problem = problem
        self.layout = layout
        self.width = width
        self.cols, self.rows = max(1, layout.cols), max(1, layout.rows)
        party_cap = max(party_cap, _longest_word([p.label for p in problem.parties]))
        self.party_lines = {p.name: wrap(p.label, party_cap) for p in problem.parties}
        # Gaps are at least as wide as the longest word of any label: use that width.
        texts = [t for r in problem.relations for t in (relation_text(r), *(f"[{d}]" for d in r.details))]
        label_cap = max(label_cap, _longest_word(texts))
        self.edges = [_Edge(i, r, label_lines(r, label_cap)) for i, r in enumerate(problem.relations)]
        # Growable sizes: routing space before each column / row, extra box size.
        self.space = [0] + [MIN_SPACE] * (self.cols - 1) + [0]
        self.vspace = [0] + [MIN_VSPACE] * (self.rows - 1) + [0]
        self.rowextra = [0] * self.rows
        self.colextra = [0] * self.cols
        self.group_rows: dict[str, int] = {}  # blank rows added under a group's top border
        self.sides: dict[int, int] = {}  # times room was added beside a column
        self._initial_sizes()

    # ------------------------------------------------------------ sizing

    def _cell(self, name: str) -> tuple[int, int]:
        return self.layout.cells[name]

    def _initial_sizes(self) -> None:
        per_gap: dict[tuple[int, int], list[int]] = {}
        for e in self.edges:
            (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
            w, h = _block_width(e.label), len(e.label)
            if r1 == r2 and abs(c1 - c2) > 1:  # routed under the boxes between
                self.vspace[r1 + 1] = max(self.vspace[r1 + 1], h + 3)
            elif c1 == c2 and abs(r1 - r2) > 1:  # routed right of the boxes between
                self.space[c1 + 1] = max(self.space[c1 + 1], w + 4)
            elif r1 == r2:  # side by side: the label goes between them
                gap = min(c1, c2) + 1
                self.space[gap] = max(self.space[gap], w + 4)
                per_gap.setdefault((r1, gap), []).append(h)
            if r1 != r2 and not (c1 == c2 and abs(r1 - r2) > 1):
                gap = min(r1, r2) + 1
                self.vspace[gap] = max(self.vspace[gap], h + 3)
        for (row, _), heights in per_gap.items():
            # Stacked lines through one gap, each with its label above it.
            need = sum(h + 2 for h in heights[1:]) + 1
            self.rowextra[row] = max(self.rowextra[row], need - self._inner_rows(row))

    def _inner_rows(self, row: int) -> int:
        names = [n for n, (_, r) in self.layout.cells.items() if r == row]
        return max((len(self.party_lines[n]) for n in names), default=1)

    def _grow(self, failure: _Failure) -> bool:
        """Make room where ``failure`` happened; ``False`` if nothing can grow."""
        e = failure.edge
        if failure.group is not None:  # room inside the group for its label, or a longer border
            gc, _, gw, _ = self.layout.groups[failure.group]
            if self.group_rows.get(failure.group, 0) < 3:
                self.group_rows[failure.group] = self.group_rows.get(failure.group, 0) + 1
                return True
            if self._total_width() + 4 > self.width:
                return False
            self.colextra[gc + gw - 1] += 4
            return True
        if e is None:
            return False
        (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
        w, h = max(1, _block_width(e.label)), max(1, len(e.label))

        def widen(amount: int, gap: int | None = None, col: int | None = None) -> None:
            if self._total_width() + amount > self.width:
                return
            if gap is not None:
                self.space[gap] += amount
            if col is not None:
                self.colextra[col] += amount

        if r1 == r2 and abs(c1 - c2) > 1:  # around the boxes between: room under them
            self.vspace[r1 + 1] += h + 2
        elif r1 == r2:  # beside each other: taller boxes, a wider gap
            self.rowextra[r1] += h + 1
            widen(2, gap=max(c1, c2))
        elif abs(r1 - r2) > 1 and c1 == c2:  # around the boxes between: room right of them
            widen(w + 3, gap=c1 + 1)
            self.vspace[max(r1, r2)] += 1
        elif c1 == c2:  # above each other: wider boxes (up to a point), else room right of them
            if self.colextra[c1] < 8:
                widen(4, col=c1)
            else:  # room left of the column, then right of it, in turn
                side = c1 + self.sides.get(c1, 0) % 2
                self.sides[c1] = self.sides.get(c1, 0) + 1
                widen(w + 3, gap=side)
            self.vspace[max(r1, r2)] += 1
        else:
            for gap in range(min(c1, c2) + 1, max(c1, c2) + 1):
                widen(3, gap=gap)
            for gap in range(min(r1, r2) + 1, max(r1, r2) + 1):
                self.vspace[gap] += 2
            self.rowextra[r1] += 1
            self.rowextra[r2] += 1
        return True

    # ------------------------------------------------------------ geometry

    def _group_pads(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Columns / rows taken by group borders before and after each column / row."""
        lpad, rpad = [0] * self.cols, [0] * self.cols
        tpad, bpad = [0] * self.rows, [0] * self.rows
        for gc, gr, gw, gh in self.layout.groups.values():
            lpad[gc] = rpad[gc + gw - 1] = GROUP_PAD
            bpad[gr + gh - 1] = GROUP_PAD
            tpad[gr] = max(tpad[gr], GROUP_PAD)
        return lpad, rpad, tpad, bpad

    def _columns(self) -> tuple[list[int], list[int], int]:
        """Left edge and width of each column, and the total width."""
        colw = [1] * self.cols
        for name, (c, _) in self.layout.cells.items():
            colw[c] = max(colw[c], _block_width(self.party_lines[name]) + 4)
        colw = [w + x for w, x in zip(colw, self.colextra, strict=True)]
        lpad, rpad, _, _ = self._group_pads()
        labels = {g.name: g.label for g in self.problem.groups}
        for _ in range(len(self.layout.groups) + 1):
            xs, x = [], 0
            for c in range(self.cols + 1):
                x += (rpad[c - 1] if c > 0 else 0) + self.space[c] + (lpad[c] if c < self.cols else 0)
                if c < self.cols:
                    xs.append(x)
                    x += colw[c]
            # A group is wide enough for the longest word of its label (in its top border).
            short = False
            for name, (gc, _, gw, _) in self.layout.groups.items():
                last = gc + gw - 1
                inner = xs[last] + colw[last] - xs[gc] + 2 * GROUP_PAD - 6  # see _attempt
                need = _longest_word([labels[name]])
                if inner < need:
                    colw[last] += need - inner
                    short = True
            if not short:
                break
        return xs, colw, x

    def _total_width(self) -> int:
        return self._columns()[2]

    # ------------------------------------------------------------ drawing

    def run(self) -> Drawing | None:
        for _ in range(MAX_TRIES):
            result = self._attempt()
            if isinstance(result, Drawing):
                return result
            if not self._grow(result):
                return None
        return None

    def _attempt(self) -> Drawing | _Failure:
        xs, colw, total = self._columns()
        if total > self.width:
            return _Failure(None)
        groups = {g.name: g for g in self.problem.groups}
        # Group rectangles (columns first: a group label wraps to its width).
        grect_cols = {}
        glabels = {}
        extra_top = [0] * self.rows
        for name, (gc, gr, gw, _) in self.layout.groups.items():
            left = xs[gc] - GROUP_PAD
            right = xs[gc + gw - 1] + colw[gc + gw - 1] + GROUP_PAD - 1
            grect_cols[name] = (left, right)
            glabels[name] = wrap(groups[name].label, max(1, right - left - 5))
            extra_top[gr] = max(extra_top[gr], len(glabels[name]) - 1 + self.group_rows.get(name, 0))
        rowh = [3] * self.rows
        for name, (_, r) in self.layout.cells.items():
            rowh[r] = max(rowh[r], len(self.party_lines[name]) + 2)
        rowh = [h + x for h, x in zip(rowh, self.rowextra, strict=True)]
        _, _, tpad, bpad = self._group_pads()
        margin = max((len(e.label) for e in self.edges), default=0) + 3
        ys, y = [], margin
        for r in range(self.rows + 1):
            y += (bpad[r - 1] if r > 0 else 0) + self.vspace[r]
            if r < self.rows:
                y += tpad[r] + extra_top[r]
                ys.append(y)
                y += rowh[r]
        grid = Grid(y + margin, self.width)
        drawing = Drawing("")

        for name, (_, gr, _, gh) in self.layout.groups.items():
            left, right = grect_cols[name]
            top = ys[gr] - GROUP_PAD - (len(glabels[name]) - 1) - self.group_rows.get(name, 0)
            bottom = ys[gr + gh - 1] + rowh[gr + gh - 1] + GROUP_PAD - 1
            grid.border(top, left, bottom, right, ("group", name))
            drawing.groups[name] = (top, left, bottom, right)
        for name, (c, r) in self.layout.cells.items():
            top, left = ys[r], xs[c]
            bottom, right = top + rowh[r] - 1, left + colw[c] - 1
            grid.box(top, left, bottom, right, ("party", name))
            lines = self.party_lines[name]
            first = top + 1 + (rowh[r] - 2 - len(lines)) // 2
            cols = tuple(left + 2 + (colw[c] - 4 - cell_width(line)) // 2 for line in lines)
            for k, (line, col) in enumerate(zip(lines, cols, strict=True)):
                grid.text(first + k, col, line, ("party", name), kind="box")
            drawing.boxes[name] = (top, left, bottom, right)
            drawing.texts.append(Placed("party", name, first, min(cols), tuple(lines), cols))

        def distance(e: _Edge) -> tuple[int, int]:
            """Short routes first, then in the author's order."""
            (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
            return abs(c1 - c2) + abs(r1 - r2), e.index

        for e in sorted(self.edges, key=distance):
            if not self._draw_edge(grid, drawing, e):
                return _Failure(e)
        # Group labels go last, on a stretch of border that no route crosses.
        for name, rect in drawing.groups.items():
            spot = _group_label_spot(grid, rect, glabels[name])
            if spot is None:
                return _Failure(None, name)
            row, col, step = spot
            lines = glabels[name]
            if step == 0:  # inside the group
                for k, line in enumerate(lines):
                    grid.text(row + k, col, line, ("group", name))
            else:
                grid.text(row, col - 1, f" {lines[0]} ", ("group", name))
                for k, line in enumerate(lines[1:], start=1):
                    grid.text(row + k * step, col, line, ("group", name))
            drawing.texts.append(Placed("group", name, row, col, tuple(lines)))
        return _finish(grid.canvas, drawing)

    def _draw_edge(self, grid: Grid, drawing: Drawing, e: _Edge) -> bool:
        """Route ``e`` and put its label beside it; try other routes if the label finds no room."""
        a, b = drawing.boxes[e.relation.src], drawing.boxes[e.relation.dst]
        starts = list(_attachments(a))
        targets = {(r, c): (d + 2) % 4 for r, c, d, _ in _attachments(b)}
        owner = ("edge", e.index)
        avoid: set[tuple[int, int]] = set()
        for _ in range(ALTERNATIVES):
            path = grid.route(starts, targets, frozenset(avoid))
            if path is None or len(path) < (3 if all(e.heads) else 2):
                return False
            saved = grid.draw_route(path, owner, e.relation.trust, e.heads)
            if not e.label:
                return True
            spot = self._label_spot(grid, path, e)
            if spot is not None:
                row, col = spot
                for k, line in enumerate(e.label):
                    grid.text(row + k, col, line, ("label", e.index), kind="label")
                grid.halo(row, col, len(e.label), _block_width(e.label))
                drawing.texts.append(Placed("label", e.index, row, col, tuple(e.label)))
                return True
            grid.undo(saved)
            # Another way round: not through the middle of this one.
            avoid.update((r, c) for r, c, _ in path[1:-1])
        return False

    def _label_spot(self, grid: Grid, path: list[tuple[int, int, int]], e: _Edge) -> tuple[int, int] | None:
        h, w = len(e.label), _block_width(e.label)
        best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
        for d, cells in segments(path):
            run = frozenset(cells)
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            if d in (E, W):
                row, lo, hi = rows[0], min(cols), max(cols)
                centre = (lo + hi + 1 - w) // 2
                sides = ((0, row - h), (1, row + 1))
                for side, top in sides:
                    for left in range(lo, hi - w + 2):
                        if grid.fits(top, left, h, w, run):
                            score = (-len(cells), side, abs(left - centre))
                            if best is None or score < best[0]:
                                best = (score, (top, left))
            else:
                col, lo, hi = cols[0], min(rows), max(rows)
                centre = (lo + hi + 1 - h) // 2
                sides = ((0, col + 2), (1, col - 1 - w))
                for side, left in sides:
                    for top in range(lo, hi - h + 2):
                        if grid.fits(top, left, h, w, run):
                            score = (-len(cells), side, abs(top - centre))
                            if best is None or score < best[0]:
                                best = (score, (top, left))
        return best[1] if best else None


def _group_label_spot(grid: Grid, rect: tuple[int, int, int, int], lines: list[str]) -> tuple[int, int, int] | None:
    """Where a group label goes: (row, column of its text, +1 or -1 for the lines after the first).

    The first line sits in the top border (else, if it is the only one, in
    the bottom border), framed by a blank and two border dashes each side,
    on a stretch no route crosses; further lines go just inside, aligned.
    Failing that, all lines go inside, where no route passes (step 0).
    """
    top, left, bottom, right = rect
    width = _block_width(lines[:1])
    rest = _block_width(lines[1:])
    borders = [(top, 1)] + ([(bottom, -1)] if len(lines) == 1 else [])
    for row, step in borders:
        for col in range(left + 3, right - width - 2):
            # " text " from col-1 to col+width, with plain border on both sides.
            span = range(col - 2, col + width + 2)
            if any(not _plain_border(grid.at(row, c), "h") for c in span):
                continue
            inside = [
                (row + k * step, c)
                for k in range(1, len(lines) + 1)
                for c in range(col - 1, col + rest + 1)
                if k < len(lines) or rest
            ]
            if all(grid.at(r, c) is None for r, c in inside):
                return row, col, step
    # Else inside the group, under its top border, where no route passes.
    height, width = len(lines), _block_width(lines)
    for row in range(top + 1, bottom - height + 1):
        for col in range(left + 2, right - width - 1):
            cells = [(r, c) for r in range(row, row + height) for c in range(col - 1, col + width + 1)]
            below = [(row + height, c) for c in range(col - 1, col + width + 1)]
            if all(grid.at(r, c) is None for r, c in cells) and all(
                grid.at(r, c) is None or _plain_border(grid.at(r, c), "h") for r, c in below
            ):
                return row, col, 0
    return None


def _plain_border(cell: Cell | None, orient: str) -> bool:
    return cell is not None and cell.kind == "border" and cell.orient == orient


def _attachments(box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """Cells just outside a box's sides: (row, col, direction away, cost of the spot)."""
    top, left, bottom, right = box
    out = []
    mid_r, mid_c = (top + bottom) / 2, (left + right) / 2
    for r in range(top + 1, bottom):
        cost = int(abs(r - mid_r) * 2)
        out.append((r, right + 1, E, cost))
        out.append((r, left - 1, W, cost))
    for c in range(left + 1, right):
        cost = int(abs(c - mid_c))
        out.append((bottom + 1, c, S, cost))
        out.append((top - 1, c, N, cost))
    return out


def _finish(canvas: Canvas, drawing: Drawing) -> Drawing:
    """Drop the blank rows the router did not use; shift recorded rows to match."""
    lines = canvas.render().split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    drawing.text = "\n".join(lines[first:])

    def up(rect: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return (rect[0] - first, rect[1], rect[2] - first, rect[3])

    drawing.boxes = {k: up(v) for k, v in drawing.boxes.items()}
    drawing.groups = {k: up(v) for k, v in drawing.groups.items()}
    drawing.texts = [Placed(p.kind, p.key, p.row - first, p.col, p.lines, p.cols) for p in drawing.texts]
    return drawing


# ---------------------------------------------------------------- listing

ARROW_TEXT = {
    ("->", False): "->",
    ("<->", False): "<->",
    ("--", False): "--",
    ("->", True): "..>",
    ("<->", True): "<..>",
}


def listing(problem: Problem, width: int) -> Drawing:
    """The fallback: the parties as boxes (flowed), then one line per relationship."""
    canvas = Canvas()
    drawing = Drawing("")
    member = {m for g in problem.groups for m in g.members}
    groups_by_first = {g.members[0]: g for g in problem.groups}
    items: list[tuple[str, object]] = []
    for p in problem.parties:
        if p.name in groups_by_first:
            items.append(("group", groups_by_first[p.name]))
        elif p.name not in member:
            items.append(("party", p))

    def party_box(name: str, label: str, avail: int) -> tuple[int, int, list[str]]:
        lines = wrap(label, max(1, min(max(20, _longest_word([label])), avail - 4)))
        return _block_width(lines) + 4, len(lines) + 2, lines

    def flow(sizes: list[tuple[int, int]], avail: int) -> tuple[list[tuple[int, int]], int, int]:
        """Positions (row, col) relative to the origin, total width and height."""
        pos, x, y, line_h, total_w = [], 0, 0, 0, 0
        for w, h in sizes:
            if x and x + w > avail:
                x, y, line_h = 0, y + line_h + 1, 0
            pos.append((y, x))
            total_w = max(total_w, x + w)
            x += w + 2
            line_h = max(line_h, h)
        return pos, total_w, y + line_h

    blocks = []  # (kind, object, width, height, payload)
    for kind, obj in items:
        if kind == "party":
            w, h, lines = party_box(obj.name, obj.label, width)
            blocks.append((kind, obj, w, h, lines))
        else:
            inner = width - 2 * GROUP_PAD
            members = [party_box(m, problem.label_of(m), inner) for m in obj.members]
            pos, mw, mh = flow([(w, h) for w, h, _ in members], inner)
            gw = max(mw, 8) + 2 * GROUP_PAD
            glines = wrap(obj.label, max(1, gw - 5))
            gw = max(gw, _block_width(glines[:1]) + 5)
            gh = mh + 2 * GROUP_PAD + len(glines) - 1
            blocks.append((kind, obj, gw, gh, (members, pos, glines)))
    pos, _, height = flow([(b[2], b[3]) for b in blocks], width)
    for (kind, obj, w, h, payload), (y, x) in zip(blocks, pos, strict=True):
        if kind == "party":
            _list_box(canvas, drawing, y, x, w, h, obj.name, payload)
            continue
        members, mpos, glines = payload
        canvas.box(y, x, y + h - 1, x + w - 1)
        canvas.text(y, x + 2, f" {glines[0]} ")
        for k, line in enumerate(glines[1:], start=1):
            canvas.text(y + k, x + 3, line)
        drawing.groups[obj.name] = (y, x, y + h - 1, x + w - 1)
        drawing.texts.append(Placed("group", obj.name, y, x + 3, tuple(glines)))
        top = y + GROUP_PAD + len(glines) - 1
        for name, (mw, mh, lines), (my, mx) in zip(obj.members, members, mpos, strict=True):
            _list_box(canvas, drawing, top + my, x + GROUP_PAD + mx, mw, mh, name, lines)
    row = height + 1
    for i, r in enumerate(problem.relations):
        arrow = ARROW_TEXT[(r.mode, r.trust)]
        head = f"{problem.label_of(r.src)} {arrow} {problem.label_of(r.dst)}"
        text = relation_text(r)
        lines = hanging(f"{head}: {text}" if text else head, width, 4)
        for detail in r.details:
            lines += [f"    {piece}" for piece in wrap(f"[{detail}]", width - 4)]
        for k, line in enumerate(lines):
            canvas.text(row + k, 0, line)
        drawing.texts.append(Placed("list", i, row, 0, tuple(lines)))
        row += len(lines)
    drawing.text = canvas.render()
    return drawing


def hanging(text: str, width: int, indent: int) -> list[str]:
    """Wrap ``text`` at word boundaries; lines after the first are indented."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while True:
            room = width - (indent if lines else 0)
            if not current and cell_width(word) > room:  # a word longer than a line: split it
                head = wrap(word, room)[0]
                lines.append(head)
                word = word[len(head) :]
                continue
            if not current:
                current = word
            elif cell_width(current) + 1 + cell_width(word) <= room:
                current = f"{current} {word}"
            else:
                lines.append(current)
                current = ""
                continue
            break
    if current or not lines:
        lines.append(current)
    return [lines[0]] + [" " * indent + line for line in lines[1:]]


def _list_box(canvas: Canvas, drawing: Drawing, y: int, x: int, w: int, h: int, name: str, lines: list[str]) -> None:
    canvas.box(y, x, y + h - 1, x + w - 1)
    for k, line in enumerate(lines):
        canvas.text(y + 1 + k, x + 2, line)
    drawing.boxes[name] = (y, x, y + h - 1, x + w - 1)
    drawing.texts.append(Placed("party", name, y + 1, x + 2, tuple(lines)))


__all__ = ["Drawing", "Placed", "problem_ascii", "problem_drawing"]
