"""The translator's state and the helpers every family of visit methods shares.

:class:`TranslatorBase` keeps the stack of XML elements being filled and
decides where a block or an inline element may go (asking
:mod:`..vocabulary`); the visit methods live in mixins by family
(:mod:`.blocks`, :mod:`.inline`, :mod:`.figures`) that all derive from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from lxml import etree
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from ...cells import cell_width
from ..artset import ART_WIDTH
from ..postprocess import IMPLICIT
from ..references import RefData
from ..vocabulary import BLOCK_CHILDREN, BLOCKS, CELLS, allows, append_text
from .anchors import Anchors, Key, PendingXref, scan_references

if TYPE_CHECKING:
    from ...builders.rfcxml import RFCXMLBuilder

logger = logging.getLogger(__name__)

#: Elements that can carry an ``anchor`` attribute.
ANCHORABLE = BLOCKS | {"section", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody"}
#: Elements that hold blocks (inline content in them goes into a ``<t>``).
CONTAINERS = frozenset(BLOCK_CHILDREN) | {"middle"}
#: Extra indentation xml2rfc gives the contents of each nested block.
_NEST_INDENT = {"ul": 3, "ol": 4, "dl": 3, "blockquote": 3, "aside": 3, "td": 0, "th": 0}


@dataclass
class DraftContext:
    """What the builder tells the translator about the draft being written."""

    root_doc: str
    rfc_element: etree._Element
    intro_title: str = "Introduction"
    normative: frozenset[str] = frozenset()
    references: dict[str, dict[str, Any]] = field(default_factory=dict)
    art_width: int = ART_WIDTH
    font: str | None = None
    srcdir: Path | None = None


@dataclass
class Citation:
    """A document the draft cites: its ``<reference>`` data and the node that cited it first."""

    data: RefData
    node: nodes.Node


def location(node: nodes.Node) -> tuple[str | None, int | None]:
    """Source and line of ``node``, or of the nearest ancestor that has them.

    docutils < 0.21 gives an ``image`` no line; its directive text then is
    looked for in the source from the ancestor's line on.
    """
    current: nodes.Node | None = node
    while current is not None:
        source = getattr(current, "source", None)
        line = getattr(current, "line", None)
        if source and line:
            if current is not node and isinstance(node, nodes.image):
                line = _directive_line(source, line, node.rawsource) or line
            return source, line
        current = current.parent
    return None, None


def _directive_line(source: str, start: int, rawsource: str) -> int | None:
    """The first line from ``start`` on where ``rawsource`` (a directive's text) begins, if found."""
    first = rawsource.strip().splitlines()[0].strip() if rawsource.strip() else ""
    if not first.startswith(".. "):
        return None
    try:
        with open(source, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].strip() == first:
            return number
    return None


def node_ids(node: nodes.Node) -> list[str]:
    """The ids of ``node`` (none for a text node)."""
    return list(node.get("ids", [])) if isinstance(node, nodes.Element) else []


class TranslatorBase(SphinxTranslator):
    """Builds ``self.root`` (an lxml ``<rfc>`` element) from one draft's doctree: state and helpers."""

    def __init__(self, document: nodes.document, builder: RFCXMLBuilder) -> None:
        super().__init__(document, builder)
        if builder.current_draft is None:
            raise RuntimeError("the rfcxml translator runs only while the rfcxml builder writes a draft")
        self.draft: DraftContext = builder.current_draft
        self.root = self.draft.rfc_element
        self.middle = etree.SubElement(self.root, "middle")
        #: (node, element) pairs; a transparent node pushes its parent's element again.
        self.stack: list[tuple[nodes.Node | None, etree._Element]] = [(None, self.middle)]
        self.docnames: list[str] = [self.draft.root_doc]
        self.anchors = Anchors()
        self.pending: list[PendingXref] = []
        self.pending_ids: list[Key] = []
        #: anchor -> every cited document
        self.cited: dict[str, Citation] = {}
        #: XML element -> (source, line) of the node it came from
        self.origins: dict[etree._Element, tuple[str, int]] = {}
        #: origins already warned about width (idtext skips xml2rfc's repeats)
        self.width_warned: set[tuple[str, int]] = set()
        self._warned: set[tuple[str, str | None, int | None]] = set()
        self._title_section: nodes.section | None = None
        self._cell_item_start = False
        #: figures met in table cells (which take inline content only): they follow the table
        self.deferred: list[etree._Element] = []
        self._doc_start: str | None = None
        scan = scan_references(document, self.draft.root_doc, self.anchors)
        self._referenced = scan.referenced
        self._citation_keys = scan.citation_keys

    # ------------------------------------------------------------ the stack

    @property
    def top(self) -> etree._Element:
        """The element being filled."""
        return self.stack[-1][1]

    @property
    def docname(self) -> str:
        """The document the node being visited comes from."""
        return self.docnames[-1]

    def push(self, node: nodes.Node, el: etree._Element) -> None:
        """Fill ``el`` with what ``node`` holds (until :meth:`pop`)."""
        self.stack.append((node, el))

    def pop(self, node: nodes.Node) -> None:
        """Stop filling the element ``node`` pushed (nothing if it pushed none)."""
        if len(self.stack) > 1 and self.stack[-1][0] is node:
            self.stack.pop()

    # ------------------------------------------------------------ diagnostics

    def warn(self, node: nodes.Node, message: str) -> None:
        """Warn once per message and source line, at ``node``'s source line."""
        source, line = location(node)
        key = (message, source, line)
        if key in self._warned:
            return
        self._warned.add(key)
        where = f"{source}:{line}" if source and line else (source or str(self.builder.env.doc2path(self.docname)))
        logger.warning("rfcxml: %s", message, location=where, type="protomodel", subtype="rfcxml")

    def note_origin(self, el: etree._Element, node: nodes.Node) -> None:
        """Remember the source line of ``el`` (for xml2rfc's messages)."""
        source, line = location(node)
        if source and line:
            self.origins[el] = (source, line)

    def note_too_wide(self, node: nodes.Node) -> None:
        """Remember that ``node``'s width was warned about (idtext drops xml2rfc's repeat)."""
        source, line = location(node)
        if source and line:
            self.width_warned.add((source, line))

    def check_width(self, node: nodes.Node, text: str, what: str) -> None:
        """Warn if ``text`` has lines wider than the draft has room for here."""
        width = self.nest_width()
        widest = max((cell_width(line) for line in text.expandtabs().splitlines()), default=0)
        if widest > width:
            self.warn(node, f"{what} is {widest} columns wide; an Internet-Draft has {width} here")
            self.note_too_wide(node)

    def nest_width(self) -> int:
        """Columns left for art at this depth (xml2rfc indents nested blocks)."""
        extra = sum(_NEST_INDENT.get(str(el.tag), 0) for _, el in self.stack)
        return max(20, self.draft.art_width - extra)

    # ------------------------------------------------------------ blocks

    def section_for_blocks(self, el: etree._Element) -> etree._Element:
        """Where a block goes in ``el`` (middle or a section) to keep the order valid.

        The vocabulary puts a section's text before its subsections.  Text that
        follows a subsection (a toctree in mid-page, the root document's text
        after its toctree) goes to the end of the last subsection, which is
        where a reader of the draft meets it.
        """
        if el.tag == "middle":
            sections = el.findall("section")
            if not sections:
                intro = etree.SubElement(el, "section")
                append_text(etree.SubElement(intro, "name"), self.draft.intro_title)
                intro.set("anchor", self.anchors.fresh(self.draft.root_doc, "introduction"))
                return intro
            el = sections[-1]
        while len(el) and el[-1].tag == "section":
            el = el[-1]
        return el

    def block_parent(self, tag: str) -> etree._Element | None:
        """The element a new ``tag`` block goes into, or None if nothing may hold it."""
        for _, candidate in reversed(self.stack):
            if candidate.tag in CELLS:
                return None  # cells take inline content only
            if candidate.tag in CONTAINERS:
                if candidate.tag in ("middle", "section"):
                    candidate = self.section_for_blocks(candidate)
                return candidate if allows(candidate.tag, tag) else None
        return None

    def in_cell(self) -> etree._Element | None:
        """The table cell being filled, if any (nothing but inline content there)."""
        for _, el in reversed(self.stack):
            if el.tag in CELLS:
                return el
            if el.tag in CONTAINERS:
                return None
        return None

    def cell_break(self, blank: bool = True) -> None:
        """Separate a new block's text from what a cell already holds."""
        cell = self.in_cell()
        if cell is not None and (len(cell) or (cell.text or "").strip()):
            etree.SubElement(cell, "br")
            if blank:
                etree.SubElement(cell, "br")

    def new_block(self, tag: str, node: nodes.Node, **attrs: str) -> etree._Element | None:
        """A new ``tag`` block for ``node`` where the context allows one, or None.

        A figure in a table cell is made anyway and deferred: it follows the table.
        """
        parent = self.block_parent(tag)
        if parent is None:
            if tag != "figure" or self.in_cell() is None:
                return None
            self.warn(node, "a figure cannot stand in a table cell in an Internet-Draft; it follows the table")
            el = etree.Element(tag)
            self.deferred.append(el)
        else:
            el = etree.SubElement(parent, tag)
        for key, value in attrs.items():
            el.set(key, value)
        self.note_origin(el, node)
        self.take_ids(el, node)
        return el

    # ------------------------------------------------------------ anchors

    def keys(self, node: nodes.Node) -> list[Key]:
        """The ``(docname, id)`` keys of ``node``'s ids."""
        return [(self.docname, i) for i in node_ids(node)]

    def take_ids(self, el: etree._Element, node: nodes.Node) -> None:
        """Anchor ``el`` if an id of ``node`` (or one waiting) is referenced."""
        if el.tag not in ANCHORABLE:
            return
        keys = [k for k in self.keys(node) if k in self._referenced] + self.pending_ids
        if keys:
            self.anchors.attach(el, keys)
            self.pending_ids = []

    def hold_ids(self, node: nodes.Node) -> None:
        """Ids of a node that makes no element: they go to the next block."""
        for node_id in node_ids(node):
            key = (self.docname, node_id)
            if key in self._referenced and key not in self.anchors.by_key:
                self.pending_ids.append(key)

    def hold_inline_ids(self, node: nodes.Node) -> None:
        """Ids inside a paragraph anchor the paragraph (the vocabulary has no inline anchor)."""
        keys = [k for k in self.keys(node) if k in self._referenced]
        if not keys:
            return
        for _, el in reversed(self.stack):
            if el.tag in ANCHORABLE:
                self.anchors.attach(el, keys)
                return
        self.hold_ids(node)

    # ------------------------------------------------------------ inline

    def inline_parent(self) -> etree._Element:
        """The element inline content goes into; a ``<t>`` is opened if need be."""
        el = self.top
        if el.tag in CONTAINERS:
            parent = self.section_for_blocks(el) if el.tag in ("middle", "section") else el
            last = parent[-1] if len(parent) else None
            if last is not None and last.tag == "t" and last.get(IMPLICIT):
                return last
            return etree.SubElement(parent, "t", {IMPLICIT: "1"})
        return el

    def open_inline(self, node: nodes.Node, tag: str, **attrs: str) -> etree._Element | None:
        """Push a new inline ``tag`` element, or the parent again where the vocabulary has no room."""
        parent = self.inline_parent()
        if allows(parent.tag, tag):
            el = etree.SubElement(parent, tag)
            for key, value in attrs.items():
                el.set(key, value)
            self.push(node, el)
            return el
        self.push(node, parent)  # transparent: the vocabulary has no room for it here
        return None

    def text(self, text: str) -> None:
        """Append ``text`` as inline content."""
        append_text(self.inline_parent(), text)


__all__ = ["ANCHORABLE", "CONTAINERS", "Citation", "DraftContext", "TranslatorBase", "location", "node_ids"]
