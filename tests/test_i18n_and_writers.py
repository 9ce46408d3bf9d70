"""The reader's language (numfig_format, Sphinx's and our catalogs) and the man/texinfo/text writers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from lxml import etree
from sphinx_helpers import warnings_of


def html_of(app, page: str = "index") -> etree._Element:
    return etree.parse(str(app.outdir / f"{page}.html"), etree.HTMLParser())


@pytest.mark.sphinx("html", testroot="i18n", freshenv=True)
def test_german_build_numbers_figures_with_sphinxs_german_prefix(app):
    app.build()
    assert warnings_of(app) == ""
    html = html_of(app)
    numbers = [n.text for n in html.iter("span") if n.get("class") == "caption-number"]
    assert numbers == ["Abb. 1: ", "Abb. 2: ", "Abb. 3: "]
    assert "Der Austausch steht in Abb. 2." in " ".join(html.xpath("string(//body)").split())
    # The extension's own words come from its catalog (here the project's German one).
    details = html.xpath("//details[contains(@class, 'protomodel-ascii')]")[0]
    assert details.get("data-copy-text") == "Kopieren"
    assert details.get("data-copy-label") == "Copy the ASCII art"  # untranslated: stays English
    assert re.fullmatch(r"ASCII-Grafik \(\d+ von 72 Spalten\)", details.find("summary").xpath("string()"))
    svg = html.xpath("//figure[@id='fig-echo']//svg")[0]
    assert svg.find("title").text == "Sequenzdiagramm: Echo-Austausch"
    alt = html.xpath("//figure[@id='fig-echo']//div[contains(@class, 'protomodel-alt')]")[0]
    assert alt.xpath("string(p[1])") == "Beteiligte:" and alt.xpath("string(p[2])") == "Sequence:"
    index = html_of(app, "protomodel-index")
    assert index.xpath("string(//h1)") == "Modellindex"
    headings = [
        " ".join(th.xpath("string()").split()) for th in html.xpath("//table[contains(@class, 'protomodel-index')]//th")
    ]
    assert headings[0] == "Modell" and headings[-1] == "Prüfung"
    links = html.xpath("string(//table[contains(@class, 'protomodel-index')])")
    assert "Abb. 2: Echo-Austausch" in links


@pytest.mark.sphinx("text", testroot="i18n", freshenv=True)
def test_german_text_build(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Abb. 1: Wer mit wem spricht" in text and "Abb. 2: Echo-Austausch" in text
    assert "Der Austausch steht in Abb. 2." in text


@pytest.mark.sphinx("modelcheck", testroot="i18n", freshenv=True)
def test_german_check_report(app):
    app.build()
    report = (app.outdir / "modelcheck.txt").read_text(encoding="utf-8").splitlines()
    assert report[:2] == ["Prüfung der Protokollmodelle", "============================"]
    assert report[3].startswith("1 Modell, ")
    data = json.loads((app.outdir / "modelcheck.json").read_text(encoding="utf-8"))
    assert data["models"][0]["status"] in ("ok", "warning", "error")  # the JSON keeps its keys


@pytest.mark.sphinx(
    "text",
    testroot="ladder",
    srcdir="ladder-numfig-format",  # its own copy: other tests build the same root
    freshenv=True,
    confoverrides={"numfig_format": {"figure": "Fig. %s"}},
)
def test_the_projects_numfig_format_wins(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Fig. 1: DCCP handshake" in text and "Figure 1" not in text
    assert "Before the broken one, see Fig. 1." in text


@pytest.mark.sphinx("man", testroot="multipage", freshenv=True)
def test_man_captions_are_numbered_across_pages(app):
    app.build()
    assert warnings_of(app) == ""
    (page,) = app.outdir.glob("*.1")
    source = page.read_text(encoding="utf-8").replace("\\&", "")  # roff's zero-width escape
    assert "See Figure 2 on the next page." in source and "Back to Figure 1." in source
    # Each caption is a line of its own: the writer's ".UNINDENT" does not run into it.
    # (Sphinx's own figures, like the plain one here, still get "caption.UNINDENT": a docutils matter.)
    lines = source.splitlines()
    assert "Figure 1: First exchange" in lines and "Figure 2: Second exchange" in lines
    if shutil.which("man"):
        shown = subprocess.run(
            ["man", "-l", str(page)],
            capture_output=True,
            text=True,
            env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin"},
            check=False,
        ).stdout
        assert re.search(r"^ *Figure 2: Second exchange$", shown, re.M)


@pytest.mark.sphinx("texinfo", testroot="multipage", freshenv=True)
def test_texinfo_captions_are_numbered_across_pages(app):
    app.build()
    (texi,) = app.outdir.glob("*.texi")
    source = texi.read_text(encoding="utf-8")
    assert "@caption{Figure 1: First exchange}" in source
    assert "@caption{Figure 2: Second exchange}" in source
    assert "See Figure 2 on the next page." in source and "Back to Figure 1." in source
    assert "@caption{A plain figure caption}" in source  # not ours: left alone


@pytest.mark.sphinx("text", testroot="multipage", freshenv=True)
def test_text_writer_keeps_sphinxs_figure_for_other_figures(app):
    app.build()
    index = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "\n   [image: a plain figure]" in index  # Sphinx's indent of 3
    first = (app.outdir / "first.txt").read_text(encoding="utf-8").splitlines()
    assert "Figure 1: First exchange" in first
    art = [line for line in first if "-------->" in line]
    assert art and not art[0].startswith(" ")  # our figure: the art at column 0
