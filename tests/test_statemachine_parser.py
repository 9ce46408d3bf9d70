"""The statemachine language: every statement, and every error at its line with its hint."""

from __future__ import annotations

import pytest

from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError, State, Transition
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine, split_event_action


def errors(body: str) -> list[tuple[int, str]]:
    with pytest.raises(DiagramSyntaxError) as info:
        parse_statemachine(body)
    return [(d.line, d.message) for d in info.value.diagnostics]


# ------------------------------------------------------------------ statements


def test_transitions_with_event_action_both_or_neither():
    sm = parse_statemachine(
        "CLOSED -> REQUEST: active open / snd Request\n"
        "REQUEST -> PARTOPEN: rcv Response\n"
        "PARTOPEN -> OPEN: / snd Ack\n"
        "OPEN -> CLOSED\n"
        "OPEN -> OPEN: tick /\n",
        "DCCP",
    )
    assert sm.title == "DCCP"
    assert sm.transitions == (
        Transition("CLOSED", "REQUEST", "active open", "snd Request", 1),
        Transition("REQUEST", "PARTOPEN", "rcv Response", "", 2),
        Transition("PARTOPEN", "OPEN", "", "snd Ack", 3),
        Transition("OPEN", "CLOSED", "", "", 4),
        Transition("OPEN", "OPEN", "tick", "", 5),
    )
    assert [t.label for t in sm.transitions] == [
        "active open / snd Request",
        "rcv Response",
        "/ snd Ack",
        "",
        "tick",
    ]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("rcv Ack/DataAck", ("rcv Ack/DataAck", "")),  # no spaces: one event
        ("a / b / c", ("a", "b / c")),  # the first " / " splits
        ("/ snd Reset", ("", "snd Reset")),
        ("close /", ("close", "")),
        ("x: y [z] / <a> & b", ("x: y [z]", "<a> & b")),
        ("", ("", "")),
    ],
)
def test_label_splits_at_the_first_spaced_slash(label, expected):
    assert split_event_action(label) == expected


def test_label_keeps_colons_quotes_and_non_ascii():
    sm = parse_statemachine('A -> B: rcv "x:y" # not a comment? yes it is\nB -> A: "a # b" \nA -> "Wait ack": é / 名前')
    assert sm.transitions[0].event == 'rcv "x:y"'
    assert sm.transitions[1].event == "a # b"  # a quoted label keeps its '#'
    assert sm.transitions[2] == Transition("A", "Wait ack", "é", "名前", 3)


def test_self_loop():
    sm = parse_statemachine("IDLE -> IDLE: poll\nIDLE -> BUSY: job")
    assert sm.transitions[0].src == sm.transitions[0].dst == "IDLE"
    assert sm.outgoing("IDLE") == list(sm.transitions)


def test_default_initial_is_the_first_state_named():
    sm = parse_statemachine("B -> C: x\nA -> B: y")
    assert sm.initial == ("B",)
    assert sm.initial_line == 0
    assert sm.final == ()


def test_initial_one_or_several_and_final():
    sm = parse_statemachine(
        'initial INIT, INIT-REBOOT\nfinal BOUND, "Gave up"\nINIT -> BOUND: ack\nINIT-REBOOT -> BOUND: ack'
    )
    assert sm.initial == ("INIT", "INIT-REBOOT")
    assert sm.initial_line == 1
    assert sm.final == ("BOUND", "Gave up")
    assert sm.final_line == 2


def test_state_gives_order_and_description():
    sm = parse_statemachine(
        "state C: the last one\nA -> B: go\nB -> C: go\nstate B\n    continued: description lines join\n"
    )
    # the initial state first, the others in the order first named, by a state line or a transition
    assert [s.name for s in sm.states] == ["A", "C", "B"]
    assert sm.states[0] == State("A", "", 2)
    assert sm.states[1] == State("C", "the last one", 1)
    assert sm.states[2] == State("B", "continued: description lines join", 4)  # its state line
    # a state line never makes a state initial: the first state a transition names is
    assert sm.initial == ("A",)


def test_indented_lines_continue_a_transition_label():
    sm = parse_statemachine("OPEN -> CLOSING: active close\n    or rcv CloseReq / snd Close")
    assert sm.transitions[0].event == "active close or rcv CloseReq"
    assert sm.transitions[0].action == "snd Close"


def test_keywords_can_be_state_names_in_transitions():
    sm = parse_statemachine("state -> initial: x\ninitial -> final: y")
    assert [s.name for s in sm.states] == ["state", "initial", "final"]


