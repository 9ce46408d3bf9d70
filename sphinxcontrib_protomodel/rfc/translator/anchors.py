"""Anchors and internal references: the pre-pass over the doctree and the resolution at the end.

A draft is one XML file made of many Sphinx documents, so an id is only
unique together with its document name: ``(docname, id)`` is the key every
reference and every anchor is filed under.  Before the translator writes
anything, :func:`scan_references` learns which keys are referenced (only
those get an anchor) and which anchors citations take (their labels, so that
``[RFC4101]`` stays ``RFC4101``).  Each ``<xref>`` is written with a
placeholder target and resolved by :func:`resolve_xrefs` once every anchor
is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docutils import nodes
from lxml import etree
from sphinx import addnodes

from ..references import parse_rfc_uri, rfc_anchor
from ..vocabulary import anchor_name

#: ``(docname, id)``: where an id lives in the draft.
Key = tuple[str, str]


class Anchors:
    """Document-wide unique anchors for the ids of every inlined document."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.by_key: dict[Key, str] = {}

    def reserve(self, anchor: str) -> None:
        """Keep ``anchor`` from being handed out by :meth:`fresh`."""
        self.used.add(anchor)

    def fresh(self, docname: str, node_id: str) -> str:
        """A new anchor for ``node_id`` of ``docname``, unused so far (and now used)."""
        name = anchor_name(node_id)
        if name in self.used:
            name = anchor_name(f"{docname}-{node_id}")
        base, n = name, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name

    def attach(self, el: etree._Element, keys: list[Key]) -> str:
        """Give ``el`` an anchor (if it has none) that every ``(docname, id)`` resolves to."""
        anchor = el.get("anchor")
        if anchor is None:
            docname, node_id = keys[0] if keys else ("", str(el.tag))
            anchor = self.fresh(docname, node_id or str(el.tag))
            el.set("anchor", anchor)
        for key in keys:
            self.by_key.setdefault(key, anchor)
        return anchor


@dataclass
class PendingXref:
    """An ``<xref>`` written before its target's anchor was known."""

    element: etree._Element
    key: Key
    node: nodes.Element


@dataclass
class ReferenceScan:
    """What the pre-pass learnt about a draft's doctree."""

    #: keys some internal reference points to
    referenced: set[Key] = field(default_factory=set)
    #: key of every citation -> the anchor its ``<reference>`` takes
    citation_keys: dict[Key, str] = field(default_factory=dict)


def walk_with_docname(tree: nodes.Node, root_doc: str) -> Iterator[tuple[str, nodes.Node]]:
    """Every node of ``tree`` (document order) with the name of the document it came from."""

    def walk(node: nodes.Node, docname: str) -> Iterator[tuple[str, nodes.Node]]:
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
        yield docname, node
        for child in node.children:
            yield from walk(child, docname)

    yield from walk(tree, root_doc)


def target_key(node: nodes.Element, docname: str) -> Key | None:
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


def scan_references(document: nodes.document, root_doc: str, anchors: Anchors) -> ReferenceScan:
    """Learn which ids are referenced and which anchors citations take.

    The anchors of cited RFCs and of citations are reserved in ``anchors``,
    and each citation's keys resolve to its anchor from the start.
    """
    scan = ReferenceScan()
    for docname, node in walk_with_docname(document, root_doc):
        if isinstance(node, nodes.reference):
            key = target_key(node, docname)
            if key is not None:
                scan.referenced.add(key)
            number = parse_rfc_uri(node.get("refuri", "")) if "rfc" in node.get("classes", []) else None
            if number is not None:
                anchors.reserve(rfc_anchor(number[0]))
        elif isinstance(node, nodes.citation) and node["ids"]:
            label = node.next_node(nodes.label)
            anchor = anchor_name(label.astext() if label is not None else node["ids"][0])
            for node_id in node["ids"]:
                scan.citation_keys[(docname, node_id)] = anchor
    for anchor in set(scan.citation_keys.values()):
        anchors.reserve(anchor)
    for key, anchor in scan.citation_keys.items():
        anchors.by_key[key] = anchor
    return scan


def resolve_xrefs(pending: list[PendingXref], anchors: Anchors) -> list[PendingXref]:
    """Point each pending ``<xref>`` at its anchor; return those whose target is not in the draft."""
    missing = []
    for xref in pending:
        anchor = anchors.by_key.get(xref.key)
        if anchor is None:
            missing.append(xref)
        else:
            xref.element.set("target", anchor)
    return missing


__all__ = [
    "Anchors",
    "Key",
    "PendingXref",
    "ReferenceScan",
    "resolve_xrefs",
    "scan_references",
    "target_key",
    "walk_with_docname",
]
