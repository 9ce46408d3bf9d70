"""The drawing layer and its painters: one geometry, ASCII and SVG inks.

Small hand-made drawings pin the painters' conventions (what RFC authors
draw by hand), and the geometry facts of ``layout.invariants`` are shown to
catch what they are meant to catch.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from lxml import etree

from sphinxcontrib_protomodel.cells import cell_width, wrap
from sphinxcontrib_protomodel.drawing import Box, Brace, Drawing, Frame, Line, Text
from sphinxcontrib_protomodel.layout.invariants import violations
from sphinxcontrib_protomodel.paint.ascii import paint_ascii
from sphinxcontrib_protomodel.paint.pixels import CELL_H, CELL_W, cx, cy
from sphinxcontrib_protomodel.paint.svg import paint_svg

SVG = "{http://www.w3.org/2000/svg}"


def drawing(**parts) -> Drawing:
    width = parts.pop("width", 30)
    height = parts.pop("height", 10)
    return Drawing(width, height, **{k: tuple(v) for k, v in parts.items()})


# ------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("abc", 3),
        ("客户端", 6),  # East Asian wide: two cells each
        ("e\u0301te\u0301", 3),  # combining acute accents take no cell
        ("a\u200bb", 2),  # zero-width space
        ("👨\u200d👩\u200d👧", 2),  # one emoji ZWJ sequence, one wide glyph
    ],
)
def test_cell_width_counts_terminal_cells(text, cells):
    assert cell_width(text) == cells


def test_a_word_too_long_is_split_after_punctuation_before_inside_a_word():
    assert wrap("setLocalDescription(offer)", 20) == ["setLocalDescription(", "offer)"]
    assert wrap("setRemoteDescription(offer)", 13) == ["setRemoteDesc", "ription(", "offer)"]
    assert wrap("a b  c", 3) == ["a b", "c"]
    assert wrap("", 10) == [""]


def test_balanced_wrap_avoids_a_lone_last_word():
    assert wrap("aaa bbb ccc ddd e", 15) == ["aaa bbb ccc ddd", "e"]
    assert wrap("aaa bbb ccc ddd e", 15, balanced=True) == ["aaa bbb", "ccc ddd e"]


def test_wrap_never_drops_a_character():
    text = "α-β/γ (δ) εζηθικλμνξοπρστυφχψω 客户端客户端客户端"
    for width in range(1, 20):
        lines = wrap(text, width)
        assert "".join("".join(lines).split()) == "".join(text.split())
        assert all(cell_width(line) <= max(width, 2) for line in lines)


# ------------------------------------------------------------------ ASCII


def test_ascii_boxes_arrows_and_ports():
    art = paint_ascii(
        drawing(
            boxes=[Box(0, 0, 5, 3, key="a"), Box(14, 0, 5, 3, style="double", key="b")],
            lines=[Line(((4, 1), (13, 1)), reach=(False, True))],
            texts=[Text(1, 1, "A"), Text(16, 1, "B")],
        )
    )
    assert art.split("\n") == ["+---+         +===+", "|A  +-------->| B |", "+---+         +===+"]


def test_ascii_dashed_dotted_and_round_lines():
    art = paint_ascii(
        drawing(
            lines=[
                Line(((0, 0), (8, 0)), style="dashed"),
                Line(((8, 1), (0, 1)), style="dotted"),
                Line(((0, 2), (3, 2), (3, 3), (0, 3)), corners="round"),
            ]
        )
    )
    assert art.split("\n") == ["- - - - >", "<........", "---.", "<--'"]


def test_ascii_crossing_keeps_the_line_drawn_through():
    horizontal = Line(((0, 1), (6, 1)), end="none")
    vertical = Line(((3, 0), (3, 2)), end="none")
    assert paint_ascii(drawing(lines=[horizontal, vertical])).split("\n") == ["   |", "---|---", "   |"]
    above = Line(((0, 1), (6, 1)), end="none", layer=2)
    assert paint_ascii(drawing(lines=[vertical, above])).split("\n") == ["   |", "-------", "   |"]
    assert "+" not in paint_ascii(drawing(lines=[horizontal, vertical]))


def test_ascii_frames_braces_and_wide_text():
    art = paint_ascii(
        drawing(
            frames=[Frame(0, 0, 16, 4, title=(Text(3, 0, "Host", role="title"),))],
            braces=[Brace(20, 0, 3), Brace(22, 1, 1)],
            texts=[Text(2, 2, "客户端"), Text(9, 2, "x")],
        )
    )
    lines = art.split("\n")
    assert lines[0] == "+- Host -------+    \\"
    assert lines[1] == "|              |    | }"
    assert lines[2] == "| 客户端 x     |    |"
    assert lines[3] == "+--------------+    /"


# ------------------------------------------------------------------ SVG


def test_svg_arrowhead_tip_touches_the_border_it_reaches():
    d = drawing(boxes=[Box(10, 0, 5, 3, key="b")], lines=[Line(((0, 1), (9, 1)), reach=(False, True))])
    root = etree.fromstring(paint_svg(d).encode())
    (head,) = root.iter(f"{SVG}polygon")
    tip = next(tuple(map(float, p.split(","))) for p in head.get("points").split())
    rect = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "white" and r.get("stroke") == "black")
    assert tip == (float(rect.get("x")), cy(1))
    assert float(rect.get("x")) == cx(10)


def test_svg_text_fits_its_cells_without_stretching():
    d = drawing(texts=[Text(2, 1, "客户端 ok", align="centre", role="name"), Text(0, 3, "<b>&amp;</b>")])
    svg = paint_svg(d)
    assert "textLength" not in svg and "lengthAdjust" not in svg
    root = etree.fromstring(svg.encode())
    group = next(g for g in root.iter(f"{SVG}g") if g.get("font-family"))
    # a monospace glyph is about 0.6 em: it fits its cell with room to spare
    assert group.get("font-family") == "monospace" and 0.6 * float(group.get("font-size")) <= 0.95 * CELL_W
    texts = {t.text: t for t in root.iter(f"{SVG}text")}
    centred = texts["客户端 ok"]
    assert centred.get("text-anchor") == "middle"
    assert float(centred.get("x")) == 8 + (2 + cell_width("客户端 ok") / 2) * CELL_W
    assert "<b>&amp;</b>" in texts  # user text is character data, escaped by the serialiser
    assert float(root.get("height")) == 16 + 10 * CELL_H


def test_svg_crossing_is_broken_by_a_paper_halo():
    d = drawing(lines=[Line(((0, 1), (6, 1)), end="none"), Line(((3, 0), (3, 2)), end="none")])
    root = etree.fromstring(paint_svg(d).encode())
    halos = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "white"]
    assert len(halos) == 1
    assert halos[0].get("d").startswith(f"M{cx(3):g},")  # a vertical halo: the vertical line goes through


def test_svg_is_deterministic_and_well_formed():
    d = drawing(
        boxes=[Box(0, 0, 6, 3, tooltip="waits 2MSL")],
        lines=[Line(((2, 3), (2, 6)), style="dotted", start="dot"), Line(((6, 8), (1, 8)), end="cross")],
        braces=[Brace(12, 1, 5)],
    )
    assert paint_svg(d) == paint_svg(d)
    root = etree.fromstring(paint_svg(d).encode())
    assert [t.text for t in root.iter(f"{SVG}title")] == ["waits 2MSL"]
    assert len(list(root.iter(f"{SVG}circle"))) == 1


# ------------------------------------------------------------------ invariants


def test_invariants_catch_what_they_promise():
    box = Box(0, 0, 6, 3, key="a")
    assert violations(drawing(boxes=[box], texts=[Text(1, 1, "ok")])) == []
    assert any("covers the border" in v for v in violations(drawing(boxes=[box], texts=[Text(3, 0, "x")])))
    assert any("overlaps text" in v for v in violations(drawing(texts=[Text(0, 5, "abc"), Text(2, 5, "de")])))
    through = Line(((3, 5), (3, -1)), end="none")
    assert any("runs through box" in v for v in violations(drawing(boxes=[box], lines=[through])))
    parallel = [Line(((0, 5), (6, 5)), key="m1"), Line(((3, 5), (9, 5)), key="m2")]
    assert any("share the cell" in v for v in violations(drawing(lines=parallel)))
    crossing = [Line(((0, 5), (6, 5)), key="m1"), Line(((3, 4), (3, 7)), key="m2")]
    assert violations(drawing(lines=crossing)) == []
    astray = Line(((10, 1), (7, 1)), reach=(False, True))
    assert any("touches nothing" in v for v in violations(drawing(lines=[astray])))
    assert violations(drawing(boxes=[box], lines=[Line(((10, 1), (6, 1)), reach=(False, True))])) == []
    frame = Frame(0, 0, 5, 4, title=(Text(1, 0, "a long title"),), key="g", members=("a",))
    found = violations(drawing(boxes=[box], frames=[frame]))
    assert any("does not enclose 'a'" in v for v in found) and any("its title" in v for v in found)


# ------------------------------------------------------------------ engines stay out


def test_native_rendering_never_loads_the_engines_or_patches_pillow():
    code = (
        "import sys\n"
        "from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine\n"
        "from sphinxcontrib_protomodel.rendering import render\n"
        "from sphinxcontrib_protomodel.diagrams import RenderOptions\n"
        "sm = parse_statemachine('A -> B: go\\nB -> A: back')\n"
        "for fmt in ('ascii', 'svg', 'png', 'rfc-svg'):\n"
        "    render(fmt, sm, RenderOptions())\n"
        "from PIL import ImageDraw\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('blockdiag', 'seqdiag')"
        " or m.endswith('.engines.compat')), hasattr(ImageDraw.ImageDraw, 'textsize'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] False"


def test_the_diag_engine_lends_pillow_its_old_api_only_while_it_runs():
    from PIL import ImageDraw, ImageFont

    from sphinxcontrib_protomodel.diagrams import RenderOptions
    from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
    from sphinxcontrib_protomodel.rendering import render

    ladder = parse_ladder("A -> B: hello\nB -> A: hi")
    svg = render("svg", ladder, RenderOptions(engine="diag"))
    assert "hello" in svg
    assert not hasattr(ImageDraw.ImageDraw, "textsize") and not hasattr(ImageFont.FreeTypeFont, "getsize")


@pytest.mark.parametrize("body", ["A -> A: ꩻ", "* -> A: ꩻ", "A -> B: \u0301"])
@pytest.mark.parametrize("form", ["auto", "table"])
def test_a_combining_mark_with_no_base_takes_a_cell_and_is_drawn(body, form):
    """Found by the property test: such a label measured 0 cells, so layouts dropped its column."""
    from sphinxcontrib_protomodel import rendering
    from sphinxcontrib_protomodel.diagrams import RenderOptions
    from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine

    assert cell_width("ꩻ") == 1 and cell_width("\u0301") == 1 and cell_width("e\u0301") == 1
    mark = body.rsplit(": ", 1)[1]
    art = rendering.render("ascii", parse_statemachine(body), RenderOptions(width=20, ascii=form))
    assert mark in art.text
    assert all(cell_width(line) <= 20 for line in art.text.split("\n"))


def test_a_zero_width_character_leading_a_text_stays_with_it_where_no_cell_is_left_of_it():
    """Found by the property test: a format character (U+E0001) first in a label beside a line's
    end was added to a cell the row did not have yet, and dropped."""
    tag = "\U000e0001"
    art = paint_ascii(
        drawing(lines=[Line(((2, 0), (2, 2)), end="none")], texts=[Text(4, 1, tag + "0"), Text(0, 3, tag + "x")])
    )
    lines = art.split("\n")
    assert lines[1] == "  | " + tag + "0"  # onto the blank cell before it
    assert lines[3] == tag + "x"  # nothing left of it: onto its first character's cell
    assert cell_width(lines[1]) == 5 and cell_width(lines[3]) == 1

    from sphinxcontrib_protomodel import rendering
    from sphinxcontrib_protomodel.diagrams import RenderOptions
    from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine

    art = rendering.render("ascii", parse_statemachine(f"* -> A: {tag}0"), RenderOptions(width=20))
    assert f"{tag}0" in art.text