def test_comments_and_blank_lines_are_ignored():
    sm = parse_statemachine("# a machine\n\nA -> B: go   # comment\n\n")
    assert sm.transitions == (Transition("A", "B", "go", "", 3),)


def test_names_of_every_allowed_shape():
    sm = parse_statemachine('SYN-SENT -> x.y_1: a\n"NAT Gateway" -> F1: b\n_9 -> "名前": c')
    assert [s.name for s in sm.states] == ["SYN-SENT", "x.y_1", "NAT Gateway", "F1", "_9", "名前"]


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("A -> B\nA->C: x", 2, "put spaces around '->' (write 'A -> B', not 'A->B')"),
        ("A -> B\nB <- A: x", 2, "transitions point one way: write 'A -> B', not 'B <- A'"),
        ("A -> B\nA --> B: x", 2, "unknown arrow '-->': a state machine has no dashed transitions: write '->'"),
        ("A <-> B: x", 1, "unknown arrow '<->': write two transitions, 'A -> B' and 'B -> A'"),
        ("A -> B -> C: x", 1, "one arrow per transition: write each one on its own line"),
        ("A ->: x", 1, "a transition needs a target state after '->'"),
        ("-> B: x", 1, "a transition starts with a state"),
        ("A -> B\nhello", 2, "cannot read 'hello': a transition is 'FROM -> TO: event / action'"),
        ("A -> B\nstat A: x", 2, "unknown statement 'stat' (did you mean 'state'?)"),
        ("A -> B\nfoo bar: x", 2, "unknown statement 'foo' (statements: initial, final, state"),
        ("A -> B\n: x", 2, "a line cannot start with ':'"),
        ('A -> "unterminated: x', 1, "unterminated double-quoted name"),
        ('A -> "": x', 1, "a state name cannot be empty"),
        ("A -> B\nA -> B: x $ y\nA -> B $", 3, "unexpected character '$'"),
    ],
)
def test_transition_errors(body, line, message):
    found = errors(body)
    assert any(n == line and message in m for n, m in found), found


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("initial\nA -> B", 1, "'initial' needs one or more state names: 'initial CLOSED'"),
        ("final\nA -> B", 1, "'final' needs one or more state names"),
        ("initial A B\nA -> B", 1, "separate the state names with commas: 'initial A, B'"),
        ("final A,\nA -> B", 1, "separate the state names with commas: 'final A'"),
        ("initial A: x\nA -> B", 1, "'initial' takes state names only, no ':' (write 'initial CLOSED')"),
        ("initial A\nA -> B\ninitial B", 3, "'initial' is given twice (first at line 1)"),
        ("final A\nfinal B\nA -> B", 2, "'final' is given twice (first at line 1); name all states in one"),
        ("initial A, A\nA -> B", 1, "state 'A' is listed twice in 'initial'"),
        ('initial A, ""\nA -> B', 1, "a state name cannot be empty"),
        ("initial A ->\nA -> B", 1, "separate the state names with commas"),
    ],
)
def test_initial_and_final_errors(body, line, message):
    found = errors(body)
    assert any(n == line and message in m for n, m in found), found


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("state\nA -> B", 1, "'state' needs a name: 'state NAME' or 'state NAME: description'"),
        ("state: x\nA -> B", 1, "'state' needs a name"),
        ("A -> B\nstate foo bar: x", 2, "state name 'foo bar' is not one name (quote it: \"foo bar\")"),
        ("state A: one\nA -> B\nstate A: two", 3, "state 'A' is declared twice (first at line 1)"),
        ('state "": x\nA -> B', 1, "a state name cannot be empty"),
    ],
)
def test_state_errors(body, line, message):
    found = errors(body)
    assert any(n == line and message in m for n, m in found), found


@pytest.mark.parametrize("body", ["", "\n\n", "# only a comment", "state A: no transitions", "initial A"])
def test_a_machine_needs_a_transition(body):
    assert errors(body) == [(0, "a state machine needs at least one transition: 'FROM -> TO: event / action'")]


def test_every_error_is_reported_in_one_pass_in_line_order():
    found = errors("A->B\nstate\nB -> C: fine\nfoo\ninitial X Y")
    assert [n for n, _ in found] == [1, 2, 4, 5]


def test_oversized_body_is_refused_fast():
    with pytest.raises(DiagramSyntaxError) as info:
        parse_statemachine("A -> B\n" * 20_001)
    assert "limit is 20000" in info.value.diagnostics[0].message
