"""The ``problem`` language: every statement, and every error at its line."""

from __future__ import annotations

import pytest

from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError, Party, PartyGroup, Relation
from sphinxcontrib_protomodel.parsing.problem import parse_problem


def errors(body: str) -> list[tuple[int, str]]:
    with pytest.raises(DiagramSyntaxError) as info:
        parse_problem(body, "T")
    return [(d.line, d.message) for d in info.value.diagnostics]


# ----------------------------------------------------------------- statements


def test_parties_with_and_without_labels_keep_their_order():
    p = parse_problem('party client: SIP Client\nparty nat\nparty "NAT Gateway": the NAT', "T")
    assert p.title == "T"
    assert p.parties == (
        Party("client", "SIP Client", 1),
        Party("nat", "nat", 2),
        Party("NAT Gateway", "the NAT", 3),
    )


def test_a_label_may_hold_any_text_and_an_indented_line_continues_it():
    p = parse_problem('party a: x: <y> & "z" [1] é 名前\nparty b: Key Management\n    Process', "T")
    assert p.label_of("a") == 'x: <y> & "z" [1] é 名前'
    assert p.label_of("b") == "Key Management Process"


def test_quoted_label_may_hold_a_hash():
    p = parse_problem('party a: "# not a comment"  # a comment', "T")
    assert p.label_of("a") == "# not a comment"


@pytest.mark.parametrize(
    ("line", "relation"),
    [
        ("a -> b: go", Relation("a", "b", "->", "go", (), False, 1)),
        ("a <- b: back", Relation("b", "a", "->", "back", (), False, 1)),
        ("a <-> b: both", Relation("a", "b", "<->", "both", (), False, 1)),
        ("a -- b: same LAN", Relation("a", "b", "--", "same LAN", (), False, 1)),
        ("a -> b", Relation("a", "b", "->", "", (), False, 1)),
        ("trust a -> b: account", Relation("a", "b", "->", "account", (), True, 1)),
        ("trust a <- b: account", Relation("b", "a", "->", "account", (), True, 1)),
        ("trust a <-> b: shared key", Relation("a", "b", "<->", "shared key", (), True, 1)),
    ],
)
def test_every_arrow(line, relation):
    p = parse_problem(line, "T")
    assert p.relations == (relation,)


def test_parties_used_without_a_party_line_are_created_with_their_name():
    p = parse_problem("party nat: NAT Gateway\nclient -> nat\nnat -> server", "T")
    assert [(x.name, x.label, x.line) for x in p.parties] == [
        ("nat", "NAT Gateway", 1),
        ("client", "client", 2),
        ("server", "server", 3),
    ]


def test_indented_lines_are_the_details_of_a_relation():
    body = "client -> nat: SIP INVITE\n    FROM: 10.0.0.1\n    MSG: SEND MEDIA TO 10.0.0.1\nnat -> server"
    p = parse_problem(body, "T")
    assert p.relations[0].details == ("FROM: 10.0.0.1", "MSG: SEND MEDIA TO 10.0.0.1")
    assert p.relations[1].line == 4


def test_trust_details_too():
    p = parse_problem("trust c -> s: reports the address\n    shared secret over TLS", "T")
    assert p.relations[0].trust and p.relations[0].details == ("shared secret over TLS",)


def test_groups_list_their_parties_and_may_define_them():
    body = """party kmi: Key Management Process
group initiator: Initiator
  party kmi
  party ipsi: IPsec Stack
end
group responder
  party kmr
end
kmi <-> kmr: IKE
"""
    p = parse_problem(body, "T")
    assert p.groups == (
        PartyGroup("initiator", "Initiator", ("kmi", "ipsi"), 2),
        PartyGroup("responder", "responder", ("kmr",), 6),
    )
    assert p.label_of("kmi") == "Key Management Process"
    assert p.label_of("ipsi") == "IPsec Stack"
    assert p.label_of("kmr") == "kmr"


def test_a_keyword_followed_by_an_arrow_is_a_party_name():
    p = parse_problem("party -> trust: odd names", "T")
    assert p.relations[0].src == "party" and p.relations[0].dst == "trust"


def test_comments_and_blank_lines_are_ignored():
    p = parse_problem("# the parties\n\nparty a  # first\n\na -> b # go\n", "T")
    assert [x.name for x in p.parties] == ["a", "b"]
    assert p.relations[0].label == ""


