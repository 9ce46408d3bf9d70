"""Problem model -> blockdiag source -> SVG; also the grid layout the ASCII art reuses.

blockdiag keeps one edge per ordered pair of nodes, so relations are merged
before they reach it: per pair of parties, one edge for communication and one
for trust.  The first of the two runs along the main flow; the second is the
reverse pair (a distinct blockdiag edge), drawn around the boxes.  An edge
that carries relations going different ways marks each label with an arrow
(``→``, ``←``, ``↔``) pointing as the relation goes between the two boxes.

Edges inside a group are ``folded``: they don't rank the group's parties, so
a group's parties line up across the main direction, like the modules of a
host in the draft's IKE figure.  Trust edges are dashed and their labels
start with ``trust:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..cells import cell_width, wrap
from ..diagrams import Problem, Relation, RenderError, RenderOptions
from ..fonts import find_font
from ..layout.problem.labels import relation_text
from .compat import load, patched_pillow
from .diag import Source
from .diag import _lock as _engine_lock  # blockdiag keeps its state in class attributes

FONT_SIZE = 12
#: Generous estimate of a text line's width and height in pixels at FONT_SIZE,
#: so that blockdiag never truncates a label with " ...".
CHAR_PX = 8
LINE_PX = 17


@dataclass(frozen=True)
class PlannedEdge:
    """One blockdiag edge: the relations of one kind between two parties."""

    node1: str
    node2: str
    relations: tuple[Relation, ...]
    trust: bool
    folded: bool

    @property
    def dir(self) -> str:
        """blockdiag ``dir`` covering every relation of the edge."""
        ways = {_way(r, self.node1) for r in self.relations}
        if "both" in ways or {"forward", "back"} <= ways:
            return "both"
        if "forward" in ways:
            return "forward"
        if "back" in ways:
            return "back"
        return "none"

    @property
    def mixed(self) -> bool:
        """Whether the relations go different ways (labels then need arrows)."""
        return len({_way(r, self.node1) for r in self.relations}) > 1


def _way(relation: Relation, node1: str) -> str:
    if relation.mode == "<->":
        return "both"
    if relation.mode == "--":
        return "none"
    return "forward" if relation.src == node1 else "back"


def group_of(problem: Problem) -> dict[str, str]:
    return {m: g.name for g in problem.groups for m in g.members}


def plan_edges(problem: Problem) -> list[PlannedEdge]:
    """Merge relations into at most two blockdiag edges per pair of parties."""
    groups = group_of(problem)
    order: list[tuple[frozenset[str], bool]] = []
    merged: dict[tuple[frozenset[str], bool], list[Relation]] = {}
    for r in problem.relations:
        key = (frozenset((r.src, r.dst)), r.trust)
        if key not in merged:
            merged[key] = []
            order.append(key)
        merged[key].append(r)
    edges: list[PlannedEdge] = []
    first_of_pair: dict[frozenset[str], tuple[str, str]] = {}
    for key in order:
        relations = merged[key]
        pair = key[0]
        first = relations[0]
        inside = groups.get(first.src) is not None and groups.get(first.src) == groups.get(first.dst)
        if pair not in first_of_pair:
            first_of_pair[pair] = (first.src, first.dst)
            edges.append(PlannedEdge(first.src, first.dst, tuple(relations), key[1], inside))
        else:
            a, b = first_of_pair[pair]
            edges.append(PlannedEdge(b, a, tuple(relations), key[1], True))
    return edges


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class DrawnEdge:
    """How a planned edge is drawn: its blockdiag orientation and route."""

    node1: str
    node2: str
    #: drawn from node2 to node1 of the planned edge (so it runs along the flow)
    flipped: bool
    #: blockdiag routes it around the boxes that stand between its ends
    skipped: bool

    def dir(self, edge: PlannedEdge) -> str:
        flip = {"forward": "back", "back": "forward"}
        return flip.get(edge.dir, edge.dir) if self.flipped else edge.dir


@dataclass(frozen=True)
class GridLayout:
    """blockdiag's grid: party -> (col, row); group -> (col, row, cols, rows)."""

    cells: dict[str, tuple[int, int]]
    groups: dict[str, tuple[int, int, int, int]]
    cols: int
    rows: int
    #: per planned edge (same order as :func:`plan_edges`)
    drawn: tuple[DrawnEdge, ...] = ()


