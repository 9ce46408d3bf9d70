"""Per-builder visitors: each output format picks its rendering of a diagram."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Literal, overload

from docutils import nodes
from sphinx.util import logging

from ..cells import cell_width
from ..diagrams import AsciiArt, RenderError
from ..rendering import render
from .describe import KIND_NAMES, Description, describe
from .locale import _
from .nodes import protomodel_diagram

logger = logging.getLogger(__name__)


def ascii_art(node: protomodel_diagram) -> AsciiArt:
    return render("ascii", node["diagram"], node["options"])


@overload
def _graphics(translator, node: protomodel_diagram, fmt: Literal["svg"]) -> str | None: ...
@overload
def _graphics(translator, node: protomodel_diagram, fmt: Literal["png"]) -> bytes | None: ...
def _graphics(translator, node: protomodel_diagram, fmt: Literal["svg", "png"]) -> str | bytes | None:
    """SVG text or PNG bytes; ``None`` (with a located warning) if the engine failed."""
    try:
        return render(fmt, node["diagram"], node["options"], translator.config.protomodel_font)
    except RenderError as exc:
        logger.warning(str(exc), location=node, type="protomodel", subtype="render")
        return None


# ---------------------------------------------------------------- html
#
# A figure in HTML is, inside Sphinx's <figure> and before its caption:
#
#   <div class="protomodel-diagram">
#     <div class="protomodel-svg"><svg role="img" ...>   themed inline SVG
#     <div class="protomodel-alt">...</div>             text alternative (visually hidden)
#     <details class="protomodel-ascii">...</details>   the ASCII art, one click away
#   </div>
#
# protomodel.js adds a copy button to the disclosure; everything works without it.


def html_visit(self, node: protomodel_diagram) -> None:
    _number_with_colon(self)
    figure = node.parent if isinstance(node.parent, nodes.figure) else None
    prefix = _unique_prefix(self, node, figure)
    diagram = node["diagram"]
    description = describe(diagram)
    title = _figure_title(figure, diagram)
    # :alt: is the author's text alternative; without it, the generated summary.
    summary = node.get("alt") or description.summary
    art = ascii_art(node)
    svg = _graphics(self, node, "svg")

    self.body.append(f'<div class="protomodel-diagram protomodel-kind-{escape(node["kind"])}">\n')
    if svg is not None:
        if self.builder.name == "epub":
            self.body.append(_epub_image(self, svg, title, summary))
        else:
            from .svg import rewrite  # lxml: only builds that show graphics import it

            themed = rewrite(svg, title=title, desc=summary, prefix=prefix)
            self.body.append(f"<div{_svg_box_attributes(themed)}>\n{themed}\n</div>\n")
    self.body.append(_alt_html(description, f"{prefix}-alt"))
    if svg is None:
        # No picture: the ASCII art is the figure, shown, not folded away.
        self.body.append(f'<pre class="protomodel-ascii-art">{escape(art.text)}</pre>\n')
    else:
        self.body.append(_ascii_details(art, node["options"].width))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _svg_box_attributes(svg: str) -> str:
    """The SVG's container; it knows the natural width so that CSS can stop shrinking.

    A wide diagram in a narrow column is scaled down only so far (see
    ``--protomodel-min-scale`` in protomodel.css), then scrolls sideways:
    12px labels at a third of their size help nobody.
    """
    m = re.search(r'<svg\b[^>]*?\swidth="([\d.]+)"', svg)
    style = f' style="--protomodel-width: {m[1]}px"' if m else ""
    return f' class="protomodel-svg"{style}'


def _figure_title(figure: nodes.figure | None, diagram) -> str:
    """``<title>`` of the SVG: what kind of diagram, and its caption."""
    kind = _(KIND_NAMES.get(diagram.kind, "Diagram"))
    caption = next(iter(figure.findall(nodes.caption)), None) if figure is not None else None
    text = caption.astext().strip() if caption is not None else diagram.title
    return f"{kind}: {text}" if text else kind


def _unique_prefix(self, node: protomodel_diagram, figure: nodes.figure | None) -> str:
    """An id prefix for one figure, from its anchor: stable, and unique on the page.

    The anchor is unique within a document; a page that joins documents
    (singlehtml) may repeat one, so a repeat gets ``-2``, ``-3``...
    """
    anchor = figure["ids"][0] if figure is not None and figure["ids"] else node["kind"]
    used: set[str] = self.__dict__.setdefault("_protomodel_prefixes", set())
    prefix, n = f"pm-{anchor}", 1
    while prefix in used:
        n += 1
        prefix = f"pm-{anchor}-{n}"
    used.add(prefix)
    return prefix


def _number_with_colon(self) -> None:
    """Make Sphinx write ``Figure 1: caption`` (it writes ``Figure 1 caption``).

    Sphinx appends the number as ``'Figure 1 '`` in ``add_fignumber``; the
    separator is part of the text (copied, read aloud, indexed), so it belongs
    in the HTML rather than in a CSS ``::after``.  Wrapped once per translator
    and only for protomodel figures.
    """
    if self.__dict__.get("_protomodel_colon"):
        return
    original = self.add_fignumber

    def add_fignumber(node: nodes.Element) -> None:
        start = len(self.body)
        original(node)
        if "protomodel" not in node.get("classes", ()):
            return
        for i in range(start, len(self.body) - 1):
            if self.body[i + 1] == "</span>" and self.body[i].endswith(" "):
                self.body[i] = self.body[i].rstrip() + ": "
                break

    self.add_fignumber = add_fignumber
    self._protomodel_colon = True


def _alt_html(description: Description, element_id: str) -> str:
    """The description's lists, visually hidden, read in order by screen readers.

    The title and summary are not repeated: the SVG (or ``<img alt>``) says them.
    """

    def entries(items, ordered: bool) -> str:
        tag = "ol" if ordered else "ul"
        html = []
        for entry in items:
            inner = escape(entry.text)
            if entry.children:
                inner += entries(entry.children, ordered)
            html.append(f"<li>{inner}</li>")
        return f"<{tag}>{''.join(html)}</{tag}>"

    parts = [f'<div class="protomodel-alt" id="{escape(element_id)}">']
    for section in description.sections:
        if section.entries:
            parts.append(f"<p>{escape(_(section.heading))}:</p>{entries(section.entries, section.ordered)}")
    parts.append("</div>\n")
    return "\n".join(parts)


def _ascii_details(art: AsciiArt, width: int) -> str:
    """The ASCII art in a disclosure; its notes (why a fallback layout) beside it."""
    widest = max((cell_width(line) for line in art.text.splitlines()), default=0)
    size = _("({widest} of {width} columns)").format(widest=widest, width=width)
    summary = f'{escape(_("ASCII art"))} <span class="protomodel-ascii-size">{escape(size)}</span>'
    notes = "".join(f'<p class="protomodel-ascii-note">{escape(n)}</p>' for n in (art.degraded, *art.notes) if n)
    # protomodel.js reads its button's words from here, in the page's language.
    words = {
        "copy-text": _("Copy"),
        "copy-label": _("Copy the ASCII art"),
        "copied-text": _("Copied"),
        "copy-failed": _("Copy failed: select the text and copy it"),
    }
    data = "".join(f' data-{key}="{escape(str(text))}"' for key, text in words.items())
    return (
        f'<details class="protomodel-ascii"{data}><summary>{summary}</summary>{notes}'
        f'<pre class="protomodel-ascii-art">{escape(art.text)}</pre></details>\n'
    )


def _epub_image(self, svg: str, title: str, summary: str) -> str:
    """EPUB: the SVG as an image file.

    Inline SVG in EPUB needs the ``svg`` property on the page in the package
    manifest, which Sphinx does not write; an ``<img>`` needs nothing.  Black
    on white, since no page colour reaches into an image.
    """
    from .svg import rewrite

    data = rewrite(svg, title=title, desc=summary, themed=False).encode("utf-8")
    name = f"protomodel-{hashlib.sha256(data).hexdigest()[:16]}.svg"
    out = Path(self.builder.outdir, self.builder.imagedir, name)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists():
        out.write_bytes(data)
    alt = escape(f"{title}. {summary}")
    return f'<div class="protomodel-svg"><img src="{self.builder.imgpath}/{name}" alt="{alt}" /></div>\n'


# ---------------------------------------------------------------- text


#: The narrowest width a nested figure is laid out for, however deep it stands.
MIN_NESTED_WIDTH = 30


def text_visit(self, node: protomodel_diagram) -> None:
    """The art at indent 0 of its own state, laid out for the width the writer's indentation leaves.

    A figure nested in a feature, a definition list or a bullet is indented by
    the text writer; laying it out for ``:width:`` less that indentation keeps
    the page within ``:width:`` columns.
    """
    options = node["options"]
    indent = sum(self.stateindent)
    if indent:
        options = replace(options, width=max(MIN_NESTED_WIDTH, options.width - indent))
    self.new_state(0)
    self.add_text(render("ascii", node["diagram"], options).text)
    self.end_state(wrap=False)
    raise nodes.SkipNode


def text_visit_figure(self, node: nodes.Element) -> None:
    """A diagram's figure (``protomodel_text_figure``): no indent, the art has its own width."""
    self.new_state(0)


