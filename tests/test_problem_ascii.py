"""ASCII art of the ``problem`` directive: golden pictures, fallbacks, and properties.

Golden files live in ``tests/golden/problem/NAME-DIRECTION-WIDTH.txt``.  To
rewrite them after an intended change, run with ``PROTOMODEL_REGEN_GOLDEN=1``
and review every changed picture by eye before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.engines.blockdiag import problem_layout, relation_text
from sphinxcontrib_protomodel.layout.problem.legacy_ascii import label_lines, listing, problem_ascii, problem_drawing
from sphinxcontrib_protomodel.model import Party, PartyGroup, Problem, Relation, RenderOptions
from sphinxcontrib_protomodel.parsing.problem import parse_problem

GOLDEN = Path(__file__).parent / "golden" / "problem"
REGEN = os.environ.get("PROTOMODEL_REGEN_GOLDEN") == "1"

CASES = {
    # Two parties: one relation with details, one trust relation back.
    "two": """
party client: Client
party server: Server
client -> server: request
    method, path
trust server -> client: client certificate
""",
    # Three parties in a chain, relations both ways, and a trust edge that skips the middle one.
    "three": """
party client: SIP Client
party nat: NAT Gateway
party stun: STUN Server
client -> nat: Binding Request
    IP HDR FROM: 10.0.0.1:5060
nat -> stun: Binding Request
    IP HDR FROM: 192.0.2.1:61000
stun -> nat: Binding Response
    IP HDR TO: 192.0.2.1:61000
nat -> client: Binding Response
    IP HDR TO: 10.0.0.1:5060
trust client -> stun: reports the mapped address
""",
    # Five parties, a group, one-way, mutual and undirected relations, two trust edges.
    "five": """
party client: Client
group kdc: Key Distribution Center
  party as: AS
  party tgs: TGS
end
party server: Service
party admin: Admin
client -> as: AS-REQ
as -> client: TGT
client -> tgs: TGS-REQ
client -> server: AP-REQ
trust tgs <-> server: service key
trust as <-> tgs: realm key
admin -- as: registers principals
""",
    # Groups around parties, as in the draft's IKE figure.
    "groups": """
group initiator: Initiator
  party kmi: Key Management Process
  party ipsi: IPsec Stack
end
group responder: Responder
  party kmr: Key Management Process
  party ipsr: IPsec Stack
end
kmi <-> kmr: IKE
ipsi <-> ipsr: AH/ESP
kmi <-> ipsi: SAs
kmr <-> ipsr: SAs
trust kmi <-> kmr: pre-shared key, signatures or public-key encryption
""",
    # Long labels that wrap, over several source lines, with long details.
    "multiline": """
party ua: SIP User Agent on a laptop in a hotel room
party proxy: Outbound proxy of the visited network
party registrar: Registrar and home proxy of the user's own domain
ua -> proxy: REGISTER with the contact address the user agent believes it has
    Contact: sip:alice@10.0.0.1:5060
    Via: SIP/2.0/UDP 10.0.0.1:5060
proxy -> registrar: REGISTER, with the source address the proxy saw added
    Via: SIP/2.0/UDP 192.0.2.1:61000;received=192.0.2.1
