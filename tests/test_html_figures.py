"""HTML output of diagram figures: structure, accessibility, numbering, assets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree
from lxml import html as lxml_html
from sphinx_helpers import warnings_of

from sphinxcontrib_protomodel.diagrams import RenderError
from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.sphinx_ext import visitors
from sphinxcontrib_protomodel.sphinx_ext.nodes import protomodel_diagram

ROOT = Path(__file__).parent / "roots" / "test-html"
SVG_NS = "{http://www.w3.org/2000/svg}"


def page(app, name: str = "index"):
    return lxml_html.fromstring((Path(app.outdir) / f"{name}.html").read_bytes())


def figures(tree):
    return tree.xpath('//figure[contains(concat(" ", @class, " "), " protomodel ")]')


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def diagrams(app, docname: str = "index") -> list[protomodel_diagram]:
    return list(app.env.get_doctree(docname).findall(protomodel_diagram))


@pytest.mark.sphinx("html", testroot="html")
def test_build_is_clean(app):
    app.build()
    assert warnings_of(app) == ""


@pytest.mark.sphinx("html", testroot="html")
def test_each_figure_is_an_inline_svg_named_for_assistive_technology(app):
    app.build()
    tree = page(app)
    figs = figures(tree)
    assert len(figs) == 5
    for fig in figs:
        svgs = fig.xpath(".//svg")
        assert len(svgs) == 1
        svg = svgs[0]
        assert svg.get("role") == "img"
        title = tree.get_element_by_id(svg.get("aria-labelledby"))
        desc = tree.get_element_by_id(svg.get("aria-describedby"))
        assert title.tag == "title" and title.getparent() is svg
        assert desc.tag == "desc" and desc.getparent() is svg
        caption = text_of(fig.xpath(".//span[@class='caption-text']")[0])
        assert title.text.endswith(": " + caption)
        assert desc.text.strip()
        # scales: keeps its viewBox, states the natural size for CSS to shrink
        _, _, w, h = svg.get("viewbox").split()
        assert (svg.get("width"), svg.get("height")) == (w, h)
    kinds = [fig.xpath(".//svg/title")[0].text.split(":")[0] for fig in figs]
    assert kinds == [
        "Message sequence diagram",
        "Problem diagram",
        "State machine diagram",
        "Message sequence diagram",
        "Message sequence diagram",
    ]


@pytest.mark.sphinx("html", testroot="html")
def test_inline_svg_is_wellformed_xml_themed_and_shadowless(app):
    app.build()
    source = (Path(app.outdir) / "index.html").read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", source, flags=re.S)
    assert len(svgs) == 5
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.tag == f"{SVG_NS}svg"
        assert "filter" not in svg
        for el in root.iter():
            for prop in ("fill", "stroke"):
                value = el.get(prop, "none")
                black = value.replace(" ", "") in ("rgb(0,0,0)", "black", "#000", "#000000")
                assert not black, f"black {prop} left in {el.tag}"
                if value.replace(" ", "") in ("rgb(255,255,255)", "white", "#fff", "#ffffff"):
                    assert "pm-paper" in el.get("class", ""), el.attrib
    # user text escaped once, never markup
    assert "DCCP-Ack &lt;ok&gt; &amp; " in source
    assert "<ok>" not in source


@pytest.mark.sphinx("html", testroot="html")
def test_caption_reads_figure_number_colon_caption(app):
    app.build()
    tree = page(app)
    captions = [text_of(fig.xpath(".//figcaption")[0]) for fig in figures(tree)]
    assert captions[0] == "Figure 1: The DCCP handshake¶"
    assert captions[1] == "Figure 2: SIP through a NAT¶"
    assert captions[2] == "Figure 3: Connection states¶"
    # the anchor link of each figure points at the figure itself
    for fig in figures(tree):
        link = fig.xpath(".//figcaption//a[contains(@class, 'headerlink')]")[0]
        assert link.get("href") == "#" + fig.get("id")
    # references keep Sphinx's own format, no colon
    ref = tree.xpath("//a[@href='#fig-dccp']/span")[0]
    assert text_of(ref) == "Figure 1"
    css = (Path(app.outdir) / "_static" / "protomodel.css").read_text()
    assert "caption-number::after" not in css


def test_plain_figures_keep_sphinx_numbering(make_app, tmp_path):
    """Only protomodel figures get the colon: plain figures are left alone."""
    srcdir = tmp_path / "plain"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    (srcdir / "index.rst").write_text(
        "Plain\n=====\n\n.. figure:: nothing.png\n\n   A plain figure\n\n.. ladder:: Mine\n\n   A -> B: x\n"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    numbers = [text_of(n) for n in page(app).xpath("//span[@class='caption-number']")]
    assert numbers == ["Figure 1", "Figure 2:"]


@pytest.mark.sphinx("html", testroot="html")
def test_ids_are_unique_on_every_page(app):
    app.build()
    for name in ("index", "other"):
        ids = page(app, name).xpath("//@id")
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


@pytest.mark.sphinx("singlehtml", testroot="html")
def test_singlehtml_joins_pages_without_id_clashes(app):
    app.build()
    tree = page(app)
    assert len(figures(tree)) == 7
    # Sphinx repeats an anchor that two documents share; ours stay unique
    ids = [i for i in tree.xpath("//@id") if i.startswith("pm-")]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert "pm-ladder-Also-here-2-title" in ids
    numbers = [text_of(n) for n in tree.xpath("//figure//span[@class='caption-number']")]
    assert numbers == [f"Figure {n}:" for n in range(1, 8)]
    for svg in tree.xpath("//svg"):
        assert tree.get_element_by_id(svg.get("aria-labelledby")).getparent() is svg


@pytest.mark.sphinx("html", testroot="html")
def test_disclosure_holds_exactly_the_ascii_rendering(app):
    app.build()
    tree = page(app)
    for fig, node in zip(figures(tree), diagrams(app), strict=True):
        art = render("ascii", node["diagram"], node["options"]).text
        details = fig.xpath(".//details[@class='protomodel-ascii']")
        assert len(details) == 1
        assert details[0].get("open") is None  # folded: one click away
        assert text_of(details[0].xpath("summary")[0]).startswith("ASCII art")
        pre = details[0].xpath(".//pre[@class='protomodel-ascii-art']")[0]
        assert pre.text_content() == art


@pytest.mark.sphinx("html", testroot="html")
def test_text_alternative_lists_the_model_in_order(app):
    app.build()
    tree = page(app)
    ladder, problem, machine = figures(tree)[:3]
    alt = ladder.xpath(".//div[@class='protomodel-alt']")[0]
    items = [text_of(li) for li in alt.xpath(".//ol/li")]
    assert items == [
        "Client to Server: DCCP-Request ([Ports, Service, Features])",
        "Server to Client: DCCP-Response",
        'Client to Server: DCCP-Ack <ok> & "done"',
    ]
    assert [text_of(li) for li in alt.xpath(".//ul/li")] == ["Client", "Server"]
    problem_text = text_of(problem.xpath(".//div[@class='protomodel-alt']")[0])
    assert "SIP Client trusts SIP Server: registered account" in problem_text
    machine_text = text_of(machine.xpath(".//div[@class='protomodel-alt']")[0])
    assert "CLOSED to OPEN on open, action: snd Request" in machine_text


@pytest.mark.sphinx("html", testroot="html")
def test_assets_are_copied_and_linked(app):
    app.build()
    static = Path(app.outdir) / "_static"
    source = (Path(app.outdir) / "index.html").read_text()
    assert 'href="_static/protomodel.css' in source
    assert re.search(r'<script defer="defer" src="_static/protomodel\.js', source)
    assert (static / "protomodel.css").read_text() == (
        Path(visitors.__file__).parent.parent / "static" / "protomodel.css"
    ).read_text()
    assert "navigator.clipboard" in (static / "protomodel.js").read_text()


def test_engine_failure_shows_the_ascii_art_instead(make_app, tmp_path, monkeypatch):
    real = visitors.render

    def failing(fmt, *args, **kwargs):
        if fmt == "svg":
            raise RenderError("seqdiag failed: simulated")
        return real(fmt, *args, **kwargs)

    monkeypatch.setattr(visitors, "render", failing)
    shutil.copytree(ROOT, tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src")
    app.build()
    assert "seqdiag failed: simulated" in warnings_of(app)
    fig = figures(page(app))[0]
    assert fig.xpath(".//svg") == []
    pre = fig.xpath("./div[@class='protomodel-diagram protomodel-kind-ladder']/pre[@class='protomodel-ascii-art']")
    assert pre and "DCCP-Request" in pre[0].text_content()
    assert fig.xpath(".//details") == []


def test_output_is_deterministic(make_app, tmp_path):
    outputs = []
    for name in ("a", "b"):
        srcdir = tmp_path / name
        shutil.copytree(ROOT, srcdir)
        app = make_app("html", srcdir=srcdir, freshenv=True)
        app.build(force_all=True)
        outputs.append([(Path(app.outdir) / f"{doc}.html").read_bytes() for doc in ("index", "other")])
    assert outputs[0] == outputs[1]
