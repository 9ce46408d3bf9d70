"""Ladder ASCII art: golden renderings (the spec), layout rules and speed.

The goldens in ``tests/golden/ladder`` are ``NAME.STYLE.WIDTH.txt`` for each
``NAME.ladder`` source.  Regenerate them with ``pytest --update-goldens
tests/test_ladder_ascii.py`` and review every changed file by eye: they are
the specification of the look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.diagrams import (
    Delay,
    Group,
    Ladder,
    Message,
    Note,
    Participant,
    RenderOptions,
    Separator,
)
from sphinxcontrib_protomodel.layout.ladder import ladder_ascii
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder

GOLDEN = Path(__file__).parent / "golden" / "ladder"

#: (source, style, width, degraded?) for every golden file
CASES = [
    ("two-party", "columns", 72, False),
    ("two-party", "columns", 40, True),
    ("two-party", "lifelines", 72, False),
    ("two-party", "lifelines", 40, False),
    ("four-party", "lifelines", 72, False),
    ("four-party", "lifelines", 40, True),
    ("ike-main-mode", "columns", 72, False),
    ("ike-main-mode", "columns", 40, False),
]


def art(body: str, width: int = 72, style: str | None = None):
    return ladder_ascii(parse_ladder(body), RenderOptions(width=width, style=style))


def check_shape(text: str, width: int) -> None:
    for line in text.split("\n"):
        assert cell_width(line) <= width, (width, line)
        assert line == line.rstrip(), f"trailing blank in {line!r}"


@pytest.mark.parametrize(("name", "style", "width", "degraded"), CASES, ids=lambda v: str(v))
def test_golden(name: str, style: str, width: int, degraded: bool, golden) -> None:
    source = (GOLDEN / f"{name}.ladder").read_text(encoding="utf-8")
    result = art(source, width, style)
    golden(GOLDEN / f"{name}.{style}.{width}.txt", result.text + "\n")
    check_shape(result.text, width)
    assert (result.degraded is not None) == degraded, result.degraded


def test_every_golden_file_is_a_case() -> None:
    made = {f"{n}.{s}.{w}.txt" for n, s, w, _ in CASES}
    assert {p.name for p in GOLDEN.glob("*.txt")} == made


@pytest.mark.parametrize("name", ["two-party", "four-party", "ike-main-mode"])
@pytest.mark.parametrize("style", [None, "columns", "lifelines"])
def test_every_width_from_20_to_120_fits(name: str, style: str | None) -> None:
    source = (GOLDEN / f"{name}.ladder").read_text(encoding="utf-8")
    ladder = parse_ladder(source)
    for width in range(20, 121):
        result = ladder_ascii(ladder, RenderOptions(width=width, style=style))
        check_shape(result.text, width)
        if result.degraded is None:  # nothing split: every word of every label is there whole
            words = result.text.split()
            joined = " ".join(words)
            for item in _texts(ladder):
                for word in item.split():
                    assert word in joined, (width, style, word)


def _texts(ladder: Ladder) -> list[str]:
    from sphinxcontrib_protomodel.diagrams import walk_items

    out = [p.label for p in ladder.participants]
    for item in walk_items(ladder.items):
        if isinstance(item, Message):
            out += [item.label, *item.details]
        elif isinstance(item, Note):
            out.append(item.text)
        else:
            out.append(item.label)
    return out


# ------------------------------------------------------------ styles


def test_default_style_is_columns_for_two_and_lifelines_for_more() -> None:
    two = art("A -> B: hello").text
    three = art("A -> B: hello\nB -> C: world").text
    assert two.splitlines()[1] == "-" + " " * (len(two.splitlines()[0]) - 2) + "-"  # underlined headings
    assert "|" not in two
    assert three.splitlines()[1].split() == ["|", "|", "|"]


def test_columns_forced_on_three_parties_falls_back_to_lifelines_and_says_so() -> None:
    result = art("A -> B: x\nB -> C: y", style="columns")
    assert result.degraded == "the columns style needs exactly two participants; drawn with lifelines"
    assert result.text == art("A -> B: x\nB -> C: y", style="lifelines").text


def test_lifelines_forced_on_two_parties() -> None:
    text = art("A -> B: hello", style="lifelines").text
    assert "|  hello" in text and "|--" in text


# ------------------------------------------------------------ columns conventions


COLUMNS = """\
participant C as Client
participant S as Server
C -> S: Request
    Ports, Service
