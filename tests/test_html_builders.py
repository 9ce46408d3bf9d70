"""Diagrams in the other builders: EPUB, LaTeX, dirhtml and the plain-text family.

Every builder must show each diagram: an image that exists and is referenced,
or the ASCII art; never ``[image]`` and never nothing.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.sphinx_ext.nodes import protomodel_diagram

XHTML = "{http://www.w3.org/1999/xhtml}"


def diagrams(app, docname: str = "index") -> list[protomodel_diagram]:
    return list(app.env.get_doctree(docname).findall(protomodel_diagram))


@pytest.mark.sphinx("epub", testroot="html")
def test_epub_pages_are_wellformed_xhtml_with_svg_images(app):
    app.build()
    out = Path(app.outdir)
    pages = sorted(out.glob("*.xhtml"))
    assert pages
    for page in pages:
        ElementTree.parse(page)  # XHTML must be well-formed XML
    root = ElementTree.parse(out / "index.xhtml").getroot()
    images = [
        img
        for div in root.iter(f"{XHTML}div")
        if div.get("class") == "protomodel-svg"
        for img in div.iter(f"{XHTML}img")
    ]
    assert len(images) == 5
    manifest = (out / "content.opf").read_text()
    for img in images:
        src = img.get("src")
        assert src.startswith("_images/protomodel-") and src.endswith(".svg")
        svg = ElementTree.parse(out / src).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        # an image file gets no page colour: black ink on white, no stylesheet classes
        assert "currentColor" not in (out / src).read_text()
        assert f'href="{src}" media-type="image/svg+xml"' in manifest
        assert img.get("alt").startswith(("Message sequence diagram: ", "Problem diagram: ", "State machine diagram: "))
    # the EPUB pages carry no script (readers need a 'scripted' manifest property)
    assert "protomodel.js" not in (out / "index.xhtml").read_text()
    with zipfile.ZipFile(next(out.glob("*.epub"))) as book:
        names = book.namelist()
    assert all(img.get("src") in names for img in images)
    assert "_static/protomodel.css" in names
    assert "_static/protomodel.js" not in names


@pytest.mark.sphinx("latex", testroot="html")
def test_latex_includes_png_images_that_exist(app):
    app.build()
    out = Path(app.outdir)
    tex = next(out.glob("*.tex")).read_text()
    included = re.findall(r"\\sphinxincludegraphics\[width=([\d.]+)pt\]\{(protomodel-[0-9a-f]{16}\.png)\}", tex)
    assert len(included) == 7  # five diagrams in index, two in other
    for width, name in included:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        # natural size: a pixel is 0.75 pt (LaTeX shrinks wider images to the line)
        assert float(width) == int.from_bytes(data[16:20], "big") * 0.75
    # each image is in a figure with its caption and label
    assert re.search(
        r"\\sphinxincludegraphics\[[^]]*\]\{protomodel-[0-9a-f]{16}\.png\}\s*"
        r"\\caption\{The DCCP \\sphinxstyleemphasis\{handshake\}\}\\label\{\\detokenize\{index:fig-dccp\}\}",
        tex,
    )
    assert "[image]" not in tex


@pytest.mark.sphinx("dirhtml", testroot="html")
def test_dirhtml_gets_inline_svg(app):
    app.build()
    source = (Path(app.outdir) / "other" / "index.html").read_text()
    assert len(re.findall(r'<svg xmlns="http://www.w3.org/2000/svg"', source)) == 2
    assert 'src="../_static/protomodel.js' in source


@pytest.mark.parametrize(("builder", "pattern"), [("text", "*.txt"), ("man", "*.1"), ("texinfo", "*.texi")])
def test_text_family_shows_the_ascii_art(make_app, rootdir, tmp_path, builder, pattern):
    shutil.copytree(rootdir / "test-html", tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src")
    app.build()
    output = "\n".join(p.read_text() for p in Path(app.outdir).rglob(pattern))
    assert "[image" not in output
    arts = [render("ascii", node["diagram"], node["options"]).text for node in diagrams(app)]
    assert len(arts) == 5
    for art in arts:
        if builder == "text":  # line for line (the figure may be indented)
            assert all(line in output for line in art.splitlines())
        else:  # man and texinfo escape some characters: every word is there
            for word in set(re.findall(r"[A-Za-z]{2,}", art)):
                assert word in output, word
