"""The ladder cases of issue 14 (``tests/cases/ladder-*.ladder``, copied from ``../shared/cases``).

Each case is a golden test: its ASCII art at 72 and 40 columns is
``tests/golden/cases/NAME.WIDTH.txt`` (regenerate with ``pytest --update-goldens``
and review by eye), its drawing breaks no geometry fact, and its SVG, parsed,
shows what the case's header asks for.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.diagrams import Ladder, RenderOptions
from sphinxcontrib_protomodel.drawing import Drawing
from sphinxcontrib_protomodel.layout.invariants import violations
from sphinxcontrib_protomodel.layout.ladder import ladder_ascii, ladder_figures
from sphinxcontrib_protomodel.paint.svg import paint_svg
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
from sphinxcontrib_protomodel.rendering import render

CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden" / "cases"
SVG = "{http://www.w3.org/2000/svg}"
NAMES = sorted(p.stem for p in CASES.glob("ladder-*.ladder"))
WIDTHS = (72, 40)


def ladder(name: str) -> Ladder:
    return parse_ladder((CASES / f"{name}.ladder").read_text(encoding="utf-8"))


def art(name: str, width: int = 72) -> str:
    return ladder_ascii(ladder(name), RenderOptions(width=width)).text


def drawing(name: str, width: int = 72) -> Drawing:
    return ladder_figures(ladder(name), RenderOptions(width=width)).text.drawing


def svg_root(name: str):
    return ElementTree.fromstring(render("svg", ladder(name), RenderOptions()))


def svg_texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_every_case_is_here() -> None:
    assert NAMES == [
        "ladder-cjk",
        "ladder-details-verbatim",
        "ladder-headings",
        "ladder-lost-message",
        "ladder-note-lines",
        "ladder-same-row",
        "ladder-word-breaks",
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NAMES)
def test_golden(name: str, width: int, golden) -> None:
    text = art(name, width)
    golden(GOLDEN / f"{name}.{width}.txt", text + "\n")
    for line in text.split("\n"):
        assert cell_width(line) <= width, line
        assert line == line.rstrip()
    assert violations(drawing(name, width)) == []


@pytest.mark.parametrize("name", NAMES)
def test_svg_parses_and_has_every_label(name: str) -> None:
    root = svg_root(name)
    texts = " ".join(svg_texts(root))
    for message in ladder(name).messages():
        for word in message.label.split():
            assert word.strip("()") in texts or any(word.startswith(t) for t in texts.split()), word
    assert not any("textLength" in el.attrib for el in root.iter())


# ---------------------------------------------------------------- the cases


def test_cjk_takes_two_cells_per_wide_character_and_is_not_squashed() -> None:
    lines = art("ladder-cjk").split("\n")
    assert lines[0].startswith("客户端") and lines[0].endswith("服务器")
    assert lines[1] == "------" + " " * (cell_width(lines[0]) - 12) + "------"  # underlines as wide as the names
    request = next(line for line in lines if line.startswith("连接请求"))
    reply = next(line for line in lines if line.endswith("确认"))
    # the two arrows start in the same column, counting two cells per wide character
    assert cell_width(request[: request.index("-")]) == cell_width(reply[: reply.index("<")])
    assert cell_width(reply) == cell_width(lines[0])  # flush right
    root = svg_root("ladder-cjk")
    assert {"客户端", "服务器", "连接请求", "服务器验证证书", "确认"} <= set(svg_texts(root))
    assert not any("textLength" in el.attrib or "lengthAdjust" in el.attrib for el in root.iter())


def test_details_are_printed_as_written() -> None:
    lines = art("ladder-details-verbatim").split("\n")
    hello = lines.index(next(line for line in lines if line.startswith("ClientHello")))
    assert lines[hello + 1 : hello + 3] == ["+ key_share*", "+ signature_algorithms*"]
    order = lines.index(next(line for line in lines if line.startswith("[Order]")))
    assert lines[order + 1] == "Signature"
    assert not any("[+" in line or "[Signature" in line for line in lines)
    both = next(line for line in lines if "<------->" in line)
    assert both.split() == ["Application", "Data", "<------->", "Application", "Data"]  # both sides (RFC 5246)
    texts = svg_texts(svg_root("ladder-details-verbatim"))
    assert texts.count("+ key_share*") == 2 and "Signature" in texts and "[Order]" in texts
    assert texts.count("Application Data") == 2


def test_headings_stand_apart_and_centred_over_their_lifelines() -> None:
    for width in WIDTHS:
        d = drawing("ladder-headings", width)
        names = [t for t in d.texts if t.role == "name"]
        lifelines = {line.key[1]: line.points[0][0] for line in d.lines if line.key[0] == "lifeline"}
        rows: dict[int, list] = {}
        for t in names:
            rows.setdefault(t.y, []).append(t)
        for row in rows.values():
            row.sort(key=lambda t: t.x)
            for a, b in pairwise(row):
                assert b.x - (a.x + a.width) >= 2, (width, a.text, b.text)
        for party, x in lifelines.items():
            mine = sorted((t for t in names if t.x <= x < t.x + t.width), key=lambda t: t.y)
            assert " ".join(t.text for t in mine) == ladder("ladder-headings").label_of(party)
            assert all(t.x + (t.width - 1) // 2 == x for t in mine), (width, party)  # centred
    assert "Source endpoint Relay" not in art("ladder-headings")


def test_a_lost_message_ends_in_a_cross_short_of_the_receiver() -> None:
    lines = art("ladder-lost-message").split("\n")
    lost = next(line for line in lines if line.startswith("DATA seq=2 "))
    assert re.search(r"-x$", lost)
    assert len(lost) < len(next(line for line in lines if line.startswith("DATA seq=1")))
    lifelines = ladder_ascii(ladder("ladder-lost-message"), RenderOptions(style="lifelines")).text.split("\n")
    row = next(k for k, line in enumerate(lifelines) if "DATA seq=2" in line and "again" not in line) + 1
    assert re.search(r"\|-+x \|$", lifelines[row]), lifelines[row]  # a blank between the x and the lifeline
    d = ladder_figures(ladder("ladder-lost-message"), RenderOptions()).picture.drawing
    (lost,) = [ln for ln in d.lines if ln.end == "cross"]
    assert not lost.reach[1]  # its end touches nothing
    root = ElementTree.fromstring(paint_svg(d))
    heads = list(root.iter(f"{SVG}polygon"))
    crosses = [p for p in root.iter(f"{SVG}path") if p.get("stroke-width") == "1.6"]
    assert len(heads) == 4 and len(crosses) == 2  # four arrowheads, one X of two strokes


def test_note_lines_keep_their_indentation() -> None:
    lines = art("ladder-note-lines").split("\n")
    body = [line.strip().strip("|").rstrip() for line in lines if line.strip().startswith("|")]
    assert body == [" message body", " {", '   "message": "hello",', '   "id": 42', " }"]
    root = svg_root("ladder-note-lines")
    texts = {"".join(t.itertext()): float(t.get("x")) for t in root.iter(f"{SVG}text")}
    assert texts['"message": "hello",'] - texts["{"] == 2 * 8  # two cells further right, not collapsed


def test_same_row_parallel_messages_note_beside_and_crossing() -> None:
    lines = art("ladder-same-row").split("\n")
    invite = next(k for k, line in enumerate(lines) if "INVITE" in line)
    assert "start timer B" in lines[invite + 1]  # the note beside the message that starts the timer
    fork = next(line for line in lines if line.count("INVITE") == 2)
    arrows = lines[lines.index(fork) + 1]
    assert arrows.count(">|") == 2  # both INVITEs on one row
    bye = next(k for k, line in enumerate(lines) if line.count("BYE") == 2)
    assert re.search(r"\|-+\.\s+\.-+\|", lines[bye + 1])  # both leave on the same row
    assert re.search(r"\|<-+\|-+'", lines[bye + 2])  # and cross
    assert re.search(r"'-+>\|", lines[bye + 3])
    d = drawing("ladder-same-row")
    rows = [ln.points[0][1] for ln in d.lines if isinstance(ln.key, tuple) and ln.key[0] == "message"]
    assert len(rows) == 6 and len(set(rows)) == 4  # six messages leave on four rows
    root = svg_root("ladder-same-row")
    assert len(list(root.iter(f"{SVG}polygon"))) == 6


def test_words_split_after_punctuation_and_headings_apart() -> None:
    text = art("ladder-word-breaks")
    assert "setLocalDescription(" in text and "offer)" in text
    assert "Beta  Gamma  Delta" in text.split("\n")[0]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("participant A\nparticipant B\n& A -> B: x", 3, "there is none here"),
        ("A -> B: x\n& A -> B: y", 2, "drop the '&'"),
        ("A -> B: x\nB -> C: y\nnote B: n\n& note B: m\n& note B: o", 5, "overlap"),
        ("A -> B: x\n& == phase ==", 2, "joins a message or a note"),
        ("A -> B: x\ngroup g\n& A -> B: y\nend", 3, "there is none here"),
        ("A -> B: x\nA -x A: lost", 2, "cannot be lost"),
    ],
)
def test_row_errors_are_located(body: str, line: int, words: str) -> None:
    from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError

    with pytest.raises(DiagramSyntaxError) as info:
        parse_ladder(body)
    (diag,) = info.value.diagnostics
    assert diag.line == line and words in diag.message, diag


# ---------------------------------------------------------------- nested figures


def test_nested_figures_stay_within_72_columns_in_the_text_build(make_app, tmp_path) -> None:
    """``tests/cases/nested-figures.rst``: figures in a feature, a definition list and a bullet."""
    from sphinx_helpers import warnings_of

    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    case = (CASES / "nested-figures.rst").read_text(encoding="utf-8")
    # and a ladder whose art takes all 72 columns when it is not nested
    wide = "\n".join(
        [
            "Method 2",
            "   .. ladder:: Full width",
            "",
            "      participant C as Client",
            "      participant S as Server",
            "      C -> S: hello",
            "      C -> S: " + "a label long enough to take the whole width of the figure " * 3,
        ]
    )
    (srcdir / "index.rst").write_text(case.replace("\nEnd.", "\n" + wide + "\n\nEnd."), encoding="utf-8")
    app = make_app("text", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Figure 2: Inside a definition list" in text and "Full width" in text
    widest = max(cell_width(line) for line in text.splitlines())
    assert widest <= 72, [line for line in text.splitlines() if cell_width(line) > 72]
    # the definition-list ladder is indented by the writer and laid out for what is left
    dl = [line for line in text.splitlines() if line.startswith("   ") and "|" in line]
    assert dl and max(cell_width(line) for line in dl) <= 72
