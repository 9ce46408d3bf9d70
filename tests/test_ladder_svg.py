"""Ladder graphics: seqdiag SVG that parses, shows every label as text, and is safe."""

from __future__ import annotations

import re
import socket
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel.diagrams import Group, Message, Note, RenderError, RenderOptions, walk_items
from sphinxcontrib_protomodel.engines.diag import draw
from sphinxcontrib_protomodel.engines.seqdiag import LABEL_PAD, MAX_ROWS, ladder_source, text_width, wrap_px
from sphinxcontrib_protomodel.fonts import find_font
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder

SVG = "{http://www.w3.org/2000/svg}"

EVERYTHING = """\
participant C as Client
participant S as Server
C -> S: DCCP-Request
    Ports, Service, Features
S -> C: DCCP-Response
C --> S: Certificate
C <-> S: Application Data
C -> C: compute ZZ
note C: Remains in TIMEWAIT
note S: server note
note C, S: E(IKEsa, ...) below
== Stage 2 ==
... 2MSL later ...
group Establish IKE SA
  C -> S: Handshake MSG
  ...
end
"""

HOSTILE = [
    '"]; a [background = "http://x"]',
    "<script>alert(1)</script>",
    "]]> <![CDATA[ x ]]>",
    'it\'s "quoted"',
    "# not a comment",
    "日本語 — é ü ¥ \\n \\\\",
    "a & b < c > d",
]


def svg_of(body: str, fmt: str = "SVG") -> str:
    return draw(ladder_source(parse_ladder(body), RenderOptions()), fmt)


