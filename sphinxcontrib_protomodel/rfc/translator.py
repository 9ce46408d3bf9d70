"""doctree -> xml2rfc v3 XML (RFC 7991), as a Sphinx translator.

The builder hands over one doctree per draft, every document of the draft
inlined in toctree order.  The translator keeps a stack of the XML elements
it is filling, asks :mod:`.vocabulary` before nesting anything, and falls
back to the nearest readable form (with a warning at the source line) where
the vocabulary has no equivalent, so that what it writes is always valid.

Mapping, in short: sections -> ``<section>`` (xml2rfc numbers them);
paragraphs -> ``<t>``; lists -> ``<ul>/<ol>/<dl>``; tables -> ``<table>``;
literal blocks -> ``<sourcecode>``; admonitions and topics -> ``<aside>``;
emphasis/strong/literal -> ``<em>/<strong>/<tt>``; internal references ->
``<xref>``; links -> ``<eref>``; ``:rfc:`` and citations -> ``<xref>`` to a
generated ``<references>`` section; diagrams -> ``<figure>`` with an
``<artset>`` (RFC-profile SVG and the ASCII art of the text output).

The root document's title is the draft's title (front matter); its own
text becomes the first section ("Introduction").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from lxml import etree
from sphinx import addnodes
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from ..model import RenderOptions
from ..rendering.ascii.canvas import cell_width
from ..sphinx_ext.nodes import protomodel_diagram
from .artset import ART_WIDTH, build_artset, rfc_options
from .references import RefData, parse_rfc_uri, reference_element, rfc_anchor, rfc_data
from .vocabulary import BLOCK_CHILDREN, BLOCKS, CELLS, allows, anchor_name, append_text, clean_text

logger = logging.getLogger(__name__)

#: Elements that can carry an ``anchor`` attribute.
ANCHORABLE = BLOCKS | {"section", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody"}
_CONTAINERS = frozenset(BLOCK_CHILDREN) | {"middle"}
_ENUM_TYPES = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i", "upperroman": "I"}
_NUMREF_TEXT = re.compile(r"^(Figure|Fig\.|Table|Listing|Section)\s+[\dA-Za-z.]+$")
_NUMBERED_TEXT = re.compile(r"^(Figure|Table)\s+\d+\b")
#: Literal-block languages that name no format.
_NO_TYPE = frozenset({"", "default", "none", "text", "guess", "rest", "restructuredtext"})
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


class Anchors:
    """Document-wide unique anchors for the ids of every inlined document."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.by_key: dict[tuple[str, str], str] = {}

    def reserve(self, anchor: str) -> None:
        self.used.add(anchor)

    def fresh(self, docname: str, node_id: str) -> str:
        name = anchor_name(node_id)
        if name in self.used:
            name = anchor_name(f"{docname}-{node_id}")
        base, n = name, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name

    def attach(self, el: etree._Element, keys: list[tuple[str, str]]) -> str:
        """Give ``el`` an anchor (if it has none) that every ``(docname, id)`` resolves to."""
        anchor = el.get("anchor")
        if anchor is None:
            docname, node_id = keys[0] if keys else ("", el.tag)
            anchor = self.fresh(docname, node_id or el.tag)
            el.set("anchor", anchor)
        for key in keys:
            self.by_key.setdefault(key, anchor)
        return anchor


@dataclass
class _PendingXref:
    element: etree._Element
    key: tuple[str, str]
    node: nodes.Node


