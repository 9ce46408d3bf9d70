"""Per-builder visitors: each output format picks its rendering of a diagram."""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..model import AsciiArt, RenderError
from ..rendering import render
from .nodes import protomodel_diagram

logger = logging.getLogger(__name__)


def ascii_art(node: protomodel_diagram) -> AsciiArt:
    return render("ascii", node["diagram"], node["options"])


def _graphics(translator, node: protomodel_diagram, fmt: str):
    """SVG text or PNG bytes; ``None`` (with a located warning) if the engine failed."""
    try:
        return render(fmt, node["diagram"], node["options"], translator.config.protomodel_font)
    except RenderError as exc:
        logger.warning(str(exc), location=node, type="protomodel", subtype="render")
        return None


# ---------------------------------------------------------------- html


def html_visit(self, node: protomodel_diagram) -> None:
    art = ascii_art(node)
    svg = _graphics(self, node, "svg")
    self.body.append('<div class="protomodel-diagram">')
    if svg is not None:
        self.body.append(f'<div class="protomodel-svg">{svg}</div>')
    self.body.append(
        '<details class="protomodel-ascii"><summary>ASCII art</summary>'
        f'<pre class="protomodel-ascii-art">{escape(art.text)}</pre></details></div>'
    )
    raise nodes.SkipNode


# ---------------------------------------------------------------- text


def text_visit(self, node: protomodel_diagram) -> None:
    # Indent 0: the art is laid out for exactly ``:width:`` columns.
    self.new_state(0)
    self.add_text(ascii_art(node).text)
    self.end_state(wrap=False)
    raise nodes.SkipNode


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
    self.body.append(f"\n\\sphinxincludegraphics[width=\\linewidth]{{{name}}}\n")
    raise nodes.SkipNode


# ---------------------------------------------------------------- fallback


def as_literal_block(node: protomodel_diagram) -> nodes.literal_block:
    """The ASCII art as a literal block: what every writer can show."""
    art = ascii_art(node).text
    block = nodes.literal_block(art, art, classes=["protomodel-ascii-art"])
    block.source, block.line = node.source, node.line
    return block
