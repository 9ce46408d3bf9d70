"""The ``idtext`` builder: the draft as xml2rfc renders it, and the demo's drafts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rfc_support import (
    SVG,
    figures_in_text,
    html_figure_numbers,
    long_lines,
    safe_parse,
    svgcheck_verdict,
    v3_errors,
)
from sphinx_helpers import warnings_of

from sphinxcontrib_protomodel.rfc.xml2rfc_run import parse_messages, run

DEMO = Path(__file__).parent.parent / "demo_docs"


@pytest.mark.sphinx("idtext", testroot="rfcxml", freshenv=True)
def test_idtext_writes_a_paginated_draft_xml2rfc_accepted(app, tmp_path):
    app.build()
    out = Path(app.outdir)
    text = (out / "draft-doe-ladders-00.txt").read_text(encoding="utf-8")
    assert (out / "draft-doe-ladders-00.xml").is_file()  # kept beside it, to submit either
    assert warnings_of(app) == ""  # nothing from us, nothing from xml2rfc
    assert long_lines(text) == []
    assert "[Page 1]" in text and "\f" in text  # paginated as a draft
    assert "Internet-Draft" in text and "draft-doe-ladders-00" in text
    assert "Ladders in Internet-Drafts" in text
    assert figures_in_text(text) == [(1, "DCCP handshake"), (2, "Three parties")]
    # the art is the text output's, indented by xml2rfc's 3 columns
    assert "   Client                                                     Server" in text
    assert "   DCCP-Request                -------->" in text
    assert "The handshake is in Figure 1; see also Details (Section 3)" in text
    assert "[RFC3489]  Rosenberg, J., Weinberger, J., Huitema, C., and R. Mahy," in text
    # xml2rfc's HTML writer takes the same XML without a word of complaint
    result = run(out / "draft-doe-ladders-00.xml", ("html",), out_dir=tmp_path)
    assert result.messages == []
    html = (tmp_path / "draft-doe-ladders-00.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2


@pytest.mark.sphinx("idtext", testroot="rfcxml", freshenv=True)
def test_figure_numbers_match_the_html_output(app, make_app):
    app.build()
    text = Path(app.outdir, "draft-doe-ladders-00.txt").read_text(encoding="utf-8")
    html_app = make_app("html", srcdir=app.srcdir)
    html_app.build()
    pages = [Path(html_app.outdir, f"{doc}.html").read_text(encoding="utf-8") for doc in ("index", "flows", "details")]
    in_html = [figure for page in pages for figure in html_figure_numbers(page)]
    assert in_html == figures_in_text(text) == [(1, "DCCP handshake"), (2, "Three parties")]


@pytest.mark.sphinx("idtext", testroot="rfc-fallbacks", freshenv=True)
def test_xml2rfc_messages_are_located_and_not_repeated(app):
    app.build()
    warnings = warnings_of(app)
    # the too-wide literal block is reported once, by us, at its source line ...
    assert warnings.count("0123456789") == 0
    assert warnings.count("literal block is 76 columns wide") == 1
    # ... xml2rfc's own complaints about that width are not repeated
    assert "Too long line" not in warnings and "too wide" not in warnings
    assert "xml2rfc" not in warnings
    draft = app.builder.written[0]
    xml_lines = draft.path.read_text(encoding="utf-8").splitlines()
    code_line = next(i for i, line in enumerate(xml_lines, start=1) if line.startswith("0123456789"))
    source, line = draft.origin(code_line)
    index = Path(app.srcdir, "index.rst")
    assert Path(source) == index
    assert index.read_text().splitlines()[line - 1].strip().startswith("0123456789")
    for name in ("draft-test-fallbacks-00", "draft-test-second-01"):
        assert Path(app.outdir, f"{name}.txt").is_file(), name


def test_xml2rfc_errors_become_located_warnings(make_app, tmp_path):
    """Raw XML an author got wrong: the build goes on and says where."""
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxcontrib_protomodel"]\nproject = "Raw"\nauthor = "A. Author"\n'
        'protomodel_rfc_docname = "draft-test-raw-00"\nprotomodel_rfc_abstract = "Raw XML."\n'
    )
    (tmp_path / "index.rst").write_text(
        "Raw\n===\n\nSome text.\n\n.. raw:: rfcxml\n\n   <t>See <xref target='nowhere'/>.</t>\n"
    )
    app = make_app("idtext", srcdir=tmp_path)
    app.build()
    warnings = warnings_of(app)
    assert re.search(
        r"index\.rst:6: WARNING: rfcxml: draft-test-raw-00\.xml breaks the xml2rfc v3 grammar .*nowhere", warnings
    ), warnings
    assert re.search(r"index\.rst: WARNING: xml2rfc error: .*nowhere", warnings), warnings
    assert not Path(app.outdir, "draft-test-raw-00.txt").exists()


@pytest.mark.sphinx("idtext", testroot="rfcxml", freshenv=True)
def test_xml2rfc_runs_offline_without_a_cache_in_home(app, monkeypatch, tmp_path):
    import socket

    import xml2rfc

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    system_cache = tmp_path / "var-cache-xml2rfc"
    # xml2rfc makes the first of these it can when it has no cache to use
    monkeypatch.setattr(xml2rfc, "CACHES", [str(system_cache), "~/.cache/xml2rfc"])

    def no_network(*args, **kwargs):
        raise AssertionError("xml2rfc tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    app.build()
    assert Path(app.outdir, "draft-doe-ladders-00.txt").is_file()
    assert warnings_of(app) == ""
    assert list(home.iterdir()) == []
    assert not system_cache.exists()


def test_xml2rfc_log_parsing():
    log = (
        "/x/d.xml(12): Warning: Too long line found (L3), 2 characters longer than 72 characters: \n"
        "+----+\n"
        "Error: something broke\n"
        " Created file d.txt\n"
    )
    messages = parse_messages(log)
    assert [(m.level, m.line) for m in messages] == [("warning", 12), ("error", None)]
    assert messages[0].text.endswith("72 characters: +----+")


# ---------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo documents built as the Makefile builds them: HTML and the Internet-Draft."""
    out = tmp_path_factory.mktemp("demo")
    logs = {}
    for builder in ("html", "idtext"):
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", builder, str(DEMO), str(out / builder)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        logs[builder] = done.stderr
    return out, logs


