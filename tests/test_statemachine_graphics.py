"""State machine graphics: SVG and PNG drawn from the ASCII layout, with user text kept as text."""

from __future__ import annotations

import shutil
import struct
import subprocess
import time
from pathlib import Path

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.model import RenderOptions
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine
from sphinxcontrib_protomodel.rendering import cache as cache_mod
from sphinxcontrib_protomodel.rendering.ascii.statemachine_layout import layout
from sphinxcontrib_protomodel.rendering.graphics import engine
from sphinxcontrib_protomodel.rendering.graphics.statemachine import (
    StateMachineDrawing,
    graphics_layout,
    statemachine_source,
    to_png,
    to_svg,
)

GOLDEN = Path(__file__).parent / "golden" / "statemachine"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


def machine(name: str):
    return parse_statemachine((GOLDEN / f"{name}.sm").read_text(), name)


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def test_the_kind_returns_a_drawing_that_the_engine_draws():
    sm = machine("three")
    source = KINDS["statemachine"].graphics(sm, RenderOptions())
    assert isinstance(source, StateMachineDrawing)
    assert engine.draw(source, "SVG") == to_svg(layout(sm, 72))


@pytest.mark.parametrize("name", ["three", "loops", "tcp"])
def test_svg_shows_every_state_and_every_label_line(name):
    sm = machine(name)
    svg = rendering.render("svg", sm, RenderOptions(width=72))
    shown = texts(svg)
    for state in sm.states:
        assert state.name in shown
    geometry = layout(sm, 72)
    labelled = [e for e in geometry.edges if e.label]
    assert {e.transition for e in labelled} == {i for i, t in enumerate(sm.transitions) if t.label}
    for edge in labelled:
        for line in edge.label.lines:
            assert line in shown
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
    geometry = graphics_layout(sm, RenderOptions(width=50))
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
    root = ElementTree.fromstring(to_svg(geometry))
    assert (width, height) == (round(float(root.get("width")) * 2), round(float(root.get("height")) * 2))
    assert png == to_png(geometry, [], None)


def test_drawing_is_deterministic():
    sm = machine("tcp")
    drawing = statemachine_source(sm, RenderOptions())
    assert drawing.draw("SVG") == drawing.draw("SVG")
    assert drawing.draw("PNG") == drawing.draw("PNG")


def test_png_with_an_unreadable_font_is_a_render_error(tmp_path):
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    drawing = statemachine_source(machine("three"), RenderOptions())
    with pytest.raises(rendering.RenderError, match="statemachine: PNG drawing failed"):
        drawing.draw("PNG", str(bad))


@pytest.mark.skipif(shutil.which("svgcheck") is None, reason="svgcheck not installed")
def test_rfc_svg_passes_svgcheck_without_repair(tmp_path):
    svg = rendering.render("rfc-svg", machine("tcp"), RenderOptions(width=72))
    path = tmp_path / "tcp.svg"
    path.write_text(svg)
    result = subprocess.run(["svgcheck", str(path)], capture_output=True, text=True, timeout=120)
    assert "File conforms to SVG requirements." in result.stdout + result.stderr, result.stdout + result.stderr


def test_forty_state_svg_renders_well_under_two_seconds():
    from test_statemachine_ascii import forty_states

    sm = parse_statemachine(forty_states(10))
    start = time.process_time()
    svg = statemachine_source(sm, RenderOptions(width=72)).draw("SVG")
    elapsed = time.process_time() - start
    assert all(f"S{i}" in texts(svg) for i in range(40))
    assert elapsed < 1.5, f"{elapsed:.2f} s of CPU"
