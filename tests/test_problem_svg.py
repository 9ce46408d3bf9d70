"""SVG of the ``problem`` directive: blockdiag source from the model, user text kept out of it."""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET

import pytest
from test_problem_ascii import IKE  # the draft's IKE deployment figure, once

from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.engines.blockdiag import plan_edges, problem_layout, problem_source
from sphinxcontrib_protomodel.engines.diag import draw
from sphinxcontrib_protomodel.parsing.problem import parse_problem

SVG = "{http://www.w3.org/2000/svg}"


HOSTILE = [
    '"]; a [background = "http://example.com/x.png"]',
    'icon = "/etc/passwd"; plugins = "attributes"',
    "<script>alert(1)</script>",
    "]]> <![CDATA[ & &amp; </text>",
    "} blockdiag { fontpath = '/etc/passwd'",
    r"back\slash \n not a newline",
    "名前 ¥ é",
]


def svg_of(body: str, direction: str = "right") -> tuple[str, ET.Element]:
    problem = parse_problem(body, "T")
    svg = draw(problem_source(problem, RenderOptions(direction=direction)), "SVG")
    return svg, ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("direction", ["right", "down"])
def test_every_label_is_drawn_as_text(direction):
    _, root = svg_of(IKE, direction)
    words = " ".join(texts(root)).split()
    for label in ("Key Management Process", "IPsec Stack", "Initiator", "Responder", "IKE", "AH/ESP", "SAs"):
        for word in label.split():
            assert word in words, (word, words)
    assert "trust:" in words and "pre-shared" in words


def test_trust_edges_are_dashed_and_prefixed_communication_solid():
    _, root = svg_of("a -> b: talk\ntrust c <-> d: shared key")
    paths = [el for el in root.iter() if el.tag in (f"{SVG}path", f"{SVG}line") and el.get("stroke")]
    dashed = [el for el in paths if el.get("stroke-dasharray")]
    assert len(dashed) == 1 and len(paths) == 2
    assert "trust: shared key" in texts(root)


def test_groups_are_outlined_without_a_filter():
    _, root = svg_of(IKE)
    outlines = [el for el in root.iter(f"{SVG}rect") if el.get("fill") == "none"]
    assert len(outlines) == 2
    assert all("filter" not in el.attrib for el in outlines)


def test_down_is_portrait():
    problem = parse_problem(IKE, "T")
    assert "orientation = portrait;" in problem_source(problem, RenderOptions(direction="down")).lines
    assert "orientation = portrait;" not in problem_source(problem, RenderOptions()).lines


def test_relations_between_two_parties_share_an_edge_per_kind():
    problem = parse_problem("a -> b: request\nb -> a: response\ntrust a <-> b: key\na -- c", "T")
    edges = plan_edges(problem)
    assert [(e.node1, e.node2, e.trust, e.dir, e.folded) for e in edges] == [
        ("a", "b", False, "both", False),
        ("b", "a", True, "both", True),  # the pair's second edge goes round the boxes
        ("a", "c", False, "none", False),
    ]
    _, root = svg_of("a -> b: request\nb -> a: response\ntrust a <-> b: key")
    assert {"→ request", "← response", "trust: key"} <= set(texts(root))


def test_an_edge_against_the_flow_is_drawn_along_it():
    problem = parse_problem("a -> b\nb -> c\ntrust c -> a: asks", "T")
    layout = problem_layout(problem, "right")
    assert [layout.cells[n] for n in "abc"] == [(0, 0), (1, 0), (2, 0)]
    trust = layout.drawn[2]
    assert (trust.node1, trust.node2, trust.flipped, trust.dir(plan_edges(problem)[2])) == ("a", "c", True, "back")


@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_labels_stay_text(label, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a diagram touched the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    lines = [f"party a: {label}", "party b", f"a -> b: {label}", f"    {label}", f"trust b -> a: {label}"]
    body = "\n".join([*lines, f"group g: {label}", "  party a", "end"])
    problem = parse_problem(body, "T")
    source = problem_source(problem, RenderOptions())
    code = "\n".join(source.lines)
    assert label not in code and "background" not in code and "icon" not in code and "plugin" not in code
    svg = draw(source, "SVG")
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag in (f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject")]
    assert not re.search(r"example\.com|/etc/passwd", " ".join(v for el in root.iter() for v in el.attrib.values()))
    shown = " ".join(texts(root)).split()
    # A yen sign is drawn as written (blockdiag's reading of it as a backslash is off).
    for word in label.split():
        assert word in shown, (word, shown)


def test_png_too():
    problem = parse_problem(IKE, "T")
    png = draw(problem_source(problem, RenderOptions()), "PNG")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_same_model_same_source():
    problem = parse_problem(IKE, "T")
    a, b = problem_source(problem, RenderOptions()), problem_source(problem, RenderOptions())
    assert (a.lines, a.texts) == (b.lines, b.texts)


IDENTITIES = """
party ini: Initiator
party resp: Responder
party ca: Certification Authority
party table: Policy table
ini -> resp: identity and authentication data
trust resp -> ini: shared key or pre-configured public key
trust resp -> ca: certificates it issues
resp -- table: which traffic an identity may negotiate SAs for
"""


def test_labels_beside_boxes_wrap_onto_lines_rather_than_widen_the_boxes() -> None:
    """Boxes hold twice a beside label: wrapped onto up to three lines, not at 28 columns."""
    svg = draw(problem_source(parse_problem(IDENTITIES), RenderOptions(direction="down")))
    root = ET.fromstring(svg)
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths and max(widths) <= 340  # 457 when these labels were wrapped at 28 columns
    assert int(root.get("viewBox").split()[2]) <= 900
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    words = " ".join(lines).split()
    for label in ("identity and authentication data", "which traffic an identity may negotiate SAs for"):
        assert " ".join(label.split()) in " ".join(words)  # every word whole, in order
