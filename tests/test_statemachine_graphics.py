"""State machine graphics: SVG and PNG drawn from the ASCII layout, with user text kept as text."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.layout.statemachine.search import layout
from sphinxcontrib_protomodel.paint.png import paint_png
from sphinxcontrib_protomodel.paint.svg import paint_svg
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine
from sphinxcontrib_protomodel.rendering import cache as cache_mod

GOLDEN = Path(__file__).parent / "golden" / "statemachine"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


def machine(name: str):
    return parse_statemachine((GOLDEN / f"{name}.sm").read_text(), name)


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def test_the_svg_paints_the_same_drawing_as_the_ascii_art():
    sm = machine("three")
    figures = KINDS["statemachine"].figures(sm, RenderOptions())
    assert figures.picture.drawing.boxes == layout(sm, 72).boxes
    assert rendering.render("svg", sm, RenderOptions()) == paint_svg(figures.picture.drawing)


@pytest.mark.parametrize("name", ["three", "loops", "tcp"])
def test_svg_shows_every_state_and_every_label_line(name):
    sm = machine(name)
    svg = rendering.render("svg", sm, RenderOptions(width=72))
    shown = texts(svg)
    for state in sm.states:
        assert state.name in shown
    drawing = layout(sm, 72)
    labels = [t.text for t in drawing.texts if t.role == "label"]
    assert labels and all(line in shown for line in labels)
    for state in sm.states:
        if state.description:
            assert any(t.startswith(f"{state.name}: ") for t in shown)


def test_svg_draws_the_ascii_layout_boxes_arrows_and_markers():
    sm = machine("loops")
    root = ElementTree.fromstring(rendering.render("svg", sm, RenderOptions(width=72)))
    rects = list(root.iter(f"{SVG}rect"))
    finals = sum(1 for s in sm.states if s.name in sm.final)
    assert len(rects) == 1 + len(sm.states) + finals  # background, boxes, inner border of a final state
    edges = len(sm.transitions) + len(sm.initial)
    assert len(list(root.iter(f"{SVG}path"))) == edges
    assert len(list(root.iter(f"{SVG}polygon"))) == edges  # one arrowhead each
    assert len(list(root.iter(f"{SVG}circle"))) == 1  # the initial marker


def test_svg_uses_a_wider_layout_when_the_ascii_width_is_too_narrow():
    sm = machine("tcp")
    assert layout(sm, 50) is None
    geometry = rendering.figures(sm, RenderOptions(width=50)).picture.drawing
    assert 50 < geometry.width <= 100
    svg = rendering.render("svg", sm, RenderOptions(width=50))
    assert "ESTABLISHED" in texts(svg)


HOSTILE = [
    "<script>alert(1)</script>",
    '"]; a [background = "http://example.com/x.png"]',
    "]]> &amp; &lt;",
    "x' onload='alert(1)",
]


def test_user_text_is_only_character_data():
    body = "\n".join(f'"S{i}" -> "T{i}": {label} / {label}' for i, label in enumerate(HOSTILE))
    body += '\n"<b>" -> S0: go'
    sm = parse_statemachine(body)
    svg = rendering.render("svg", sm, RenderOptions(width=72))
    root = ElementTree.fromstring(svg)
    for el in root.iter():
        assert el.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject", "image")
        for name, value in el.attrib.items():
            assert "example.com" not in value and "alert" not in value, (name, value)
    joined = " ".join(texts(svg))
    for label in HOSTILE:
        for word in label.split():
            assert word in joined
    assert "<b>" in texts(svg)


def test_png_is_drawn_at_twice_the_svg_size():
    sm = machine("three")
    geometry = layout(sm, 72)
    png = rendering.render("png", sm, RenderOptions(width=72))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    root = ElementTree.fromstring(rendering.render("svg", sm, RenderOptions(width=72)))
    assert (width, height) == (round(float(root.get("width")) * 2), round(float(root.get("height")) * 2))
    assert png == paint_png(rendering.figures(sm, RenderOptions(width=72)).picture.drawing)
    assert geometry is not None


def test_tcp_svg_is_at_most_1000_pixels_tall():
    root = ElementTree.fromstring(rendering.render("svg", machine("tcp"), RenderOptions(width=72)))
    assert float(root.get("height")) <= 1000
    shown = texts(rendering.render("svg", machine("tcp"), RenderOptions(width=72)))
    assert {s.name for s in machine("tcp").states} <= set(shown)


def test_drawing_is_deterministic():
    sm = machine("tcp")
    drawing = rendering.figures(sm, RenderOptions()).picture.drawing
    assert paint_svg(drawing) == paint_svg(drawing)
    assert paint_png(drawing) == paint_png(drawing)


def test_png_with_an_unreadable_font_is_a_render_error(tmp_path):
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(rendering.RenderError, match="statemachine: PNG drawing failed"):
        rendering.render("png", machine("three"), RenderOptions(), str(bad))


@pytest.mark.skipif(shutil.which("svgcheck") is None, reason="svgcheck not installed")
def test_rfc_svg_passes_svgcheck_without_repair(tmp_path):
    svg = rendering.render("rfc-svg", machine("tcp"), RenderOptions(width=72))
    path = tmp_path / "tcp.svg"
    path.write_text(svg)
    result = subprocess.run(["svgcheck", str(path)], capture_output=True, text=True, timeout=120)
    assert "File conforms to SVG requirements." in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_table_chosen_by_the_author_keeps_the_picture_at_the_text_width():
    """``:ascii: table`` is a choice for the text: the SVG is still the diagram laid out for that width."""
    sm = machine("tcp")
    chosen = rendering.figures(sm, RenderOptions(width=72, ascii="table"))
    assert chosen.text.drawing.kind == "table"
    assert chosen.picture.drawing.boxes == rendering.figures(sm, RenderOptions(width=72)).picture.drawing.boxes
