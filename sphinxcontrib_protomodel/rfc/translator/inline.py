"""Visit methods for inline content: text, emphasis, links, internal references, citations and notes."""

from __future__ import annotations

import re

from docutils import nodes
from lxml import etree
from sphinx import addnodes

from ..references import RefData, merge, parse_rfc_uri, rfc_anchor, rfc_data
from ..vocabulary import allows, anchor_name, append_text, clean_text
from .anchors import Key, PendingXref, target_key
from .base import CONTAINERS, Citation, TranslatorBase

_NUMREF_TEXT = re.compile(r"^(Figure|Fig\.|Table|Listing|Section)\s+[\dA-Za-z.]+$")
_NUMBERED_TEXT = re.compile(r"^(Figure|Table)\s+\d+\b")


class InlineVisitors(TranslatorBase):
    """Text and the inline elements around it; references of every kind."""

    # ------------------------------------------------------------ notes and citations

    def visit_footnote(self, node: nodes.footnote) -> None:
        self.warn(node, "footnotes have no Internet-Draft form; shown as a numbered paragraph")
        label = node.next_node(nodes.label)
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        append_text(t, f"[{label.astext() if label else '*'}] ")
        body = [c for c in node.children if not isinstance(c, nodes.label)]
        if body and isinstance(body[0], nodes.paragraph):
            self.push(node, t)
            for child in body.pop(0).children:
                child.walkabout(self)
            self.pop(node)
        for child in body:  # further paragraphs, lists...: blocks of their own
            child.walkabout(self)
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        self.text(f"[{node.astext()}]")
        raise nodes.SkipNode

    def visit_label(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_citation(self, node: nodes.citation) -> None:
        """A citation becomes a ``<reference>``; its text is the title."""
        label = node.next_node(nodes.label)
        anchor = anchor_name(label.astext() if label is not None else node["ids"][0])
        body = " ".join(c.astext() for c in node.children if not isinstance(c, nodes.label))
        link = next((r["refuri"] for r in node.findall(nodes.reference) if "://" in r.get("refuri", "")), "")
        overrides = self.draft.references.get(anchor)
        data = RefData(" ".join(body.split()) or anchor, target=link, quote_title=False)
        if overrides:
            data = merge(data, overrides)
        self.cited.setdefault(anchor, Citation(data, node))
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.Element) -> None:
        self._xref_to(node, (self.docname, node.get("refid", "")), keep_text=False)
        raise nodes.SkipNode

    # ------------------------------------------------------------ inline

    def visit_Text(self, node: nodes.Text) -> None:  # noqa: N802 (dispatch is by class name)
        self.text(node.astext())

    def depart_Text(self, node: nodes.Text) -> None:  # noqa: N802
        pass

    # Inline markup: the element of the same meaning, where the vocabulary has room for it.

    def _depart_markup(self, node: nodes.Element) -> None:
        self.pop(node)

    def visit_emphasis(self, node: nodes.emphasis) -> None:
        self.open_inline(node, "em")

    depart_emphasis = _depart_markup

    def visit_strong(self, node: nodes.strong) -> None:
        self.open_inline(node, "strong")

    depart_strong = _depart_markup

    def visit_literal(self, node: nodes.literal) -> None:
        self.open_inline(node, "tt")

    depart_literal = _depart_markup

    def visit_subscript(self, node: nodes.subscript) -> None:
        self.open_inline(node, "sub")

    depart_subscript = _depart_markup

    def visit_superscript(self, node: nodes.superscript) -> None:
        self.open_inline(node, "sup")

    depart_superscript = _depart_markup

    def visit_title_reference(self, node: nodes.title_reference) -> None:
        self.open_inline(node, "em")

    depart_title_reference = _depart_markup

    def visit_literal_emphasis(self, node: addnodes.literal_emphasis) -> None:
        self.open_inline(node, "em")

    depart_literal_emphasis = _depart_markup

    def visit_literal_strong(self, node: addnodes.literal_strong) -> None:
        self.open_inline(node, "strong")

    depart_literal_strong = _depart_markup

    def visit_inline(self, node: nodes.Element) -> None:
        self.hold_inline_ids(node)

    def depart_inline(self, node: nodes.Element) -> None:
        pass

    visit_generated = visit_inline
    depart_generated = depart_inline
    visit_problematic = visit_inline
    depart_problematic = depart_inline
    visit_abbreviation = visit_inline
    depart_abbreviation = depart_inline
    visit_pending_xref = visit_inline
    depart_pending_xref = depart_inline
    visit_download_reference = visit_inline
    depart_download_reference = depart_inline

    def visit_target(self, node: nodes.target) -> None:
        if node.get("refuri") and not node.get("ids"):
            raise nodes.SkipNode
        if self.top.tag in CONTAINERS:
            self.hold_ids(node)
        else:
            self.hold_inline_ids(node)
        raise nodes.SkipNode

    def visit_math(self, node: nodes.Element) -> None:
        self.warn(node, "math has no Internet-Draft form; shown as its LaTeX source")
        self.open_inline(node, "tt")
        self.text(node.astext())
        self.pop(node)
        raise nodes.SkipNode

    def visit_reference(self, node: nodes.reference) -> None:
        uri = node.get("refuri", "")
        if "rfc" in node.get("classes", []) and parse_rfc_uri(uri):
            self._cite_rfc(node, uri)
            raise nodes.SkipNode
        key = target_key(node, self.docname)
        if key is not None:
            numbered = isinstance(node, addnodes.number_reference)
            text = node.astext()
            keep = not (key in self._citation_keys or (numbered and _NUMREF_TEXT.match(text)))
            # Text that already names the number ("Figure 2: ...") must not get "(Figure 2)" added.
            self._xref_to(node, key, keep_text=keep, numbered=numbered or bool(_NUMBERED_TEXT.match(text)))
            raise nodes.SkipNode
        if uri:
            self._eref(node, uri)
        raise nodes.SkipNode

    def _eref(self, node: nodes.reference, uri: str) -> None:
        parent = self.inline_parent()
        text = " ".join(node.astext().split())
        if not allows(parent.tag, "eref"):
            append_text(parent, text if text == uri else f"{text} <{uri}>")
            return
        eref = etree.SubElement(parent, "eref", target=clean_text(uri))
        if text and text != uri:
            eref.text = clean_text(text)

    def _xref_to(self, node: nodes.Element, key: Key, keep_text: bool, numbered: bool = False) -> None:
        parent = self.inline_parent()
        if not allows(parent.tag, "xref"):
            append_text(parent, node.astext())
            return
        xref = etree.SubElement(parent, "xref", target="_pending")
        if keep_text:
            if numbered:
                xref.set("format", "none")
            self.push(node, xref)
            for child in node.children:
                child.walkabout(self)
            self.pop(node)
        self.pending.append(PendingXref(xref, key, node))

    def _cite_rfc(self, node: nodes.reference, uri: str) -> None:
        parsed = parse_rfc_uri(uri)
        assert parsed is not None
        number, section = parsed
        anchor = rfc_anchor(number)
        if anchor not in self.cited:
            data, known = rfc_data(number, self.draft.references.get(anchor))
            if not known:
                self.warn(
                    node,
                    f"no title known for RFC {number}: the reference shows only its number "
                    f"(add it to protomodel_rfc_references = {{'{anchor}': {{'title': ...}}}})",
                )
            self.cited[anchor] = Citation(data, node)
        parent = self.inline_parent()
        text = " ".join(node.astext().split())
        explicit = not re.match(r"^RFC\s*\d+", text, re.IGNORECASE)
        if explicit:
            append_text(parent, text + " ")
        if not allows(parent.tag, "xref"):
            append_text(parent, f"[{anchor}]")
            return
        xref = etree.SubElement(parent, "xref", target=anchor)
        if section:
            xref.set("section", section)
            xref.set("sectionFormat", "of")


__all__ = ["InlineVisitors"]
