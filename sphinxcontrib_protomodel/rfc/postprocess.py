"""The last steps of writing a draft, on the XML alone (lxml, no docutils).

The translator fills the ``<rfc>`` element node by node; what is left to do
once the whole doctree is walked (or once a container is closed) needs only
the XML: the references section, the helper marks to drop, the elements the
vocabulary wants non-empty, an admonition's label merged into its first
paragraph, a dangling ``<xref>`` replaced by its text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from lxml import etree

from .references import RefData, reference_element

#: Attribute that marks a ``<t>`` the translator opened itself for loose inline content.
IMPLICIT = "_implicit"


def drop_marks(root: etree._Element) -> None:
    """Remove the translator's helper attributes (:data:`IMPLICIT`) from ``root``'s tree."""
    for el in root.iter():
        if isinstance(el.tag, str) and IMPLICIT in el.attrib:
            del el.attrib[IMPLICIT]


def fill_empty(root: etree._Element) -> None:
    """Containers the vocabulary wants non-empty get an empty paragraph.

    Also: a ``<dt>`` without its ``<dd>`` gets an empty one, and a
    ``<section>`` without a ``<name>`` is named "Untitled".
    """
    for el in list(root.iter("li", "dd", "blockquote", "aside", "abstract")):
        if not len(el) and not (el.text or "").strip():
            etree.SubElement(el, "t")
    for dl in list(root.iter("dl")):
        for dt in [c for c in dl if c.tag == "dt"]:
            after = dt.getnext()
            if after is None or after.tag != "dd":
                dd = etree.Element("dd")
                etree.SubElement(dd, "t")
                dt.addnext(dd)
    for el in list(root.iter("section")):
        if el.find("name") is None:
            name = etree.Element("name")
            name.text = "Untitled"
            el.insert(0, name)


def complete_table(table: etree._Element) -> None:
    """Give ``table`` the ``<tbody>`` the vocabulary requires.

    A table of header rows only has its ``<thead>`` turned into the body; an
    empty table gets one empty cell.
    """
    if table.find("tbody") is not None:
        return
    head = table.find("thead")
    if head is not None:
        head.tag = "tbody"
    else:
        etree.SubElement(etree.SubElement(table, "tbody"), "tr").append(etree.Element("td"))


def merge_label(wrapper: etree._Element) -> None:
    """``<t><strong>Note:</strong></t><t>text</t>`` -> ``<t><strong>Note:</strong> text</t>``.

    ``wrapper`` (an ``<aside>`` or ``<blockquote>``) is left as it is unless
    its first child is such a bare label and its second an unanchored ``<t>``.
    """
    if len(wrapper) < 2:
        return
    label, first = wrapper[0], wrapper[1]
    if label.tag != "t" or first.tag != "t" or len(label) != 1 or label[0].tag != "strong":
        return
    if (label.text or "").strip() or (label[0].tail or "").strip() or first.get("anchor"):
        return
    label[0].tail = " " + (first.text or "")
    for child in list(first):
        label.append(child)
    wrapper.remove(first)


def unwrap(el: etree._Element) -> None:
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


def write_references(root: etree._Element, cited: Mapping[str, RefData], normative: Collection[str]) -> None:
    """Add ``<back><references>`` for the ``cited`` documents (anchor -> data) to ``root``.

    One group when every citation is normative (or none is), otherwise
    "References" holding "Normative References" and "Informative References",
    each sorted by anchor.  Nothing is written when nothing is cited.
    """
    if not cited:
        return
    back = root.find("back")
    if back is None:
        back = etree.SubElement(root, "back")
    in_normative = sorted(a for a in cited if a in normative)
    informative = sorted(a for a in cited if a not in normative)
    groups = [(t, a) for t, a in (("Normative References", in_normative), ("Informative References", informative)) if a]
    outer = etree.SubElement(back, "references")
    if len(groups) == 1:
        title, anchors = groups[0]
        etree.SubElement(outer, "name").text = title
        for anchor in anchors:
            outer.append(reference_element(anchor, cited[anchor]))
        return
    etree.SubElement(outer, "name").text = "References"
    for title, anchors in groups:
        inner = etree.SubElement(outer, "references")
        etree.SubElement(inner, "name").text = title
        for anchor in anchors:
            inner.append(reference_element(anchor, cited[anchor]))


__all__ = ["IMPLICIT", "complete_table", "drop_marks", "fill_empty", "merge_label", "unwrap", "write_references"]
