"""Helpers shared by the Internet-Draft tests (no tests here).

The checks are the IETF's own tools used as libraries: svgcheck for the SVG
profile, xml2rfc's ``v3.rng`` for the vocabulary, xml2rfc's writers for text
and HTML.  XML we produced is parsed with defusedxml, as any consumer should.
"""

from __future__ import annotations

import re
from pathlib import Path

from defusedxml import ElementTree as SafeET
from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"


def svgcheck_verdict(svg: str | etree._Element) -> tuple[bool, bool]:
    """(svgcheck accepts, svgcheck left it untouched): both must hold, i.e. no repair."""
    from svgcheck import checksvg, log

    log.quiet = True
    root = etree.fromstring(svg.encode("utf-8")) if isinstance(svg, str) else _copy(svg)
    tree = etree.ElementTree(root)
    before = etree.tostring(tree)
    ok = checksvg.checkTree(tree)
    return ok, etree.tostring(tree) == before


def svg_grammar_errors(svg: str) -> list[str]:
    """Errors against xml2rfc's own SVG 1.2 RFC grammar (stricter than svgcheck in places)."""
    import xml2rfc

    rng = etree.RelaxNG(etree.parse(str(Path(xml2rfc.__file__).parent / "data" / "SVG-1.2-RFC.rng")))
    doc = etree.fromstring(svg.encode("utf-8"))
    return [] if rng.validate(doc) else [f"line {e.line}: {e.message}" for e in rng.error_log]


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def v3_errors(path_or_tree) -> list[str]:
    """Validation errors against the ``v3.rng`` shipped with the installed xml2rfc."""
    import xml2rfc

    rng = etree.RelaxNG(etree.parse(str(Path(xml2rfc.__file__).parent / "data" / "v3.rng")))
    tree = etree.parse(str(path_or_tree)) if isinstance(path_or_tree, (str, Path)) else path_or_tree
    if rng.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in rng.error_log]


def safe_parse(path: Path):
    """The draft parsed by defusedxml (no entities, no DTD tricks)."""
    return SafeET.fromstring(path.read_bytes())


def figures_in_text(text: str) -> list[tuple[int, str]]:
    """``(N, caption)`` of every ``Figure N: caption`` line of an xml2rfc text draft."""
    found = []
    for line in text.splitlines():
        m = re.match(r"^\s+Figure (\d+): (.*?)\s*$", line)
        if m:
            found.append((int(m.group(1)), m.group(2)))
    return found


def html_figure_numbers(html: str) -> list[tuple[int, str]]:
    """``(N, caption)`` of every numbered protocol-model figure of a Sphinx HTML page."""
    found = []
    for m in re.finditer(
        r'<figure class="protomodel[^"]*"[^>]*>.*?<span class="caption-number">Figure (\d+): </span>'
        r'<span class="caption-text">(.*?)</span>',
        html,
        re.DOTALL,
    ):
        caption = re.sub(r"<[^>]+>", "", m.group(2))
        found.append((int(m.group(1)), _unescape(caption)))
    return found


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def long_lines(text: str, width: int = 72) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width]
