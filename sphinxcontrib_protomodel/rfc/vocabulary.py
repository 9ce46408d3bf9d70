"""The parts of the xml2rfc v3 grammar (RFC 7991, xml2rfc's ``v3.rng``) we write.

The translator asks :func:`allows` before it puts a block into a container,
and falls back to the nearest readable form when the grammar says no, so that
no document can produce invalid XML.  The tables below are copied from the
grammar; :func:`validate` checks a whole tree against the real ``v3.rng``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

#: Block elements (the body of sections, list items, cells...).
BLOCKS = frozenset({"t", "ul", "ol", "dl", "figure", "table", "aside", "blockquote", "artset", "artwork", "sourcecode"})

#: Container -> block children the grammar allows in it.
BLOCK_CHILDREN: dict[str, frozenset[str]] = {
    "section": BLOCKS,
    "middle": frozenset(),
    "abstract": frozenset({"t", "ul", "ol", "dl"}),
    "aside": frozenset({"t", "ul", "ol", "dl", "figure", "table", "blockquote", "artset", "artwork"}),
    "blockquote": frozenset({"t", "ul", "ol", "dl", "figure", "artset", "artwork", "sourcecode"}),
    "li": frozenset({"t", "ul", "ol", "dl", "figure", "table", "blockquote", "artset", "artwork", "sourcecode"}),
    "dd": frozenset(
        {"t", "ul", "ol", "dl", "figure", "table", "aside", "blockquote", "artset", "artwork", "sourcecode"}
    ),
}
# Table cells may hold blocks by the grammar, but xml2rfc's text writer
# numbers paragraphs in cells twice and crashes on lists there: we fill
# cells with inline content only (see the translator).

#: Inline element -> inline children the grammar allows in it.
_PHRASE = frozenset({"em", "strong", "tt", "sub", "sup", "xref", "eref", "br"})
INLINE_CHILDREN: dict[str, frozenset[str]] = {
    "t": _PHRASE,
    "name": _PHRASE,
    "dt": _PHRASE,
    "tt": _PHRASE - {"tt"},
    "em": _PHRASE - {"em"},
    "strong": _PHRASE - {"strong"},
    "sub": _PHRASE - {"br"},
    "sup": _PHRASE - {"br"},
    "xref": frozenset({"em", "strong", "sub", "sup", "tt"}),
    "eref": frozenset(),
    "title": frozenset({"br"}),
    "td": _PHRASE,
    "th": _PHRASE,
}

#: Table cells: inline content only (see above).
CELLS = frozenset({"td", "th"})

#: Anchors xml2rfc derives for its own parts; ours must not look like them.
_RESERVED = re.compile(
    r"^(section|figure|table|appendix|name|iref|u|note|references?|authors?-addresses?|abstract|"
    r"status-of-memo|copyright|toc|index|rfc\.\w+)(-|$)",
    re.IGNORECASE,
)
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]+")
#: Characters XML 1.0 forbids, and the non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def allows(parent: object, child: object) -> bool:
    """Whether the grammar lets a ``parent`` element hold a ``child`` element.

    Both are tag names, or what lxml's ``el.tag`` gives (a comment's tag is
    a function): anything but a known tag name holds, and is held by, nothing.
    """
    if not isinstance(parent, str):
        return False
    if parent in BLOCK_CHILDREN:
        return child in BLOCK_CHILDREN[parent]
    if parent in INLINE_CHILDREN:
        return child in INLINE_CHILDREN[parent]
    return False


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control codes)."""
    return _BAD_CHARS.sub("\N{REPLACEMENT CHARACTER}", text)


def anchor_name(raw: str) -> str:
    """``raw`` made an XML ID (an NCName) that no xml2rfc-made anchor can equal."""
    name = _NOT_NCNAME.sub("-", raw).strip("-.") or "anchor"
    if not re.match(r"[A-Za-z_]", name):
        name = "a-" + name
    if _RESERVED.match(name):
        name = "x-" + name
    return name


def slug(text: str) -> str:
    """Lower-case words joined by ``-`` (for document names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def append_text(el: etree._Element, text: str) -> None:
    """Add ``text`` at the end of ``el``'s content (mixed content aware)."""
    if not text:
        return
    text = clean_text(text)
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


#: Elements whose children we lay out one per line in the XML file.
_STRUCTURE = frozenset(
    {
        "rfc",
        "front",
        "author",
        "address",
        "abstract",
        "middle",
        "back",
        "section",
        "references",
        "reference",
        "ul",
        "ol",
        "dl",
        "li",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "figure",
        "artset",
        "aside",
        "blockquote",
    }
)
_LAYOUT_CHILDREN = (
    _STRUCTURE
    | BLOCKS
    | {
        "name",
        "title",
        "seriesInfo",
        "date",
        "area",
        "workgroup",
        "keyword",
        "organization",
        "email",
        "dt",
    }
)


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent structural elements only: whitespace inside text would show."""
    if el.tag not in _STRUCTURE or (el.text and el.text.strip()) or not len(el):
        return
    children = list(el)
    if any(
        (c.tail and c.tail.strip()) or not isinstance(c.tag, str) or c.tag not in _LAYOUT_CHILDREN for c in children
    ):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in children:
        child.tail = pad
        indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


@cache
def _schema() -> etree.RelaxNG:
    import xml2rfc

    rng = Path(xml2rfc.__file__).parent / "data" / "v3.rng"
    return etree.RelaxNG(etree.parse(str(rng)))


def validate(tree: etree._Element | etree._ElementTree) -> list[tuple[int, str]]:
    """``(line, problem)`` of ``tree`` against xml2rfc's own ``v3.rng`` (empty: valid)."""
    schema = _schema()
    doc = tree.getroottree() if isinstance(tree, etree._Element) else tree
    if schema.validate(doc):
        return []
    return [(e.line, e.message) for e in schema.error_log]


__all__ = ["BLOCKS", "CELLS", "allows", "anchor_name", "append_text", "clean_text", "indent", "slug", "validate"]
