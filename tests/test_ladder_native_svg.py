"""Ladder graphics from the native layout (the default engine), as parsed SVG facts.

The seqdiag drawing (``:engine: diag``) is tested in ``test_ladder_svg.py``.
"""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel.diagrams import RenderError, RenderOptions
from sphinxcontrib_protomodel.drawing import Line
from sphinxcontrib_protomodel.layout.invariants import LIFELINE, violations
from sphinxcontrib_protomodel.layout.ladder import ladder_figures
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
from sphinxcontrib_protomodel.rendering import render

SVG = "{http://www.w3.org/2000/svg}"

EVERYTHING = """\
participant C as Client
participant P as Proxy
participant S as Server
C -> P: DCCP-Request
    [Ports, Service, Features]
P -> S: forwarded
S --> C: Certificate
C <-> S: Application Data
C -> C: compute ZZ
note P: proxy note
note C, S: spanning note
== Stage 2 ==
... 2MSL later ...
group Establish IKE SA
  C -> S: Handshake MSG
  C -x P: lost
end
"""


#: the same constructs between two parties (the proxy's messages and note go to the server)
TWO_PARTIES = "\n".join(
    line.replace("P -> S", "S -> S").replace("C -> P", "C -> S").replace("C -x P", "C -x S").replace("note P", "note S")
    for line in EVERYTHING.splitlines()
    if line != "participant P as Proxy"
)


def picture(body: str, **options):
    return ladder_figures(parse_ladder(body), RenderOptions(**options)).picture.drawing


def parsed(body: str, **options):
    return ElementTree.fromstring(render("svg", parse_ladder(body), RenderOptions(**options)))


def messages(lines: tuple[Line, ...]) -> list[Line]:
    return [ln for ln in lines if isinstance(ln.key, tuple) and ln.key[0] == "message"]


@pytest.mark.parametrize("style", ["lifelines", "columns"])
def test_every_construct_is_drawn_as_shapes(style: str) -> None:
    body = EVERYTHING if style == "lifelines" else TWO_PARTIES
    d = picture(body, style=style)
    assert violations(d) == []
    msgs = messages(d.lines)
    assert len(msgs) == len(parse_ladder(body).messages())
    assert any(ln.style == "dashed" for ln in msgs)
    assert any(ln.end == "cross" for ln in msgs)
    assert any(ln.corners == "round" and len(ln.points) == 4 for ln in msgs)  # the local action's loop
    assert any(ln.start == "arrow" and ln.end == "arrow" for ln in msgs)  # both ways
    assert [b.style for b in d.boxes] == ["note", "note"]
    assert any(ln.style == "double" for ln in d.lines)  # the phase rule
    assert {t.text for t in d.texts} >= {"Stage 2", "... 2MSL later ..."}
    assert any(t.text.startswith("[Ports,") and t.role == "detail" for t in d.texts)


def test_lifelines_are_vertical_lines_dotted_while_time_passes_and_arrowheads_touch_them() -> None:
    d = picture(EVERYTHING, style="lifelines")
    lifelines = [ln for ln in d.lines if isinstance(ln.key, tuple) and ln.key[0] == LIFELINE]
    assert {ln.key[1] for ln in lifelines} == {"C", "P", "S"}
    assert all(ln.layer == 0 and ln.points[0][0] == ln.points[-1][0] for ln in lifelines)
    assert {ln.style for ln in lifelines} == {"solid", "dotted"}
    xs = {ln.points[0][0] for ln in lifelines}
    for msg in messages(d.lines):
        if msg.end == "arrow" and msg.reach[1]:
            (x, _), (dx, _) = msg.points[-1], msg.direction_at("end")
            assert x + dx in xs
    root = parsed(EVERYTHING, style="lifelines")
    assert len(list(root.iter(f"{SVG}polygon"))) == 7  # six messages with heads, one of them both ways
    dashes = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert len(dashes) >= 2  # the dashed message and the dotted lifelines
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Client" in texts and "spanning note" in texts and "Establish" in " ".join(texts)


def test_braces_for_groups() -> None:
    d = picture("A -> B: x\ngroup Retry\n  A -> B: y\nend", width=72)
    assert d.braces and any(t.text == "Retry" for t in d.texts)


def test_the_native_painter_draws_what_seqdiag_refuses() -> None:
    body = "\n".join(f"A -> B: message {i}" for i in range(600))
    ladder = parse_ladder(body)
    with pytest.raises(RenderError, match="too long to draw"):
        render("svg", ladder, RenderOptions(engine="diag"))
    root = ElementTree.fromstring(render("svg", ladder, RenderOptions()))
    assert len(list(root.iter(f"{SVG}polygon"))) == 600
