"""The inline-SVG rewrite and the text alternative, without Sphinx."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.sphinx_ext.describe import describe
from sphinxcontrib_protomodel.sphinx_ext.svg import PAPER_FILL, SHADE_FILL, parse_color, rewrite

NS = "{http://www.w3.org/2000/svg}"

#: What blockdiag/seqdiag write: a shadow filter with fixed ids, black ink,
#: white boxes, a grey box, an Inkscape namespace and a placeholder title.
ENGINE_SVG = """<svg viewBox="0 0 416 240" xmlns="http://www.w3.org/2000/svg"
 xmlns:inkspace="http://www.inkscape.org/namespaces/inkscape" xmlns:xlink="http://www.w3.org/1999/xlink">
  <defs id="defs_block">
    <filter height="1.504" id="filter_blur" inkspace:collect="always" width="1.1575" x="-0.07875" y="-0.252">
      <feGaussianBlur id="feGaussianBlur3780" inkspace:collect="always" stdDeviation="4.2" />
    </filter>
    <linearGradient id="grad"><stop offset="0" stop-color="red" /></linearGradient>
  </defs>
  <title>blockdiag</title>
  <desc />
  <rect fill="rgb(0,0,0)" height="40" stroke="rgb(0,0,0)" style="filter:url(#filter_blur);opacity:0.7" width="128"
   x="67" y="18" />
  <rect fill="rgb(255,255,255)" height="40" stroke="rgb(0,0,0)" width="128" x="64" y="12" />
  <rect fill="rgb(208,208,208)" height="23" stroke="rgb(0,0,0)" width="66" x="175" y="225" />
  <rect fill="rgb(255,240,200)" height="23" stroke="rgb(200,0,0)" width="66" x="5" y="5" />
  <rect fill="url(#grad)" height="3" width="3" x="1" y="1" />
  <use xlink:href="#grad" />
  <text fill="rgb(0,0,0)" font-size="12" x="128" y="38">A &lt;b&gt; &amp; "c"</text>
</svg>"""


def parse(svg: str):
    return ElementTree.fromstring(svg)


def test_parse_color_reads_the_engines_spellings():
    assert parse_color("rgb(0,0,0)") == (0, 0, 0)
    assert parse_color(" rgb( 255 , 255 , 255 ) ") == (255, 255, 255)
    assert parse_color("#D0d0D0") == (208, 208, 208)
    assert parse_color("#fff") == (255, 255, 255)
    assert parse_color("white") == (255, 255, 255)
    assert parse_color("none") is None
    assert parse_color("url(#x)") is None


def test_rewrite_themes_ink_and_paper_and_drops_shadows():
    out = rewrite(ENGINE_SVG, title="Ladder: T", desc="One message.", prefix="pm-fig")
    root = parse(out)
    rects = root.findall(f"{NS}rect")
    # the shadow is gone, and with it the filter; the gradient stays (it is used)
    assert "filter" not in out and "feGaussianBlur" not in out
    assert [r.get("x") for r in rects] == ["64", "175", "5", "1"]
    white, grey, tinted, _ = rects
    assert white.get("stroke") == "currentColor"
    assert PAPER_FILL in white.get("class").split()
    assert white.get("fill") == "rgb(255,255,255)"  # the fallback without the stylesheet
    assert SHADE_FILL in grey.get("class").split()
    # a light colour becomes a tint of the page; a saturated stroke keeps its colour
    assert "color-mix(in srgb, rgb(255,240,200) 35%, var(--protomodel-paper" in tinted.get("style")
    assert tinted.get("stroke") == "rgb(200,0,0)"
    assert root.find(f"{NS}text").get("fill") == "currentColor"
    assert "rgb(0,0,0)" not in out
    assert "inkspace" not in out and "inkscape" not in out


def test_rewrite_prefixes_every_id_and_reference():
    out = rewrite(ENGINE_SVG, title="t", desc="d", prefix="pm-a")
    root = parse(out)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids and all(i.startswith("pm-a-") for i in ids)
    assert 'fill="url(#pm-a-grad)"' in out
    assert 'xlink:href="#pm-a-grad"' in out
    two = out + rewrite(ENGINE_SVG, title="t", desc="d", prefix="pm-b")
    all_ids = re.findall(r'\bid="([^"]+)"', two)
    assert len(all_ids) == len(set(all_ids))


def test_rewrite_names_the_figure_for_assistive_technology():
    out = rewrite(ENGINE_SVG, title="Ladder: <T> & co", desc="2 messages.", prefix="pm-x")
    root = parse(out)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "pm-x-title"
    assert root.get("aria-describedby") == "pm-x-desc"
    children = list(root)
    assert children[0].tag == f"{NS}title" and children[0].get("id") == "pm-x-title"
    assert children[0].text == "Ladder: <T> & co"
    assert children[1].tag == f"{NS}desc" and children[1].text == "2 messages."
    assert "blockdiag" not in out
    assert root.find(f"{NS}text").text == 'A <b> & "c"'


def test_rewrite_keeps_viewbox_and_states_the_natural_size():
    root = parse(rewrite(ENGINE_SVG, title="t", desc="d", prefix="p"))
    assert root.get("viewBox") == "0 0 416 240"
    assert (root.get("width"), root.get("height")) == ("416", "240")
    assert "protomodel-graphic" in root.get("class").split()


def test_rewrite_untethered_keeps_black_on_white():
    out = rewrite(ENGINE_SVG, title="t", desc="d", themed=False)
    assert "currentColor" not in out and "pm-paper" not in out
    assert 'stroke="rgb(0,0,0)"' in out
    assert "role=" not in out  # an <img> carries its alt text itself
    parse(out)


def test_rewrite_is_deterministic():
    assert rewrite(ENGINE_SVG, title="t", desc="d", prefix="p") == rewrite(ENGINE_SVG, title="t", desc="d", prefix="p")


LADDER = """\
participant C as Client
participant S as Server
C -> S: DCCP-Request <x>
    Ports, Service
