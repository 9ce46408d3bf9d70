"""The problem figure's SVG from the native painter: the same drawing as the ASCII art, read back from the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from test_problem_ascii import ICE_LIKE, IKE, problems

from sphinxcontrib_protomodel.diagrams import Problem, RenderOptions
from sphinxcontrib_protomodel.layout.problem import problem_figures
from sphinxcontrib_protomodel.layout.problem.labels import label_lines
from sphinxcontrib_protomodel.paint.pixels import CELL_H, CELL_W, cx, cy
from sphinxcontrib_protomodel.paint.svg import paint_svg
from sphinxcontrib_protomodel.parsing.problem import parse_problem
from sphinxcontrib_protomodel.rendering import render

SVG = "{http://www.w3.org/2000/svg}"


def parsed(problem: Problem, options: RenderOptions) -> tuple[ET.Element, object]:
    figs = problem_figures(problem, options)
    return ET.fromstring(paint_svg(figs.picture.drawing)), figs.picture.drawing


def check_svg(problem: Problem, root: ET.Element) -> None:
    """Every label is text; every arrowhead's tip lies on the border of a box."""
    shown = Counter(w for el in root.iter(f"{SVG}text") for w in (el.text or "").split())
    expected = [p.label for p in problem.parties] + [g.label for g in problem.groups]
    expected += [line for r in problem.relations for line in label_lines(r, 10_000)]
    assert not Counter(w for t in expected for w in t.split()) - shown
    rects = [
        tuple(float(el.get(k)) for k in ("x", "y", "width", "height"))
        for el in root.iter(f"{SVG}rect")
        if el.get("stroke") == "black"
    ]
    for poly in root.iter(f"{SVG}polygon"):
        tip = tuple(float(v) for v in poly.get("points").split()[0].split(","))
        assert any(_on_border(tip, r) for r in rects), (tip, rects)


def _on_border(p: tuple[float, ...], rect: tuple[float, ...]) -> bool:
    x, y = p
    rx, ry, w, h = rect
    on_x = abs(x - rx) < 0.01 or abs(x - (rx + w)) < 0.01
    on_y = abs(y - ry) < 0.01 or abs(y - (ry + h)) < 0.01
    return (on_x and ry - 0.01 <= y <= ry + h + 0.01) or (on_y and rx - 0.01 <= x <= rx + w + 0.01)


def test_the_ice_like_svg_shows_every_label_and_its_arrows_touch_boxes():
    problem = parse_problem(ICE_LIKE, "t")
    root, drawing = parsed(problem, RenderOptions(width=72))
    check_svg(problem, root)
    assert len(list(root.iter(f"{SVG}polygon"))) == 8  # six one-way relations, media both ways, two undirected
    assert float(root.get("width")) == 16 + drawing.width * CELL_W
    assert float(root.get("height")) == 16 + drawing.height * CELL_H


def test_trust_is_dashed_and_frames_leave_room_for_their_titles():
    problem = parse_problem(IKE, "t")
    root, drawing = parsed(problem, RenderOptions(width=72))
    dashed = [el for el in root.iter(f"{SVG}path") if el.get("stroke-dasharray")]
    assert dashed, "the trust line is dashed"
    titles = {el.text: el for el in root.iter(f"{SVG}text") if el.text in ("Initiator", "Responder")}
    assert set(titles) == {"Initiator", "Responder"}
    for frame in drawing.frames:  # the frame's top line stops short of its title
        title = frame.title[0]
        assert title.y == frame.y
        assert float(titles[title.text].get("y")) > cy(frame.y) - CELL_H / 2
        assert cx(title.x) > cx(frame.x)


def test_render_svg_is_the_native_painter_by_default_and_blockdiag_on_request():
    problem = parse_problem(IKE, "t")
    native = render("svg", problem, RenderOptions())
    assert "monospace" in native
    diag = render("svg", problem, RenderOptions(engine="diag"))
    assert "monospace" not in diag or diag != native


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_every_svg_shows_every_label_and_arrowheads_touch_boxes(problem):
    root, _ = parsed(problem, RenderOptions(width=72))
    check_svg(problem, root)


def test_native_path_never_imports_the_engines():
    source = Path(__file__).parent.parent / "sphinxcontrib_protomodel" / "layout" / "problem"
    for module in source.glob("*.py"):
        assert "engines" not in module.read_text(encoding="utf-8"), module
