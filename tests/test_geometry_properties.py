"""The geometry facts hold for generated models of every kind, on the drawing and on the SVG."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protomodel_strategies import SOURCES, render_options
from svg_geometry import SvgGeometry

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.layout.invariants import violations
from sphinxcontrib_protomodel.rendering import cache as cache_mod

GEOMETRY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


def options_for(kind: str, data) -> RenderOptions:
    return render_options(data, kind, (30, 110), ascii_forms=("auto",))


def reaching_heads(drawing) -> int:
    return sum(
        1
        for ln in drawing.lines
        for mark, reach in ((ln.start, ln.reach[0]), (ln.end, ln.reach[1]))
        if mark == "arrow" and reach
    )


def assert_sound(diagram, options: RenderOptions) -> None:
    figures = rendering.figures(diagram, options)
    for figure in (figures.text, figures.picture):
        assert violations(figure.drawing) == [], figure.drawing
    geometry = SvgGeometry(rendering.render("svg", diagram, options))
    assert geometry.problems() == []
    assert geometry.touching_tips() >= reaching_heads(figures.picture.drawing)


@pytest.mark.parametrize("kind", sorted(KINDS))
@GEOMETRY
@given(data=st.data())
def test_drawings_of_generated_models_keep_the_geometry_facts(kind, data):
    diagram = KINDS[kind].parse(data.draw(SOURCES[kind]()), "Title")
    assert_sound(diagram, options_for(kind, data))


ROOTS = sorted(p for p in (Path(__file__).parent / "roots").iterdir() if (p / "conf.py").exists())


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_every_test_root_keeps_the_geometry_facts(root, make_app, tmp_path):
    """Each diagram of every test root (errors in them are the roots' business) draws soundly."""
    import shutil

    from sphinxcontrib_protomodel.sphinx_ext.nodes import protomodel_diagram

    src = tmp_path / root.name
    shutil.copytree(root, src)
    app = make_app("dummy", srcdir=src, freshenv=True)
    app.build()
    seen = 0
    for docname in sorted(app.env.found_docs):
        for node in app.env.get_doctree(docname).findall(protomodel_diagram):
            assert_sound(node["diagram"], node["options"])
            seen += 1
    assert seen or root.name in ("test-rfc-fallbacks",), root.name