S -> C: Response
C --> S: Optional
S --> C: Optional back
C <-> S: Both
C <--> S: Both dashed
C -> C: local
S -> S: remote local
"""


def test_columns_arrows_labels_and_details() -> None:
    lines = art(COLUMNS).text.splitlines()
    assert lines[0].startswith("Client") and lines[0].endswith("Server")
    assert lines[1] == "------" + " " * (len(lines[0]) - 12) + "------"
    words = [line.split() for line in lines]
    assert ["Request", "-------->"] in words
    assert lines[lines.index(next(x for x in lines if x.startswith("Request"))) + 1] == "Ports, Service"  # as written
    assert ["<--------", "Response"] in words
    assert ["Optional", "-", "-", "-", "-", ">"] in words
    assert ["<", "-", "-", "-", "-", "Optional", "back"] in words
    assert ["Both", "<------->", "Both"] in words  # labelled on both sides (RFC 5246 Figure 1)
    assert ["Both", "dashed", "<", "-", "-", "-", ">", "Both", "dashed"] in words
    right = next(line for line in lines if line.endswith("Response"))
    assert len(right) == len(lines[0])  # the receiver's labels are flush right


def test_columns_local_actions_loop_back_on_their_side() -> None:
    lines = art(COLUMNS).text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("local"))
    assert lines[i].split() == ["local", "---."]
    assert lines[i + 1].split() == ["<--'"]
    assert lines[i + 1].index("<") == lines[i].index("-", len("local"))
    j = next(k for k, line in enumerate(lines) if line.endswith("remote local"))
    assert lines[j].split()[0] == ".---" and lines[j + 1].split() == ["'-->"]


def test_columns_notes_separators_delays() -> None:
    text = art("A -> B: x\nnote A: left\nnote B: right\nnote A, B: both\n== Phase 2 ==\n...\n... 2MSL later ...").text
    lines = text.splitlines()
    assert "| left |" in lines[4] and lines[4].startswith("| left |")
    right = next(line for line in lines if "| right |" in line)
    assert right.endswith("| right |")
    both = next(line for line in lines if "| both " in line)
    assert not both.startswith("|") and both.rstrip().endswith("|") and len(both) < len(lines[0])  # the middle
    rule = next(line for line in lines if "Phase 2" in line)
    assert rule.startswith("=====") and rule.endswith("=====") and " Phase 2 " in rule
    assert len(rule) == len(lines[0])
    assert any(line.strip() == "..." for line in lines)
    assert any(line.strip() == "... 2MSL later ..." for line in lines)


def test_braces_mark_groups_like_the_draft() -> None:
    lines = art((GOLDEN / "ike-main-mode.ladder").read_text()).text.splitlines()
    assert lines[2].rstrip().endswith("\\ Parameter")
    assert lines[3].rstrip().endswith("/ Establishment")


def test_nested_groups_stand_further_out() -> None:
    text = art("group outer\n  A -> B: one\n  group inner\n    B -> A: two\n  end\nend").text
    column = {word: line.index(word) for line in text.splitlines() for word in ("inner", "outer") if word in line}
    assert column["inner"] < column["outer"]


def test_brackets_when_braces_would_squeeze_the_labels() -> None:
    text = art("group a very long group label indeed\n  A -> B: " + "word " * 10 + "\nend", width=72).text
    lines = text.splitlines()
    assert lines[2] == ".-- a very long group label indeed"
    assert lines[-1] == "'--"
    assert all(line.startswith("|") for line in lines[3:-1])


def test_groups_empty_or_with_only_a_note() -> None:
    result = art("A -> B: x\ngroup empty\nend\ngroup noted\n  note A: n\nend")
    assert "empty" in result.text and "noted" in result.text and result.degraded is None


# ------------------------------------------------------------ lifelines conventions


LIFELINES = """\
participant A as Alice
participant P as Proxy
participant B as Bob
A -> P: INVITE F1
P -> A: 100 Trying F2
A -> B: direct
    detail