class RFCXMLTranslator(SphinxTranslator):
    """Builds ``self.root`` (an lxml ``<rfc>`` element) from one draft's doctree."""

    def __init__(self, document: nodes.document, builder: Any) -> None:
        super().__init__(document, builder)
        self.draft: DraftContext = builder.current_draft
        self.root = self.draft.rfc_element
        self.middle = etree.SubElement(self.root, "middle")
        #: (node, element) pairs; a transparent node pushes its parent's element again.
        self.stack: list[tuple[nodes.Node | None, etree._Element]] = [(None, self.middle)]
        self.docnames: list[str] = [self.draft.root_doc]
        self.anchors = Anchors()
        self.pending: list[_PendingXref] = []
        self.pending_ids: list[tuple[str, str]] = []
        #: anchor -> (data, first citing node) of every cited document
        self.cited: dict[str, tuple[RefData, nodes.Node]] = {}
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
        self._referenced: set[tuple[str, str]] = set()
        self._citation_keys: dict[tuple[str, str], str] = {}
        self._scan(document)

    # ------------------------------------------------------------ pre-scan

    def _scan(self, document: nodes.document) -> None:
        """Learn which ids are referenced and which anchors citations take."""
        for docname, node in self._walk_with_docname(document):
            if isinstance(node, nodes.reference):
                key = self._target_key(node, docname)
                if key is not None:
                    self._referenced.add(key)
                number = parse_rfc_uri(node.get("refuri", "")) if "rfc" in node.get("classes", []) else None
                if number is not None:
                    self.anchors.reserve(rfc_anchor(number[0]))
            elif isinstance(node, nodes.citation) and node["ids"]:
                label = node.next_node(nodes.label)
                anchor = anchor_name(label.astext() if label is not None else node["ids"][0])
                for node_id in node["ids"]:
                    self._citation_keys[(docname, node_id)] = anchor
        for anchor in set(self._citation_keys.values()):
            self.anchors.reserve(anchor)
        for key, anchor in self._citation_keys.items():
            self.anchors.by_key[key] = anchor

    def _walk_with_docname(self, tree: nodes.Node) -> Iterator[tuple[str, nodes.Node]]:
        def walk(node: nodes.Node, docname: str) -> Iterator[tuple[str, nodes.Node]]:
            if isinstance(node, addnodes.start_of_file):
                docname = node["docname"]
            yield docname, node
            for child in node.children:
                yield from walk(child, docname)

        yield from walk(tree, self.draft.root_doc)

    @staticmethod
    def _target_key(node: nodes.reference, docname: str) -> tuple[str, str] | None:
        """``(docname, id)`` an internal reference points to, or None for a link out."""
        if node.get("refid"):
            return docname, node["refid"]
        uri = node.get("refuri", "")
        if uri.startswith("%"):
            doc, _, node_id = uri[1:].partition("#")
            return doc, node_id
        if uri.startswith("#") and len(uri) > 1:
            return docname, uri[1:]
        return None

    # ------------------------------------------------------------ helpers

    @property
    def top(self) -> etree._Element:
        return self.stack[-1][1]

    @property
    def docname(self) -> str:
        return self.docnames[-1]

    def push(self, node: nodes.Node, el: etree._Element) -> None:
        self.stack.append((node, el))

    def pop(self, node: nodes.Node) -> None:
        if len(self.stack) > 1 and self.stack[-1][0] is node:
            self.stack.pop()

    def warn(self, node: nodes.Node, message: str) -> None:
        source, line = _location(node)
        key = (message, source, line)
        if key in self._warned:
            return
        self._warned.add(key)
        where = f"{source}:{line}" if source and line else (source or str(self.builder.env.doc2path(self.docname)))
        logger.warning("rfcxml: %s", message, location=where, type="protomodel", subtype="rfcxml")

    def note_origin(self, el: etree._Element, node: nodes.Node) -> None:
        source, line = _location(node)
        if source and line:
            self.origins[el] = (source, line)

    def _section_for_blocks(self, el: etree._Element) -> etree._Element:
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
            if candidate.tag in _CONTAINERS:
                if candidate.tag in ("middle", "section"):
                    candidate = self._section_for_blocks(candidate)
                return candidate if allows(candidate.tag, tag) else None
        return None

    def in_cell(self) -> etree._Element | None:
        """The table cell being filled, if any (nothing but inline content there)."""
        for _, el in reversed(self.stack):
            if el.tag in CELLS:
                return el
            if el.tag in _CONTAINERS:
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

    def keys(self, node: nodes.Node) -> list[tuple[str, str]]:
        ids = node.get("ids", []) if isinstance(node, nodes.Element) else []
        return [(self.docname, i) for i in ids]

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
        for node_id in node.get("ids", []):
            key = (self.docname, node_id)
            if key in self._referenced and key not in self.anchors.by_key:
                self.pending_ids.append(key)

    def inline_parent(self) -> etree._Element:
        """The element inline content goes into; a ``<t>`` is opened if need be."""
        el = self.top
        if el.tag in _CONTAINERS:
            parent = self._section_for_blocks(el) if el.tag in ("middle", "section") else el
            last = parent[-1] if len(parent) else None
            if last is not None and last.tag == "t" and last.get("_implicit"):
                return last
            t = etree.SubElement(parent, "t", _implicit="1")
            return t
        return el

    def open_inline(self, node: nodes.Node, tag: str, **attrs: str) -> etree._Element | None:
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
        append_text(self.inline_parent(), text)

    def nest_width(self) -> int:
        """Columns left for art at this depth (xml2rfc indents nested blocks)."""
        extra = sum(_NEST_INDENT.get(el.tag, 0) for _, el in self.stack)
        return max(20, self.draft.art_width - extra)

    # ------------------------------------------------------------ document

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        self.finish()

    def finish(self) -> None:
        """Resolve references, add the references section, drop helper marks."""
        if not self.middle.findall("section"):
            self._section_for_blocks(self.middle)
        for pending in self.pending:
            anchor = self.anchors.by_key.get(pending.key)
            if anchor is None:
                self.warn(pending.node, f"the target of the reference {pending.node.astext()!r} is not in this draft")
                _unwrap(pending.element)
            else:
                pending.element.set("target", anchor)
        self._write_references()
        for el in self.root.iter():
            if isinstance(el.tag, str) and "_implicit" in el.attrib:
                del el.attrib["_implicit"]
        self._fill_empty()

    def _fill_empty(self) -> None:
        """Containers the vocabulary wants non-empty get an empty paragraph."""
        for el in list(self.root.iter("li", "dd", "blockquote", "aside", "abstract")):
            if not len(el) and not (el.text or "").strip():
                etree.SubElement(el, "t")
        for dl in list(self.root.iter("dl")):
            for dt in [c for c in dl if c.tag == "dt"]:
                after = dt.getnext()
                if after is None or after.tag != "dd":
                    dd = etree.Element("dd")
                    etree.SubElement(dd, "t")
                    dt.addnext(dd)
        for el in list(self.root.iter("section")):
            if el.find("name") is None:
                name = etree.Element("name")
                name.text = "Untitled"
                el.insert(0, name)

    def _write_references(self) -> None:
        if not self.cited:
            return
        back = self.root.find("back")
        if back is None:
            back = etree.SubElement(self.root, "back")
        normative = sorted(a for a in self.cited if a in self.draft.normative)
        informative = sorted(a for a in self.cited if a not in self.draft.normative)
        groups = [
            (t, a) for t, a in (("Normative References", normative), ("Informative References", informative)) if a
        ]
        outer = etree.SubElement(back, "references")
        if len(groups) == 1:
            title, anchors = groups[0]
            etree.SubElement(outer, "name").text = title
            for anchor in anchors:
                outer.append(reference_element(anchor, self.cited[anchor][0]))
            return
        etree.SubElement(outer, "name").text = "References"
        for title, anchors in groups:
            inner = etree.SubElement(outer, "references")
            etree.SubElement(inner, "name").text = title
            for anchor in anchors:
                inner.append(reference_element(anchor, self.cited[anchor][0]))

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.append(node["docname"])
        self._doc_start = node["docname"]

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.pop()

    # ------------------------------------------------------------ sections

    def visit_section(self, node: nodes.section) -> None:
        if self._title_section is None and isinstance(node.parent, nodes.document):
            # The root document's title section is the draft itself.
            self._title_section = node
            self.hold_ids(node)
            return
        parent = self.top
        if parent.tag not in ("middle", "section"):
            parent = next(el for _, el in reversed(self.stack) if el.tag in ("middle", "section"))
        section = etree.SubElement(parent, "section")
        self.note_origin(section, node)
        self.anchors.attach(section, self.keys(node) or [(self.docname, "section")])
        if self._doc_start is not None:
            self.anchors.by_key.setdefault((self._doc_start, ""), section.get("anchor"))
            self._doc_start = None
        for key in self.pending_ids:
            self.anchors.by_key.setdefault(key, section.get("anchor"))
        self.pending_ids = []
        self.push(node, section)

    def depart_section(self, node: nodes.section) -> None:
        self.pop(node)

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.section):
            if parent is self._title_section:
                raise nodes.SkipNode
            name = etree.Element("name")
            section = self.top
            section.insert(0, name)
            self.push(node, name)
            return
        if isinstance(parent, nodes.table):
            table = self.top
            if table.tag == "table":
                name = etree.Element("name")
                table.insert(0, name)
                self.push(node, name)
                return
        # topic, sidebar, admonition or unknown container titles: a bold paragraph
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        strong = etree.SubElement(t, "strong")
        self.push(node, strong)

    def depart_title(self, node: nodes.title) -> None:
        self.pop(node)

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        self.visit_rubric(node)

    def depart_subtitle(self, node: nodes.subtitle) -> None:
        self.pop(node)

    def visit_rubric(self, node: nodes.Element) -> None:
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        self.take_ids(t, node)
        self.push(node, etree.SubElement(t, "strong"))

    def depart_rubric(self, node: nodes.Element) -> None:
        self.pop(node)

    # ------------------------------------------------------------ paragraphs

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        t = self.new_block("t", node)
        if t is None:  # a table cell: its text joins the cell's
            if not self._cell_item_start:
                self.cell_break()
            self._cell_item_start = False
            self.push(node, self.inline_parent())
            return
        self.push(node, t)

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.pop(node)

    visit_compact_paragraph = visit_paragraph
    depart_compact_paragraph = depart_paragraph

    def visit_line_block(self, node: nodes.line_block) -> None:
        if isinstance(node.parent, nodes.line_block):
            return  # nested blocks join their parent's paragraph
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        self.push(node, t)

    def depart_line_block(self, node: nodes.line_block) -> None:
        self.pop(node)

    def visit_line(self, node: nodes.line) -> None:
        el = self.top
        if el.tag == "t" and (len(el) or (el.text or "")):
            etree.SubElement(el, "br")

    def depart_line(self, node: nodes.line) -> None:
        pass

    def visit_transition(self, node: nodes.transition) -> None:
        raise nodes.SkipNode

    # ------------------------------------------------------------ lists

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self._list(node, "ul")

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        attrs = {"type": _ENUM_TYPES.get(node.get("enumtype", "arabic"), "1")}
        if node.get("start", 1) != 1:
            attrs["start"] = str(node["start"])
        self._list(node, "ol", **attrs)

    def _list(self, node: nodes.Element, tag: str, **attrs: str) -> None:
        el = self.new_block(tag, node, **attrs)
        if el is None:
            self.push(node, self.top)
            return
        self.push(node, el)

    def depart_bullet_list(self, node: nodes.Element) -> None:
        self.pop(node)

    depart_enumerated_list = depart_bullet_list

    def visit_list_item(self, node: nodes.list_item) -> None:
        parent = self.top
        if parent.tag not in ("ul", "ol"):
            if self.in_cell() is not None:  # "* item" lines in a table cell
                self.cell_break(blank=False)
                append_text(self.inline_parent(), "* ")
                self._cell_item_start = True
            self.push(node, parent)
            return
        li = etree.SubElement(parent, "li")
        self.note_origin(li, node)
        self.take_ids(li, node)
        self.push(node, li)

    def depart_list_item(self, node: nodes.list_item) -> None:
        self.pop(node)

    def visit_definition_list(self, node: nodes.Element) -> None:
        self._list(node, "dl")

    depart_definition_list = depart_bullet_list
    visit_field_list = visit_definition_list
    depart_field_list = depart_bullet_list
    visit_option_list = visit_definition_list
    depart_option_list = depart_bullet_list

    def visit_definition_list_item(self, node: nodes.Element) -> None:
        self.hold_ids(node)

    def depart_definition_list_item(self, node: nodes.Element) -> None:
        pass

    visit_field = visit_definition_list_item
    depart_field = depart_definition_list_item
    visit_option_list_item = visit_definition_list_item
    depart_option_list_item = depart_definition_list_item

    def _dt(self, node: nodes.Element) -> None:
        parent = self.top
        if parent.tag != "dl":
            t = self.new_block("t", node)
            self.push(node, etree.SubElement(t, "strong") if t is not None else self.top)
            return
        if len(parent) and parent[-1].tag == "dt":  # a second term (signature): same <dt>
            dt = parent[-1]
            etree.SubElement(dt, "br")
            self.push(node, dt)
            return
        dt = etree.SubElement(parent, "dt")
        self.note_origin(dt, node)
        self.take_ids(dt, node)
        self.push(node, dt)

    def _dd(self, node: nodes.Element) -> None:
        parent = self.top
        if parent.tag != "dl":
            self.push(node, parent)
            return
        if not len(parent) or parent[-1].tag != "dt":
            etree.SubElement(parent, "dt")
        dd = etree.SubElement(parent, "dd")
        self.note_origin(dd, node)
        self.push(node, dd)

    def _close(self, node: nodes.Element) -> None:
        self.pop(node)

    visit_term = _dt
    depart_term = _close
    visit_field_name = _dt
    depart_field_name = _close
    visit_definition = _dd
    depart_definition = _close
    visit_field_body = _dd
    depart_field_body = _close
    visit_description = _dd
    depart_description = _close

    def visit_classifier(self, node: nodes.classifier) -> None:
        parent = self.top
        if parent.tag == "dl" and len(parent) and parent[-1].tag == "dt":
            dt = parent[-1]
            append_text(dt, " : ")
            self.push(node, dt)
        else:
            self.push(node, self.inline_parent())

    depart_classifier = _close

    def visit_option_group(self, node: nodes.option_group) -> None:
        self._dt(node)
        el = self.top
        el = etree.SubElement(el, "tt") if allows(el.tag, "tt") else el
        append_text(el, node.astext())
        self.pop(node)
        raise nodes.SkipNode

    # ------------------------------------------------------------ literal text

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        text = node.astext()
        tag = "sourcecode" if self.block_parent("sourcecode") is not None else "artwork"
        language = str(node.get("language", "")).lower()
        attrs = {} if language in _NO_TYPE or tag == "artwork" else {"type": language}
        if tag == "artwork":
            attrs["type"] = "ascii-art"
        el = self.new_block(tag, node, **attrs)
        if el is None:  # a table cell: one <tt> line per line
            self.cell_break()
            parent = self.inline_parent()
            tt = etree.SubElement(parent, "tt") if allows(parent.tag, "tt") else parent
            for i, line in enumerate(text.splitlines()):
                if i:
                    etree.SubElement(tt, "br")
                append_text(tt, line)
            raise nodes.SkipNode
        el.text = "\n" + clean_text(text.expandtabs()) + "\n"
        self._check_width(node, text, "literal block")
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def _check_width(self, node: nodes.Node, text: str, what: str) -> None:
        width = self.nest_width()
        widest = max((cell_width(line) for line in text.expandtabs().splitlines()), default=0)
        if widest > width:
            self.warn(node, f"{what} is {widest} columns wide; an Internet-Draft has {width} here")
            source, line = _location(node)
            if source and line:
                self.width_warned.add((source, line))

    def visit_math_block(self, node: nodes.Element) -> None:
        self.warn(node, "math has no Internet-Draft form; shown as its LaTeX source")
        el = self.new_block("artwork", node, type="ascii-art")
        if el is not None:
            el.text = "\n" + clean_text(node.astext()) + "\n"
        raise nodes.SkipNode

    def visit_productionlist(self, node: nodes.Element) -> None:
        el = self.new_block("sourcecode", node) or self.new_block("artwork", node, type="ascii-art")
        if el is not None:
            lines = [p.astext() for p in node.findall(addnodes.production)]
            el.text = "\n" + clean_text("\n".join(lines) or node.astext()) + "\n"
        raise nodes.SkipNode

    # ------------------------------------------------------------ block containers

    def _wrapper(self, node: nodes.Element, label: str | None, preferred: tuple[str, ...]) -> None:
        """An aside (or the nearest the context allows) headed by a bold ``label``."""
        for tag in preferred:
            el = self.new_block(tag, node)
            if el is not None:
                self.push(node, el)
                break
        else:
            self.hold_ids(node)
            self.push(node, self.top)
        if label:
            t = self.new_block("t", node)
            if t is None and self.in_cell() is not None:
                self.cell_break()
                t = self.inline_parent()
            if t is not None:
                append_text(etree.SubElement(t, "strong"), label)
                if t.tag in CELLS:  # the first paragraph continues the label's line
                    append_text(t, " ")
                    self._cell_item_start = True

    def visit_admonition(self, node: nodes.Element) -> None:
        label = None
        if not isinstance(node.children[0] if node.children else None, nodes.title):
            label = admonitionlabels.get(node.tagname, node.tagname.capitalize()) + ":"
        self._wrapper(node, label, ("aside", "blockquote"))

    def depart_admonition(self, node: nodes.Element) -> None:
        wrapper = self.top
        self.pop(node)
        if wrapper.tag in ("aside", "blockquote") and len(wrapper) >= 2:
            _merge_label(wrapper)

    # Every specific admonition (note, warning, seealso...) derives from Admonition.
    visit_Admonition = visit_admonition  # noqa: N815 (dispatch is by class name)
    depart_Admonition = depart_admonition  # noqa: N815

    def visit_topic(self, node: nodes.Element) -> None:
        if "contents" in node.get("classes", []):
            raise nodes.SkipNode  # xml2rfc writes the table of contents
        self._wrapper(node, None, ("aside", "blockquote"))

    depart_topic = depart_admonition
    visit_sidebar = visit_topic
    depart_sidebar = depart_admonition

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        attribution = node.next_node(nodes.attribution)
        self._wrapper(node, None, ("blockquote",))
        if attribution is not None and self.top.tag == "blockquote":
            self.top.set("quotedFrom", clean_text(attribution.astext()))

    depart_block_quote = depart_admonition

    def visit_attribution(self, node: nodes.attribution) -> None:
        if self.top.tag == "blockquote":
            raise nodes.SkipNode
        t = self.new_block("t", node)
        if t is None:
            raise nodes.SkipNode
        append_text(t, "\N{EM DASH} ")
        self.push(node, t)

    depart_attribution = depart_admonition

    def visit_container(self, node: nodes.Element) -> None:
        self.hold_ids(node)

    def depart_container(self, node: nodes.Element) -> None:
        pass

    visit_compound = visit_container
    depart_compound = depart_container
    visit_glossary = visit_container
    depart_glossary = depart_container
    visit_hlist = visit_container
    depart_hlist = depart_container
    visit_hlistcol = visit_container
    depart_hlistcol = depart_container
    visit_versionmodified = visit_container
    depart_versionmodified = depart_container
    visit_centered = visit_paragraph
    depart_centered = depart_paragraph

    # ------------------------------------------------------------ tables

    def visit_table(self, node: nodes.table) -> None:
        el = self.new_block("table", node)
        if el is None:
            self.warn(node, "a table cannot stand here in an Internet-Draft; its rows are shown as lines of text")
            for row in node.findall(nodes.row):
                line = " | ".join(" ".join(e.astext().split()) for e in row.children)
                t = self.new_block("t", row)
                if t is None:  # a table in a table cell
                    self.cell_break(blank=False)
                    t = self.inline_parent()
                append_text(t, line)
            raise nodes.SkipNode
        self.push(node, el)

    def depart_table(self, node: nodes.table) -> None:
        table = self.top
        self.pop(node)
        if table.tag == "table" and self.in_cell() is None:
            for el in reversed(self.deferred):  # figures from its cells follow it
                table.addnext(el)
            self.deferred = []
        if table.tag == "table" and table.find("tbody") is None:
            head = table.find("thead")
            if head is not None:
                head.tag = "tbody"
            else:
                etree.SubElement(etree.SubElement(table, "tbody"), "tr").append(etree.Element("td"))

    def visit_tgroup(self, node: nodes.Element) -> None:
        pass

    def depart_tgroup(self, node: nodes.Element) -> None:
        pass

    def visit_colspec(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.Element) -> None:
        self.push(node, etree.SubElement(self.top, "thead"))

    def depart_thead(self, node: nodes.Element) -> None:
        self.pop(node)

    def visit_tbody(self, node: nodes.Element) -> None:
        self.push(node, etree.SubElement(self.top, "tbody"))

    depart_tbody = depart_thead

    def visit_row(self, node: nodes.Element) -> None:
        self.push(node, etree.SubElement(self.top, "tr"))

    depart_row = depart_thead

    def visit_entry(self, node: nodes.Element) -> None:
        in_head = self.top.getparent() is not None and self.top.getparent().tag == "thead"
        cell = etree.SubElement(self.top, "th" if in_head else "td")
        if node.get("morecols"):
            cell.set("colspan", str(node["morecols"] + 1))
        if node.get("morerows"):
            cell.set("rowspan", str(node["morerows"] + 1))
        self.push(node, cell)

    depart_entry = depart_thead

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
                source, line = _location(diagram)
                if source and line:
                    self.width_warned.add((source, line))
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
        from ..rendering.graphics.rfcsvg import to_rfc_svg

        if self.draft.srcdir is None or "://" in uri:
            return None
        path = Path(self.draft.srcdir, uri)
        try:
            svg = to_rfc_svg(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return etree.fromstring(svg.encode("utf-8"))

    def visit_image(self, node: nodes.image) -> None:
        if self.top.tag in _CONTAINERS:
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
            from .references import merge

            data = merge(data, overrides)
        self.cited.setdefault(anchor, (data, node))
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.Element) -> None:
        self._xref_to(node, (self.docname, node.get("refid", "")), keep_text=False)
        raise nodes.SkipNode

    # ------------------------------------------------------------ inline

    def visit_Text(self, node: nodes.Text) -> None:  # noqa: N802 (dispatch is by class name)
        self.text(node.astext())

    def depart_Text(self, node: nodes.Text) -> None:  # noqa: N802
        pass

    def _inline(tag: str):  # noqa: N805 (a factory used in the class body)
        def visit(self: RFCXMLTranslator, node: nodes.Element) -> None:
            self.open_inline(node, tag)

        def depart(self: RFCXMLTranslator, node: nodes.Element) -> None:
            self.pop(node)

        return visit, depart

    visit_emphasis, depart_emphasis = _inline("em")
    visit_strong, depart_strong = _inline("strong")
    visit_literal, depart_literal = _inline("tt")
    visit_subscript, depart_subscript = _inline("sub")
    visit_superscript, depart_superscript = _inline("sup")
    visit_title_reference, depart_title_reference = _inline("em")
    visit_literal_emphasis, depart_literal_emphasis = _inline("em")
    visit_literal_strong, depart_literal_strong = _inline("strong")
    del _inline

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

    def visit_target(self, node: nodes.target) -> None:
        if node.get("refuri") and not node.get("ids"):
            raise nodes.SkipNode
        if self.top.tag in _CONTAINERS:
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
        key = self._target_key(node, self.docname)
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

    def _xref_to(self, node: nodes.Element, key: tuple[str, str], keep_text: bool, numbered: bool = False) -> None:
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
        self.pending.append(_PendingXref(xref, key, node))

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
            self.cited[anchor] = (data, node)
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

    def visit_raw(self, node: nodes.raw) -> None:
        if "rfcxml" not in node.get("format", "").split():
            raise nodes.SkipNode
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            wrapper = etree.fromstring(f"<raw>{node.astext()}</raw>".encode(), parser)
        except etree.XMLSyntaxError as exc:
            self.warn(node, f"raw rfcxml is not well-formed XML, left out: {exc}")
            raise nodes.SkipNode from None
        parent = self.top
        if parent.tag in ("middle", "section"):
            parent = self._section_for_blocks(parent)
        children = list(wrapper)
        refused = [c.tag for c in children if not allows(parent.tag, c.tag)]
        if refused:
            self.warn(node, f"raw rfcxml <{refused[0]}> is not allowed inside <{parent.tag}>, left out")
            raise nodes.SkipNode
        append_text(parent, wrapper.text or "")
        for child in children:
            parent.append(child)
            self.note_origin(child, node)
        raise nodes.SkipNode

    # ------------------------------------------------------------ Sphinx object descriptions

    def visit_desc(self, node: nodes.Element) -> None:
        self._list(node, "dl")

    depart_desc = depart_bullet_list

    def visit_desc_signature(self, node: nodes.Element) -> None:
        self._dt(node)
        el = self.top
        target = etree.SubElement(el, "tt") if allows(el.tag, "tt") else el
        append_text(target, " ".join(node.astext().split()))
        self.pop(node)
        raise nodes.SkipNode

    visit_desc_content = _dd
    depart_desc_content = _close

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
        if isinstance(node, nodes.TextElement) and self.top.tag in _CONTAINERS:
            self.visit_paragraph(node)  # type: ignore[arg-type]
            return
        self.hold_ids(node)
        self.push(node, self.top)

    def unknown_departure(self, node: nodes.Node) -> None:
        self.pop(node)


def _location(node: nodes.Node) -> tuple[str | None, int | None]:
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


def _merge_label(wrapper: etree._Element) -> None:
    """``<t><strong>Note:</strong></t><t>text</t>`` -> ``<t><strong>Note:</strong> text</t>``."""
    label, first = wrapper[0], wrapper[1]
    if label.tag != "t" or first.tag != "t" or len(label) != 1 or label[0].tag != "strong":
        return
    if (label.text or "").strip() or (label[0].tail or "").strip() or first.get("anchor"):
        return
    label[0].tail = " " + (first.text or "")
    for child in list(first):
        label.append(child)
    wrapper.remove(first)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its text (a reference whose target is missing)."""
    parent = el.getparent()
    if parent is None:
        return
    text = "".join(el.itertext()) + (el.tail or "")
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)


__all__ = ["Anchors", "DraftContext", "RFCXMLTranslator"]
