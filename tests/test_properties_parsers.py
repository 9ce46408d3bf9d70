"""Every parser, fed anything: a model or our own DiagramSyntaxError, located in the body.

Two sources of input: arbitrary Unicode text, and lines assembled from the
languages' own tokens (keywords, names, arrows, quotes, colons, comments,
indentation), which reach far deeper into the parsers than random text.
"""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protomodel_strategies import SOURCES, mutated

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MODULES = {
    "ladder": "sphinxcontrib_protomodel.parsing.ladder",
    "problem": "sphinxcontrib_protomodel.parsing.problem",
    "statemachine": "sphinxcontrib_protomodel.parsing.statemachine",
}


def _parser_kinds() -> list[object]:
    params = []
    for kind in KINDS:
        present = importlib.util.find_spec(MODULES[kind]) is not None
        marks = [] if present else [pytest.mark.skip(reason=f"{kind} parser not written")]
        params.append(pytest.param(kind, marks=marks))
    return params


KIND_PARAMS = _parser_kinds()

# --------------------------------------------------------------- strategies

WORDS = [
    # keywords of every language
    "participant", "as", "note", "group", "end", "party", "trust", "initial", "final", "state",
    # names, good and bad
    "A", "B", "C", "S", "Srv", "Server", "x.y", "_1", "SYN-SENT", "-bad", "9", "É", "名前",
    # arrows and separators
    "->", "-->", "<-", "<--", "<->", "<-->", "--", "=>", "~>", "==", "===", "...", ":", ",", "/", " / ",
    # quoting, comments and markup that must stay text
    '"', '"quoted name"', '"open', "\\", "\\\"", "#", "# comment", "[", "]", "<script>", "&amp;", "]]>",
    "; a [background = \"http://example.com/x.png\"]", 'icon = "/etc/passwd"', "{", "}",
]  # fmt: skip
INDENTS = ["", "", "", " ", "  ", "    ", "\t", "      "]

token_line = st.builds(
    lambda indent, words, seps: indent + "".join(w + s for w, s in zip(words, seps, strict=False)),
    st.sampled_from(INDENTS),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=8),
    st.lists(st.sampled_from([" ", " ", "", "  ", ": ", ", "]), min_size=8, max_size=8),
)
token_body = st.lists(token_line, min_size=0, max_size=25).map("\n".join)
any_body = st.text(max_size=400)


def body_line_count(body: str) -> int:
    """Lines as Sphinx and MyST count them: at \\n only, never where str.splitlines would."""
    return len(body.split("\n"))


def _lines_in(model: object) -> list[int]:
    """Every ``line`` field anywhere in a model."""
    found = []
    stack = [model]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                value = getattr(item, f.name)
                if f.name.endswith("line") and isinstance(value, int):
                    found.append(value)
                else:
                    stack.append(value)
    return found


def check_parse(kind: str, body: str) -> None:
    lines = body_line_count(body)
    try:
        model = KINDS[kind].parse(body, "Title")
    except DiagramSyntaxError as exc:
        assert exc.diagnostics, "a DiagramSyntaxError must say what is wrong"
        for d in exc.diagnostics:
            assert 0 <= d.line <= lines, (d, lines)
            assert d.message.strip()
        return
    assert model.kind == kind
    for line in _lines_in(model):
        assert 0 <= line <= lines
    # a model is always something the rendering cache can key
    assert len(rendering.cache_key("ascii", model, RenderOptions(), None)) == 64
    # and the checks accept whatever the parser accepts
    for finding in KINDS[kind].check(model):
        assert 0 <= finding.line <= lines


@pytest.mark.parametrize("kind", KIND_PARAMS)
@SETTINGS
@given(body=any_body)
def test_arbitrary_text_gives_a_model_or_a_located_model_error(kind, body):
    check_parse(kind, body)


@pytest.mark.parametrize("kind", KIND_PARAMS)
@SETTINGS
@given(body=token_body)
def test_language_tokens_give_a_model_or_a_located_model_error(kind, body):
    check_parse(kind, body)


@pytest.mark.parametrize("kind", KIND_PARAMS)
@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_valid_sources_parse_and_their_mutants_fail_cleanly(kind, data):
    body = data.draw(SOURCES[kind]())
    model = KINDS[kind].parse(body, "Title")  # the generator writes only valid sources
    assert model.kind == kind
    check_parse(kind, data.draw(mutated(SOURCES[kind]())))


@pytest.mark.parametrize("kind", KIND_PARAMS)
@SETTINGS
@given(body=token_body, newline=st.sampled_from(["\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\x00"]))
def test_odd_line_ends_and_control_characters(kind, body, newline):
    check_parse(kind, body.replace("\n", newline) if newline != "\x00" else body.replace(" ", "\x00"))