def text_depart_figure(self, node: nodes.Element) -> None:
    self.end_state()


# ---------------------------------------------------------------- latex


def latex_visit(self, node: protomodel_diagram) -> None:
    png = _graphics(self, node, "png")
    if png is None:
        self.body.append("\n\\begin{sphinxVerbatim}[commandchars=\\\\\\{\\}]\n")
        self.body.append(self.encode(ascii_art(node).text))
        self.body.append("\n\\end{sphinxVerbatim}\n")
        raise nodes.SkipNode
    name = f"protomodel-{hashlib.sha256(png).hexdigest()[:16]}.png"
    out = Path(self.builder.outdir, self.builder.imagedir, name)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists():
        out.write_bytes(png)
    # The natural size (a CSS pixel is 0.75 pt, as in the HTML output);
    # \sphinxincludegraphics shrinks it to the line if wider, never enlarges.
    width = _png_width(png)
    size = f"width={width * 0.75:g}pt" if width else "width=\\linewidth"
    figure = node.parent if isinstance(node.parent, nodes.figure) else None
    length = self.latex_image_length(figure["width"]) if figure is not None and figure.get("width") else None
    if length:  # :figwidth:
        size = f"width={length}"
    self.body.append(f"\n\\sphinxincludegraphics[{size}]{{{name}}}\n")
    raise nodes.SkipNode


def _png_width(png: bytes) -> int | None:
    """Pixel width from the PNG header (IHDR comes first, width at bytes 16-20)."""
    if png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR":
        return int.from_bytes(png[16:20], "big")
    return None


# ---------------------------------------------------------------- fallback


def as_literal_block(node: protomodel_diagram) -> nodes.literal_block:
    """The ASCII art as a literal block: what every writer can show."""
    art = ascii_art(node).text
    block = nodes.literal_block(art, art, classes=["protomodel-ascii-art"])
    block.source, block.line = node.source, node.line
    return block
