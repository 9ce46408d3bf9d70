"""The ``problem`` figure: golden ASCII art, fallbacks, and the geometry properties of its drawing.

Golden files live in ``tests/golden/problem/NAME-DIRECTION-WIDTH.txt``.  To
rewrite them after an intended change, run ``pytest --update-goldens``
and review every changed picture by eye before committing.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.diagrams import Party, PartyGroup, Problem, Relation, RenderOptions
from sphinxcontrib_protomodel.drawing import Drawing
from sphinxcontrib_protomodel.layout.invariants import violations
from sphinxcontrib_protomodel.layout.problem import MAX_DRAWN_PARTIES, problem_figure, problem_figures
from sphinxcontrib_protomodel.layout.problem.labels import label_lines, relation_text
from sphinxcontrib_protomodel.layout.problem.listing import listing
from sphinxcontrib_protomodel.paint.ascii import paint_ascii
from sphinxcontrib_protomodel.parsing.problem import parse_problem

GOLDEN = Path(__file__).parent / "golden" / "problem"
#: The ICE-like topology of RFC 8445 Figure 1 (from the shared cases; CI only has the repository).
ICE_LIKE = (Path(__file__).parent / "cases" / "problem-ice-like.problem").read_text(encoding="utf-8")

#: The draft's figures (draft-iab-model-01, as in demo_docs/stun.rst and demo_docs/ike.rst).
STUN_1 = """
party client: SIP Client
party nat: NAT Gateway
party server: SIP Server
client -> nat: SIP INVITE
    FROM: 10.0.0.1:5060
    MSG: SEND MEDIA TO 10.0.0.1:8000
nat -> server: SIP INVITE
    FROM: 192.0.2.1:61000
    MSG: SEND MEDIA TO 10.0.0.1:8000
"""
STUN_2 = """
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
    MAPPED-ADDRESS: 192.0.2.1:61000
trust client -> stun: reports the mapped address truthfully
    shared secret obtained over TLS
"""
IKE = """
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
"""

CASES = {
    "stun1": (STUN_1, "down"),
    "stun2": (STUN_2, "down"),
    "ike": (IKE, "right"),
    "ice-like": (ICE_LIKE, "right"),
    # Three parties, one trust relation each way round the triangle.
    "trust3": (
        """
party user: User
party rp: Relying Party
party idp: Identity Provider
user -> rp: sign in
rp -> idp: authentication request
idp -> user: login page
trust user -> idp: holds the password
trust rp -> idp: signed assertions
trust idp -> rp: registered redirect URI
""",
        "right",
    ),
    # Two parties: one relation with details, one trust relation back.
    "two": (
        """
party client: Client
party server: Server
client -> server: request
    method, path
