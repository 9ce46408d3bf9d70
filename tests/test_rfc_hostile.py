"""Labels that try to break the XML: markup, ``]]>``, entities, quotes, non-ASCII, seqdiag syntax."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rfc_support import SVG, safe_parse, svgcheck_verdict, v3_errors
from sphinx_helpers import warnings_of

from sphinxcontrib_protomodel.rfc.xml2rfc_run import run

DRAFT = "draft-test-hostile-00"

#: Texts from tests/roots/test-rfc-hostile that must come out exactly as written.
LABELS = [
    "<script>alert('c')</script>",
    "Server ]]> & co",
    'label = "x", background = "http://example.com/x.png"]',
    "café 日本語",
    "]]>]]> & <note/>",
    "A & <B>",
    'msg ]]> <x attr="1"/>',
    'key & "secret"',
    'open ]]> / snd <SYN> & "x"',
]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def hostile(app):
    app.build()
    return app, Path(app.outdir)


@pytest.mark.sphinx("idtext", testroot="rfc-hostile", freshenv=True)
def test_hostile_labels_stay_well_formed_and_valid(hostile):
    app, out = hostile
    xml = out / f"{DRAFT}.xml"
    rfc = safe_parse(xml)  # well-formed, and nothing for defusedxml to object to
    assert v3_errors(xml) == []
    assert warnings_of(app) == ""
    # outside the CDATA of the ASCII art, user markup exists only escaped
    outside = re.sub(r"<!\[CDATA\[.*?\]\]>", "", xml.read_text(encoding="utf-8"), flags=re.S)
    assert "<script" not in outside and "<note/>" not in outside and "<b>" not in outside
    assert "&lt;script&gt;" in outside
    # the front matter survives too
    assert rfc.findtext("front/title") == 'Labels: <script>, ]]> & "quotes"'
    author = rfc.find("front/author")
    assert author.attrib["fullname"] == "Zoë Ünïcode" and author.attrib["asciiFullname"] == "Zoe Unicode"
    assert author.findtext("organization") == "Org & <Co>"


@pytest.mark.sphinx("idtext", testroot="rfc-hostile", freshenv=True)
def test_hostile_labels_survive_in_art_svg_and_text(hostile):
    _, out = hostile
    rfc = safe_parse(out / f"{DRAFT}.xml")
    figures = list(rfc.iter("figure"))
    assert [f.findtext("name") for f in figures] == [
        'Tags <b>bold</b> & ]]> "quoted"',
        "Parties with <markup>",
        "States ]]> & <s>",
    ]
    art = " ".join(_flat(a.text) for a in rfc.iter("artwork") if a.attrib.get("type") == "ascii-art")
    svg_text = " ".join(_flat(" ".join(t.itertext())) for t in rfc.iter(SVG + "text"))
    for label in LABELS:
        words = label.split()
        # the ASCII art may wrap a label, never drop or alter a word of it
        assert all(word in art for word in words), label
        assert all(word in svg_text for word in words), label
    for svg in rfc.iter(SVG + "svg"):
        assert svgcheck_verdict(ElementTree.tostring(svg, encoding="unicode")) == (True, True)
        # seqdiag attribute syntax in a label stays text: no image fetched or drawn
        assert svg.find(f".//{SVG}image") is None
    code = next(rfc.iter("sourcecode"))
    assert code.text.strip() == "<rfc>]]></rfc> &amp; <!-- x -->"
    text = (out / f"{DRAFT}.txt").read_text(encoding="utf-8")
    flat = _flat(text)
    assert '<script>alert("x")</script>, ]]> and &amp; and --> and non-ASCII: café, 日本語, ✓.' in flat
    assert "<rfc>]]></rfc> &amp; <!-- x -->" in text
    assert 'Figure 1: Tags <b>bold</b> & ]]> "quoted"' in flat


@pytest.mark.sphinx("idtext", testroot="rfc-hostile", freshenv=True)
def test_xml2rfc_html_takes_the_hostile_draft(hostile, tmp_path):
    _, out = hostile
    result = run(out / f"{DRAFT}.xml", ("html",), out_dir=tmp_path)
    assert result.messages == []
    html = (tmp_path / f"{DRAFT}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html  # escaped, never live markup
    assert "&lt;script&gt;alert" in html
