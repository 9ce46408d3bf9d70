"""Visit methods for blocks: sections, paragraphs, lists, literal text, asides, tables, raw XML."""

from __future__ import annotations

from docutils import nodes
from lxml import etree
from sphinx import addnodes
from sphinx.locale import admonitionlabels

from ..postprocess import complete_table, merge_label
from ..vocabulary import CELLS, allows, append_text, clean_text
from .base import TranslatorBase

_ENUM_TYPES = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i", "upperroman": "I"}
#: Literal-block languages that name no format.
_NO_TYPE = frozenset({"", "default", "none", "text", "guess", "rest", "restructuredtext"})


class BlockVisitors(TranslatorBase):
    """Sections and the blocks they hold."""

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
        anchor = self.anchors.attach(section, self.keys(node) or [(self.docname, "section")])
        if self._doc_start is not None:
            self.anchors.by_key.setdefault((self._doc_start, ""), anchor)
            self._doc_start = None
        for key in self.pending_ids:
            self.anchors.by_key.setdefault(key, anchor)
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

    def visit_paragraph(self, node: nodes.TextElement) -> None:
        t = self.new_block("t", node)
        if t is None:  # a table cell: its text joins the cell's
            if not self._cell_item_start:
                self.cell_break()
            self._cell_item_start = False
            self.push(node, self.inline_parent())
            return
        self.push(node, t)

    def depart_paragraph(self, node: nodes.TextElement) -> None:
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

    def visit_literal_block(self, node: nodes.FixedTextElement) -> None:
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
        self.check_width(node, text, "literal block")
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

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
        if wrapper.tag in ("aside", "blockquote"):
            merge_label(wrapper)

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
        if table.tag == "table":
            complete_table(table)

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
        group = self.top.getparent()
        in_head = group is not None and group.tag == "thead"
        cell = etree.SubElement(self.top, "th" if in_head else "td")
        if node.get("morecols"):
            cell.set("colspan", str(node["morecols"] + 1))
        if node.get("morerows"):
            cell.set("rowspan", str(node["morerows"] + 1))
        self.push(node, cell)

    depart_entry = depart_thead

    # ------------------------------------------------------------ raw XML

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
            parent = self.section_for_blocks(parent)
        children = list(wrapper)
        refused = [c.tag for c in children if not allows(parent.tag, c.tag)]
        if refused:
            self.warn(node, f"raw rfcxml <{refused[0]!s}> is not allowed inside <{parent.tag!s}>, left out")
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


__all__ = ["BlockVisitors"]
