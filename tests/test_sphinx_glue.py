"""The Sphinx glue end to end: directives, figures, warnings and builders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from sphinx_helpers import line_of, warnings_of

from sphinxcontrib_protomodel import __version__
from sphinxcontrib_protomodel.sphinx_ext import setup as glue_setup

ROOTS = Path(__file__).parent / "roots"


@pytest.mark.sphinx("html", testroot="ladder")
def test_html_inline_svg_with_labels_and_numbered_caption(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3  # the broken and the empty diagram are replaced by their warnings
    assert "DCCP-Request" in svgs[0] and "Client" in svgs[0]
    ElementTree.fromstring(svgs[0])  # well-formed
    assert 'class="caption-number">Figure 1: </span>' in html
    assert re.search(r'href="#fig-dccp".*?Figure 1', html, flags=re.S)
    # user text is escaped in the SVG and in the ASCII disclosure
    assert "hello &lt;world&gt; &amp;" in svgs[1]
    assert "<world>" not in html


@pytest.mark.sphinx("html", testroot="ladder", freshenv=True)
def test_error_is_located_at_the_exact_line_and_build_goes_on(app):
    app.build()
    source = app.srcdir / "index.rst"
    warnings = warnings_of(app)
    expected = f"index.rst:{line_of(source, 'C -> Srv: five')}: WARNING: ladder \"Broken\": unknown participant 'Srv'"
    assert expected in warnings
    assert "unknown participant 'Srv' (did you mean 'S'?)" in warnings
    empty = line_of(source, ".. ladder:: Empty")
    assert f'index.rst:{empty}: WARNING: ladder "Empty": the diagram body is empty' in warnings
    assert "Traceback" not in warnings
    html = (app.outdir / "index.html").read_text()
    assert "unknown participant" in html  # the warning text stands in for the diagram
    assert "Text after the empty one." in html


@pytest.mark.sphinx("text", testroot="ladder")
def test_text_output_holds_the_art_and_figure_numbers(app):
    app.build()
    text = (app.outdir / "index.txt").read_text()
    assert "Figure 1: DCCP handshake" in text
    assert "Figure 2: After" in text
    assert "Figure 3: Message flow" in text  # no title, no caption: still a numbered figure
    assert "Before the broken one, see Figure 1." in text  # :numref: resolved, not "Figure %s"
    assert "DCCP-Request" in text and "[Ports, Service, Features]" in text
    assert 'hello <world> & "friends"' in text
    art_lines = [line for line in text.splitlines() if "-->" in line or "<--" in line]
    assert art_lines and max(len(line) for line in art_lines) <= 72


@pytest.mark.sphinx("html", testroot="myst")
def test_myst_fences_render_and_errors_are_located(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert html.count("<svg") == 2
    assert "still rendered" in html
    warnings = warnings_of(app)
    line = line_of(app.srcdir / "index.md", "C -> Srv: three")
    assert f"index.md:{line}: WARNING: ladder \"Broken in Markdown\": unknown participant 'Srv'" in warnings
    assert re.search(r'href="#fig-handshake".*?Figure 1', html, flags=re.S)


@pytest.mark.sphinx("latex", testroot="ladder")
def test_latex_includes_a_png_that_exists(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text()
    names = re.findall(r"\\sphinxincludegraphics\[[^]]*\]\{(protomodel-[0-9a-f]+\.png)\}", tex)
    assert len(names) == 3
    for name in names:
        assert (app.outdir / name).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("builder", ["man", "texinfo", "xml"])
def test_other_builders_get_the_ascii_art(make_app, rootdir, tmp_path, builder):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-ladder", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    files = [p for p in Path(app.outdir).rglob("*") if p.suffix in {".1", ".texi", ".xml"}]
    output = "\n".join(p.read_text() for p in files).replace("\\-", "-")  # man escapes hyphens
    assert "DCCP-Request" in output
    assert "Figure 1: DCCP handshake" in output


def test_setup_is_truthful_about_parallelism():
    class App:
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    meta = glue_setup(App())
    assert meta["version"] == __version__
    assert meta["parallel_read_safe"] is True and meta["parallel_write_safe"] is True
