"""The notation of real RFCs: transitions from any state, slashes in labels, state lines.

The two ``.statemachine`` files in ``tests/cases`` are the cases that showed
the faults; each test names the one it reads.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.checks.statemachine import statemachine_findings
from sphinxcontrib_protomodel.diagrams import ANY_STATE, DiagramSyntaxError, RenderOptions
from sphinxcontrib_protomodel.layout.statemachine.table import transition_table
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine

CASES = Path(__file__).parent / "cases"
SVG = "{http://www.w3.org/2000/svg}"


def case(name: str):
    return parse_statemachine((CASES / f"{name}.statemachine").read_text(encoding="utf-8"), name)


# ------------------------------------------------------------------ any state


def test_any_state_transition_is_parsed_once_and_is_not_a_state():
    sm = case("statemachine-any-state")
    anywhere = sm.from_any()
    assert [(t.src, t.dst, t.event, t.action, t.line) for t in anywhere] == [
        (ANY_STATE, "CLOSED", "ABORT", "delete TCB", 9)
    ]
    assert ANY_STATE not in sm.state_names()
    assert sm.state_names()[0] == "CLOSED"


def test_any_state_transition_counts_for_every_state_in_the_checks():
    # without '*', every state but SHUTDOWN-SENT would be fine; nothing to warn about with it
    assert statemachine_findings(case("statemachine-any-state")) == []
    # a state whose only exit is '* -> X' has a way out
    assert statemachine_findings(parse_statemachine("A -> B: go\n* -> A: reset")) == []
    # and '* -> X' reaches X from any reached state
    sm = parse_statemachine("initial A\nA -> B: go\nB -> A: back\nC -> A: x\n* -> C: panic")
    assert statemachine_findings(sm) == []
    # the same event from a state and from any state: the machine cannot tell which to take
    found = statemachine_findings(parse_statemachine("A -> B: go\nB -> A: ABORT\n* -> A: ABORT"))
    assert [(d.line, d.message.split(":")[0]) for d in found] == [
        (3, "state 'B' has two transitions on event 'ABORT' (lines 2 and 3)")
    ]


def test_any_state_transition_is_drawn_once_from_an_any_state_box():
    sm = case("statemachine-any-state")
    figures = rendering.figures(sm, RenderOptions(width=72))
    drawing = figures.text.drawing
    abort = sm.transitions.index(sm.from_any()[0])
    assert [ln.key for ln in drawing.lines].count(("transition", abort)) == 1
    assert [b.key for b in drawing.boxes].count(ANY_STATE) == 1
    assert [t.text for t in drawing.texts if t.role == "name"].count("any state") == 1
    art = rendering.render("ascii", sm, RenderOptions(width=72)).text
    assert art.count("ABORT") == 1 and "any state" in art
    svg = ET.fromstring(rendering.render("svg", sm, RenderOptions(width=72)))
    texts = " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
    assert texts.count("ABORT") == 1


def test_any_state_transitions_form_the_last_group_of_the_table():
    table = transition_table(case("statemachine-any-state"), 72).split("\n")
    assert [line for line in table if "any state" in line] == [next(line for line in table if "ABORT" in line)]
    assert "| any state" in table[-2] and "CLOSED" in table[-2]


@pytest.mark.parametrize(("source", "line"), [("A -> *: x", 1), ("*->A: x", 1), ("A -> B: x\nB * -> A: y", 2)])
def test_star_is_only_a_source_standing_apart(source, line):
    with pytest.raises(DiagramSyntaxError) as caught:
        parse_statemachine(source)
    assert [(d.line, d.message) for d in caught.value.diagnostics] == [
        (line, "'*' (any state) stands only before the arrow, apart from it: '* -> STATE: event / action'")
    ]


# ------------------------------------------------------------------ labels


def test_only_the_first_slash_separates_event_from_action():
    sm = parse_statemachine("A -> B: rcv Ack/DataAck / snd Data / log")
    t = sm.transitions[0]
    assert (t.event, t.action) == ("rcv Ack/DataAck", "snd Data / log")


def test_a_quoted_label_keeps_its_slash():
    sm = parse_statemachine('a -> b: "send H / recv H"\nb -> a: "x" / "y"')
    first, second = sm.transitions
    assert (first.event, first.action) == ("send H / recv H", "")
    assert (second.event, second.action) == ('"x"', '"y"')


# ------------------------------------------------------------------ state lines


def test_a_state_line_is_an_order_hint_never_the_initial_state():
    sm = case("statemachine-state-line-first")
    assert sm.initial == ("CLOSED",)
    assert sm.state_names() == ["CLOSED", "COOKIE-WAIT", "ESTABLISHED"]
    table = transition_table(sm, 72)
    assert table.split("\n")[3].startswith("| CLOSED (initial)")
    # without 'initial', the first state a transition names is initial, listed first
    sm = parse_statemachine("state W: waits\nstate E: runs\nC -> W: go\nW -> E: ok\nE -> C: stop")
    assert sm.initial == ("C",) and sm.state_names() == ["C", "W", "E"]
    assert statemachine_findings(sm) == []


def test_the_initial_state_is_drawn_first_with_its_marker():
    sm = case("statemachine-state-line-first")
    drawing = rendering.figures(sm, RenderOptions(width=72)).text.drawing
    top = min(drawing.boxes, key=lambda b: (b.y, b.x))
    assert top.key == "CLOSED"
    marker = next(ln for ln in drawing.lines if ln.key == ("initial",))
    assert marker.points[-1][1] == top.y - 1


def test_descriptions_are_the_tooltips_of_the_svg_boxes_and_follow_the_ascii_art():
    sm = case("statemachine-state-line-first")
    svg = ET.fromstring(rendering.render("svg", sm, RenderOptions(width=72)))
    titles = {"".join(t.itertext()) for t in svg.iter(f"{SVG}title")}
    assert {"waiting for INIT ACK", "data may flow"} <= titles
    art = rendering.render("ascii", sm, RenderOptions(width=72)).text
    assert art.endswith("COOKIE-WAIT: waiting for INIT ACK\nESTABLISHED: data may flow")
