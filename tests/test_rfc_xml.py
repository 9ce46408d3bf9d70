"""The ``rfcxml`` builder: the doctree in xml2rfc's v3 vocabulary."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from rfc_support import SVG, safe_parse, svgcheck_verdict, v3_errors
from sphinx_helpers import line_of, warnings_of

from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.rfc.artset import rfc_options
from sphinxcontrib_protomodel.sphinx_ext.nodes import protomodel_diagram

DRAFT = "draft-doe-ladders-00.xml"


def _sections(parent) -> list[tuple[str, list]]:
    return [(s.findtext("name"), _sections(s)) for s in parent.findall("section")]


@pytest.fixture
def draft(app):
    app.build()
    path = Path(app.outdir, DRAFT)
    return app, path, safe_parse(path)


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_the_draft_follows_the_v3_grammar(draft):
    app, path, _ = draft
    assert v3_errors(path) == []
    assert "rfcxml" not in warnings_of(app)


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_front_matter_comes_from_the_config(draft):
    _, _, rfc = draft
    assert rfc.tag == "rfc"
    assert rfc.attrib["version"] == "3"
    assert rfc.attrib["docName"] == "draft-doe-ladders-00"
    assert (rfc.attrib["ipr"], rfc.attrib["category"], rfc.attrib["submissionType"]) == ("trust200902", "info", "IETF")
    front = rfc.find("front")
    assert front.findtext("title") == "Ladders in Internet-Drafts"
    assert front.find("seriesInfo").attrib == {"name": "Internet-Draft", "value": "draft-doe-ladders-00"}
    authors = front.findall("author")
    assert [a.attrib["fullname"] for a in authors] == ["Jane Q. Doe", "Richard Roe"]
    assert [a.attrib["surname"] for a in authors] == ["Doe", "Roe"]
    assert authors[0].findtext("organization") == "Example Corp"
    assert authors[0].findtext("address/email") == "jane@example.com"
    assert authors[1].find("address") is None
    assert front.find("date").attrib == {}  # xml2rfc dates the draft when it renders it
    assert front.findtext("workgroup") == "Protocol Modeling"
    assert [k.text for k in front.findall("keyword")] == ["ladder", "protocol model"]
    assert [t.text for t in front.findall("abstract/t")] == [
        "This draft shows ladder diagrams.",
        "It has two paragraphs of abstract.",
    ]


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_toctree_documents_become_numbered_sections_in_order(draft):
    _, _, rfc = draft
    middle = rfc.find("middle")
    # the root's title is the draft's; its text is the Introduction; its own
    # section after the toctree comes after the inlined documents
    assert _sections(middle) == [
        ("Introduction", []),
        ("Message flows", [("Subsection", [])]),
        ("Details", [("Options", [])]),
        ("Flows", []),
    ]
    assert all(s.get("numbered", "true") == "true" for s in middle.iter("section"))
    intro = middle.find("section")
    t = intro.find("t")
    assert [c.tag for c in t] == ["em", "strong", "tt", "eref", "xref"]
    assert t.find("eref").attrib["target"] == "https://www.ietf.org/"
    assert t.find("eref").text == "the IETF"


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_each_diagram_is_a_figure_with_an_artset(draft):
    app, _, rfc = draft
    figures = list(rfc.iter("figure"))
    assert [f.attrib["anchor"] for f in figures] == ["fig-handshake", "ladder-Three-parties"]
    assert [f.findtext("name") for f in figures] == ["DCCP handshake", "Three parties"]
    diagrams = list(app.env.get_doctree("flows").findall(protomodel_diagram))
    for figure, node in zip(figures, diagrams, strict=True):
        artset = figure.find("artset")
        svg_art, ascii_art = artset.findall("artwork")
        assert (svg_art.attrib["type"], ascii_art.attrib["type"]) == ("svg", "ascii-art")
        svg = svg_art.find(SVG + "svg")
        assert svg is not None
        assert svgcheck_verdict(ElementTree.tostring(svg, encoding="unicode")) == (True, True)
        # the same art as the text output, at the width the draft has room for
        expected = render("ascii", node["diagram"], rfc_options(node["options"])).text
        assert ascii_art.text.strip("\n") == expected
        assert max(len(line) for line in expected.splitlines()) <= 69


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_references_become_xrefs_and_rfcs_citations(draft):
    _, _, rfc = draft
    anchors = {el.attrib["anchor"] for el in rfc.iter() if "anchor" in el.attrib}
    xrefs = list(rfc.iter("xref"))
    assert all(x.attrib["target"] in anchors for x in xrefs)
    by_target = {}
    for x in xrefs:
        by_target.setdefault(x.attrib["target"], []).append(x)
    # :numref: -> an empty xref (xml2rfc writes "Figure 1", as the HTML does)
    (numref,) = by_target["fig-handshake"]
    assert numref.text is None and len(numref) == 0
    assert by_target["details"][0].text == "Details"
    assert by_target["options"][0].text == "the options"
    assert by_target["handshake-text"][0].text == "the handshake text"
    # :rfc: -> a citation; "#section-5" -> xref with section
    assert any(x.attrib.get("section") == "5" and x.attrib.get("sectionFormat") == "of" for x in by_target["RFC3489"])
    groups = rfc.findall("back/references/references")
    assert [g.findtext("name") for g in groups] == ["Normative References", "Informative References"]
    assert [r.attrib["anchor"] for r in groups[0].findall("reference")] == ["RFC2119"]
    assert [r.attrib["anchor"] for r in groups[1].findall("reference")] == ["RFC3489", "RFC4101"]
    stun = groups[1].find("reference")
    assert stun.findtext("front/title").startswith("STUN - Simple Traversal")
    assert stun.find("seriesInfo").attrib == {"name": "RFC", "value": "3489"}


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_body_elements_map_onto_the_vocabulary(draft):
    _, _, rfc = draft
    flows = rfc.find("middle/section[2]")
    tags = [c.tag for c in flows]
    assert tags == ["name", "t", "figure", "ul", "ol", "dl", "aside", "sourcecode", "section"]
    assert [li.findtext("t") for li in flows.find("ul")] == ["one item", "two items"]
    assert flows.find("ol").attrib["type"] == "1"
    assert flows.findtext("dl/dt") == "term"
    aside = flows.find("aside/t")
    assert aside.findtext("strong") == "Note:" and aside.findtext("tt") == "literal"
    code = flows.find("sourcecode")
    assert code.attrib["type"] == "python" and 'return "world"' in code.text
    table = rfc.find("middle/section[3]/section/table")
    assert [th.text for th in table.findall("thead/tr/th")] == ["Name", "Meaning"]
    assert [td.findtext("tt") or td.text for td in table.findall("tbody/tr/td")] == ["a", "first", "b", "second"]


@pytest.mark.sphinx("rfcxml", testroot="rfcxml", freshenv=True)
def test_output_is_deterministic(app):
    app.build()
    first = Path(app.outdir, DRAFT).read_bytes()
    app.build(force_all=True)
    assert Path(app.outdir, DRAFT).read_bytes() == first


@pytest.mark.sphinx("rfcxml", testroot="rfc-fallbacks", freshenv=True)
def test_nodes_without_an_equivalent_degrade_with_located_warnings(app):
    app.build()
    warnings = warnings_of(app)
    index = Path(app.srcdir, "index.rst")
    for needle, message in (
        (".. [#] Footnote", "footnotes have no Internet-Draft form"),
        # inline nodes carry no line: the warning points at their paragraph
        ("A footnote reference", "math has no Internet-Draft form"),
        ("A footnote reference", "no title known for RFC 9999"),
        (".. image:: picture.png", "image 'picture.png' has no Internet-Draft form"),
        (".. custom::", "no Internet-Draft form for <custom_node>"),
        ("   0123456789", "literal block is 76 columns wide; an Internet-Draft has 69 here"),
    ):
        assert f"index.rst:{line_of(index, needle)}: WARNING: rfcxml: {message}" in warnings, (message, warnings)
    for name in ("draft-test-fallbacks-00.xml", "draft-test-second-01.xml"):
        path = Path(app.outdir, name)
        assert v3_errors(path) == [], name
    rfc = safe_parse(Path(app.outdir, "draft-test-fallbacks-00.xml"))
    text = " ".join(rfc.itertext())
    for survivor in ("Footnote text", "E = mc^2", "custom node text", "Quoted words", "Topic body", "line two"):
        assert survivor in text, survivor
    assert rfc.find(".//blockquote[@quotedFrom='Ada Lovelace']") is not None
    doe = rfc.find("back/references/reference[@anchor='Doe2005']")
    assert doe.attrib == {"anchor": "Doe2005", "target": "https://example.com/paper", "quoteTitle": "false"}
    assert rfc.find(".//xref[@target='Doe2005']") is not None
    # a note inside a list item: <aside> is not allowed there, <blockquote> is
    assert rfc.find(".//li/blockquote") is not None
    # code in a note: <sourcecode> is not allowed in <aside>, ascii-art artwork is
    assert rfc.find(".//aside/artwork[@type='ascii-art']") is not None
    # raw rfcxml passes through
    assert rfc.find(".//t/bcp14").text == "MUST"
    assert "html only" not in text
    # cells take inline content only: a diagram in a cell follows its table,
    # a note keeps its label, a nested table becomes lines of text
    cells = next(s for s in rfc.iter("section") if s.findtext("name") == "Cells")
    assert [c.tag for c in cells] == ["name", "table", "figure", "t"]
    assert cells.find("figure").attrib["anchor"] == "fig-in-cell"
    assert cells.find("t/xref").attrib["target"] == "fig-in-cell"
    rows = [" ".join("".join(td.itertext()).split()) for td in cells.findall("table/tbody/tr/td")]
    assert rows == ["diagram", "", "note", "Note: careful", "table", "x | y"]
    assert f"index.rst:{line_of(index, '.. ladder:: In a cell')}: WARNING: rfcxml: a figure cannot stand" in warnings
    # ``.. only:: rfcxml`` / ``not rfcxml`` choose what goes into the draft
    assert "Only in the draft." in text and "Only on the web." not in text
    # an SVG image is embedded in the RFC profile, a PNG is replaced by its alt text
    figures = rfc.findall(".//figure")
    assert any(f.find("artset/artwork[@type='svg']") is not None for f in figures)
    assert "[Image: a picture]" in text
    # the second draft: per-draft overrides, its own start document
    second = safe_parse(Path(app.outdir, "draft-test-second-01.xml"))
    assert second.findtext("front/title") == "The second draft"
    assert second.attrib["category"] == "std"
    assert second.attrib["consensus"] == "true"  # required by xml2rfc for IETF standards
    assert [s.findtext("name") for s in second.findall("middle/section")] == ["Introduction"]
