"""RFC 7996 SVG: what seqdiag/blockdiag draw, reduced so that svgcheck accepts it as is."""

from __future__ import annotations

import pytest
from lxml import etree
from rfc_support import SVG, svg_grammar_errors, svgcheck_verdict

from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.rendering.rfcsvg import to_rfc_svg

BODIES = {
    "ladder": "participant C as Client\nparticipant S as Server\nC -> S: Request\n    Ports, Service\n"
    "S --> C: Response\n== Stage 2 ==\n...\nnote C: waits\ngroup Setup\n  C -> S: Ack\nend\n",
    "problem": "party c: Client\nparty n: NAT\nparty s: Server\nc -> n: request\nn -> s: request\n"
    "trust c -> s: account\ngroup home: Home\n  party c\nend\n",
    "statemachine": "CLOSED -> OPEN: open / snd SYN\nOPEN -> CLOSED: close / snd FIN\n",
}

#: What an engine draws and the profile forbids: shadows through a filter,
#: CSS, colours, text widths, foreign namespaces, images and links.
ENGINE_LIKE = """<svg viewBox="0 0 200 100" width="200" height="100" xmlns="http://www.w3.org/2000/svg"
     xmlns:inkspace="http://www.inkscape.org/namespaces/inkscape" xmlns:xlink="http://www.w3.org/1999/xlink">
  <defs id="defs_block">
    <filter height="1.5" id="filter_blur" inkspace:collect="always" width="1.1" x="-0.07" y="-0.25">
      <feGaussianBlur id="blur" inkspace:collect="always" stdDeviation="4.2" />
    </filter>
  </defs>
  <title>blockdiag</title>
  <desc />
  <rect fill="rgb(0,0,0)" height="40" stroke="rgb(0,0,0)" style="filter:url(#filter_blur);opacity:0.7" width="128"
        x="67" y="18" />
  <rect fill="rgb(238,238,238)" height="90" style="filter:url(#filter_blur)" width="190" x="5" y="5" />
  <rect fill="rgb(208,208,208)" height="40" stroke="rgb(0,0,0)" width="128" x="64" y="12" />
  <rect fill="#ff0000" height="4" stroke="navy" width="4" x="1" y="1" style="stroke-width:2;fill-opacity:0.5" />
  <text fill="rgb(0,0,0)" font-family="Helvetica, Arial" font-size="12" text-anchor="middle" textLength="35"
        x="128" y="38">Client &lt;&amp;&gt;</text>
  <text font-family="'Courier New'" x="1" y="90" style="font-weight:bold">mono</text>
  <rect fill="none" height="20" stroke="rgb(153,153,153)" width="20" x="150" y="60" />
  <text fill="#aaaaaa" x="150" y="95">grey label</text>
  <image xlink:href="http://example.com/icon.png" x="0" y="0" width="10" height="10" />
  <a xlink:href="http://example.com/"><path d="M 0 0 L 10 10" stroke="#333" /></a>
</svg>"""


def _elements(svg: str) -> list[etree._Element]:
    return list(etree.fromstring(svg.encode()).iter())


def test_engine_output_is_reduced_to_the_profile():
    out = to_rfc_svg(ENGINE_LIKE)
    ok, untouched = svgcheck_verdict(out)
    assert ok and untouched, out
    assert svg_grammar_errors(out) == []
    root = etree.fromstring(out.encode())
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == "0 0 200 100"
    assert (root.get("version"), root.get("baseProfile")) == ("1.2", "tiny")
    tags = {el.tag.replace(SVG, "") for el in root.iter()}
    assert not tags & {"filter", "feGaussianBlur", "defs", "image", "a", "desc"}
    assert "title" not in tags  # "blockdiag" says nothing to a reader
    for el in root.iter():
        assert not set(el.attrib) & {"style", "textLength", "filter", "opacity", "fill-opacity"}
        assert not any(key.startswith("{") for key in el.attrib)
        for attr in ("fill", "stroke"):
            assert el.get(attr, "none") in ("none", "black", "white")
    group, box, small, outline = root.findall(SVG + "rect")  # the dark blurred shadow is gone
    # grey lines and letters are ink: they stay visible, in black
    assert (outline.get("fill"), outline.get("stroke")) == ("none", "black")
    assert root.findall(SVG + "text")[-1].get("fill") == "black"
    # blockdiag draws a group's background blurred and tinted: it stays, outlined
    assert (group.get("fill"), group.get("stroke"), group.get("width")) == ("white", "black", "190")
    assert box.get("fill") == "white"  # light grey is paper, not ink
    assert small.get("fill") == "black" and small.get("stroke") == "black"
    assert small.get("stroke-width") == "2"  # useful CSS becomes an attribute
    texts = root.findall(SVG + "text")
    assert texts[0].text == "Client <&>"
    assert texts[0].get("font-family") == "sans-serif"
    assert texts[1].get("font-family") == "monospace" and texts[1].get("font-weight") == "bold"
    assert root.find(f"{SVG}g/{SVG}path") is not None  # a link keeps what it wraps


def test_no_stroke_is_said_the_way_the_grammar_allows():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect stroke="none" width="1" height="1"/>'
        '<g stroke="black"><rect stroke="none" width="2" height="2"/></g></svg>'
    )
    out = to_rfc_svg(svg)
    assert svg_grammar_errors(out) == [] and svgcheck_verdict(out) == (True, True)
    top, nested = etree.fromstring(out.encode()).iter(SVG + "rect")
    assert "stroke" not in top.attrib and "stroke-width" not in top.attrib
    assert "stroke" not in nested.attrib and nested.get("stroke-width") == "0"


def test_viewbox_is_made_from_width_and_height():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30px" height="20"><rect width="1" height="1"/></svg>'
    out = to_rfc_svg(svg)
    root = etree.fromstring(out.encode())
    assert root.get("viewBox") == "0 0 30 20"
    assert root.get("width") is None and root.get("height") is None


@pytest.mark.parametrize(
    "bad",
    ["<svg", "<html xmlns='http://www.w3.org/1999/xhtml'/>", '<svg xmlns="http://www.w3.org/2000/svg"/>'],
)
def test_not_an_svg_drawing_is_refused(bad):
    with pytest.raises(ValueError):
        to_rfc_svg(bad)


def test_entities_are_never_expanded():
    hostile = (
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY big "AAAAAAAAAAAAAAAA">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text x="0" y="0">&xxe;&big;ok</text></svg>'
    )
    out = to_rfc_svg(hostile)
    assert "root:" not in out and "AAAA" not in out and "ENTITY" not in out
    assert svgcheck_verdict(out) == (True, True)


def test_conversion_is_idempotent_and_deterministic():
    once = to_rfc_svg(ENGINE_LIKE)
    assert to_rfc_svg(once) == once
    assert to_rfc_svg(ENGINE_LIKE) == once


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_every_kind_renders_an_svg_that_svgcheck_accepts_unrepaired(kind):
    diagram = KINDS[kind].parse(BODIES[kind], kind)
    svg = render("rfc-svg", diagram, RenderOptions())
    ok, untouched = svgcheck_verdict(svg)
    assert ok, svg
    assert untouched, "svgcheck had to repair the drawing"
    assert svg_grammar_errors(svg) == []
    # the labels survive the conversion
    texts = " ".join(t.text or "" for t in etree.fromstring(svg.encode()).iter(SVG + "text"))
    for word in {"ladder": ["Client", "Request"], "problem": ["NAT", "account"], "statemachine": ["CLOSED", "OPEN"]}[
        kind
    ]:
        assert word in texts
