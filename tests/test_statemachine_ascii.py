"""The statemachine ASCII rendering: golden pictures, the table, the fallbacks, the guarantees.

Golden files live in ``tests/golden/statemachine``: ``NAME.sm`` is the body,
``NAME.txt`` the expected art.  After an intended change of the layout, run
with ``PROTOMODEL_UPDATE_GOLDEN=1`` once, and review the diff.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.layout.statemachine import to_drawing
from sphinxcontrib_protomodel.layout.statemachine.geometry import Layout
from sphinxcontrib_protomodel.layout.statemachine.search import layout
from sphinxcontrib_protomodel.layout.statemachine.table import HEADERS, state_cell, transition_table
from sphinxcontrib_protomodel.model import RenderOptions, StateMachine
from sphinxcontrib_protomodel.paint.ascii import paint_ascii
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine

GOLDEN = Path(__file__).parent / "golden" / "statemachine"
DEMO = Path(__file__).parent.parent / "demo_docs"


def statemachine_ascii(sm, options):
    return rendering.render("ascii", sm, options)


def draw(sm, geometry):
    return paint_ascii(to_drawing(sm, geometry))


def machine(name: str) -> StateMachine:
    return parse_statemachine((GOLDEN / f"{name}.sm").read_text(), name)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("PROTOMODEL_UPDATE_GOLDEN"):
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")


def assert_fits(text: str, width: int) -> None:
    for line in text.split("\n"):
        assert cell_width(line) <= width, line
        assert line == line.rstrip(), f"trailing blank in {line!r}"


# ------------------------------------------------------------------ golden pictures


@pytest.mark.parametrize(
    ("name", "ascii"),
    [
        ("three", "auto"),  # a 3-state cycle: one back edge
        ("loops", "auto"),  # self-loops, back edges, a final state, descriptions
        ("tcp", "auto"),  # RFC 793: 11 states, 19 transitions
        ("tcp-table", "table"),
    ],
)
def test_golden(name, ascii):
    source = name.removesuffix("-table")
    art = statemachine_ascii(machine(source), RenderOptions(width=72, ascii=ascii))
    assert_fits(art.text, 72)
    assert art.degraded is None
    check_golden(name, art.text)


def test_tcp_is_a_diagram_at_72_columns():
    sm = machine("tcp")
    assert (len(sm.states), len(sm.transitions)) == (11, 19)
    art = statemachine_ascii(sm, RenderOptions(width=72))
    assert art.notes == () and "Event / Action" not in art.text
    assert art.text.count("+---") >= 11  # every state boxed


def test_demo_dccp_machine_is_a_diagram_within_72_columns():
    lines = (DEMO / "dccp.md").read_text().splitlines()
    start = lines.index("```{statemachine} DCCP connection states (RFC 4340, section 8.4)")
    end = lines.index("```", start)
    body = "\n".join(line for line in lines[start + 1 : end] if not line.startswith(":"))
    art = statemachine_ascii(parse_statemachine(body), RenderOptions(width=72))
    assert art.notes == ()
    assert_fits(art.text, 72)
    check_golden("dccp", art.text)


def test_self_loops_are_drawn_beside_their_box():
    text = statemachine_ascii(machine("loops"), RenderOptions(width=72)).text
    assert "| IDLE  |--+ poll" in text
    assert "|       |<-+" in text
    assert "|--+ tick / count" in text and "|--+ progress / report" in text


def test_back_edges_enter_their_target_from_below():
    text = statemachine_ascii(machine("three"), RenderOptions(width=72)).text.split("\n")
    box_bottom = next(i for i, line in enumerate(text) if "|  A   |" in line) + 1
    assert "^" in text[box_bottom + 1]  # C -> A arrives under A


def test_final_states_have_a_double_border_and_a_key():
    text = statemachine_ascii(machine("loops"), RenderOptions(width=72)).text
    assert "+=======+" in text
    assert "* marks the initial state; +====+ a final state" in text
    assert "+====" not in statemachine_ascii(machine("three"), RenderOptions(width=72)).text


def test_descriptions_follow_the_picture_wrapped_with_a_hanging_indent():
    text = statemachine_ascii(machine("loops"), RenderOptions(width=50)).text
    assert text.endswith(
        "IDLE: waiting for work\nBUSY: processing a job; may take a long while, so\n    the description wraps"
    )


# ------------------------------------------------------------------ the table


def table_groups(text: str) -> list[list[str]]:
    """The table's cells, one list of three texts per group of rows (a state)."""
    lines = text.split("\n")
    cuts = [i for i, ch in enumerate(lines[0]) if ch == "+"]
    groups: list[list[str]] = []
    current: list[list[str]] = [[], [], []]
    for line in lines[1:]:
        if not line.startswith("|"):
            groups.append([" ".join(" ".join(c).split()) for c in current])
            current = [[], [], []]
            continue
        if set(line[cuts[1] + 1 : cuts[2]]) <= {"-", "+"}:
            continue  # a rule between the rows of one state
        for k in range(3):
            current[k].append(line[cuts[k] + 1 : cuts[k + 1]].strip())
    return groups