def test_demo_draft_is_accepted_by_xml2rfc(demo, tmp_path):
    out, logs = demo
    assert not re.search(r"rfcxml|xml2rfc", logs["idtext"]), logs["idtext"]
    xml = out / "idtext" / "draft-protomodel-examples-00.xml"
    text = (out / "idtext" / "draft-protomodel-examples-00.txt").read_text(encoding="utf-8")
    assert v3_errors(xml) == []
    assert long_lines(text) == []
    assert "Protocol Models: Examples from RFC 4101" in text
    assert "draft-protomodel-examples-00" in text
    result = run(xml, ("text", "html"), out_dir=tmp_path)
    assert result.messages == []


def test_demo_svgs_pass_svgcheck_unrepaired(demo):
    out, _ = demo
    rfc = safe_parse(out / "idtext" / "draft-protomodel-examples-00.xml")
    svgs = list(rfc.iter(SVG + "svg"))
    assert len(svgs) == len(list(rfc.iter("figure"))) > 0
    for svg in svgs:
        assert svgcheck_verdict(ElementTree.tostring(svg, encoding="unicode")) == (True, True)


def test_demo_figure_numbers_match_html(demo):
    out, _ = demo
    rfc = safe_parse(out / "idtext" / "draft-protomodel-examples-00.xml")
    text = (out / "idtext" / "draft-protomodel-examples-00.txt").read_text(encoding="utf-8")
    names = [" ".join("".join(f.find("name").itertext()).split()) for f in rfc.iter("figure")]
    # xml2rfc numbers <figure>s in document order; the text must show each
    flat = " ".join(text.split())
    for number, name in enumerate(names, start=1):
        assert f"Figure {number}: {name}" in flat, (number, name)
    # the HTML numbers the same figures the same way (page order = toctree order)
    toctree = re.findall(r"^   (\w+)$", (DEMO / "index.rst").read_text(), re.M)
    in_html = []
    for doc in ["index", *toctree]:
        page = out / "html" / f"{doc}.html"
        if page.is_file() and doc != "language":
            in_html += html_figure_numbers(page.read_text(encoding="utf-8"))
    assert [(n, " ".join(c.split())) for n, c in in_html] == list(enumerate(names, start=1))
