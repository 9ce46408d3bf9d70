"""All of Unicode, control and line-separator characters included, through every parser and output.

Bodies are valid sources with characters from anywhere in Unicode spliced in
(every category, surrogates, noncharacters, C0 and C1 controls, U+2028).  A
body is split at ``\\n`` only, as Sphinx and MyST split it, so:

- a character no output can hold is an error at exactly its line, never
  anywhere else, and a parse error is always at a line inside the body;
- a body that parses gives ASCII art without control characters and SVG,
  RFC SVG and xml2rfc ``<artset>`` that are well-formed XML;
- Sphinx's cleaning of a document (``source-read``) leaves no such character,
  keeps every line where it was and warns at the lines that held one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from protomodel_strategies import any_character, unicode_source

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.parsing.lines import FORBIDDEN_RE
from sphinxcontrib_protomodel.rendering import cache as cache_mod
from sphinxcontrib_protomodel.sphinx_ext.characters import replace_forbidden

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: What a terminal would act on: C0 (but newline), DEL, C1, and the Unicode line/paragraph separators.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


PARSED: dict[str, int] = dict.fromkeys(KINDS, 0)


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


def forbidden_lines(body: str) -> set[int]:
    lines = [line.removesuffix("\r") for line in body.split("\n")]
    return {n for n, line in enumerate(lines, start=1) if FORBIDDEN_RE.search(line)}


def parse_or_errors(kind: str, body: str, title: str = "Title"):
    """The model, or the set of lines of the errors (each checked to be inside the body)."""
    count = len(body.split("\n"))
    try:
        return KINDS[kind].parse(body, title), None
    except DiagramSyntaxError as exc:
        for d in exc.diagnostics:
            assert 0 <= d.line <= count, (d, count)
            assert d.message.strip() and not CONTROL.search(d.message), d
        return None, {d.line for d in exc.diagnostics}


@pytest.mark.parametrize("kind", sorted(KINDS))
@FAST
@given(data=st.data())
def test_forbidden_characters_are_errors_at_exactly_their_lines(kind, data):
    body = data.draw(unicode_source(kind))
    model, error_lines = parse_or_errors(kind, body)
    bad = forbidden_lines(body)
    if bad:
        assert model is None
        assert error_lines == bad, (error_lines, bad, body)
    elif model is not None:
        art = rendering.render("ascii", model, RenderOptions())
        assert not CONTROL.search(art.text.replace("\n", "")), art.text


@pytest.mark.parametrize("kind", sorted(KINDS))
@FAST
@given(data=st.data())
def test_a_title_with_a_forbidden_character_is_an_error_at_line_zero(kind, data):
    title = data.draw(st.text(any_character, min_size=1, max_size=6))
    body = {"ladder": "A -> B: x", "problem": "party a", "statemachine": "A -> B: go"}[kind]
    model, error_lines = parse_or_errors(kind, body, title)
    if FORBIDDEN_RE.search(title):
        assert error_lines == {0}
    else:
        assert model is not None and model.title == title.replace("\t", " ")


#: Every character a diagram may hold.
allowed_character = any_character.filter(lambda c: not FORBIDDEN_RE.match(c))


def _ok_model(kind: str, data):
    body = data.draw(unicode_source(kind, labels_only=True, characters=allowed_character))
    return parse_or_errors(kind, body)[0]


@pytest.mark.parametrize("kind", sorted(KINDS))
@SLOW
@given(data=st.data())
def test_every_output_of_a_parsed_unicode_body_is_clean(kind, data):
    from sphinxcontrib_protomodel.rfc.artset import build_artset

    model = _ok_model(kind, data)
    if model is None:
        return
    PARSED[kind] += 1
    options = RenderOptions(width=data.draw(st.integers(20, 90)))
    art = rendering.render("ascii", model, options)
    assert not CONTROL.search(art.text.replace("\n", ""))
    for fmt in ("svg", "rfc-svg"):
        ElementTree.fromstring(rendering.render(fmt, model, options))  # well-formed, nothing for defusedxml
    artset = build_artset(model, options, None).element
    ElementTree.fromstring(etree.tostring(artset))
    ascii_art = artset.find("artwork[@type='ascii-art']")
    assert ascii_art is not None and not CONTROL.search((ascii_art.text or "").replace("\n", ""))


@FAST
@given(
    text=st.lists(st.text(any_character, max_size=12), min_size=1, max_size=8).map("\n".join),
)
def test_cleaning_a_document_keeps_its_lines_and_warns_where_it_changed(text):
    cleaned, found = replace_forbidden(text)
    assert not FORBIDDEN_RE.search(cleaned.replace("\n", ""))
    assert cleaned.count("\n") == text.count("\n")  # every later line number unchanged
    lines = text.split("\n")
    assert {line for line, _, _ in found} == {n for n, ln in enumerate(lines, start=1) if FORBIDDEN_RE.search(ln)}
    for line, column, what in found:
        original = lines[line - 1]
        assert FORBIDDEN_RE.match(original[column - 1]), (line, column, what)
        assert what.startswith(f"U+{ord(original[column - 1]):04X} (")


def test_the_output_property_saw_parsed_models():
    """The generator must mostly give valid sources, or the output property tests nothing."""
    if not any(PARSED.values()):
        pytest.skip("run with the output property test")
    for kind, count in PARSED.items():
        assert count >= 4, (kind, count)


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_document_with_any_characters_builds_clean_html_and_text(make_app, tmp_path_factory, kind, data):
    """Whole Sphinx builds: well-formed inline SVG, no control characters in text, warnings inside the body."""
    from sphinx_helpers import warnings_of

    body = data.draw(unicode_source(kind))
    caption = data.draw(st.text(any_character, min_size=1, max_size=5)).replace("\n", " ")
    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n', encoding="utf-8")
    first_body_line = 7
    lines = body.split("\n")
    doc = f"T\n=\n\n.. {kind}:: D\n   :caption: x{caption}x\n\n" + "".join(f"   {line}\n" for line in lines)
    # A lone surrogate cannot be in a UTF-8 file: Sphinx itself refuses to read one.
    doc = re.sub("[\ud800-\udfff]", "\ufffd", doc)
    (src / "index.rst").write_text(doc, encoding="utf-8")
    for builder in ("html", "text"):
        app = make_app(builder, srcdir=src, freshenv=True)
        app.build()
        warnings = warnings_of(app)
        assert "Traceback" not in warnings and "Exception" not in warnings, warnings
        for line in re.findall(rf"{re.escape(str(src / 'index.rst'))}:(\d+): WARNING: {kind}", warnings):
            assert first_body_line <= int(line) < first_body_line + len(lines) or int(line) == 4, (line, warnings)
        out = Path(app.outdir)
        if builder == "html":
            page = (out / "index.html").read_text(encoding="utf-8")
            for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
                ElementTree.fromstring(svg)
        else:
            text = (out / "index.txt").read_text(encoding="utf-8")
            assert not CONTROL.search(text.replace("\n", "")), text