def test_table_rows_follow_state_order_then_transition_order():
    sm = machine("tcp")
    groups = table_groups(transition_table(sm, 72))
    assert groups[0] == list(HEADERS)
    body = groups[1:]
    assert [g[0] for g in body] == [state_cell(sm, s.name) for s in sm.states]
    for group, state in zip(body, sm.states, strict=True):
        outgoing = sm.outgoing(state.name)
        assert group[1] == " ".join(t.label for t in outgoing)
        assert group[2] == " ".join(t.dst for t in outgoing)


def test_table_marks_initial_and_final_and_lists_states_without_exits():
    sm = parse_statemachine("initial A\nfinal C\nA -> B: go\nB -> C: end / stop")
    text = transition_table(sm, 72)
    assert text.split("\n")[:3] == [
        "+-------------+----------------+------------+",
        "| State       | Event / Action | Next state |",
        "+=============+================+============+",
    ]
    groups = table_groups(text)
    assert groups[1:] == [["A (initial)", "go", "B"], ["B", "end / stop", "C"], ["C (final)", "", ""]]


def test_table_wraps_cells_at_word_boundaries_and_rules_rows_apart():
    sm = machine("tcp")
    text = transition_table(sm, 44)
    assert_fits(text, 44)
    lines = text.split("\n")
    # a rule between two transitions of one state, since cells wrap
    assert any(line.startswith("|") and "+-" in line for line in lines)
    groups = table_groups(text)
    for group, state in zip(groups[1:], sm.states, strict=True):
        assert group[1] == " ".join(t.label for t in sm.outgoing(state.name))


def test_auto_falls_back_to_the_table_when_the_diagram_cannot_fit():
    art = statemachine_ascii(machine("tcp"), RenderOptions(width=50))
    assert art.text.startswith("+") and "| State" in art.text
    assert art.degraded is None
    assert art.notes == ("the state diagram does not fit in 50 columns; shown as a transition table",)
    assert_fits(art.text, 50)


def test_diagram_that_cannot_fit_is_a_degraded_table():
    art = statemachine_ascii(machine("tcp"), RenderOptions(width=50, ascii="diagram"))
    assert "| State" in art.text
    assert art.degraded == "the state diagram does not fit in 50 columns; shown as a transition table"


def test_table_option_always_gives_the_table():
    art = statemachine_ascii(machine("three"), RenderOptions(width=72, ascii="table"))
    assert art.text.startswith("+") and art.notes == () and art.degraded is None


def test_a_table_that_must_cut_words_says_so():
    sm = parse_statemachine("Averyveryverylongstatename -> B: anotherextremelylongeventname")
    art = statemachine_ascii(sm, RenderOptions(width=24, ascii="table"))
    assert_fits(art.text, 24)
    assert art.degraded == "the transition table cuts words to fit in 24 columns"


def test_rendering_is_deterministic():
    sm = machine("tcp")
    first = statemachine_ascii(sm, RenderOptions(width=72))
    assert all(statemachine_ascii(sm, RenderOptions(width=72)) == first for _ in range(3))


# ------------------------------------------------------------------ guarantees


