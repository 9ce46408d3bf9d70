"""The ladder language: every statement form of the contract, every error at its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_protomodel.diagrams import Delay, DiagramSyntaxError, Group, Message, Note, Participant, Separator
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
from sphinxcontrib_protomodel.parsing.lines import MAX_LINES


def errors(body: str) -> list[tuple[int, str]]:
    with pytest.raises(DiagramSyntaxError) as info:
        parse_ladder(body)
    return [(d.line, d.message) for d in info.value.diagnostics]


def only_message(body: str) -> Message:
    (item,) = parse_ladder(body).items
    assert isinstance(item, Message)
    return item


# ------------------------------------------------------------ the contract example


CONTRACT = """\
participant C as Client            # optional: order and display label
participant S as Server
C -> S: DCCP-Request               # a message
    Ports, Service, Features       # indented: detail lines of that message
S -> C: DCCP-Response
C -> S: DCCP-Ack
C --> S: Certificate               # dashed: optional or conditional message
S <- C: Finished                   # same as C -> S
C <-> S: Application Data          # flows both ways
C -> C: compute ZZ                 # local action of one party
note C: Remains in TIMEWAIT        # note beside one party
note C, S: E(IKEsa, ...) below     # note spanning parties
== Stage 2 ==                      # phase separator across the diagram
...                                # time passes; also "... 2MSL later ..."
group Establish IKE SA             # bracket and label over consecutive
  C -> S: Handshake MSG            # messages (the IKE "\\ Establish /")
  S -> C: Handshake MSG
