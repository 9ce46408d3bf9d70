"""Boxes and arrows for a placed problem: sizes in cells, routes, labels -> a drawing.

Given slots for the parties (:mod:`.placement`), an attempt sizes every
column and row of slots in cells (a box fits its label, a gap between two
columns fits the labels of the lines that run through it), then routes the
relations one by one, shortest first, with the A* router of :mod:`.router`
and puts each label beside its own line.  A label that finds no room
beside any of the routes tried is wrapped narrower (never splitting a word)
and the routes are tried again; with ``fewer_lines``, a label above or
below a horizontal run is wrapped wider where the rows it takes have room.
When a route or a label still finds no room, the gap where it failed
grows and the attempt starts again; an
attempt that would exceed the width gives up (``None``) and the caller
tries a narrower wrap, another arrangement or a fallback, within a budget
of attempts per arrangement.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...cells import block_width, cell_width, longest_word, wrap
from ...diagrams import Problem, Relation
from ...drawing import Box, Drawing, DrawingBuilder, Frame, Line, Text
from .compact import compact_rows, shifted
from .labels import label_lines, relation_text
from .placement import GridPlan
from .router import E, Grid, N, S, W, corner_points, segments

MAX_TRIES = 12
SHRINK_TRIES = 4  # attempts at giving back rows that growing added
SAME_FAILURES = 4  # the same relation failing this many times in a row: growing does not help
ALTERNATIVES = 3  # routes tried for one relation before its gaps grow
GROUP_PAD = 2  # a blank and the border, on each side of a group's boxes
MIN_SPACE = 4  # columns between two boxes (or group borders)
MIN_VSPACE = 3  # rows between two boxes
#: With ``name_rows``, the extra cost of a line entering a box's side beside no line of its name.
NAME_ROW = 40
#: Layers: where a trust line crosses a communication line, the communication goes through.
TRUST_LAYER, TALK_LAYER = 1, 2


@dataclass
class _Edge:
    index: int
    relation: Relation
    label: list[str]

    @property
    def heads(self) -> tuple[bool, bool]:
        return {"->": (False, True), "<->": (True, True), "--": (False, False)}[self.relation.mode]


def _narrower(e: _Edge) -> bool:
    """Wrap ``e``'s label to about two thirds of its width (never splitting a word); ``False`` if it cannot."""
    width = block_width(e.label)
    words = [relation_text(e.relation), *(f"[{d}]" for d in e.relation.details)]
    cap = max(max(longest_word(t) for t in words), width * 2 // 3)
    if cap >= width:
        return False
    e.label = label_lines(e.relation, cap)
    return True


@dataclass
class _Failure:
    edge: _Edge | None  # None: the boxes alone are too wide


class Picture:
    """One attempt family: fixed wrap widths, gaps grown until everything fits ``width`` columns."""

    def __init__(
        self,
        problem: Problem,
        plan: GridPlan,
        width: int,
        party_cap: int,
        label_cap: int,
        fewer_lines: bool = False,
        name_rows: bool = False,
    ) -> None:
        self.problem = problem
        #: a communication line enters a box's side beside its name where it can (a row of the box kept anyway)
        self.name_rows = name_rows
        #: a label above or below a horizontal run is rewrapped wider, in fewer lines, where there is room
        self.fewer_lines = fewer_lines
        self.plan = plan
        self.width = width
        self.cols, self.rows = max(1, plan.cols), max(1, plan.rows)
        self.party_lines = {
            p.name: wrap(p.label, max(party_cap, longest_word(p.label)), balanced=True) for p in problem.parties
        }
        texts = [t for r in problem.relations for t in (relation_text(r), *(f"[{d}]" for d in r.details))]
        label_cap = max(label_cap, max((longest_word(t) for t in texts), default=1))
        self.edges = [_Edge(i, r, label_lines(r, label_cap)) for i, r in enumerate(problem.relations)]
        # Growable sizes: routing space before each column / row, extra box size.
        self.space = [0] + [MIN_SPACE] * (self.cols - 1) + [0]
        self.vspace = [0] + [MIN_VSPACE] * (self.rows - 1) + [0]
        self.rowextra = [0] * self.rows
        self.colextra = [0] * self.cols
        self.sides: dict[int, int] = {}  # times room was added beside a column
        self.tries = 0  # attempts made by :meth:`run`
        self._name_rows: dict[str, set[int]] = {}  # the rows of each box's name, in the attempt's grid
        #: whether a communication line could have entered a box's side beside no line of its name in
        #: some attempt: if not, ``name_rows`` changes nothing, and the same picture with it is this one
        self.off_name_rows = False
        self._initial_sizes()

    # ------------------------------------------------------------ sizing

    def _cell(self, name: str) -> tuple[int, int]:
        return self.plan.cells[name]

    def _initial_sizes(self) -> None:
        per_gap: dict[tuple[int, int], list[int]] = {}
        for e in self.edges:
            (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
            w, h = block_width(e.label), len(e.label)
            if r1 == r2 and abs(c1 - c2) > 1:  # routed under the boxes between
                self.vspace[r1 + 1] = max(self.vspace[r1 + 1], h + 3)
            elif c1 == c2 and abs(r1 - r2) > 1:  # routed right of the boxes between
                self.space[c1 + 1] = max(self.space[c1 + 1], w + 4)
            elif r1 == r2:  # side by side: the label goes between them
                gap = min(c1, c2) + 1
                self.space[gap] = max(self.space[gap], w + 4)
                per_gap.setdefault((r1, gap), []).append(h)
            elif c1 == c2:  # one above the other: the label beside the line, a row apart from the boxes
                gap = min(r1, r2) + 1
                self.vspace[gap] = max(self.vspace[gap], h + 2)
            if r1 != r2 and c1 != c2:
                gap = min(r1, r2) + 1
                self.vspace[gap] = max(self.vspace[gap], h + 3)
        degree: dict[str, int] = {}  # relations that may leave a box by its sides
        for e in self.edges:
            if self._cell(e.relation.src)[0] != self._cell(e.relation.dst)[0]:
                for name in (e.relation.src, e.relation.dst):
                    degree[name] = degree.get(name, 0) + 1
        for name, (_, row) in self.plan.cells.items():  # two lines a row apart each side of a busy box
            if degree.get(name, 0) >= 3:
                self.rowextra[row] = max(self.rowextra[row], 4)
        for (row, _), heights in per_gap.items():
            # Stacked lines through one gap, each with its label above it.
            need = sum(h + 2 for h in heights[1:]) + 1
            self.rowextra[row] = max(self.rowextra[row], need - self._inner_rows(row))

    def _inner_rows(self, row: int) -> int:
        names = [n for n, (_, r) in self.plan.cells.items() if r == row]
        return max((len(self.party_lines[n]) for n in names), default=1)

    def _grow(self, failure: _Failure) -> bool:
        """Make room where ``failure`` happened; ``False`` if nothing can grow."""
        e = failure.edge
        if e is None:
            return False
        (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
        w, h = max(1, block_width(e.label)), max(1, len(e.label))

        def widen(amount: int, gap: int | None = None, col: int | None = None) -> bool:
            if self._total_width() + amount > self.width:
                return False
            if gap is not None:
                self.space[gap] += amount
            if col is not None:
                self.colextra[col] += amount
            return True

        taken = set(self.plan.cells.values())
        row_between = r1 == r2 and any((c, r1) in taken for c in range(min(c1, c2) + 1, max(c1, c2)))
        col_between = c1 == c2 and any((c1, r) in taken for r in range(min(r1, r2) + 1, max(r1, r2)))
        if row_between:  # around the boxes between: room under them
            self.vspace[r1 + 1] += h + 2
        elif r1 == r2:  # nothing between: taller boxes, a wider gap
            self.rowextra[r1] += h + 1
            if not any([widen(2, gap=g) for g in range(min(c1, c2) + 1, max(c1, c2) + 1)]):
                _narrower(e)
        elif col_between:  # around the boxes between: room right of them
            if not widen(w + 3, gap=c1 + 1):
                _narrower(e)
            self.vspace[max(r1, r2)] += 1
        elif c1 == c2:  # above each other: wider boxes (up to a point), else room beside them
            gap = max(r1, r2)
            if self.colextra[c1] >= 4 and abs(r1 - r2) == 1 and _narrower(e):
                # Wider boxes did not make room: the label narrower, taller, with rows for it beside the line.
                self.vspace[gap] = max(self.vspace[gap], len(e.label) + 2)
                grown = True
            elif self.colextra[c1] < w + 4:
                grown = widen(4, col=c1)
            else:  # room left of the column, then right of it, in turn
                side = c1 + self.sides.get(c1, 0) % 2
                self.sides[c1] = self.sides.get(c1, 0) + 1
                grown = widen(w + 3, gap=side)
            if not grown and not _narrower(e):
                self.vspace[max(r1, r2)] += 1
        else:
            widened = [widen(3, gap=gap) for gap in range(min(c1, c2) + 1, max(c1, c2) + 1)]
            if not any(widened):
                _narrower(e)
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
        for gc, gr, gw, gh in self.plan.groups.values():
            lpad[gc] = rpad[gc + gw - 1] = GROUP_PAD
            bpad[gr + gh - 1] = GROUP_PAD
            tpad[gr] = max(tpad[gr], GROUP_PAD)
        return lpad, rpad, tpad, bpad

    def _columns(self) -> tuple[list[int], list[int], int]:
        """Left edge and width of each column, and the total width."""
        colw = [1] * self.cols
        for name, (c, _) in self.plan.cells.items():
            colw[c] = max(colw[c], block_width(self.party_lines[name]) + 4)
        colw = [w + x for w, x in zip(colw, self.colextra, strict=True)]
        lpad, rpad, _, _ = self._group_pads()
        labels = {g.name: g.label for g in self.problem.groups}
        for _ in range(len(self.plan.groups) + 1):
            xs, x = [], 0
            for c in range(self.cols + 1):
                x += (rpad[c - 1] if c > 0 else 0) + self.space[c] + (lpad[c] if c < self.cols else 0)
                if c < self.cols:
                    xs.append(x)
                    x += colw[c]
            # A group is wide enough for the longest word of its label (in its top border).
            short = False
            for name, (gc, _, gw, _) in self.plan.groups.items():
                last = gc + gw - 1
                inner = xs[last] + colw[last] - xs[gc] + 2 * GROUP_PAD - 6
                need = longest_word(labels[name])
                if inner < need:
                    colw[last] += need - inner
                    short = True
            if not short:
                break
        return xs, colw, x

    def _total_width(self) -> int:
        return self._columns()[2]

    # ------------------------------------------------------------ drawing

    def run(self, tries: int = MAX_TRIES) -> Drawing | None:
        """The picture within the width, or ``None`` when growing cannot make it fit.

        ``tries``: the most attempts (at most :data:`MAX_TRIES`); ``self.tries``
        counts those made, so that a caller can share a budget between pictures.
        """
        failed: list[object] = []
        initial = (list(self.vspace), list(self.rowextra))
        for _ in range(min(tries, MAX_TRIES)):
            self.tries += 1
            result = self._attempt()
            if isinstance(result, Drawing):
                return self._shrunk(result, *initial)
            what = result.edge.index if result.edge else None
            failed.append(what)
            if failed[-SAME_FAILURES:] == [what] * SAME_FAILURES or not self._grow(result):
                return None
        return None

    def _shrunk(self, drawing: Drawing, vspace: list[int], rowextra: list[int]) -> Drawing:
        """Give back the rows that growing added where the picture does without them (a few tries)."""
        tries = 0
        for sizes, start in ((self.vspace, vspace), (self.rowextra, rowextra)):
            for k in sorted(range(len(sizes)), key=lambda k: start[k] - sizes[k]):
                if sizes[k] <= start[k] or tries >= SHRINK_TRIES:
                    continue
                grown, sizes[k] = sizes[k], start[k]
                tries += 1
                result = self._attempt()
                if isinstance(result, Drawing) and result.height < drawing.height:
                    drawing = result
                else:
                    sizes[k] = grown
        return drawing

    def _attempt(self) -> Drawing | _Failure:
        xs, colw, total = self._columns()
        if total > self.width:
            return _Failure(None)
        groups = {g.name: g for g in self.problem.groups}
        grect_cols = {}
        glabels = {}
        extra_top = [0] * self.rows
        for name, (gc, gr, gw, _) in self.plan.groups.items():
            left = xs[gc] - GROUP_PAD
            right = xs[gc + gw - 1] + colw[gc + gw - 1] + GROUP_PAD - 1
            grect_cols[name] = (left, right)
            glabels[name] = wrap(groups[name].label, max(1, right - left - 5))
            extra_top[gr] = max(extra_top[gr], len(glabels[name]) - 1)
        rowh = [3] * self.rows
        for name, (_, r) in self.plan.cells.items():
            rowh[r] = max(rowh[r], len(self.party_lines[name]) + 2)
        rowh = [h + x for h, x in zip(rowh, self.rowextra, strict=True)]
        _, _, tpad, bpad = self._group_pads()
        margin = max((len(e.label) for e in self.edges), default=0) + 3
        # Room for routes round the outside, on both sides, within the width.
        side = min(max(0, self.width - total) // 2, max((block_width(e.label) for e in self.edges), default=0) + 4)
        ys, y = [], margin
        for r in range(self.rows + 1):
            y += (bpad[r - 1] if r > 0 else 0) + self.vspace[r]
            if r < self.rows:
                y += tpad[r] + extra_top[r]
                ys.append(y)
                y += rowh[r]
        xs = [x + side for x in xs]
        grid = Grid(y + margin, total + 2 * side)
        out = DrawingBuilder()
        frames: dict[str, tuple[int, int, int, int]] = {}
        for name, (_, gr, _, gh) in self.plan.groups.items():
            left, right = (v + side for v in grect_cols[name])
            top = ys[gr] - GROUP_PAD - (len(glabels[name]) - 1)
            bottom = ys[gr + gh - 1] + rowh[gr + gh - 1] + GROUP_PAD - 1
            grid.border(top, left, bottom, right, ("group", name))
            frames[name] = (top, left, bottom, right)
            # The title first, top left in the border (more lines under it): routes keep clear of it.
            lines = glabels[name]
            grid.text(top, left + 2, f" {lines[0]} ", ("group", name))
            for k, line in enumerate(lines[1:], start=1):
                grid.text(top + k, left + 3, line, ("group", name))
                grid.halo(top + k, left + 3, 1, cell_width(line))
            title = tuple(Text(left + 3, top + k, line, role="title") for k, line in enumerate(lines))
            members = tuple(groups[name].members)
            out.frames.append(Frame(left, top, right - left + 1, bottom - top + 1, title, name, members))
        boxes: dict[str, tuple[int, int, int, int]] = {}
        for name, (c, r) in self.plan.cells.items():
            top, left = ys[r], xs[c]
            bottom, right = top + rowh[r] - 1, left + colw[c] - 1
            grid.box(top, left, bottom, right, ("party", name))
            out.boxes.append(Box(left, top, right - left + 1, bottom - top + 1, key=name))
            lines = self.party_lines[name]
            first = top + 1 + (rowh[r] - 2 - len(lines)) // 2
            self._name_rows[name] = set(range(first, first + len(lines)))
            for k, line in enumerate(lines):
                col = left + 2 + (colw[c] - 4 - cell_width(line)) // 2
                out.texts.append(Text(col, first + k, line, "centre", "name"))
            boxes[name] = (top, left, bottom, right)

        def distance(e: _Edge) -> tuple[bool, bool, int, int]:
            """Communication before trust, straight before bent, short before long, then the author's order."""
            (c1, r1), (c2, r2) = self._cell(e.relation.src), self._cell(e.relation.dst)
            return e.relation.trust, c1 != c2 and r1 != r2, abs(c1 - c2) + abs(r1 - r2), e.index

        for e in sorted(self.edges, key=distance):
            if not self._draw_edge(grid, out, boxes, e):
                return _Failure(e)
        return compact_rows(_cropped(out))

    def _draw_edge(self, grid: Grid, out: DrawingBuilder, boxes: dict, e: _Edge) -> bool:
        """Route ``e`` and put its label beside it; try other routes if the label finds no room."""
        a, b = boxes[e.relation.src], boxes[e.relation.dst]
        w = block_width(e.label)
        starts = list(_attachments(grid, a, w))
        ends = _attachments(grid, b, w)
        targets = {(r, c): (d + 2) % 4 for r, c, d, _ in ends}
        names = self._name_rows[e.relation.dst]
        off_names = {}
        if not e.relation.trust:
            off_names = {(r, c): NAME_ROW for r, c, d, _ in ends if d in (E, W) and r not in names}
        self.off_name_rows |= bool(off_names)
        arrive = off_names if self.name_rows else {}
        for narrow in (False, True):  # the label as wrapped, then narrower if no route had room for it
            drawn = self._routed(grid, out, starts, targets, arrive, e, narrow)
            if drawn is not None:
                return drawn
        return False

    def _routed(
        self, grid: Grid, out: DrawingBuilder, starts: list, targets: dict, arrive: dict, e: _Edge, narrow: bool
    ) -> bool | None:
        """Draw ``e`` along one of a few routes with its label beside it: ``None`` if no label had room.

        ``narrow``: wrap the label narrower beside a route where it has no room as it is.
        ``False``: no route at all.
        """
        owner = ("edge", e.index)
        avoid: set[tuple[int, int]] = set()
        heads = e.heads
        for _ in range(ALTERNATIVES):
            path = grid.route(starts, targets, frozenset(avoid), arrive)
            if path is None or len(path) < (3 if all(heads) else 2):
                return False
            saved = grid.draw_route(path, owner)
            spot = self._label_spot(grid, path, e) if e.label else (0, 0)
            if spot is None and narrow:
                wider = list(e.label)
                while spot is None and _narrower(e):
                    spot = self._label_spot(grid, path, e)
                if spot is None:
                    e.label = wider
            if spot is not None and self.fewer_lines and len(e.label) > 1:
                spot = self._fewer_lines(grid, path, e, spot)
            if spot is not None:
                if e.label:
                    row, col = spot
                    for k, line in enumerate(e.label):
                        grid.text(row + k, col, line, ("label", e.index), kind="label")
                        role = "label" if k < len(e.label) - len(e.relation.details) else "detail"
                        out.texts.append(Text(col, row + k, line, role=role))
                    grid.halo(row, col, len(e.label), block_width(e.label))
                trust = e.relation.trust
                out.lines.append(
                    Line(
                        corner_points(path),
                        "dotted" if trust else "solid",
                        "arrow" if heads[0] else "none",
                        "arrow" if heads[1] else "none",
                        (True, True),
                        layer=TRUST_LAYER if trust else TALK_LAYER,
                        key=("relation", e.index),
                    )
                )
                return True
            grid.undo(saved)
            # Another way round: not through the middle of this one.
            avoid.update((r, c) for r, c, _ in path[1:-1])
        return None

    def _fewer_lines(
        self, grid: Grid, path: list[tuple[int, int, int]], e: _Edge, spot: tuple[int, int]
    ) -> tuple[int, int]:
        """``e``'s label wrapped wider, in fewer lines, where the route has room for it (else as it is).

        A wider label may reach past the ends of a horizontal run, as long as it stays beside the line,
        and takes only rows the label took as it was (so the picture grows no taller).
        """
        wrapped = list(e.label)
        top, left, w = spot[0], spot[1], block_width(wrapped)
        beside = [
            cells
            for d, cells in segments(path)
            if d in (E, W)
            and cells[0][0] in (top - 1, top + len(wrapped))
            and any(left <= c < left + w for _, c in cells)
        ]
        if not beside:  # beside a vertical run, fewer lines take no fewer rows of the picture
            return spot
        cap = max(w, self.width)
        while True:
            wider = label_lines(e.relation, cap)
            if len(wider) >= len(e.label):
                break
            e.label = wider
            found = self._label_spot(grid, path, e, overhang=True, band=(spot[0], spot[0] + len(wrapped)))
            if found is not None:
                return found
            e.label = wrapped
            cap = block_width(wider) - 1
        e.label = wrapped
        return spot

    def _label_spot(
        self,
        grid: Grid,
        path: list[tuple[int, int, int]],
        e: _Edge,
        overhang: bool = False,
        band: tuple[int, int] | None = None,
    ) -> tuple[int, int] | None:
        """Where ``e``'s label goes: beside the longest straight run that has room, near its middle.

        ``overhang``: a label may reach past the ends of a horizontal run (half its width at most);
        ``band``: the label lies within these rows (first, after the last), beside a horizontal run.
        """
        h, w = len(e.label), block_width(e.label)

        def within(top: int) -> bool:
            return band is None or (band[0] <= top and top + h <= band[1])

        reach = w // 2 if overhang else 0
        texts: dict[int, bool] = {}  # row -> whether it holds text (the grid does not change meanwhile)

        def shared(top: int) -> int:
            """Rows of the label that hold text already: they stay in the picture, a label there adds none."""
            for r in range(top, top + h):
                if r not in texts:
                    texts[r] = grid.has_text(r)
            return sum(1 for r in range(top, top + h) if texts[r])

        best: tuple[tuple[int, int, int, int], tuple[int, int]] | None = None
        for d, cells in segments(path):
            if best is not None and len(cells) < -best[0][0]:
                continue  # a shorter run cannot beat the best spot: the score's first term is its length
            run = frozenset(cells)
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            if d in (E, W):
                row, lo, hi = rows[0], min(cols), max(cols)
                centre = (lo + hi + 1 - w) // 2
                for side, top in ((0, row - h), (1, row + 1)):
                    for left in range(max(0, lo - reach), hi - w + 2 + reach):
                        if within(top) and grid.fits(top, left, h, w, run):
                            score = (-len(cells), -shared(top), side, abs(left - centre))
                            if best is None or score < best[0]:
                                best = (score, (top, left))
            elif band is None:
                col, lo, hi = cols[0], min(rows), max(rows)
                centre = (lo + hi + 1 - h) // 2
                for side, left in ((0, col + 2), (1, col - 1 - w)):
                    for top in range(lo, hi - h + 2):
                        if within(top) and grid.fits(top, left, h, w, run):
                            score = (-len(cells), -shared(top), side, abs(top - centre))
                            if best is None or score < best[0]:
                                best = (score, (top, left))
        return best[1] if best else None


def _cropped(out: DrawingBuilder) -> Drawing:
    """The drawing moved to the top left corner (the router's margins dropped)."""
    xs = [b.x for b in out.boxes] + [f.x for f in out.frames] + [t.x for t in out.texts]
    xs += [x for ln in out.lines for x, _ in ln.points]
    ys = [b.y for b in out.boxes] + [f.y for f in out.frames] + [t.y for t in out.texts]
    ys += [y for ln in out.lines for _, y in ln.points]
    dx, dy = min(xs, default=0), min(ys, default=0)
    return shifted(out.build("problem"), dx, dy)


def _attachments(grid: Grid, box: tuple[int, int, int, int], label: int = 0) -> list[tuple[int, int, int, int]]:
    """Cells just outside a box's sides: (row, col, direction away, cost of the spot).

    The middle of each side costs least.  Above and below the box, a spot
    where a label ``label`` columns wide fits beside the line (right of it,
    or left of it) costs less than one where it does not.
    """
    top, left, bottom, right = box
    out = []
    mid_r, mid_c = (top + bottom) / 2, (left + right) // 2
    for r in range(top + 1, bottom):
        cost = int(abs(r - mid_r) * 2)
        out.append((r, right + 1, E, cost))
        out.append((r, left - 1, W, cost))
    for row, d in ((bottom + 1, S), (top - 1, N)):
        lo = hi = mid_c  # the box lies on the grid: 0 <= mid_c < grid.cols
        cells = grid.cells[row] if 0 <= row < grid.rows else [None] * grid.cols
        while hi + 1 < grid.cols and cells[hi + 1] is None and hi - right < label + 3:
            hi += 1
        while lo - 1 >= 0 and cells[lo - 1] is None and left - lo < label + 3:
            lo -= 1
        below, above = hi - label - 2, lo + label + 2  # the label fits right of c <= below, left of c >= above
        for c in range(left + 1, right):
            near = 0 if c <= below or c >= above else min(c - below, above - c)
            out.append((row, c, d, 3 * near + abs(c - mid_c) // 2))
    return out


__all__ = ["Picture"]