def _structure(
    problem: Problem, direction: str, src: Source, labels: dict[str, list[str]] | None
) -> tuple[dict[str, str], list[str]]:
    """Emit nodes and groups; return party ids and the statements."""
    ids = {p.name: f"p{i}" for i, p in enumerate(problem.parties)}
    gids = {g.name: f"g{i}" for i, g in enumerate(problem.groups)}
    groups = {g.name: g for g in problem.groups}
    member = group_of(problem)
    lines: list[str] = []
    if direction == "down":
        lines.append("orientation = portrait;")
    emitted: set[str] = set()
    for p in problem.parties:
        gname = member.get(p.name)
        if gname is None:
            lines.append(f"{ids[p.name]}{_node_attrs(p.name, src, labels)};")
            continue
        if gname in emitted:
            continue
        emitted.add(gname)
        group = groups[gname]
        inner = [f"{ids[m]}{_node_attrs(m, src, labels)};" for m in group.members]
        head = (
            f"label = {src.text(group.label)}; shape = line; style = solid; color = '#AAAAAA'; "
            if labels is not None
            else ""
        )
        lines.append(f"group {gids[gname]} {{ {head}{' '.join(inner)} }}")
    return ids, lines


def _node_attrs(name: str, src: Source, labels: dict[str, list[str]] | None) -> str:
    return f" [label = {src.text(chr(10).join(labels[name]))}]" if labels is not None else ""


def _edge_statements(
    ids: dict[str, str], edges: list[PlannedEdge], flips: list[bool], attrs: list[list[str]] | None = None
) -> list[str]:
    """The edge statements, identical (but for drawing attributes) in both passes.

    A flipped edge is drawn folded from its far end; an invisible edge in the
    planned direction keeps blockdiag's ranking what it was without the flip.
    """
    lines = []
    for i, (edge, flip) in enumerate(zip(edges, flips, strict=True)):
        extra = list(attrs[i]) if attrs is not None else []
        a, b = ids[edge.node1], ids[edge.node2]
        if flip:
            if not edge.folded:
                lines.append(f"{a} -> {b} [style = none];")
            a, b = b, a
        if edge.folded or flip:
            extra.append("folded")
        lines.append(f"{a} -> {b}{' [' + ', '.join(extra) + ']' if extra else ''};")
    return lines


def _build(code: str):
    lib = load("blockdiag")
    try:
        return lib.builder.ScreenNodeBuilder.build(lib.parser.parse_string(code))
    except Exception as exc:  # blockdiag raises bare exceptions of every kind
        raise RenderError(f"blockdiag layout failed: {exc}") from exc


def _before(a: tuple[int, int], b: tuple[int, int], portrait: bool) -> bool:
    """Whether grid cell ``a`` comes before ``b`` along the main direction."""
    return (a[1], a[0]) < (b[1], b[0]) if portrait else a < b


@lru_cache(maxsize=256)
def problem_layout(problem: Problem, direction: str = "right") -> GridLayout:
    """The grid positions blockdiag gives the parties and groups (no drawing).

    Two passes: the first places the parties; edges that would then run
    against the flow (and share their pair with no other edge) are flipped,
    and the second pass gives the final grid, the one the drawing gets.
    """
    portrait = direction == "down"
    src = Source("blockdiag")
    ids, nodes = _structure(problem, direction, src, None)
    edges = plan_edges(problem)
    pairs: dict[frozenset[str], int] = {}
    for e in edges:
        pairs[frozenset((e.node1, e.node2))] = pairs.get(frozenset((e.node1, e.node2)), 0) + 1
    flips = [False] * len(edges)
    with _engine_lock, patched_pillow():
        for _ in range(2):
            code = "blockdiag {\n" + "\n".join(nodes + _edge_statements(ids, edges, flips)) + "\n}\n"
            diagram = _build(code)
            by_id = {n.id: n for n in diagram.traverse_nodes()}
            cells = {name: (by_id[i].xy.x, by_id[i].xy.y) for name, i in ids.items()}
            if any(flips):
                break
            flips = [
                pairs[frozenset((e.node1, e.node2))] == 1 and _before(cells[e.node2], cells[e.node1], portrait)
                for e in edges
            ]
            if not any(flips):
                break
        groups = {}
        for i, g in enumerate(problem.groups):
            node = by_id.get(f"g{i}")
            if node is not None:
                groups[g.name] = (node.xy.x, node.xy.y, node.colwidth, node.colheight)
        skipped = {(e.node1.id, e.node2.id): bool(e.skipped) for e in diagram.traverse_edges()}
    drawn = []
    for e, flip in zip(edges, flips, strict=True):
        a, b = (e.node2, e.node1) if flip else (e.node1, e.node2)
        drawn.append(DrawnEdge(a, b, flip, skipped.get((ids[a], ids[b]), False)))
    return GridLayout(cells, groups, diagram.colwidth, diagram.colheight, tuple(drawn))