def text_lines(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def shown(text: str, lines: list[str]) -> bool:
    """``text`` appears, its words in order, over one or more successive text lines."""
    joined = " ".join(" ".join(line.split()) for line in lines)
    return " ".join(text.split()) in joined


def test_svg_parses_and_shows_every_label_as_text() -> None:
    ladder = parse_ladder(EVERYTHING)
    lines = text_lines(draw(ladder_source(ladder, RenderOptions())))
    expected = [p.label for p in ladder.participants]
    for item in walk_items(ladder.items):
        if isinstance(item, Message):
            expected += [item.label, *item.details]  # details as written
        elif isinstance(item, Note):
            expected.append(item.text)
        else:
            expected.append(item.label)
    for text in expected:
        assert shown(text, lines), (text, lines)


def test_notes_carry_their_text_and_are_not_arrows() -> None:
    svg = svg_of("A -> B: x\nnote A: left note\nnote B: right note\nnote A, B: across")
    lines = text_lines(svg)
    for text in ("left note", "right note", "across"):
        assert text in lines
    root = ElementTree.fromstring(svg)
    fills = {"".join(t.itertext()): t.get("fill") for t in root.iter(f"{SVG}text")}
    assert {fills[t] for t in ("left note", "right note", "across")} == {"rgb(0,0,0)"}  # not white on white
    # three messages' worth of arrowheads would mean the note carriers were drawn: only one arrow is
    heads = [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == "rgb(0,0,0)" and p.get("points").count(",") == 3]
    assert len(heads) == 1


def test_bidirectional_message_has_two_heads_and_no_reply() -> None:
    root = ElementTree.fromstring(svg_of("A <-> B: both ways"))
    heads = [p for p in root.iter(f"{SVG}polygon") if p.get("fill") == "rgb(0,0,0)" and p.get("points").count(",") == 3]
    tips = sorted(int(p.get("points").split()[1].split(",")[0]) for p in heads)
    assert len(heads) == 2 and tips[0] < tips[1]  # one head at each end
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray") and "L" in p.get("d") and _horizontal(p)]
    assert dashed == []  # seqdiag's dir = both would add a dashed reply arrow


def _horizontal(path) -> bool:
    nums = [int(n) for n in re.findall(r"-?\d+", path.get("d"))]
    return len(nums) == 4 and nums[1] == nums[3]


def test_groups_are_fragments_titled_with_their_label() -> None:
    svg = svg_of("group Establish IKE SA (IKEsa)\n  A -> B: x\n  group inner\n    B -> A: y\n  end\nend")
    lines = text_lines(svg)
    assert "Establish IKE SA (IKEsa)" in lines and "inner" in lines
    assert "loop" not in lines


def test_separators_and_delays_inside_groups() -> None:
    lines = text_lines(svg_of("group g\n  A -> B: x\n  == phase ==\n  ... later ...\nend\ngroup empty\nend"))
    assert {"g", "phase", "later", "empty"} <= set(lines)


def test_long_labels_wrap_between_words_never_inside_them() -> None:
    label = "AH/ESP parameters, Algorithms, Nonce, Key Exchange, Handshake Hash, and a great deal more text here"
    lines = text_lines(svg_of(f"I -> R: {label}"))
    body = [line for line in lines if line not in ("I", "R")]
    assert len(body) > 1  # wrapped
    assert " ".join(body) == label  # at word boundaries, nothing lost


def test_edge_length_grows_with_labels() -> None:
    short = svg_of("A -> B: x")
    long = svg_of("A -> B: a label long enough to want a much wider gap")
    width = [int(ElementTree.fromstring(s).get("viewBox").split()[2]) for s in (short, long)]
    assert width[1] > width[0]


STUN_LIKE = """\
participant C as "STUN Client"
participant N as NAT
participant T as "STUN Server"
group over TLS
  C -> T: Shared Secret Request
  T -> C: Shared Secret Response
      USERNAME, PASSWORD
end
C -> N: Binding Request
    USERNAME, MESSAGE-INTEGRITY
N -> T: Binding Request
    source rewritten to 192.0.2.1:61000
T -> N: Binding Response
    MAPPED-ADDRESS: 192.0.2.1:61000
N -> C: Binding Response
    MESSAGE-INTEGRITY
C -> C: check the integrity, keep MAPPED-ADDRESS
"""


def _view_width(svg: str) -> int:
    return int(ElementTree.fromstring(svg).get("viewBox").split()[2])


def test_three_party_ladder_is_as_wide_as_its_labels_need() -> None:
    """Each gap holds the widest one-gap label; a self message doesn't spread every lifeline."""
    ladder = parse_ladder(STUN_LIKE)
    widest = max(
        text_width(text)
        for item in walk_items(ladder.items)
        if isinstance(item, Message) and item.src != item.dst
        for text in (item.label, *(f"[{d}]" for d in item.details))
    )
    heads = 3 * 128  # seqdiag's node boxes
    bound = heads + 2 * (widest + LABEL_PAD) + 2 * 96  # two gaps' labels, a margin each side
    assert _view_width(svg_of(STUN_LIKE)) <= bound
    assert _view_width(svg_of(STUN_LIKE)) <= 900


@pytest.mark.parametrize("party", ["C", "N", "T"])
def test_self_message_labels_never_split_a_word(party: str) -> None:
    label = "check the integrity, keep MAPPED-ADDRESS and then re-validate the XOR-MAPPED-ADDRESS"
    body = STUN_LIKE + f"{party} -> {party}: {label}\n"
    lines = text_lines(svg_of(body))
    words = set(label.split())
    pieces = [line for line in lines if set(line.split()) & words]
    assert pieces and all(set(line.split()) <= words for line in pieces)
    assert shown(label, pieces)


def test_last_party_self_loop_label_stays_on_the_page() -> None:
    svg = svg_of("A -> B: x\nB -> B: a rather long self message on the last party, MAPPED-ADDRESS")
    root = ElementTree.fromstring(svg)
    width = int(root.get("viewBox").split()[2])
    for text in root.iter(f"{SVG}text"):
        if "MAPPED-ADDRESS" in "".join(text.itertext()):
            assert text.get("text-anchor") == "middle"
            assert float(text.get("x")) + float(text.get("textLength")) / 2 <= width


def test_wrap_px_breaks_between_words_and_only_splits_a_word_wider_than_the_line() -> None:
    assert wrap_px("aa bb cc", 5, len) == ["aa bb", "cc"]
    assert wrap_px("abcdefgh ij", 3, len) == ["abc", "def", "gh", "ij"]
    assert wrap_px("", 5, len) == [""]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_labels_stay_text(hostile: str) -> None:
    quoted = '"' + hostile.replace("\\", "\\\\").replace('"', '\\"') + '"'
    body = (
        f"participant A as {quoted}\nparticipant B\n"
        f"A -> B: {hostile}\n    {hostile}\nnote A: {hostile}\nnote A, B: {hostile}\n"
        f"== {hostile} ==\n... {hostile} ...\ngroup {hostile}\n  B -> A: {hostile}\nend"
    )
    ladder = parse_ladder(body)
    svg = draw(ladder_source(ladder, RenderOptions()))
    root = ElementTree.fromstring(svg)
    lines = text_lines(svg)
    texts = [ladder.participants[0].label]
    for item in walk_items(ladder.items):
        texts.append(item.text if isinstance(item, Note) else item.label)
        if isinstance(item, Message):
            texts += list(item.details)  # as written
    for text in texts:
        assert shown(text, lines), (text, lines)  # a yen sign too, as written
    tags = {el.tag for el in root.iter()}
    assert tags <= {
        f"{SVG}{t}"
        for t in ("svg", "defs", "filter", "feGaussianBlur", "title", "desc", "rect", "path", "polygon", "text")
    }
    for el in root.iter():
        for name, value in el.attrib.items():
            assert "http://x" not in value and "script" not in value, (name, value)
            assert not name.startswith("on") and "href" not in name


def test_hostile_text_in_a_group_label_is_not_seqdiag_syntax() -> None:
    src = ladder_source(
        parse_ladder('group x { A -> B; }\n  A -> B: "]; B [background = "http://x"]\nend'), RenderOptions()
    )
    assert all("http" not in line and "background" not in line for line in src.lines)
    assert "x { A -> B; }" in src.texts.values()


# ------------------------------------------------------------ no file, no network


_recording: list[tuple[str, tuple]] = []
_active = [False]


def _audit(event: str, args: tuple) -> None:
    if _active[0] and (event == "open" or event.startswith(("socket.", "urllib.", "subprocess."))):
        _recording.append((event, args))


sys.addaudithook(_audit)


@contextmanager
def recording() -> Iterator[list[tuple[str, tuple]]]:
    _recording.clear()
    _active[0] = True
    try:
        yield _recording
    finally:
        _active[0] = False


def test_rendering_opens_nothing_but_the_font(monkeypatch) -> None:
    body = EVERYTHING + "note C: " + HOSTILE[0] + "\nC -> S: " + HOSTILE[1]
    svg_of(body)  # imports done, caches warm
    svg_of(body, "PNG")

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    font = find_font()
    with recording() as events:
        svg = svg_of(body)
        png = svg_of(body, "PNG")
    assert svg.startswith("<svg") and png.startswith(b"\x89PNG")
    opened = [args[0] for event, args in events if event == "open"]
    assert set(opened) <= {font}, opened
    assert not [e for e in events if e[0] != "open"], events


def test_drawing_deterministic() -> None:
    assert svg_of(EVERYTHING) == svg_of(EVERYTHING)


def test_too_long_a_ladder_is_refused_with_a_reason() -> None:
    body = "\n".join(f"A -> B: m{i}" for i in range(MAX_ROWS + 1))
    with pytest.raises(RenderError, match=r"ladder too long to draw: 501 messages"):
        ladder_source(parse_ladder(body), RenderOptions())
    ladder_source(parse_ladder("\n".join(f"A -> B: m{i}" for i in range(MAX_ROWS))), RenderOptions())


def test_every_group_kind_renders() -> None:
    for body in ("group a\nend\nA -> B: x", "A -> B: x\ngroup a\n  note A: n\nend", "group a\n  ...\nend\nA -> B: x"):
        ladder = parse_ladder(body)
        assert any(isinstance(i, Group) for i in ladder.items)
        assert "a" in text_lines(draw(ladder_source(ladder, RenderOptions())))
