"""Options every diagram directive takes: ``:file:``, ``:alt:``, ``:figwidth:``, and bad values as warnings."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import etree
from sphinx_helpers import line_of, warnings_of

SVG = "{http://www.w3.org/2000/svg}"


def html_of(app, page: str = "index") -> etree._Element:
    return etree.parse(str(app.outdir / f"{page}.html"), etree.HTMLParser())


@pytest.mark.sphinx("html", testroot="options", freshenv=True)
def test_bad_option_values_warn_at_their_line_and_the_diagram_renders(app):
    app.build()
    source = app.srcdir / "index.rst"
    warnings = warnings_of(app)
    assert "Traceback" not in warnings and "ERROR" not in warnings
    expected = {
        ":width: 50%": 'ladder "Percent width": :width: is the ASCII art\'s width in columns (a whole number), '
        "not '50%'; for the picture's size use :figwidth: 50%; the default applies",
        ":width: 400px": "not '400px'; for the picture's size use :figwidth: 400px; the default applies",
        ":align: middle": ":align: is left, center or right, not 'middle'; the default applies",
        ":direction: up": "problem \"Bad direction\": :direction: is right or down, not 'up'",
        ":figwidth: wide": ":figwidth: is the picture's width as a length such as 400px, 12em or 50%, not 'wide'",
        ":ascii: pretty": "statemachine \"Bad ascii\": :ascii: is auto, diagram or table, not 'pretty'",
        ":width: 10": ":width: 10: the width must be from 20 to 1000 columns; the default applies",
        ":style: boxes": "ladder \"Bad style\": :style: is columns or lifelines, not 'boxes'",
    }
    for needle, message in expected.items():
        line = line_of(source, needle)
        assert re.search(rf"index\.rst:{line}: WARNING: [^\n]*{re.escape(message)}", warnings), needle
    # MyST: the option's line in the fence, also in its YAML block
    md = app.srcdir / "markdown.md"
    assert f'markdown.md:{line_of(md, ":width: 50%")}: WARNING: ladder "Markdown options": :width:' in warnings
    assert f'markdown.md:{line_of(md, "align: middle")}: WARNING: ladder "Markdown YAML": :align:' in warnings

    # Every diagram with a bad option is still drawn, with the default.
    html = html_of(app)
    figures = {f.get("id"): f for f in html.iter("figure")}
    for anchor in ("ladder-Percent-width", "ladder-Pixel-width", "problem-Bad-direction", "statemachine-Bad-ascii"):
        assert figures[anchor].find(".//svg") is not None, anchor
    assert figures["ladder-Pixel-width"].get("class").split()[-1] == "align-default"
    summary = figures["statemachine-Bad-ascii"].find(".//details/summary").xpath("string()")
    assert "of 72 columns" in summary  # the default width, not 10
    assert "Text after all of them." in etree.tostring(html, encoding="unicode")


@pytest.mark.sphinx("html", testroot="options", freshenv=True)
def test_figwidth_and_alt_reach_the_html(app):
    app.build()
    figures = {f.get("id"): f for f in html_of(app).iter("figure")}
    assert figures["ladder-Percent-width"].get("style") == "width: 50%"
    assert figures["problem-Bad-direction"].get("style") is None  # a bad :figwidth: is dropped
    assert figures["ladder-Bad-style"].get("style") == "width: 300px"  # a plain number is pixels
    svg = figures["fig-file"].find(".//svg")
    desc = svg.find("desc")
    assert desc.text == "The client asks, the server answers."
    assert desc.get("id") in svg.get("aria-describedby", "").split()


@pytest.mark.sphinx("html", testroot="options", freshenv=True)
def test_file_option_reads_the_body_relative_to_the_document(app):
    app.build()
    warnings = warnings_of(app)
    index, page = html_of(app), html_of(app, "sub/page")
    for tree in (index, page):  # index.rst names flows/..., sub/page.rst ../flows/...
        assert "Request-From-File" in etree.tostring(tree.find(".//figure//svg"), encoding="unicode")
    # an error inside the file is located in the file
    broken = app.srcdir / "flows" / "broken.ladder"
    assert f'broken.ladder:{line_of(broken, "C -> Srv")}: WARNING: ladder "Broken file": unknown participant' in (
        warnings
    )
    source = app.srcdir / "index.rst"
    missing = line_of(source, ":file: flows/nothing.ladder")
    assert f"index.rst:{missing}: WARNING: ladder \"Missing file\": cannot read :file: 'flows/nothing.ladder'" in (
        warnings
    )
    outside = line_of(source, ":file: ../../conf.py")
    assert f"index.rst:{outside}: WARNING: ladder \"Outside\": :file: '../../conf.py' is outside the source" in (
        warnings
    )
    directory = source.read_text(encoding="utf-8").splitlines().index("   :file: flows") + 1
    assert f"index.rst:{directory}: WARNING: ladder \"Directory\": :file: 'flows' is not a regular file" in warnings
    errors = [" ".join(e.xpath("string()").split()) for e in index.xpath("//div[contains(@class, 'protomodel-error')]")]
    assert errors == [
        "Error line 4 of flows/broken.ladder: ladder “Broken file”: unknown participant ‘Srv’ (did you mean ‘S’?)",
        f"Error line {missing}: ladder “Missing file”: the diagram has no body",
        f"Error line {outside}: ladder “Outside”: the diagram has no body",
        f"Error line {directory}: ladder “Directory”: the diagram has no body",
    ]
    lines = source.read_text(encoding="utf-8").splitlines()
    both = lines.index(".. ladder:: Both") + 2
    assert f'index.rst:{both}: WARNING: ladder "Both": :file: and a body both give the diagram; the file is used' in (
        warnings
    )
    figure = index.xpath("//figure[@id='ladder-Both']")[0]
    assert "Request-From-File" in etree.tostring(figure, encoding="unicode") and "ignored" not in figure.xpath(
        "string()"
    )
    text = etree.tostring(index, encoding="unicode")
    assert "extensions" not in text  # nothing of the outside file reached the page


@pytest.mark.sphinx("html", testroot="options", srcdir="options-dependency", freshenv=True)
def test_editing_the_file_rebuilds_the_pages_that_use_it(app):
    app.build()
    for doc in ("index", "sub/page"):
        deps = {Path(app.srcdir, d).resolve() for d in app.env.dependencies[doc]}  # relative (8.0) or absolute
        assert (app.srcdir / "flows" / "handshake.ladder").resolve() in deps, doc
    ladder = app.srcdir / "flows" / "handshake.ladder"
    ladder.write_text(ladder.read_text(encoding="utf-8") + "C -> S: Added-Later\n", encoding="utf-8")
    later = ladder.stat().st_mtime + 10
    os.utime(ladder, (later, later))
    read: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    app.build()
    assert sorted(read) == ["index", "markdown", "sub/page"]  # not plain, which uses no file
    for page in ("index", "sub/page"):
        assert "Added-Later" in (app.outdir / f"{page}.html").read_text(encoding="utf-8"), page


@pytest.mark.sphinx("rfcxml", testroot="options", freshenv=True)
def test_alt_is_the_artworks_alt_in_the_draft(app):
    app.build()
    (xml,) = app.outdir.glob("*.xml")
    tree = etree.parse(str(xml))
    figure = tree.find(".//figure[@anchor='fig-file']")
    assert {a.get("alt") for a in figure.findall("artset/artwork")} == {"The client asks, the server answers."}