B -> B: think
A -> A: act
note P: proxy note
note A, B: everyone
"""


def test_lifelines_labels_above_arrows_between_lifelines() -> None:
    lines = art(LIFELINES).text.splitlines()
    x = [i for i, ch in enumerate(lines[2]) if ch == "|"]
    assert len(x) == 3
    head = lines[0] if len(lines[0].split()) == 3 else lines[1]
    for name, pos in zip(["Alice", "Proxy", "Bob"], x, strict=True):
        assert head.index(name) <= pos < head.index(name) + len(name)
    invite = next(k for k, line in enumerate(lines) if "INVITE F1" in line)
    assert lines[invite + 1][x[0] : x[1] + 1] == "|" + "-" * (x[1] - x[0] - 2) + ">|"
    trying = next(k for k, line in enumerate(lines) if "Trying F2" in line)
    assert lines[trying + 1][x[0] : x[1] + 1] == "|<" + "-" * (x[1] - x[0] - 2) + "|"


def test_lifelines_message_passing_a_party_by_is_centred_over_it() -> None:
    lines = art(LIFELINES).text.splitlines()
    x = [i for i, ch in enumerate(lines[2]) if ch == "|"]
    k = next(k for k, line in enumerate(lines) if "direct" in line)
    assert "|" not in lines[k][x[0] + 1 : x[2]]  # the proxy's lifeline pauses under the label
    assert lines[k + 1][x[0] + 1 : x[2]].strip() == "detail"  # as written
    arrow = lines[k + 2]
    assert arrow[x[0]] == "|" and arrow[x[2]] == "|" and arrow[x[1]] == "-" and arrow[x[2] - 1] == ">"


def test_lifelines_self_actions_loop_inward() -> None:
    lines = art(LIFELINES).text.splitlines()
    x = [i for i, ch in enumerate(lines[2]) if ch == "|"]
    k = next(k for k, line in enumerate(lines) if "think" in line)
    assert lines[k + 1][x[2] - 4 : x[2] + 1] == ".---|" and lines[k + 2][x[2] - 4 : x[2] + 1] == "'-->|"
    k = next(k for k, line in enumerate(lines) if "act" in line.split())
    assert lines[k + 1][x[0] : x[0] + 5] == "|---." and lines[k + 2][x[0] : x[0] + 5] == "|<--'"


def test_lifelines_notes_are_boxes_over_their_parties() -> None:
    lines = art(LIFELINES).text.splitlines()
    x = [i for i, ch in enumerate(lines[2]) if ch == "|"]
    k = next(k for k, line in enumerate(lines) if "proxy note" in line)
    start = lines[k].index("| proxy note |")
    assert start < x[1] < start + len("| proxy note |")
    k = next(k for k, line in enumerate(lines) if "everyone" in line)
    box = lines[k - 1]
    assert box.index("+") < x[0] and box.rindex("+") > x[2]


def test_lifelines_separator_and_delay() -> None:
    lines = art("A -> B: x\nB -> C: y\n== Stage 2 ==\n... later ...").text.splitlines()
    rule = next(line for line in lines if "Stage 2" in line)
    assert set(rule.replace(" Stage 2 ", "")) == {"="}
    dotted = [line for line in lines if ":" in line and "later" not in line]
    assert dotted and all(set(line.split()) == {":"} for line in dotted)
    assert any("... later ..." in line for line in lines)


# ------------------------------------------------------------ wrapping and degrading


def test_long_labels_wrap_at_words_and_nothing_is_lost() -> None:
    label = "AH/ESP parameters, Algorithms, Nonce, Key Exchange, Handshake Hash"
    for width in (40, 50, 60):
        result = art(f"I -> R: {label}\nR -> I: {label}", width)
        assert result.degraded is None
        words = result.text.split()
        assert words.count("Handshake") == 2 and words.count("AH/ESP") == 2
        check_shape(result.text, width)


def test_a_word_longer_than_any_column_is_split_and_reported() -> None:
    word = "x" * 90
    result = art(f"A -> B: {word}", 40)
    assert result.degraded == "some words are split to fit 40 columns"
    assert "".join(result.text.split()).count("x") == 90
    check_shape(result.text, 40)


def test_too_many_participants_for_the_width_become_a_listing() -> None:
    body = "\n".join(f"participant P{i} as Party{i}" for i in range(12)) + "\nP0 -> P11: hello\n    detail"
    result = art(body, 20)
    assert result.degraded == "no room for 12 participants in 20 columns; listed as text"
    check_shape(result.text, 20)
    assert "Party11" in result.text and "hello" in result.text and "    detail" in result.text


def test_wide_characters_count_two_columns() -> None:
    body = "participant A as 日本\nparticipant B as Server\nA -> B: 日本語のラベルとても長いです 配信\nnote A: 注意"
    result = art(body, 30)
    check_shape(result.text, 30)
    assert "日本語" in result.text


def test_hostile_text_is_printed_verbatim() -> None:
    hostile = '"]; a [background = "http://x"] <script> ]]> # & é'
    body = f'A -> B: "{hostile.replace(chr(34), chr(92) + chr(34))}"\nnote A: x'
    text = art(body, 120).text
    assert hostile in text


def test_deterministic() -> None:
    source = (GOLDEN / "four-party.ladder").read_text()
    assert art(source, 55).text == art(source, 55).text


def test_ladder_built_by_hand_with_every_item_kind() -> None:
    ladder = Ladder(
        "t",
        (Participant("a", "A"), Participant("b", "B")),
        (
            Group("g", (Message("a", "b", "m", ("d",)), Note(("a", "b"), "n"), Separator("s"), Delay("later"))),
            Message("b", "b", "", dashed=True),
        ),
    )
    for style in ("columns", "lifelines"):
        result = ladder_ascii(ladder, RenderOptions(width=30, style=style))
        check_shape(result.text, 30)
        assert result.degraded is None


# ------------------------------------------------------------ speed


@pytest.mark.parametrize("parties", [2, 4])
@pytest.mark.parametrize("style", ["columns", "lifelines"])
def test_ten_thousand_messages_are_all_drawn(parties: int, style: str) -> None:
    """Every message of a long ladder is drawn (speed: ``benchmarks/ladder_speed.py``, no timing here)."""
    names = [f"P{i}" for i in range(parties)]
    lines = []
    for i in range(10_000):
        if i % 50 == 0:
            lines.append(f"group Round {i}")
        lines.append(f"{names[i % parties]} -> {names[(i * 7 + 1) % parties]}: message number {i} with words")
        if i % 50 == 49:
            lines.append("end")
    ladder = parse_ladder("\n".join(lines))
    result = ladder_ascii(ladder, RenderOptions(width=72, style=style))
    assert result.text.count("message number") == 10_000