def test_the_draft_examples_parse():
    stun = """party client: SIP Client
party nat: NAT Gateway
party server: SIP Server
client -> nat: SIP INVITE
    FROM: 10.0.0.1:5060
nat -> server: SIP INVITE
client <-> server: media
client -- nat: same LAN
trust client -> server: registered account
trust kdc <-> server: shared long-term key
group home: Home network
  party client
end
"""
    p = parse_problem(stun, "T")
    assert len(p.relations) == 6 and sum(r.trust for r in p.relations) == 2
    assert p.groups[0].members == ("client",)


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a -> b\nparti client: X", [(2, "unknown statement 'parti' (did you mean 'party'?)")]),
        (
            "client nat: X",
            [(1, "unknown statement 'client' (statements: party, trust, group, end, or a relation 'A -> B: label')")],
        ),
        ("party a\n\nclient->nat: X", [(3, "put spaces around '->' (write 'A -> B', not 'A->B')")]),
        ("a--b: X", [(1, "put spaces around '--' (write 'a -- b')")]),
        (
            "a --> b: X",
            [(1, "unknown arrow '-->': a problem has no dashed arrows; dashed lines mean trust: write 'trust A -> B'")],
        ),
        (
            "a -->b",
            [(1, "unknown arrow '-->': a problem has no dashed arrows; dashed lines mean trust: write 'trust A -> B'")],
        ),
        ("a => b", [(1, "unknown arrow '=>': write '->'")]),
        ("a - b", [(1, "unknown arrow '-': write '--' (association) or '->' (one way)")]),
        ("a -> b -> c", [(1, "one arrow per relation: write each hop as its own line")]),
        ("a -> a: me", [(1, "a relation links two different parties; 'a' is on both sides")]),
        ("-> b", [(1, "a relation starts with a party: 'A -> B: label'; found '-> b'")]),
        ("a ->: x", [(1, "a relation is 'A -> B: label'; found 'a ->'")]),
        (": x", [(1, "a line cannot start with ':'; write 'A -> B: label' or 'party NAME: LABEL'")]),
        (
            "trust a -- b: x",
            [(1, "trust is one way ('trust A -> B': A trusts B) or mutual ('trust A <-> B'), not '--'")],
        ),
        ("trust: x", [(1, "a trust relation is 'trust A -> B: label' (A trusts B) or 'trust A <-> B: label'")]),
        ("trust a b: x", [(1, "a trust relation is 'trust A -> B: label'; found 'trust a b'")]),
        ("party: X", [(1, "party needs a name: 'party NAME' or 'party NAME: LABEL'")]),
        ("party a b: X", [(1, "party name 'a b' is not one name (quote it: \"a b\")")]),
        ('party "a: X', [(1, "unterminated double-quoted name")]),
        ("party a: A\nparty b\nparty a: B", [(3, "party 'a' is defined twice (first at line 1)")]),
        ("party a\nparty a", [(2, "party 'a' is defined twice (first at line 1)")]),
        ("a -> b\n\ngroup g: G\n  party a\n", [(3, "group 'g' is never closed (add 'end')")]),
        ("a -> b\nend", [(2, "'end' without an open 'group'")]),
        ("group g: G\n  party a\nend here", [(3, "'end' takes nothing after it")]),
        ("a -> b\ngroup g: G\nend", [(2, "group 'g' has no parties (list them as 'party NAME' lines)")]),
        (
            "group g: G\n  party a\nend\ngroup h: H\n  party b\n  party a\nend",
            [(6, "party 'a' is already in group 'g' (line 2); a party belongs to one group")],
        ),
        (
            "group g: G\n  party a\n  party a\nend",
            [(3, "party 'a' is already in this group (line 2); a party belongs to one group")],
        ),
        (
            "group g: G\n  party a\n  a -> b\nend",
            [(3, "a group holds 'party' lines only; move this line after the 'end' of group 'g'")],
        ),
        (
            "group g: G\n  party a\n  group h: H\n    party b\n  end\nend",
            [(3, "groups cannot nest: close group 'g' (line 1) with 'end' before opening another")],
        ),
        ("group g: G\n party a\nend\ngroup g: H\n party b\nend", [(4, "group 'g' is defined twice (first at line 1)")]),
        ("group g: G\n party a\nend\ng -> a", [(4, "'g' is a group, not a party; relations link parties")]),
        ("party a\ngroup a: A\n party b\nend", [(2, "'a' is already a party; give the group another name")]),
        ("group: G\n party a\nend", [(1, "group needs a name: 'group NAME' or 'group NAME: LABEL'")]),
        ("# only a comment", [(0, "a problem needs at least one party")]),
    ],
)
def test_every_error_at_its_line(body, expected):
    assert errors(body) == expected


def test_all_errors_are_reported_at_once_in_line_order():
    body = "a -> b\nparti x\na->b\n\nend\ntrust a -- b"
    assert [line for line, _ in errors(body)] == [2, 3, 5, 6]


@pytest.mark.parametrize(
    "body",
    ["\x00", "a -> \u202e b", "party \ufeff", '"', "->" * 500, "group " * 50, ":" * 100, "a -> b: " + "x" * 100_000],
)
def test_nothing_but_model_errors_escape(body):
    try:
        parse_problem(body, "T")
    except DiagramSyntaxError as exc:
        assert all(d.line >= 0 for d in exc.diagnostics)