trust server -> client: client certificate
""",
        "right",
    ),
    # Five parties, a group, one-way, mutual and undirected relations, two trust edges.
    "five": (
        """
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
        "right",
    ),
    # Long labels that wrap, over several source lines, with long details.
    "multiline": (
        """
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
        "down",
    ),
}

GOLDEN_PARAMS = [
    pytest.param(name, width, id=f"{name}-{CASES[name][1]}-{width}") for name in CASES for width in (72, 69, 50)
]


def figure(name: str, width: int, direction: str | None = None):
    body, default = CASES[name]
    problem = parse_problem(body, name)
    return problem, problem_figure(problem, RenderOptions(width=width, direction=direction or default))


@pytest.mark.parametrize(("name", "width"), GOLDEN_PARAMS)
def test_golden(name, width, golden):
    problem, fig = figure(name, width)
    path = GOLDEN / f"{name}-{CASES[name][1]}-{width}.txt"
    text = paint_ascii(fig.drawing) + "\n"
    if fig.degraded:
        text += f"\n[degraded: {fig.degraded}]\n"
    golden(path, text)
    check_figure(problem, fig.drawing, width)


# ------------------------------------------------------------ what the goldens show


def art(name: str, width: int = 72, direction: str | None = None) -> tuple[str, object]:
    _, fig = figure(name, width, direction)
    return paint_ascii(fig.drawing), fig


def test_the_ice_like_topology_is_boxes_and_arrows_within_72_columns_and_24_lines():
    text, _ = art("ice-like")
    assert len(text.split("\n")) <= 24, text


def test_the_ice_like_topology_is_boxes_and_arrows_within_72_columns_every_nat_told_apart():
    text, fig = art("ice-like")
    lines = text.split("\n")
    assert fig.drawing.kind == "problem" and fig.degraded is None, text
    assert max(cell_width(line) for line in lines) <= 72
    # The two NATs (and the two STUN servers) are told apart by the figure: each NAT in its own network.
    frames = {f.key: f for f in fig.drawing.frames}
    boxes = {b.key: b for b in fig.drawing.boxes}
    assert "natL" in frames["homeL"].members and "natR" in frames["homeR"].members
    assert boxes["natL"].x < boxes["natR"].x and boxes["stunL"].x < boxes["stunR"].x
    assert "Network of L" in text and "Network of R" in text


def test_the_ike_deployment_is_no_taller_than_the_drafts_own():
    text, fig = art("ike")
    assert fig.degraded is None and len(text.split("\n")) <= 19, text
    assert "+- Initiator -" in text and "+- Responder -" in text
    boxes = {b.key: b for b in fig.drawing.boxes}
    assert boxes["kmi"].x < boxes["kmr"].x and boxes["kmi"].y < boxes["ipsi"].y  # the draft's arrangement


@pytest.mark.parametrize("name", ["stun1", "stun2"])
@pytest.mark.parametrize("width", [72, 69])
def test_stun_figures_have_no_empty_rows_of_bare_verticals(name, width):
    text, fig = art(name, width)
    bare = [bool(line.strip()) and set(line) <= set(" |:") for line in text.split("\n")]
    assert not any(a and b for a, b in itertools.pairwise(bare)), text
    assert fig.degraded is None


def test_a_label_wraps_only_when_it_must():
    text, _ = art("stun1")
    assert "[MSG: SEND MEDIA TO 10.0.0.1:8000]" in text
    narrow, _ = art("stun1", 30)
    assert "[MSG: SEND MEDIA TO 10.0.0.1:8000]" not in narrow and "10.0.0.1:8000]" in narrow


def test_a_box_grows_to_fit_its_label_on_one_line():
    text, _ = art("stun1")
    assert "| SIP Client  |" in text or "| SIP Client |" in text


def test_trust_is_dotted_and_labelled_and_communication_solid():
    text, fig = art("two")
    assert "....>" in text or "<...." in text
    assert "---->" in text
    assert "trust: client certificate" in text
    styles = {line.key: line.style for line in fig.drawing.lines}
    assert styles == {("relation", 0): "solid", ("relation", 1): "dotted"}


def test_one_trust_relation_per_direction_each_its_own_line():
    _, fig = art("trust3")
    lines = {line.key: line for line in fig.drawing.lines}
    assert len(lines) == 6
    trust = [lines[("relation", i)] for i in (3, 4, 5)]
    assert all(line.style == "dotted" and line.end == "arrow" and line.start == "none" for line in trust)


def test_down_runs_top_to_bottom_and_right_left_to_right():
    _, down = figure("stun1", 72)
    ys = [b.y for b in sorted(down.drawing.boxes, key=lambda b: ["client", "nat", "server"].index(b.key))]
    assert ys == sorted(ys) and len({b.x for b in down.drawing.boxes}) == 1
    _, right = figure("stun1", 100, "right")
    xs = [b.x for b in sorted(right.drawing.boxes, key=lambda b: ["client", "nat", "server"].index(b.key))]
    assert xs == sorted(xs) and len({b.y for b in right.drawing.boxes}) == 1


def arrangement(drawing: Drawing) -> dict[tuple[str, str], tuple[int, int]]:
    """Which way each box lies from each other box (left/right, above/below, or level)."""
    centre = {b.key: (b.x * 2 + b.width, b.y * 2 + b.height) for b in drawing.boxes}
    out = {}
    for a, (ax, ay) in centre.items():
        for b, (bx, by) in centre.items():
            if a < b:
                out[(a, b)] = ((bx > ax) - (bx < ax), (by > ay) - (by < ay))
    return out


@pytest.mark.parametrize("name", ["stun1", "stun2", "ike", "ice-like", "trust3", "five"])
def test_69_and_72_columns_keep_the_arrangement(name):
    _, at72 = figure(name, 72)
    _, at69 = figure(name, 69)
    assert at72.drawing.kind == at69.drawing.kind == "problem"
    assert arrangement(at72.drawing) == arrangement(at69.drawing)


def test_the_svg_shows_the_same_arrangement():
    problem = parse_problem(ICE_LIKE, "t")
    figs = problem_figures(problem, RenderOptions(width=72))
    assert figs.picture.drawing is figs.text.drawing


def test_a_single_party():
    problem = parse_problem("party a: Alone", "t")
    assert paint_ascii(problem_figure(problem, RenderOptions()).drawing) == "+-------+\n| Alone |\n+-------+"


def test_a_huge_width_costs_no_more_than_the_picture():
    problem = parse_problem(IKE, "t")
    fig = problem_figure(problem, RenderOptions(width=1_000_000))
    # Every label on one line: the picture's own width, nothing like the width allowed.
    assert fig.drawing.kind == "problem" and fig.drawing.width < 150


# ------------------------------------------------------------ fallbacks


def test_too_wide_left_to_right_is_drawn_top_to_bottom():
    _, fig = figure("ike", 38, "right")
    assert fig.degraded == "too wide for 38 columns from left to right: drawn top to bottom"
    check_figure(parse_problem(IKE, "t"), fig.drawing, 38)


def test_too_wide_side_by_side_stacks_the_parties():
    problem, fig = figure("ike", 34, "right")
    assert fig.degraded == "too wide for 34 columns side by side: the parties stacked in one column"
    assert len({b.x for b in fig.drawing.boxes}) == 1
    check_figure(problem, fig.drawing, 34)


def test_too_wide_for_any_picture_lists_relationships_under_the_parties():
    problem = Problem(
        "t",
        (Party("a", "Client"), Party("b", "Server-with-a-long-name!!!")),  # a box 30 columns wide
        (Relation("a", "b", "->", "hello"), Relation("b", "a", "->", "account", trust=True)),
    )
    fig = problem_figure(problem, RenderOptions(width=29))
    assert fig.degraded == "too wide or too dense for 29 columns: relationships listed under the parties"
    lines = paint_ascii(fig.drawing).split("\n")
    assert lines[:3] == ["+--------+", "| Client |", "+--------+"]
    assert "Client -> Server-with-a-long-" in lines or any(line.startswith("Client ->") for line in lines)
    assert all(cell_width(line) <= 29 for line in lines)
    assert violations(fig.drawing) == []


def test_the_listing_names_parties_unambiguously():
    problem = parse_problem(ICE_LIKE, "t")
    text = paint_ascii(listing(problem, 72))
    assert "Agent L -- NAT (natL): private address" in text.split("\n")
    assert "Agent R -- NAT (natR): private address" in text.split("\n")
    assert "Agent L -> STUN Server (stunL): Binding request" in text.split("\n")
    assert "Agent L ..> Signaling Server: trust: relays the offer unmodified" in text.split("\n")


def test_listing_marks_trust_and_direction():
    problem = parse_problem("a -> b: x\na <-> b: y\na -- b: z\ntrust a -> b: t\ntrust a <-> b: u", "t")
    text = paint_ascii(listing(problem, 72))
    for line in ("a -> b: x", "a <-> b: y", "a -- b: z", "a ..> b: trust: t", "a <..> b: trust: u"):
        assert line in text.split("\n")


def test_a_problem_too_large_to_draw_is_listed_at_once():
    body = "\n".join(f"p{i} -> p{(i * 7 + 3) % 100}: message {i}" for i in range(100))
    problem = parse_problem(body, "large")
    assert len(problem.parties) > MAX_DRAWN_PARTIES
    fig = problem_figure(problem, RenderOptions(width=72))
    assert fig.degraded and fig.degraded.startswith("too large to draw")
    text = paint_ascii(fig.drawing)
    assert max(cell_width(line) for line in text.splitlines()) <= 72
    assert set(re.findall(r"message (\d+)\b", text)) == {str(i) for i in range(100)}


def test_same_input_same_drawing():
    problem = parse_problem(CASES["five"][0], "t")
    assert problem_figure(problem, RenderOptions()) == problem_figure(problem, RenderOptions())


# ------------------------------------------------------------ properties


def words(texts: list[str]) -> Counter[str]:
    return Counter(w for t in texts for w in t.split())


def check_figure(problem: Problem, drawing: Drawing, width: int) -> None:
    """What every problem figure promises, read from its drawing and its ASCII art."""
    assert violations(drawing) == [], violations(drawing)
    text = paint_ascii(drawing)
    for line in text.split("\n"):
        assert cell_width(line) <= width, line
    shown = words([t.text for t in (*drawing.texts, *(t for f in drawing.frames for t in f.title))])
    expected = [p.label for p in problem.parties] + [g.label for g in problem.groups]
    if drawing.kind == "problem":
        expected += [line for r in problem.relations for line in label_lines(r, 10_000)]
        assert {line.key for line in drawing.lines} == {("relation", i) for i in range(len(problem.relations))}
    else:
        expected += [relation_text(r) for r in problem.relations]
    assert not words(expected) - shown, (words(expected) - shown, text)
    boxes = {b.key for b in drawing.boxes}
    assert boxes == {p.name for p in problem.parties}


WORDS = ["SIP", "NAT", "key", "Server", "client", "IKE", "é", "<b>", "a&b", "x:y", "[1]", "10.0.0.1", "名前", "trust"]
text_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@st.composite
def problems(draw, most: int = 10) -> Problem:
    n = draw(st.integers(1, most))
    parties = tuple(Party(f"p{i}", draw(text_st)) for i in range(n))
    relations = []
    for _ in range(draw(st.integers(0, 14)) if n > 1 else 0):
        a, b = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
        trust = draw(st.booleans())
        mode = draw(st.sampled_from(["->", "<->"] if trust else ["->", "<->", "--"]))
        label = draw(st.one_of(st.just(""), text_st))
        details = tuple(draw(st.lists(text_st, max_size=1)))
        relations.append(Relation(f"p{a}", f"p{b}", mode, label, details, trust))
    groups = []
    free = list(range(n))
    for g in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []
        if members:
            free = [i for i in free if i not in members]
            groups.append(PartyGroup(f"g{g}", draw(text_st), tuple(f"p{i}" for i in sorted(members))))
    return Problem("t", parties, tuple(relations), tuple(groups))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), width=st.integers(40, 100), direction=st.sampled_from(["right", "down"]))
def test_every_figure_is_sound_shows_every_label_and_fits_the_width(problem, width, direction):
    figs = problem_figures(problem, RenderOptions(width=width, direction=direction))
    check_figure(problem, figs.text.drawing, width)
    assert violations(figs.picture.drawing) == []