def assert_layout_is_drawn_faithfully(sm: StateMachine, geometry: Layout, text: str) -> None:
    """Labels and names sit where the layout put them, whole; boxes hold only themselves."""
    rows = text.split("\n")

    def at(row: int, col: int, length: int) -> str:
        line = rows[row] if row < len(rows) else ""
        return line[col : col + length]

    for edge in geometry.edges:
        if edge.label is None:
            continue
        t = sm.transitions[edge.transition]
        assert " ".join(edge.label.lines).split() == t.label.split()  # wrapped at word boundaries only
        for k, line in enumerate(edge.label.lines):
            assert at(edge.label.y + k, edge.label.x, len(line)) == line
            assert at(edge.label.y + k, edge.label.x - 1, 1) == " "  # a blank column before the text
    for box in geometry.boxes:
        assert " ".join(box.lines).split() == box.state.split()
        inner = box.width - 2
        for r in range(box.y + 1, box.y + box.height - 1):
            cell = at(r, box.x + 1, inner).strip()
            k = r - box.y - box.name_row
            assert cell == (box.lines[k] if 0 <= k < len(box.lines) else ""), (box.state, rows[r])


MACHINES = ["three", "loops", "tcp"]


@pytest.mark.parametrize("name", MACHINES)
@pytest.mark.parametrize("width", [72, 100])
def test_real_machines_are_drawn_faithfully(name, width):
    sm = machine(name)
    geometry = layout(sm, width)
    assert geometry is not None
    assert_layout_is_drawn_faithfully(sm, geometry, draw(sm, geometry))


WORDS = ["rcv", "snd", "SYN", "ACK", "close", "open", "timer", "expires", "x", "Request", "2MSL", "[ok]", "a:b"]
NAMES = ["A", "B", "C", "IDLE", "BUSY", "SYN-SENT", "CLOSE-WAIT", "S.1", '"Wait ack"']


@st.composite
def machines(draw_) -> str:
    names = draw_(st.lists(st.sampled_from(NAMES), min_size=2, max_size=7, unique=True))
    phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    lines = [f"{names[0]} -> {names[1]}: {draw_(phrase)}"]
    for _ in range(draw_(st.integers(0, 10))):
        a, b = draw_(st.sampled_from(names)), draw_(st.sampled_from(names))
        action = draw_(st.one_of(st.just(""), phrase))
        lines.append(f"{a} -> {b}: {draw_(phrase)}{' / ' + action if action else ''}")
    if draw_(st.booleans()):
        lines.insert(0, f"final {draw_(st.sampled_from(names))}")
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=machines(), width=st.integers(40, 110), ascii=st.sampled_from(["auto", "diagram", "table"]))
def test_every_name_and_label_is_shown_whole_within_the_width(source, width, ascii):
    sm = parse_statemachine(source)
    art = statemachine_ascii(sm, RenderOptions(width=width, ascii=ascii))
    assert_fits(art.text, width)
    assert art.degraded is None or ascii == "diagram"
    geometry = layout(sm, width) if ascii != "table" else None
    if geometry is not None:
        picture = draw(sm, geometry)
        assert art.text.startswith(picture)
        assert_layout_is_drawn_faithfully(sm, geometry, picture)
        drawn = {t for e in geometry.edges if e.label for t in [e.transition]}
        assert drawn == {i for i, t in enumerate(sm.transitions) if t.label}
    else:
        # the table: each state's cells hold its name and its transitions' words, in order
        groups = table_groups(art.text.split("\n\n")[0])
        assert [g[0] for g in groups[1:]] == [state_cell(sm, s.name) for s in sm.states]
        for group, state in zip(groups[1:], sm.states, strict=True):
            outgoing = sm.outgoing(state.name)
            assert group[1] == " ".join(t.label for t in outgoing)
            assert group[2] == " ".join(t.dst for t in outgoing)


# ------------------------------------------------------------------ performance


def forty_states(extra: int, seed: int = 4340) -> str:
    rng = random.Random(seed)
    lines = [f"S{i} -> S{i + 1}: event {i} / action {i}" for i in range(39)]
    lines += [f"S{rng.randrange(40)} -> S{rng.randrange(40)}: ev{k} happens / do {k}" for k in range(extra)]
    lines.append("S39 -> S0: reset")
    return "\n".join(lines)


@pytest.mark.parametrize("extra", [0, 10, 40])
@pytest.mark.parametrize("width", [72, 120])
def test_forty_states_render_well_under_two_seconds(extra, width):
    sm = parse_statemachine(forty_states(extra))
    assert len(sm.states) == 40
    start = time.process_time()
    art = statemachine_ascii(sm, RenderOptions(width=width))
    elapsed = time.process_time() - start
    assert_fits(art.text, width)
    assert elapsed < 1.5, f"{elapsed:.2f} s of CPU"