# ---------------------------------------------------------------- source

#: Labels are wrapped at word boundaries before blockdiag sees them (it would
#: fold them mid-word): party labels, labels between boxes along the flow, and
#: labels beside the boxes, where blockdiag leaves the least room.
PARTY_WRAP, ALONG_WRAP, BESIDE_WRAP = 22, 28, 20
PAD = 24


@lru_cache(maxsize=4096)
def text_px(line: str) -> int:
    """Width of one line in pixels, measured with the default font when there is one."""
    path = find_font(None)
    estimate = cell_width(line) * CHAR_PX
    if path is None:
        return estimate
    from PIL import ImageFont

    font = ImageFont.truetype(path, FONT_SIZE)
    # 15% margin: the configured font may be a little wider than the default one.
    return max(estimate * 3 // 4, int(font.getlength(line) * 1.15) + 1)


def _block_px(lines: list[str]) -> tuple[int, int]:
    return max((text_px(line) for line in lines), default=0), len(lines) * LINE_PX


def _wrap_lines(lines: list[str], width: int) -> list[str]:
    return [piece for line in lines for piece in (wrap(line, width) if line else [""])]


#: the most lines a label beside or under the boxes is wrapped onto, and the fewest columns
BESIDE_LINES, BESIDE_MIN = 3, 16


def _balanced(lines: list[str], cap: int) -> list[str]:
    """``lines`` wrapped as narrow as BESIDE_LINES lines each allow (one more if need be), at most ``cap`` columns.

    A label beside the boxes widens every box by twice its width, so a long
    one is better on a few short lines; never narrower than its widest word.
    """
    words = [w for line in lines for w in line.split()]
    if not words:
        return _wrap_lines(lines, cap)
    low = max(BESIDE_MIN, max(cell_width(w) for w in words))
    for most in (BESIDE_LINES, BESIDE_LINES + 1):  # one more line for a label too long for three
        for width in range(min(low, cap), cap + 1):
            if all(len(wrap(line, width)) <= most for line in lines if line):
                return _wrap_lines(lines, width)
    return _wrap_lines(lines, max(cap, low))


def edge_label_lines(edge: PlannedEdge, layout: GridLayout, drawn: DrawnEdge) -> list[str]:
    """The lines of a merged edge's label, each relation's details in brackets under it."""
    lines: list[str] = []
    marks = _marks(layout, drawn) if edge.mixed else {}
    for r in edge.relations:
        text = relation_text(r)
        way = _way(r, drawn.node1)
        mark = marks.get(way, "")
        if text or mark:
            lines.append(f"{mark} {text}".strip())
        lines.extend(f"[{d}]" for d in r.details)
    return lines


def _marks(layout: GridLayout, drawn: DrawnEdge) -> dict[str, str]:
    """Arrows that point, between the two boxes as drawn, the way a relation goes."""
    (x1, y1), (x2, y2) = layout.cells[drawn.node1], layout.cells[drawn.node2]
    if x1 != x2:
        fwd, back, both = ("→", "←", "↔") if x2 > x1 else ("←", "→", "↔")
    else:
        fwd, back, both = ("↓", "↑", "↕") if y2 > y1 else ("↑", "↓", "↕")
    return {"forward": fwd, "back": back, "both": both, "none": "—"}


def _label_place(layout: GridLayout, drawn: DrawnEdge, portrait: bool) -> tuple[str, tuple]:
    """Where blockdiag puts an edge's label (see ``blockdiag.metrics``, ``labelbox``).

    Returns the room's shape and a key naming its place: labels that share
    a place are stacked in one box, since blockdiag would draw them over each
    other.  Shapes: "along" (3/4 of the span wide, half a box high), "above"
    (3/4 of the span wide, half a span high), "beside" (half a box minus a
    quarter span wide, half a span high) and "under" (below a skipped box).
    """
    n1, n2 = drawn.node1, drawn.node2
    (x1, y1), (x2, y2) = layout.cells[n1], layout.cells[n2]
    if x2 > x1 and y2 == y1:
        return ("under", ("under", n1, n2)) if drawn.skipped else ("along", ("between", n1, n2))
    if x2 > x1 and y2 < y1:
        return "along", (("left-of", n2) if portrait else ("right-up", n2, y1))
    if x2 > x1:
        return ("beside", ("top", n2)) if portrait else ("along", ("right-down", n1, y2))
    if y2 < y1:
        return "above", (("top", n1) if portrait else ("corner", n1))
    if y2 == y1:
        return "beside", ("over", n1)
    if portrait:
        return "beside", (("top", n2) if x2 == x1 else ("below", n1))
    return "beside", ("over", n2)


def problem_source(problem: Problem, options: RenderOptions) -> Source:
    """blockdiag source for ``problem``; user text only as placeholders."""
    direction = options.direction
    portrait = direction == "down"
    layout = problem_layout(problem, direction)
    src = Source("blockdiag")
    edges = plan_edges(problem)

    raw = [edge_label_lines(e, layout, d) for e, d in zip(edges, layout.drawn, strict=True)]
    places = [_label_place(layout, d, portrait) for d in layout.drawn]
    first: dict[tuple, int] = {}
    for i, (_, key) in enumerate(places):
        if raw[i] and key in first:  # stack labels that blockdiag would draw in one place
            raw[first[key]] = raw[first[key]] + raw[i]
            raw[i] = []
        elif raw[i]:
            first[key] = i

    # Size boxes and gaps so that blockdiag never truncates a label.
    party_lines = {p.name: wrap(p.label, PARTY_WRAP) for p in problem.parties}
    node_w, node_h, span_w, span_h = 128, 40, 64, 40
    for lines in party_lines.values():
        w, h = _block_px(lines)
        node_w, node_h = max(node_w, w + PAD), max(node_h, h + 16)
    labels: list[list[str]] = []
    for (room, _), text in zip(places, raw, strict=True):
        # Top to bottom, the labels of the main flow sit beside it: wider, fewer lines.
        beside = ALONG_WRAP if portrait else BESIDE_WRAP
        # Beside or under, the room is a share of the box width: rather more lines than wide boxes.
        lines = _wrap_lines(text, ALONG_WRAP) if room in ("along", "above") else _balanced(text, beside)
        labels.append(lines)
        if not lines:
            continue
        w, h = _block_px(lines)
        if room == "along":
            span_w, node_h = max(span_w, (w + PAD) * 4 // 3 + 1), max(node_h, 2 * (h + 8))
        elif room == "above":
            span_w, span_h = max(span_w, (w + PAD) * 4 // 3 + 1), max(span_h, 2 * (h + 8))
        else:
            span_h = max(span_h, 2 * (h + 8))
    for lines, (room, _) in zip(labels, places, strict=True):
        w, _ = _block_px(lines)
        if lines and room == "beside":
            node_w = max(node_w, 2 * (w + PAD) + span_w // 2 + 1)
        elif lines and room == "under":
            node_w = max(node_w, w + PAD + span_w // 4 + 1)

    src.add(f"default_fontsize = {FONT_SIZE}; default_shape = box;")
    src.add(f"node_width = {node_w}; node_height = {node_h}; span_width = {span_w}; span_height = {span_h};")
    ids, statements = _structure(problem, direction, src, party_lines)
    attrs: list[list[str]] = []
    for edge, drawn, lines in zip(edges, layout.drawn, labels, strict=True):
        edge_attrs = [f"dir = {drawn.dir(edge)}"]
        if lines:
            edge_attrs.append(f"label = {src.text(chr(10).join(lines))}")
        if edge.trust:
            edge_attrs.append("style = dashed")
        attrs.append(edge_attrs)
    flips = [d.flipped for d in layout.drawn]
    for statement in statements + _edge_statements(ids, edges, flips, attrs):
        src.add(statement)
    return src