trust registrar -> ua: the user agent knows the password of the address of record
""",
}

GOLDEN_PARAMS = [
    pytest.param(name, direction, width, id=f"{name}-{direction}-{width}")
    for name in CASES
    for direction in ("right", "down")
    for width in (72, 50)
]


def render(name: str, direction: str, width: int):
    problem = parse_problem(CASES[name], name)
    return problem, problem_drawing(problem, RenderOptions(width=width, direction=direction))


@pytest.mark.parametrize(("name", "direction", "width"), GOLDEN_PARAMS)
def test_golden(name, direction, width):
    problem, drawing = render(name, direction, width)
    path = GOLDEN / f"{name}-{direction}-{width}.txt"
    text = drawing.text + "\n"
    if drawing.degraded:
        text += f"\n[degraded: {drawing.degraded}]\n"
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.skip("golden file rewritten")
    assert text == path.read_text(encoding="utf-8")
    check_drawing(problem, drawing, width)


# ------------------------------------------------------------ what goldens show


def test_trust_is_dotted_and_labelled_communication_is_solid():
    _, drawing = render("two", "right", 72)
    lines = drawing.text.split("\n")
    assert any("." * 10 in line for line in lines), drawing.text
    assert any("-" * 10 in line for line in lines), drawing.text
    assert "trust: client" in drawing.text


def test_down_uses_blockdiag_portrait_grid():
    problem = parse_problem(CASES["three"], "t")
    right, down = problem_layout(problem, "right"), problem_layout(problem, "down")
    assert [right.cells[p.name] for p in problem.parties] == [(0, 0), (1, 0), (2, 0)]
    assert [down.cells[p.name] for p in problem.parties] == [(0, 0), (0, 1), (0, 2)]
    _, drawing = render("three", "down", 72)
    tops = [drawing.boxes[p.name][0] for p in problem.parties]
    assert tops == sorted(tops) and len({drawing.boxes[p.name][1] for p in problem.parties}) == 1


def test_groups_enclose_their_parties_with_their_label():
    problem, drawing = render("groups", "right", 72)
    for group in problem.groups:
        top, left, bottom, right = drawing.groups[group.name]
        for member in group.members:
            t, lft, b, r = drawing.boxes[member]
            assert top < t and left < lft and b < bottom and r < right
    assert "+- Initiator -" in drawing.text and "+- Responder -" in drawing.text


def test_too_wide_left_to_right_is_drawn_top_to_bottom():
    _, drawing = render("multiline", "right", 50)
    assert drawing.degraded == "too wide for 50 columns from left to right: drawn top to bottom"


def test_too_wide_side_by_side_stacks_the_parties():
    problem = Problem(
        "t",
        tuple(Party(f"p{i}", f"Party number {i}") for i in range(4)),
        tuple(Relation("p0", f"p{i}", "->", "a rather long label " * 3) for i in range(1, 4)),
    )
    drawing = problem_drawing(problem, RenderOptions(width=30))
    assert drawing.degraded == "too wide for 30 columns side by side: the parties stacked in one column"
    lefts = {box[1] for box in drawing.boxes.values()}
    assert len(lefts) == 1
    check_drawing(problem, drawing, 30)
    assert problem_drawing(problem, RenderOptions(width=40)).degraded is None


def test_too_wide_for_any_picture_lists_relationships_under_the_parties():
    problem = Problem(
        "t",
        (Party("a", "Client"), Party("b", "Server-with-a-long-name!!!")),  # a box 30 columns wide
        (Relation("a", "b", "->", "hello"), Relation("b", "a", "->", "account", trust=True)),
    )
    drawing = problem_drawing(problem, RenderOptions(width=29))
    assert drawing.degraded == "too wide or too dense for 29 columns: relationships listed under the parties"
    lines = drawing.text.split("\n")
    assert lines[:3] == ["+--------+", "| Client |", "+--------+"]
    assert lines[-6:] == [
        "Client ->",
        "    Server-with-a-long-name!!",  # a word wider than the page: the only one ever cut
        "    !: hello",
        "Server-with-a-long-name!!!",
        "    ..> Client: trust:",
        "    account",
    ]
    assert all(cell_width(line) <= 29 for line in lines)


def test_listing_marks_trust_and_direction():
    problem = parse_problem("a -> b: x\na <-> b: y\na -- b: z\ntrust a -> b: t\ntrust a <-> b: u", "t")
    text = listing(problem, 72).text
    for line in ("a -> b: x", "a <-> b: y", "a -- b: z", "a ..> b: trust: t", "a <..> b: trust: u"):
        assert line in text.split("\n")


def test_same_input_same_bytes():
    problem = parse_problem(CASES["five"], "t")
    options = RenderOptions(width=72)
    assert problem_ascii(problem, options) == problem_ascii(problem, options)


def test_a_single_party():
    art = problem_ascii(parse_problem("party a: Alone", "t"), RenderOptions(width=72))
    assert art.text == "+-------+\n| Alone |\n+-------+" and art.degraded is None


# ------------------------------------------------------------ properties


def cells_of(text: str) -> list[list[str]]:
    """The text as a grid of cells: a wide character takes two."""
    grid = []
    for line in text.split("\n"):
        row = []
        for ch in line:
            row.append(ch)
            if cell_width(ch) == 2:
                row.append("")
        grid.append(row)
    return grid


def read(grid: list[list[str]], row: int, col: int, line: str) -> str:
    return "".join(grid[row][col : col + cell_width(line)])


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def check_drawing(problem: Problem, drawing, width: int) -> None:
    """Everything the ASCII rendering promises, read back from its text."""
    lines = drawing.text.split("\n")
    for line in lines:
        assert cell_width(line) <= width, line
        assert line == line.rstrip()
    grid = cells_of(drawing.text)
    placed = {(p.kind, p.key): p for p in drawing.texts}
    # Every text block is in the output where the drawing says, as written.
    for p in drawing.texts:
        for k, (line, col) in enumerate(zip(p.lines, p.line_cols(), strict=True)):
            assert read(grid, p.row + k, col, line) == line, (p, drawing.text)
    for party in problem.parties:
        assert " ".join(placed[("party", party.name)].lines).split() == party.label.split()
    for group in problem.groups:
        assert " ".join(placed[("group", group.name)].lines).split() == group.label.split()
    for i, rel in enumerate(problem.relations):
        expected = " ".join(label_lines(rel, 10_000)).split()
        if ("list", i) in placed:
            words = " ".join(placed[("list", i)].lines).split()
            text_words = relation_text(rel).split()
            assert any(words[k : k + len(text_words)] == text_words for k in range(len(words) + 1))
        elif expected:
            assert " ".join(placed[("label", i)].lines).split() == expected
    # No two boxes overlap; a group holds its parties and no other box.
    boxes = list(drawing.boxes.items())
    for k, (a, ra) in enumerate(boxes):
        for b, rb in boxes[k + 1 :]:
            assert not overlap(ra, rb), (a, b, drawing.text)
    members = {m: g.name for g in problem.groups for m in g.members}
    for name, rg in drawing.groups.items():
        for party, rb in drawing.boxes.items():
            inside = rg[0] < rb[0] and rg[1] < rb[1] and rb[2] < rg[2] and rb[3] < rg[3]
            assert inside if members.get(party) == name else not overlap(rg, rb), (name, party, drawing.text)
    groups = list(drawing.groups.values())
    for k, ga in enumerate(groups):
        for gb in groups[k + 1 :]:
            assert not overlap(ga, gb)
    # Labels stay off boxes and off each other.
    label_rects = [
        (p.row, p.col, p.row + len(p.lines) - 1, p.col + max(cell_width(x) for x in p.lines) - 1)
        for p in drawing.texts
        if p.kind == "label"
    ]
    assert len(label_rects) == len({p.key for p in drawing.texts if p.kind == "label"})
    for k, la in enumerate(label_rects):
        assert not any(overlap(la, rb) for rb in drawing.boxes.values())
        assert not any(overlap(la, lb) for lb in label_rects[k + 1 :])


WORDS = ["SIP", "NAT", "key", "Server", "client", "IKE", "é", "<b>", "a&b", "x:y", "[1]", "10.0.0.1", "名前", "trust"]
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


@st.composite
def problems(draw) -> Problem:
    n = draw(st.integers(1, 5))
    parties = tuple(Party(f"p{i}", draw(text)) for i in range(n))
    relations = []
    for _ in range(draw(st.integers(0, 6)) if n > 1 else 0):
        a, b = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
        trust = draw(st.booleans())
        mode = draw(st.sampled_from(["->", "<->"] if trust else ["->", "<->", "--"]))
        label = draw(st.one_of(st.just(""), text))
        details = tuple(draw(st.lists(text, max_size=2)))
        relations.append(Relation(f"p{a}", f"p{b}", mode, label, details, trust))
    groups = []
    free = list(range(n))
    for g in range(draw(st.integers(0, 2))):
        members = draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []
        if members:
            free = [i for i in free if i not in members]
            groups.append(PartyGroup(f"g{g}", draw(text), tuple(f"p{i}" for i in sorted(members))))
    return Problem("t", parties, tuple(relations), tuple(groups))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), width=st.integers(30, 100), direction=st.sampled_from(["right", "down"]))
def test_every_label_shown_whole_within_the_width_and_nothing_overlaps(problem, width, direction):
    drawing = problem_drawing(problem, RenderOptions(width=width, direction=direction))
    check_drawing(problem, drawing, width)


def test_a_problem_too_large_to_draw_is_listed_at_once():
    from sphinxcontrib_protomodel.layout.problem.legacy_ascii import MAX_DRAWN_RELATIONS, problem_ascii
    from sphinxcontrib_protomodel.parsing.problem import parse_problem

    body = "\n".join(f"p{i} -> p{(i * 7 + 3) % 40}: message {i}" for i in range(MAX_DRAWN_RELATIONS + 30))
    art = problem_ascii(parse_problem(body, "large"), RenderOptions(width=72))
    assert art.degraded and art.degraded.startswith("too large to draw")
    assert max(len(line) for line in art.text.splitlines()) <= 72
    shown = set(re.findall(r"message (\d+)\b", art.text))
    assert shown == {str(i) for i in range(MAX_DRAWN_RELATIONS + 30)}