S --> C: DCCP-Response
C <-> S: Data
C -> C: compute ZZ
note C, S: agreed
== Stage 2 ==
... 2MSL later ...
group Establish
  C -> S: Ack
end
"""


def test_real_seqdiag_output_rewrites_to_wellformed_themed_svg():
    ladder = KINDS["ladder"].parse(LADDER, "Handshake")
    raw = render("svg", ladder, RenderOptions())
    out = rewrite(raw, title="t", desc="d", prefix="pm-h")
    root = parse(out)
    assert "rgb(0,0,0)" not in out
    assert "filter" not in out
    # every stroke and fill is ink, none, or a colour that carries a themed class/style
    for el in root.iter():
        for prop in ("fill", "stroke"):
            value = el.get(prop)
            if value is None or value in ("none", "currentColor"):
                continue
            assert el.get("class") or "color-mix" in el.get("style", ""), (prop, value, el.attrib)


def test_ladder_description_follows_the_model():
    ladder = KINDS["ladder"].parse(LADDER, "Handshake")
    text = describe(ladder).as_text()
    assert text.splitlines()[0] == "5 messages between Client and Server."
    assert "- Client to Server: DCCP-Request <x> (Ports, Service)" in text
    assert "- Server to Client: DCCP-Response (optional)" in text
    assert "- Client and Server, both ways: Data" in text
    assert "- Client, local action: compute ZZ" in text
    assert "- Note at Client and Server: agreed" in text
    assert "- Phase: Stage 2" in text
    assert "- Time passes: 2MSL later" in text
    assert "- Group: Establish\n    - Client to Server: Ack" in text
    # in the order of the diagram
    order = ["DCCP-Request", "DCCP-Response", "Data", "compute ZZ", "agreed", "Stage 2", "2MSL", "Ack"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "party c: SIP Client\nparty s: SIP Server\nc -> s: INVITE\n    FROM: 10.0.0.1\n"
            "c -- s: same LAN\ntrust c -> s: account\ntrust c <-> s: shared key\n",
            [
                "2 parties: SIP Client and SIP Server; 2 communications and 2 trust relationships.",
                "- SIP Client to SIP Server: INVITE (FROM: 10.0.0.1)",
                "- SIP Client and SIP Server, associated: same LAN",
                "- SIP Client trusts SIP Server: account",
                "- SIP Client and SIP Server trust each other: shared key",
            ],
        ),
        (
            "party a: A\nparty b: B\na <-> b: media\ngroup h: Home\n  party a\nend\n",
            ["2 parties: A and B; 1 communication and 0 trust relationships.", "- A and B, both ways: media"],
        ),
    ],
)
def test_problem_description_names_parties_flows_and_trust(body, expected):
    problem = KINDS["problem"].parse(body, "P")
    text = describe(problem).as_text()
    for line in expected:
        assert line in text


def test_statemachine_description_lists_states_and_transitions():
    machine = KINDS["statemachine"].parse(
        "initial CLOSED\nfinal CLOSED\nstate TIMEWAIT: waits 2MSL\nCLOSED -> REQUEST: active open / snd Request\n"
        "REQUEST -> TIMEWAIT: rcv Reset\nTIMEWAIT -> CLOSED: timeout\n",
        "DCCP",
    )
    text = describe(machine).as_text()
    assert text.splitlines()[0] == "3 states and 3 transitions; starts in CLOSED."
    assert "- CLOSED (initial, final)" in text
    assert "- TIMEWAIT: waits 2MSL" in text
    assert "- CLOSED to REQUEST on active open, action: snd Request" in text
