"""The ``problem`` directive in a Sphinx build: figures, options, errors at their line."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree
from sphinx_helpers import line_of, warnings_of

from sphinxcontrib_protomodel.cells import cell_width


@pytest.mark.sphinx("html", testroot="problem", freshenv=True)
def test_html_figures_are_inline_svg_with_their_labels(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3  # the two broken ones are replaced by their warnings
    for svg in svgs:
        ElementTree.fromstring(svg)
    ike, stun, hostile = svgs
    for word in ("Initiator", "Responder", "Key", "Management", "IKE", "AH/ESP", "trust:", "pre-shared"):
        assert word in ike
    assert "STUN Server" in stun and "Binding Request" in stun
    assert "&lt;script&gt;" in hostile and "<script>" not in hostile
    assert "example.com" not in re.sub(r">[^<]*<", "><", hostile)  # only ever in text content
    assert 'href="#fig-ike"' in html


@pytest.mark.sphinx("html", testroot="problem", freshenv=True)
def test_errors_are_located_at_their_line_and_the_build_goes_on(app):
    app.build()
    source = app.srcdir / "index.rst"
    warnings = warnings_of(app)
    glued = line_of(source, "client->nat: glued")
    assert f"index.rst:{glued}: WARNING: problem \"Broken\": put spaces around '->'" in warnings
    unclosed = line_of(source, "group g: G")
    assert f"index.rst:{unclosed}: WARNING: problem \"Unclosed\": group 'g' is never closed (add 'end')" in warnings
    assert len(re.findall(r"WARNING", warnings)) == 2, warnings
    assert "Traceback" not in warnings
    html = (app.outdir / "index.html").read_text()
    assert "Text after the broken ones." in html


@pytest.mark.sphinx("text", testroot="problem", freshenv=True)
def test_text_output_is_the_ascii_art_within_the_width(app):
    app.build()
    text = (app.outdir / "index.txt").read_text()
    assert "+- Initiator -" in text and "trust: pre-shared" in text
    assert "....>" in text or "<...." in text
    stun = text[text.index("each other's keys.") : text.index("Figure 2: STUN")]
    assert "SIP Client" in stun and "trust: reports the" in stun
    assert max(cell_width(line) for line in stun.split("\n")) <= 60
    assert "Figure 2: STUN" in text
