"""The statemachine directive in Sphinx: figures, located warnings, options, builders."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree
from sphinx_helpers import line_of, warnings_of

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine


def statemachine_ascii(sm, options):
    return rendering.render("ascii", sm, options)


def expect(app, needle: str, message: str, page: str = "index.rst") -> None:
    line = line_of(app.srcdir / page, needle)
    assert f"{page}:{line}: WARNING: {message}" in warnings_of(app), warnings_of(app)


@pytest.mark.sphinx("html", testroot="statemachine", freshenv=True)
def test_checks_are_warnings_at_the_lines_concerned(app):
    app.build()
    name = 'statemachine "Suspicious"'
    expect(app, "initial IDLE, GHOST", f"{name}: unknown state 'GHOST' in 'initial': no transition names it")
    expect(app, "final DONE", f"{name}: unknown state 'DONE' in 'final': no transition names it")
    expect(app, "IDLE -> WAIT: job", f"{name}: state 'IDLE' has two transitions on event 'job' (lines 3 and 4)")
    expect(app, "STRAY -> IDLE: poke", f"{name}: state 'STRAY' cannot be reached from the initial state 'IDLE'")
    expect(app, "IDLE -> STUCK: oops", f"{name}: state 'STUCK' has no way out: no transition leaves it")
    # the machine with warnings is still drawn
    html = (app.outdir / "index.html").read_text()
    assert html.count("<svg") == 4  # Connection, Suspicious, As a table, Forced diagram
    assert "protomodel-error" in html  # Broken and Empty


@pytest.mark.sphinx("html", testroot="statemachine", freshenv=True)
def test_errors_are_located_and_the_build_goes_on(app):
    app.build()
    expect(app, "B->A: glued", "statemachine \"Broken\": put spaces around '->' (write 'A -> B', not 'A->B')")
    expect(app, ".. statemachine:: Empty", 'statemachine "Empty": the diagram body is empty')
    warnings = warnings_of(app)
    assert "Traceback" not in warnings
    assert 'statemachine "Connection"' not in warnings  # a sound machine gets no warning
    html = (app.outdir / "index.html").read_text()
    assert "Text after the last one." in html


@pytest.mark.sphinx("html", testroot="statemachine", freshenv=True)
def test_html_figure_with_inline_svg_escaped_text_and_ascii(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    connection = next(s for s in svgs if "CLOSED" in s)
    ElementTree.fromstring(connection)  # well-formed
    assert ">open /</text>" in connection  # the label wraps after "event /"
    assert '>snd &lt;SYN&gt; &amp; "hello"</text>' in connection
    assert "<SYN>" not in html
    assert re.search(r'class="caption-number">Figure 1\b', html)
    assert re.search(r'href="#fig-connection".*?Figure 1', html, flags=re.S)
    # the ASCII art one click away: the table for ':ascii: table'
    assert "| State      | Event /    | Next state |" in html


def body_of(app, title: str) -> str:
    """The body of the statemachine directive titled ``title`` in the test root."""
    lines = (app.srcdir / "index.rst").read_text().splitlines()
    start = lines.index(f".. statemachine:: {title}")
    body = []
    for line in lines[start + 1 :]:
        if line and not line.startswith("   "):
            break
        if not line.strip().startswith(":"):
            body.append(line[3:])
    return "\n".join(body).strip("\n")


@pytest.mark.sphinx("text", testroot="statemachine", freshenv=True)
def test_text_builder_shows_the_ascii_art_with_its_options(app):
    app.build()
    text = (app.outdir / "index.txt").read_text()
    diagram = statemachine_ascii(parse_statemachine(body_of(app, "Connection")), RenderOptions(width=72))
    assert diagram.notes == ()
    assert diagram.text + "\n\nFigure 1: Connection" in text
    table = statemachine_ascii(parse_statemachine(body_of(app, "As a table")), RenderOptions(40, ascii="table"))
    assert table.text.startswith("+------------+")
    assert table.text + "\n\nFigure 3: As a table" in text
    forced = statemachine_ascii(parse_statemachine(body_of(app, "Forced diagram")), RenderOptions(20, ascii="diagram"))
    needed = max(len(line) for line in forced.text.splitlines())
    assert needed > 20
    assert forced.degraded == f"the state diagram needs {needed} columns, more than the width of 20; drawn wider"
    assert "FIRST-STATE" in forced.text and "| State" not in forced.text  # a diagram, never a table
    assert forced.text + "\n\nFigure 4: Forced diagram" in text


@pytest.mark.sphinx("text", testroot="statemachine", freshenv=True)
def test_a_diagram_that_cannot_fit_is_drawn_wider_with_a_warning_at_the_directive(app):
    app.build()
    forced = statemachine_ascii(parse_statemachine(body_of(app, "Forced diagram")), RenderOptions(20, ascii="diagram"))
    expect(app, ".. statemachine:: Forced diagram", f'statemachine "Forced diagram": {forced.degraded}')
    assert warnings_of(app).count("drawn wider") == 1


@pytest.mark.sphinx("html", testroot="statemachine-myst", freshenv=True)
def test_myst_fences_render_and_findings_are_located_in_the_md_file(app):
    app.build()
    expect(
        app,
        "C -> A: stray",
        "statemachine \"Unreachable in Markdown\": state 'C' cannot be reached from the initial state 'A'",
        page="index.md",
    )
    expect(
        app,
        "B <- A: wrong way",
        "statemachine \"Broken in Markdown\": transitions point one way: write 'A -> B', not 'B <- A'",
        page="index.md",
    )
    html = (app.outdir / "index.html").read_text()
    assert html.count("<svg") == 2
