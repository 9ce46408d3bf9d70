"""A diagram as an xml2rfc ``<artset>``: RFC-profile SVG plus the ASCII art.

The same ``<artset>`` serves the ``rfcxml`` builder's figures and
``protomodel render --to artset`` (for kramdown-rfc and hand-written XML),
so it must not need Sphinx.  xml2rfc's text output shows the ASCII art, its
HTML and PDF outputs the SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

from ..cells import cell_width
from ..diagrams import AsciiArt, Diagram, RenderError, RenderOptions
from ..rendering import render
from . import ART_WIDTH
from .vocabulary import clean_text

_SVG_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)


@dataclass
class Artset:
    element: etree._Element
    art: AsciiArt
    #: Things a reader should be told (engine failures, art too wide).
    problems: list[str] = field(default_factory=list)


def rfc_options(options: RenderOptions, width: int = ART_WIDTH) -> RenderOptions:
    """``options`` with the ASCII width capped to what the draft has room for."""
    return replace(options, width=min(options.width, width)) if options.width > width else options


def art_text(el: etree._Element, text: str) -> None:
    """Put ASCII art into ``el``: CDATA when it can be, escaped text otherwise.

    A leading and a trailing newline keep the art's first line at column 0
    in the XML file; xml2rfc strips them.
    """
    text = "\n" + clean_text(text) + "\n"
    el.text = text if "]]>" in text else etree.CDATA(text)


def build_artset(diagram: Diagram, options: RenderOptions, font: str | None = None) -> Artset:
    """The ``<artset>`` of ``diagram``; the SVG is left out (with a problem) if the engine fails."""
    art = render("ascii", diagram, options)
    result = Artset(etree.Element("artset"), art)
    try:
        svg = render("rfc-svg", diagram, options, font)
    except (RenderError, ValueError) as exc:
        result.problems.append(f"no SVG for this figure, ASCII art only: {exc}")
    else:
        artwork = etree.SubElement(result.element, "artwork", type="svg")
        artwork.append(etree.fromstring(svg.encode("utf-8"), _SVG_PARSER))
    artwork = etree.SubElement(result.element, "artwork", type="ascii-art")
    art_text(artwork, art.text)
    widest = max((cell_width(line) for line in art.text.splitlines()), default=0)
    if widest > options.width:
        result.problems.append(f"the ASCII art is {widest} columns wide, more than the {options.width} available")
    return result


__all__ = ["ART_WIDTH", "Artset", "art_text", "build_artset", "rfc_options"]
