"""The demo documents build cleanly: what ``make demo`` promises."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

DEMO = Path(__file__).parent.parent / "demo_docs"


@pytest.fixture(scope="module")
def demo_builds(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("demo")
    results = {}
    for builder in ("html", "text"):
        status = build_main(
            ["-q", "-W", "--keep-going", "-b", builder, "-d", str(out / "doctrees"), str(DEMO), str(out / builder)]
        )
        assert status == 0, f"demo_docs {builder} build has warnings or errors"
        results[builder] = out / builder
    return results


def test_text_art_fits_72_columns(demo_builds):
    wide = [
        f"{path.name}:{number}: {len(line)}"
        for path in sorted(demo_builds["text"].glob("*.txt"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > 72
    ]
    assert not wide, wide


def test_every_diagram_is_a_numbered_figure_in_html_and_text(demo_builds):
    html_numbers, text_numbers = [], []
    for page in ("stun", "dccp", "ike"):
        html = (demo_builds["html"] / f"{page}.html").read_text()
        figures = re.findall(r'<figure class="protomodel[^"]*".*?</figure>', html, flags=re.S)
        assert figures, page
        for figure in figures:
            assert "<svg" in figure and "protomodel-ascii-art" in figure
        html_numbers += re.findall(r'caption-number">Figure (\d+):', html)
        text_numbers += re.findall(r"^ *Figure (\d+):", (demo_builds["text"] / f"{page}.txt").read_text(), flags=re.M)
    assert html_numbers == text_numbers
    assert len(set(html_numbers)) == len(html_numbers)


def demo_diagrams(demo_builds):
    """Every diagram node of the demo, from the doctrees the builds pickled."""
    from sphinxcontrib_protomodel.sphinx_ext.nodes import protomodel_diagram

    for path in sorted((demo_builds["html"].parent / "doctrees").glob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        for node in doctree.findall(protomodel_diagram):
            yield path.stem, node


def test_every_demo_figure_is_one_picture_in_html_and_text(demo_builds):
    """Same parties, messages and states in the same places: the SVG paints the ASCII art's drawing."""
    from svg_geometry import SvgGeometry

    from sphinxcontrib_protomodel import rendering
    from sphinxcontrib_protomodel.layout.invariants import violations

    count = 0
    for page, node in demo_diagrams(demo_builds):
        figures = rendering.figures(node["diagram"], node["options"])
        for figure in (figures.text, figures.picture):
            assert violations(figure.drawing) == [], (page, node["diagram"].title)
        text, picture = figures.text.drawing, figures.picture.drawing
        if text.kind in ("table", "list"):  # a form the author chose (:ascii: table) or the width forced
            assert node["options"].ascii == "table", (page, node["diagram"].title)
            continue
        assert (text.boxes, text.lines, text.frames) == (picture.boxes, picture.lines, picture.frames), page
        assert SvgGeometry(rendering.render("svg", node["diagram"], node["options"])).problems() == []
        count += 1
    assert count >= 15
    for html in sorted(demo_builds["html"].glob("*.html")):
        for svg in re.findall(r"<svg\b.*?</svg>", html.read_text(), flags=re.S):
            assert SvgGeometry(svg).problems() == [], html.name


def test_the_demo_builds_with_the_diag_engine_too(tmp_path):
    """seqdiag and blockdiag stay available: the whole demo, -W, through them."""
    status = build_main(
        ["-q", "-W", "--keep-going", "-b", "html", "-D", "protomodel_engine=diag", str(DEMO), str(tmp_path / "html")]
    )
    assert status == 0
    html = (tmp_path / "html" / "dccp.html").read_text()
    figures = dict(re.findall(r'<figure class="protomodel protomodel-(\w+)[^"]*".*?(<svg\b.*?</svg>)', html, re.S))
    assert 'font-family="monospace"' not in figures["ladder"]  # seqdiag sets its labels in the configured font
    assert 'font-family="monospace"' in figures["statemachine"]  # state machines are always native


def test_the_native_engine_is_the_default(demo_builds):
    html = (demo_builds["html"] / "dccp.html").read_text()
    figures = dict(re.findall(r'<figure class="protomodel protomodel-(\w+)[^"]*".*?(<svg\b.*?</svg>)', html, re.S))
    assert all('font-family="monospace"' in svg for svg in figures.values()), sorted(figures)


def test_one_diagram_can_ask_for_the_diag_engine(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    body = "   A -> B: hello\n   B -> A: hi\n"
    (src / "index.rst").write_text(
        f"T\n=\n\n.. ladder:: Native\n\n{body}\n.. ladder:: Seqdiag\n   :engine: diag\n\n{body}"
    )
    assert build_main(["-q", "-W", "-b", "html", str(src), str(tmp_path / "out")]) == 0
    svgs = re.findall(r"<svg\b.*?</svg>", (tmp_path / "out" / "index.html").read_text(), flags=re.S)
    assert ['font-family="monospace"' in svg for svg in svgs] == [True, False]
