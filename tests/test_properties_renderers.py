"""Every renderer, fed generated valid models with awkward labels.

ASCII: every word of every label is there (split only when the rendering
says it is degraded), no line is wider than ``:width:``, no trailing blanks,
and the same model gives the same bytes.  SVG and RFC SVG: well-formed XML
in which user text is only ever character data, never markup or an attribute
that fetches something.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protomodel_strategies import SOURCES, render_options

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.diagrams import (
    Delay,
    Group,
    Ladder,
    Message,
    Note,
    Problem,
    RenderOptions,
    Separator,
    StateMachine,
    walk_items,
)
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import cache as cache_mod

PACKAGE = "sphinxcontrib_protomodel"


def _params(module: str) -> list[object]:
    out = []
    for kind in KINDS:
        present = importlib.util.find_spec(f"{PACKAGE}.{module}.{kind}") is not None
        out.append(pytest.param(kind, marks=[] if present else pytest.mark.skip(reason=f"{kind} {module} not written")))
    return out


ASCII_KINDS = _params("layout")
GRAPHIC_KINDS = _params("layout")

ASCII_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SVG_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def private_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


def options_for(kind: str, data) -> RenderOptions:
    return render_options(data, kind)


def texts_of(model) -> list[str]:
    """The user texts an ASCII rendering must show."""
    if isinstance(model, Ladder):
        out = [p.label for p in model.participants]
        for item in walk_items(model.items):
            if isinstance(item, Message):
                out += [item.label, *item.details]
            elif isinstance(item, Note):
                out.append(item.text)
            elif isinstance(item, (Separator, Delay, Group)):
                out.append(item.label)
        return out
    if isinstance(model, Problem):
        out = [p.label for p in model.parties]
        for rel in model.relations:
            out += [rel.label, *rel.details]
        out += [g.label for g in model.groups]
        return out
    assert isinstance(model, StateMachine)
    out = [s.name for s in model.states]
    for t in model.transitions:
        out += [t.event, t.action]
    return out


def shown_in_pieces(word: str, lines: list[str], smallest: int = 2) -> bool:
    """``word`` is on some line whole, or in pieces on successive lines.

    A renderer may split a word that cannot fit its column (``wrap`` does), but
    never drop or reorder characters; each piece is at least ``smallest``
    columns wide unless it ends the word.
    """
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]  # (first row to look at, characters of word already found)
    while stack:
        row, done = stack.pop()
        if done == len(word):
            return True
        if (row, done) in seen:
            continue
        seen.add((row, done))
        rest = word[done:]
        least = min(smallest, cell_width(rest))
        for r in range(row, len(lines)):
            k = len(rest)
            while k > 0 and cell_width(rest[:k]) >= least and rest[:k] not in lines[r]:
                k -= 1
            if k > 0 and cell_width(rest[:k]) >= least:
                stack.append((r + 1 if k < len(rest) else r, done + k))
    return False


@pytest.mark.parametrize("kind", ASCII_KINDS)
@ASCII_SETTINGS
@given(data=st.data())
def test_ascii_shows_every_label_within_the_width(kind, data):
    model = KINDS[kind].parse(data.draw(SOURCES[kind]()), "Title")
    options = options_for(kind, data)
    art = rendering.render("ascii", model, options)
    lines = art.text.split("\n")
    limit = options.width
    wider = re.match(
        r"the state diagram needs (\d+) columns, more than the width of (\d+); drawn wider", art.degraded or ""
    )
    if wider:  # ':ascii: diagram' is always a diagram: at the width it needs, and it says so
        assert kind == "statemachine" and options.ascii == "diagram" and int(wider[2]) == options.width
        limit = int(wider[1])
    for line in lines:
        assert cell_width(line) <= limit, (limit, line)
        assert line == line.rstrip(), f"trailing blank in {line!r}"
    for text in texts_of(model):
        for word in text.split():
            # one character per line only in a layout that says it is degraded
            assert shown_in_pieces(word, lines, 1 if art.degraded else 2), (word, options, art.text)
    # deterministic: a fresh layout and painting give the same bytes
    rendering.figures.cache_clear()
    rendering.CACHE.clear_memory()
    assert rendering.render("ascii", model, options) == art


HOSTILE_ATTR = re.compile(r"(http://example\.com|/etc/passwd|<script|javascript:)", re.I)


def assert_safe_svg(svg: str) -> None:
    root = ElementTree.fromstring(svg)  # well-formed, no entities, no DTD tricks
    assert root.tag.endswith("svg")
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        assert local not in ("script", "foreignObject", "image", "iframe"), local
        for name, value in el.attrib.items():
            assert not HOSTILE_ATTR.search(value), (el.tag, name, value)
            if name.endswith("href"):
                assert value.startswith("#"), (el.tag, name, value)
            assert not name.lower().startswith("on"), (el.tag, name)


@pytest.mark.parametrize("kind", GRAPHIC_KINDS)
@SVG_SETTINGS
@given(data=st.data())
def test_svg_is_well_formed_and_user_text_stays_text(kind, data):
    model = KINDS[kind].parse(data.draw(SOURCES[kind]()), "Title")
    svg = rendering.render("svg", model, options_for(kind, data))
    assert_safe_svg(svg)


@pytest.mark.skipif(importlib.util.find_spec(f"{PACKAGE}.rendering.rfcsvg") is None, reason="RFC SVG not written")
@pytest.mark.parametrize("kind", GRAPHIC_KINDS)
@SVG_SETTINGS
@given(data=st.data())
def test_rfc_svg_is_well_formed_and_user_text_stays_text(kind, data):
    model = KINDS[kind].parse(data.draw(SOURCES[kind]()), "Title")
    svg = rendering.render("rfc-svg", model, options_for(kind, data))
    assert_safe_svg(svg)
    assert 'baseProfile="tiny"' in svg


def test_ladder_listing_fallback_names_every_participant():
    model = KINDS["ladder"].parse(
        "participant A as Alice\nparticipant B as Bob\nparticipant C as Carol\nparticipant D as Dave\n"
        "participant E as Eve\nA -> B: hello",
        "Five",
    )
    art = rendering.render("ascii", model, RenderOptions(width=20))
    assert "listed as text" in (art.degraded or "")
    for name in ("Alice", "Bob", "Carol", "Dave", "Eve"):
        assert name in art.text
