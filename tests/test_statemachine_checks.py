"""The statemachine checks: each on a minimal machine, at its line; none on real machines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_protomodel.checks.statemachine import statemachine_findings
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine

GOLDEN = Path(__file__).parent / "golden" / "statemachine"
DEMO = Path(__file__).parent.parent / "demo_docs"
HINT = "(add a transition into it, or list it in 'initial')"


def findings(body: str) -> list[tuple[int, str]]:
    result = statemachine_findings(parse_statemachine(body))
    assert all(d.severity == "warning" for d in result)
    return [(d.line, d.message) for d in result]


def demo_statemachine(page: str) -> str:
    """The body of the (single) statemachine block of a demo page."""
    lines = (DEMO / page).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("```{statemachine}"))
    body = []
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            break
        if not line.startswith(":"):  # directive options
            body.append(line)
    return "\n".join(body)


def test_unreachable_state_is_reported_at_its_first_line():
    assert findings("A -> B: go\nB -> A: back\nC -> A: stray") == [
        (3, "state 'C' cannot be reached from the initial state 'A' " + HINT)
    ]


def test_unreachable_from_several_initial_states_names_them_all():
    result = findings("initial A, B\nA -> B: x\nB -> A: y\nC -> A: z")
    assert len(result) == 1
    assert result[0][0] == 4
    assert "from the initial states 'A', 'B'" in result[0][1]


def test_a_declared_state_is_reported_at_its_state_line():
    assert findings("A -> B: go\nB -> A: back\nstate LONELY: nobody comes") == [
        (3, "state 'LONELY' cannot be reached from the initial state 'A' " + HINT)
    ]


def test_state_without_a_way_out():
    assert findings("A -> B: go") == [
        (1, "state 'B' has no way out: no transition leaves it (if the machine may end there, list it in 'final')")
    ]


def test_state_whose_only_exits_are_self_loops_has_no_way_out():
    result = findings("A -> B: go\nB -> B: tick")
    assert result == [
        (1, "state 'B' has no way out: only self-loops leave it (if the machine may end there, list it in 'final')")
    ]


def test_final_states_may_end_the_machine():
    assert findings("final B\nA -> B: go") == []


def test_two_transitions_on_one_event_are_nondeterministic():
    result = findings("A -> B: go / x\nA -> C: go / y\nB -> A: back\nC -> A: back")
    assert result == [
        (
            2,
            "state 'A' has two transitions on event 'go' (lines 1 and 2): the machine cannot tell which to take"
            " (make the events differ, e.g. add a condition)",
        )
    ]


def test_same_event_compares_whitespace_normalised_and_covers_self_loops():
    result = findings("A -> A: tick\nA -> B: tick   \nB -> A: x")
    assert [line for line, _ in result] == [2]


def test_transitions_without_events_are_not_compared():
    assert findings("A -> B\nA -> C\nB -> A\nC -> A") == []


def test_same_event_from_different_states_is_fine():
    assert findings("A -> B: go\nB -> A: go") == []


def test_initial_naming_an_unknown_state_with_a_hint():
    assert findings("initial CLOSD\nCLOSED -> OPEN: open\nOPEN -> CLOSED: close") == [
        (1, "unknown state 'CLOSD' in 'initial': no transition names it (did you mean 'CLOSED'?)")
    ]


def test_final_naming_an_unknown_state():
    assert findings("final DONE\nA -> B: go\nB -> A: back") == [
        (1, "unknown state 'DONE' in 'final': no transition names it (check the spelling)")
    ]


def test_final_naming_a_declared_state_without_transitions():
    result = findings("initial A\nstate DONE: the end\nfinal DONE\nA -> B: go\nB -> A: back")
    assert result == [(3, "final state 'DONE' has no transition")]


def test_a_state_line_never_makes_a_state_initial():
    # the first state a transition names is initial by default, so IDLE is unreachable
    assert findings("state IDLE\nA -> B: go\nB -> A: back") == [
        (
            1,
            "state 'IDLE' cannot be reached from the initial state 'A'"
            " (add a transition into it, or list it in 'initial')",
        )
    ]


def test_findings_are_in_line_order():
    result = findings("initial X\nA -> B: e\nA -> C: e\nD -> A")
    # X is unknown, so nothing is "unreachable"; B and C still have no way out
    assert [line for line, _ in result] == [1, 2, 3, 3]
    assert "unknown state 'X'" in result[0][1]
    assert "two transitions on event 'e'" in result[3][1]


def test_the_kind_registry_runs_these_checks():
    sm = KINDS["statemachine"].parse("A -> B: go", "t")
    assert [d.message for d in KINDS["statemachine"].check(sm)] == [d.message for d in statemachine_findings(sm)]


@pytest.mark.parametrize("source", ["tcp.sm", "three.sm", "loops.sm"])
def test_no_findings_on_real_machines(source):
    assert findings((GOLDEN / source).read_text()) == []


def test_no_findings_on_the_demo_dccp_machine():
    body = demo_statemachine("dccp.md")
    sm = parse_statemachine(body)
    assert len(sm.states) == 9
    assert statemachine_findings(sm) == []