end
"""


def test_contract_example_parses_to_the_model_it_describes() -> None:
    ladder = parse_ladder(CONTRACT, "IKE")
    assert ladder.title == "IKE"
    assert ladder.participants == (Participant("C", "Client", 1), Participant("S", "Server", 2))
    assert ladder.items == (
        Message("C", "S", "DCCP-Request", ("Ports, Service, Features",), line=3),
        Message("S", "C", "DCCP-Response", line=5),
        Message("C", "S", "DCCP-Ack", line=6),
        Message("C", "S", "Certificate", dashed=True, line=7),
        Message("C", "S", "Finished", line=8),
        Message("C", "S", "Application Data", bidirectional=True, line=9),
        Message("C", "C", "compute ZZ", line=10),
        Note(("C",), "Remains in TIMEWAIT", 11),
        Note(("C", "S"), "E(IKEsa, ...) below", 12),
        Separator("Stage 2", 13),
        Delay("", 14),
        Group(
            "Establish IKE SA",
            (Message("C", "S", "Handshake MSG", line=16), Message("S", "C", "Handshake MSG", line=17)),
            15,
        ),
    )


# ------------------------------------------------------------ participants


def test_participants_in_order_of_first_use_without_declarations() -> None:
    ladder = parse_ladder("B -> C: one\nA -> B: two\nC -> A: three")
    assert [(p.name, p.label, p.line) for p in ladder.participants] == [("B", "B", 1), ("C", "C", 1), ("A", "A", 2)]


def test_declarations_set_order_and_labels_wherever_they_stand() -> None:
    ladder = parse_ladder('S -> C: hi\nparticipant C as Client\nparticipant S as "Server, the big one"')
    assert [(p.name, p.label) for p in ladder.participants] == [("C", "Client"), ("S", "Server, the big one")]
    assert ladder.items == (Message("S", "C", "hi", line=1),)


def test_declared_participant_may_stay_unused() -> None:
    ladder = parse_ladder("participant A\nparticipant B\nparticipant Idle\nA -> B: x")
    assert [p.name for p in ladder.participants] == ["A", "B", "Idle"]


def test_quoted_names_and_names_with_dots_and_dashes() -> None:
    ladder = parse_ladder('"NAT Gateway" -> SYN-SENT: x\nSYN-SENT -> v1.2_x: y')
    assert [p.name for p in ladder.participants] == ["NAT Gateway", "SYN-SENT", "v1.2_x"]
    assert ladder.items[0] == Message("NAT Gateway", "SYN-SENT", "x", line=1)


def test_quoted_name_may_contain_a_hash_and_an_escaped_quote() -> None:
    ladder = parse_ladder('"a # b" -> "say \\"hi\\"": x')
    assert [p.name for p in ladder.participants] == ["a # b", 'say "hi"']


# ------------------------------------------------------------ messages


@pytest.mark.parametrize(
    ("arrow", "src", "dst", "dashed", "both"),
    [
        ("->", "A", "B", False, False),
        ("-->", "A", "B", True, False),
        ("<-", "B", "A", False, False),
        ("<--", "B", "A", True, False),
        ("<->", "A", "B", False, True),
        ("<-->", "A", "B", True, True),
    ],
)
def test_every_arrow(arrow: str, src: str, dst: str, dashed: bool, both: bool) -> None:
    assert only_message(f"A {arrow} B: m") == Message(src, dst, "m", (), dashed, both, 1)


def test_label_is_everything_after_the_first_colon() -> None:
    text = 'a: b [c] <d> & "e" — é 日本'
    assert only_message(f"A -> B: {text}").label == text


def test_label_may_be_missing_or_empty() -> None:
    assert only_message("A -> B").label == ""
    assert only_message("A -> B:").label == ""
    assert only_message("A -> B:x").label == "x"


def test_hash_starts_a_comment_except_in_double_quotes() -> None:
    assert only_message("A -> B: x  # a comment").label == "x"
    assert only_message('A -> B: "x # not a comment"').label == "x # not a comment"
    assert only_message('A -> B: say "#1" now # comment').label == 'say "#1" now'


def test_indented_lines_are_details_of_the_message() -> None:
    msg = only_message("A -> B: Request\n    Ports, Service\n\n      Features # c\n    [x]: y")
    assert msg.details == ("Ports, Service", "  Features", "[x]: y")  # indentation relative to the first
    assert msg.line == 1


def test_local_action() -> None:
    assert only_message("participant A\nparticipant B\nA -> A: compute ZZ") == Message("A", "A", "compute ZZ", line=3)


def test_tabs_count_as_indentation() -> None:
    assert only_message("A -> B: x\n\tdetail").details == ("detail",)


# ------------------------------------------------------------ notes, separators, delays


def test_notes() -> None:
    items = parse_ladder("A -> B: x\nnote A: one\nnote A, B: two\n  continued\nnote B,A: three").items
    assert items[1:] == (Note(("A",), "one", 2), Note(("A", "B"), "two\ncontinued", 3), Note(("B", "A"), "three", 5))


def test_separators() -> None:
    items = parse_ladder("A -> B: x\n== Stage 2 ==\n=== Stage 3\n==\n== a == b ==").items
    assert items[1:] == (Separator("Stage 2", 2), Separator("Stage 3", 3), Separator("", 4), Separator("a == b", 5))


def test_delays() -> None:
    items = parse_ladder("A -> B: x\n...\n... 2MSL later ...\n...   spaced   ...").items
    assert items[1:] == (Delay("", 2), Delay("2MSL later", 3), Delay("spaced", 4))


# ------------------------------------------------------------ groups


def test_groups_nest_and_keep_their_lines() -> None:
    body = 'group Outer\n  A -> B: 1\n  group "Inner: quoted"\n    B -> A: 2\n  end\n  note A: n\nend\nA -> B: 3'
    assert parse_ladder(body).items == (
        Group(
            "Outer",
            (
                Message("A", "B", "1", line=2),
                Group("Inner: quoted", (Message("B", "A", "2", line=4),), 3),
                Note(("A",), "n", 6),
            ),
            1,
        ),
        Message("A", "B", "3", line=8),
    )


def test_group_may_be_empty_or_unlabelled() -> None:
    assert parse_ladder("A -> B: x\ngroup\nend\ngroup Empty\nend").items[1:] == (
        Group("", (), 2),
        Group("Empty", (), 4),
    )


def test_group_indentation_is_free() -> None:
    flat = parse_ladder("group g\nA -> B: x\nend")
    indented = parse_ladder("group g\n      A -> B: x\n  end")
    assert flat.items == indented.items


# ------------------------------------------------------------ blank lines and comments


def test_line_numbers_count_blank_and_comment_lines() -> None:
    body = "\n# comment only\n\nA -> B: x\n\n   # indented comment\nB -> A: y"
    assert [m.line for m in parse_ladder(body).messages()] == [4, 7]


# ------------------------------------------------------------ errors, each at its line


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "participant Client\nparticipant Server\nClient -> Srv: x",
            [(3, "unknown participant 'Srv' (did you mean 'Server'?)")],
        ),
        (
            "participant Client\nparticipant Server\nclient -> Server: x",
            [(3, "unknown participant 'client' (did you mean 'Client'?)")],
        ),
        (
            "participant Client\nparticipant Server\nClient -> Zed: x",
            [(3, "unknown participant 'Zed' (declare it: 'participant Zed')")],
        ),
        (
            "A -> B: x\nparticipant C\nparticipant D",
            [
                (1, "unknown participant 'A' (declare it: 'participant A')"),
                (1, "unknown participant 'B' (declare it: 'participant B')"),
            ],
        ),
        ("participant A\nparticipant B\nQ -> Q: x", [(3, "unknown participant 'Q' (declare it: 'participant Q')")]),
        ("participant A\nparticipant B\nnote A, Q: x", [(3, "unknown participant 'Q' (declare it: 'participant Q')")]),
        ("participant A\nparticipant B\nparticipant A as Again", [(3, "participant 'A' is declared twice")]),
        ("A -> B: x\nparticipant", [(2, "expected 'participant NAME' or 'participant NAME as LABEL'")]),
        ("A -> B: x\nparticipant A B", [(2, "participant name 'A B' is not one name (quote it)")]),
        ('A -> B: x\nparticipant "A', [(2, "unterminated double-quoted name")]),
        ('A -> B: x\n"A -> B: y', [(2, "unterminated double-quoted name")]),
        ("A -> B: x\nA->B: y", [(2, "put spaces around '->' (write 'A -> B', not 'A->B')")]),
        ("A -> B: x\nA -->B: y", [(2, "put spaces around '-->' (write 'A --> B', not 'A-->B')")]),
        ("A -> B: x\nA => B: y", [(2, "unknown arrow '=>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA=>B: y", [(2, "unknown arrow '=>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA ->> B: y", [(2, "unknown arrow '->>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA - B: y", [(2, "unknown arrow '-' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA <=> B: y", [(2, "unknown arrow '<=>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA ~> B: y", [(2, "unknown arrow '~>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]),
        ("A -> B: x\nA -> B -> C: y", [(2, "one arrow per message: write each hop as its own line")]),
        (
            "A -> B: x\nA B: y",
            [(2, "no arrow between 'A' and 'B' (write 'A -> B: label'; use ->, -->, <-, <--, <->, <--> or -x (lost))")],
        ),
        (
            "A -> B: x\nloop forever",
            [
                (
                    2,
                    "cannot read 'loop forever': expected a message 'A -> B: label' or a statement "
                    "(participant, note, group, end, ==, ...); 'loop' is not a keyword",
                )
            ],
        ),
        ("A -> B: x\nA ->: y", [(2, "a message is 'A -> B: label'; found 'A ->'")]),
        ("A -> B: x\n: y", [(2, "nothing before ':' (expected a message 'A -> B: label' or 'note A: text')")]),
        ("A -> B: x\nA -> B: y $", []),  # anything goes in a label
        ("A -> B: x\nnote A", [(2, "a note needs a text: 'note C: text' or 'note C, S: text'")]),
        ("A -> B: x\nnote A B: y", [(2, "a note names its participants separated by commas: 'note C, S: text'")]),
        ("A -> B: x\nnote : y", [(2, "a note names its participants separated by commas: 'note C, S: text'")]),
        ("A -> B: x\nnote A,: y", [(2, "a note names its participants separated by commas: 'note C, S: text'")]),
        ("A -> B: x\nend", [(2, "'end' without an open 'group'")]),
        (
            "group g\nA -> B: x\nend group",
            [(3, "'end' stands alone on its line; found 'end group'")],
        ),
        ("A -> B: x\ngroup g\n  B -> A: y", [(2, "group 'g' is never closed (add 'end')")]),
        (
            "group outer\ngroup inner\nA -> B: x",
            [(1, "group 'outer' is never closed (add 'end')"), (2, "group 'inner' is never closed (add 'end')")],
        ),
        ("A -> B: x\n....", [(2, "write a delay as '...' or '... label ...'")]),
        ("A -> B: x\n... later", [(2, "write a delay as '...' or '... label ...'")]),
        ("A -> B: x\n.. later ..", [(2, "write a delay as '...' or '... label ...'")]),
        ("A -> A: alone", [(0, "a ladder needs two or more participants")]),
        ("# nothing but a comment", [(0, "a ladder needs two or more participants")]),
        ("", [(0, "a ladder needs two or more participants")]),
    ],
)
def test_errors_at_their_lines(body: str, expected: list[tuple[int, str]]) -> None:
    if not expected:
        parse_ladder(body)
        return
    assert errors(body) == expected


def test_every_error_is_reported_at_once_in_line_order() -> None:
    body = "participant C\nparticipant S\nC -> Srv: a\nC => S: b\nend\nC -> S: fine\nnote C\ngroup open"
    assert [line for line, _ in errors(body)] == [3, 4, 5, 6 + 1, 8]


def test_one_unknown_name_used_twice_on_a_line_is_reported_once() -> None:
    assert errors("participant A\nparticipant B\nQ -> Q: x") == [
        (3, "unknown participant 'Q' (declare it: 'participant Q')")
    ]


def test_oversized_body_fails_fast() -> None:
    body = "A -> B: x\n" * (MAX_LINES + 1)
    (line, message), *_ = errors(body)
    assert line == MAX_LINES + 1
    assert "the limit is 20000" in message


def test_two_participants_error_only_when_nothing_else_is_wrong() -> None:
    assert errors("A -> A: x\nA => A: y") == [(2, "unknown arrow '=>' (use ->, -->, <-, <--, <->, <--> or -x (lost))")]


# ------------------------------------------------------------ robustness

_PIECES = st.sampled_from(
    [
        "A", "B", "C", "->", "-->", "<-", "<--", "<->", "<-->", "=>", "-", "note", "group", "end",
        "participant", "as", ":", '"', '"q r"', ",", "#", "...", "==", " ", "  ", "\t", "\n", "\n  ",
        "x", "é", "日本", "\\", ">>", "..", "=", "[", "]",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_parser_raises_nothing_but_located_model_errors(body: str) -> None:
    try:
        ladder = parse_ladder(body)
    except DiagramSyntaxError as exc:
        assert exc.diagnostics
        assert all(0 <= d.line <= body.count("\n") + 1 for d in exc.diagnostics)
        assert all(d.message for d in exc.diagnostics)
    else:
        assert len(ladder.participants) >= 2
        names = {p.name for p in ladder.participants}
        assert all({m.src, m.dst} <= names for m in ladder.messages())


def test_groups_nest_at_most_sixteen_deep() -> None:
    body = "\n".join(f"group g{i}" for i in range(17)) + "\nA -> B: x\n" + "end\n" * 17
    assert errors(body) == [(17, "groups nest more than 16 deep (close one with 'end')")]
    parse_ladder("\n".join(f"group g{i}" for i in range(16)) + "\nA -> B: x\n" + "end\n" * 16)


# ------------------------------------------------ lost messages, '&', note lines


def test_a_lost_message() -> None:
    msg = only_message("A -x B: DATA seq=2")
    assert (msg.src, msg.dst, msg.lost, msg.dashed) == ("A", "B", True, False)
    dashed = only_message("A --x B: maybe")
    assert dashed.lost and dashed.dashed


def test_same_row_marks_the_statement_and_keeps_the_rest() -> None:
    ladder = parse_ladder("A -> B: INVITE\n& note A: start timer\nB -> C: x\n& B -> D: y\nC -> B: FIN\n& B -> C: FIN")
    same = [getattr(i, "same_row", None) for i in ladder.items]
    assert same == [False, True, False, True, False, True]
    assert ladder.items[1] == Note(("A",), "start timer", 2, same_row=True)
    assert ladder.items[3].label == "y" and ladder.items[3].dst == "D"


def test_a_note_keeps_its_lines_and_their_indentation() -> None:
    ladder = parse_ladder('A -> B: x\nnote A, B: body\n    {\n      "id": 42\n    }\nnote A:\n    only continuation')
    assert ladder.items[1].text == 'body\n{\n  "id": 42\n}'
    assert ladder.items[2].text == "only continuation"


def test_an_ampersand_inside_a_label_or_a_detail_is_text() -> None:
    msg = only_message("A -> B: INIT [I-Tag=Tag_A\n    & other info]")
    assert msg.label == "INIT [I-Tag=Tag_A" and msg.details == ("& other info]",) and not msg.same_row
