"""Visit methods for figures: protomodel diagrams as ``<artset>``, images, captions and legends."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from lxml import etree
from sphinx import addnodes

from ...diagrams import RenderOptions
from ...rendering.rfcsvg import to_rfc_svg
from ...sphinx_ext.nodes import protomodel_diagram
from ..artset import build_artset, rfc_options
from ..vocabulary import clean_text
from .base import CONTAINERS, TranslatorBase


class FigureVisitors(TranslatorBase):
    """Figures (numbered, with an anchor) and the art in them."""

    # ------------------------------------------------------------ figures

    def visit_figure(self, node: nodes.figure) -> None:
        if "protomodel" in node.get("classes", []):
            self._diagram_figure(node)
            raise nodes.SkipNode
        self._image_figure(node)
        raise nodes.SkipNode

    def _caption_into(self, el: etree._Element, caption: nodes.Element | None) -> None:
        if caption is None:
            return
        name = etree.SubElement(el, "name")
        self.push(caption, name)
        for child in caption.children:
            child.walkabout(self)
        self.pop(caption)

    def _diagram_figure(self, node: nodes.figure) -> None:
        diagram = node.next_node(protomodel_diagram)
        caption = node.next_node(nodes.caption)
        if diagram is None:
            return
        figure = self.new_block("figure", node)
        if figure is None:
            return
        if node["ids"]:
            self.anchors.attach(figure, self.keys(node))
        self._caption_into(figure, caption)
        artset = self._artset(diagram)
        figure.append(artset)
        for legend in node.findall(nodes.legend):
            legend.walkabout(self)

    def _artset(self, diagram: protomodel_diagram) -> etree._Element:
        options: RenderOptions = diagram["options"]
        width = self.nest_width()
        result = build_artset(diagram["diagram"], rfc_options(options, width), self.draft.font)
        for problem in result.problems:
            self.warn(diagram, f"{diagram['kind']}: {problem}")
            if "columns wide" in problem:
                self.note_too_wide(diagram)
        self.note_origin(result.element, diagram)
        for artwork in result.element:
            self.note_origin(artwork, diagram)
            if diagram.get("alt"):  # :alt:
                artwork.set("alt", diagram["alt"])
        return result.element

    def visit_protomodel_diagram(self, node: protomodel_diagram) -> None:
        """A diagram outside a figure (not numbered): the artset alone."""
        parent = self.block_parent("artset")
        if parent is not None:
            parent.append(self._artset(node))
        raise nodes.SkipNode

    def _image_figure(self, node: nodes.figure) -> None:
        image = node.next_node(nodes.image)
        caption = node.next_node(nodes.caption)
        numbered = bool(node["ids"])  # Sphinx numbers only figures with ids
        if numbered:
            figure = self.new_block("figure", node)
            if figure is not None:
                self.anchors.attach(figure, self.keys(node))
                self._caption_into(figure, caption)
                figure.append(self._image_art(image, node))
        else:
            if image is not None:
                image.walkabout(self)
            if caption is not None:
                t = self.new_block("t", caption)
                if t is not None:
                    self.push(caption, t)
                    for child in caption.children:
                        child.walkabout(self)
                    self.pop(caption)
        for legend in node.findall(nodes.legend):
            legend.walkabout(self)

    def _image_art(self, image: nodes.image | None, where: nodes.Node) -> etree._Element:
        """An image as art: SVG files become RFC-profile SVG; others a placeholder."""
        alt = image.get("alt", "") if image is not None else ""
        uri = image.get("uri", "") if image is not None else ""
        artset = etree.Element("artset")
        svg = self._svg_file(uri) if uri.lower().endswith(".svg") else None
        if svg is not None:
            etree.SubElement(artset, "artwork", type="svg").append(svg)
        else:
            self.warn(
                where,
                f"image {uri!r} has no Internet-Draft form (only SVG can be embedded); shown as its alternative text",
            )
        placeholder = etree.SubElement(artset, "artwork", type="ascii-art")
        placeholder.text = "\n" + clean_text(f"[Image: {alt or uri}]") + "\n"
        return artset

    def _svg_file(self, uri: str) -> etree._Element | None:
        if self.draft.srcdir is None or "://" in uri:
            return None
        path = Path(self.draft.srcdir, uri)
        try:
            svg = to_rfc_svg(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return etree.fromstring(svg.encode("utf-8"))

    def visit_image(self, node: nodes.image) -> None:
        if self.top.tag in CONTAINERS:
            el = self.block_parent("artset")
            if el is not None:
                el.append(self._image_art(node, node))
                raise nodes.SkipNode
        self.warn(node, f"inline image {node.get('uri', '')!r} has no Internet-Draft form; shown as text")
        self.text(f"[{node.get('alt') or 'image'}]")
        raise nodes.SkipNode

    def visit_caption(self, node: nodes.caption) -> None:
        # code-block captions: a paragraph before the code (a <figure> would
        # shift the figure numbers away from the HTML output's)
        if isinstance(node.parent, (addnodes.toctree, nodes.compound)):
            raise nodes.SkipNode
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        self.push(node, etree.SubElement(t, "em"))

    def depart_caption(self, node: nodes.caption) -> None:
        self.pop(node)

    def visit_legend(self, node: nodes.legend) -> None:
        pass

    def depart_legend(self, node: nodes.legend) -> None:
        pass


__all__ = ["FigureVisitors"]
