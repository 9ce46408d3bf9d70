"""kramdown-rfc (i-d-template) authors: model files rendered by the README's make rules into a draft.

The draft in ``tests/kramdown-rfc/`` includes three ``<artset>`` files that
the rules in the README (copied from it verbatim) make with ``protomodel
render --to artset --no-cdata``; kramdown-rfc turns the Markdown into XML,
xml2rfc renders it, svgcheck judges its SVG.  CI installs kramdown-rfc
(Debian's ``ruby-kramdown-rfc2629``); elsewhere the test skips, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from rfc_support import SVG, svgcheck_verdict

from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import render

ROOT = Path(__file__).parent.parent
EXAMPLE = Path(__file__).parent / "kramdown-rfc"
DRAFT = "draft-example-flows"
FILES = {"parties.problem": "problem", "flows/handshake.ladder": "ladder", "conn.statemachine": "statemachine"}

#: What i-d-template's lib/main.mk does for a Markdown draft, reduced to the two steps used here.
I_D_TEMPLATE = f"""drafts := {DRAFT}
.PHONY: latest
latest: $(addsuffix .txt,$(drafts)) $(addsuffix .html,$(drafts))
%.xml: %.md
\tkramdown-rfc $< > $@
%.txt: %.xml
\txml2rfc -q $< -o $@ --text
%.html: %.xml
\txml2rfc -q $< -o $@ --html
"""


def readme_rules() -> str:
    """The make rules the README gives, exactly as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- protomodel\.mk:[^>]*-->\n```make\n(.*?)```", readme, re.S)
    assert match, "README.md lost its protomodel.mk block"
    return match[1]


def make(cwd: Path, *targets: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["make", "-s", *targets], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def draft_repo(tmp_path: Path) -> Path:
    missing = [tool for tool in ("kramdown-rfc", "make") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (CI installs Debian's ruby-kramdown-rfc2629 and make)")
    if shutil.which("protomodel", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the package is not installed with its console script")
    repo = tmp_path / "draft"
    shutil.copytree(EXAMPLE, repo)
    (repo / "Makefile").write_text(I_D_TEMPLATE + readme_rules(), encoding="utf-8")
    return repo


def art_of(name: str) -> list[str]:
    body = (EXAMPLE / name).read_text(encoding="utf-8")
    text = render("ascii", KINDS[FILES[name]].parse(body, ""), RenderOptions(width=69)).text
    return text.splitlines()


def test_a_kramdown_rfc_draft_includes_the_rendered_figures(draft_repo: Path):
    done = make(draft_repo)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in FILES:
        artset = (draft_repo / f"{name}.xml").read_text(encoding="utf-8")
        assert "CDATA" not in artset

    xml = etree.parse(str(draft_repo / f"{DRAFT}.xml"))
    figures = xml.findall(".//figure")
    assert [f.get("anchor") for f in figures] == ["fig-parties", "fig-handshake", "fig-states"]
    for figure, name in zip(figures, FILES, strict=True):
        svg_art, ascii_art = figure.findall("artset/artwork")
        assert (svg_art.get("type"), ascii_art.get("type")) == ("svg", "ascii-art")
        # The art arrives as text, not as an escaped "<![CDATA[" in it.
        assert ascii_art.text.strip("\n").splitlines() == art_of(name)
        assert svgcheck_verdict(svg_art.find(SVG + "svg")) == (True, True)

    # xml2rfc's text output: the art, indented by 3, each figure numbered and cited.
    text = (draft_repo / f"{DRAFT}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    for name in FILES:
        art = art_of(name)
        first = lines.index(("   " + art[0]).rstrip())
        assert [line.rstrip() for line in lines[first : first + 3]] == [("   " + a).rstrip() for a in art[:3]]
    assert 'DCCP-Response <cookie & "init">' in text
    for n, caption in enumerate(["Parties and trust", "DCCP handshake", "Client states"], 1):
        assert f"Figure {n}: {caption}" in text
    assert "Figure 1 shows who talks to whom, Figure 2 the handshake" in " ".join(text.split())

    # Its HTML output shows the SVG of each figure.
    html = etree.parse(str(draft_repo / f"{DRAFT}.html"), etree.HTMLParser())
    assert len(html.xpath("//figure//svg")) == 3


def test_editing_a_model_file_remakes_the_draft(draft_repo: Path):
    assert make(draft_repo).returncode == 0
    ladder = draft_repo / "flows" / "handshake.ladder"
    ladder.write_text(ladder.read_text(encoding="utf-8") + "S -> C: DCCP-Data\n", encoding="utf-8")
    later = ladder.stat().st_mtime + 10
    os.utime(ladder, (later, later))
    done = make(draft_repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DCCP-Data" in (draft_repo / f"{DRAFT}.txt").read_text(encoding="utf-8")


def test_a_broken_model_file_stops_make_at_its_line(draft_repo: Path):
    ladder = draft_repo / "flows" / "handshake.ladder"
    ladder.write_text(ladder.read_text(encoding="utf-8") + "C -> Srv: oops\n", encoding="utf-8")
    done = make(draft_repo)
    assert done.returncode != 0
    assert "flows/handshake.ladder:8: ladder: unknown participant 'Srv' (did you mean 'S'?)" in done.stderr
    assert not (draft_repo / "flows" / "handshake.ladder.xml").exists()
