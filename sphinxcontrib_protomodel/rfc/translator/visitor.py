"""The translator: the families of visit methods together, the document's start and end, the rest.

:meth:`RFCXMLTranslator.finish` runs when the walk is over: every pending
``<xref>`` gets its anchor (:mod:`.anchors`), then the XML-only steps of
:mod:`..postprocess` (references section, helper marks, empty containers).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ..postprocess import drop_marks, fill_empty, unwrap, write_references
from .anchors import resolve_xrefs
from .base import CONTAINERS
from .blocks import BlockVisitors
from .figures import FigureVisitors
from .inline import InlineVisitors


class RFCXMLTranslator(BlockVisitors, InlineVisitors, FigureVisitors):
    """Builds ``self.root`` (an lxml ``<rfc>`` element) from one draft's doctree."""

    # ------------------------------------------------------------ document

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        self.finish()

    def finish(self) -> None:
        """Resolve references, add the references section, drop helper marks."""
        if not self.middle.findall("section"):
            self.section_for_blocks(self.middle)
        for missing in resolve_xrefs(self.pending, self.anchors):
            self.warn(missing.node, f"the target of the reference {missing.node.astext()!r} is not in this draft")
            unwrap(missing.element)
        write_references(self.root, {anchor: cited.data for anchor, cited in self.cited.items()}, self.draft.normative)
        drop_marks(self.root)
        fill_empty(self.root)

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.append(node["docname"])
        self._doc_start = node["docname"]

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.pop()

    # ------------------------------------------------------------ left out

    def _skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    visit_comment = _skip
    visit_substitution_definition = _skip
    visit_system_message = _skip
    visit_index = _skip
    visit_meta = _skip
    visit_toctree = _skip
    visit_highlightlang = _skip
    visit_tabular_col_spec = _skip
    visit_docinfo = _skip
    visit_decoration = _skip
    visit_pending = _skip

    def unknown_visit(self, node: nodes.Node) -> None:
        """Nodes of other extensions: their text, as the nearest readable form."""
        name = type(node).__name__
        if not name.startswith("protomodel_"):
            self.warn(node, f"no Internet-Draft form for <{name}>; its text is kept")
        if isinstance(node, nodes.TextElement) and self.top.tag in CONTAINERS:
            self.visit_paragraph(node)
            return
        self.hold_ids(node)
        self.push(node, self.top)

    def unknown_departure(self, node: nodes.Node) -> None:
        self.pop(node)


__all__ = ["RFCXMLTranslator"]
