"""Turn a seqdiag/blockdiag SVG into one that lives well inside a page.

The engines draw for a white sheet: black ink, white boxes, blurred black
shadows, fixed ids (``filter_blur``) and an Inkscape namespace.  Inlined as
is, a page with two figures has duplicate ids, dark themes get black lines on
a black page, and screen readers hear "blockdiag".  :func:`inline_svg`
rewrites a copy so that

* ink (black and dark grey) is ``currentColor``: the page's text colour, in
  every theme, light or dark, and black on paper when printed;
* white and light grey fills get a class that the stylesheet points at the
  page background (the white attribute stays as the fallback without CSS);
* shadows are dropped (a blurred black shape is noise on a dark page) and
  every remaining id is prefixed, so figures never clash;
* ``<title>``/``<desc>`` say what the figure shows, referenced by
  ``aria-labelledby``/``aria-describedby`` on a ``role="img"`` root;
* the output is well-formed XML (valid inside XHTML, e.g. EPUB) and the same
  bytes for the same input.

No Sphinx here: text in, text out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..rendering.rfcsvg import parse_color, uses_filter

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: No DTD, no entities, no network: the input is ours, but a parser need not trust it.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)

_URL_REF = re.compile(r"url\(#([^)]+)\)")
#: Classes the stylesheet styles; see static/protomodel.css.
PAPER_FILL = "pm-paper"
PAPER_STROKE = "pm-paper-stroke"
SHADE_FILL = "pm-shade"
MUTED_STROKE = "pm-muted"


@dataclass(frozen=True)
class Size:
    width: float
    height: float


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _theme_paint(prop: str, value: str) -> tuple[str | None, str | None, str | None]:
    """How to paint ``prop`` (fill|stroke) = ``value`` in a themed page.

    Returns ``(new attribute value or None to keep, class to add, inline style)``.
    Greys follow the theme (ink, paper, shade); a light colour becomes a tint of
    the page background so that themed text on it stays legible; other
    colours are kept: they were chosen to mean something.
    """
    rgb = parse_color(value)
    if rgb is None:
        return None, None, None
    r, g, b = rgb
    grey = max(rgb) - min(rgb) <= 8
    lum = _relative_luminance(rgb)
    if grey:
        if lum < 0.2:  # black and dark grey: ink
            return "currentColor", None, None
        if lum > 0.85:  # white and near white: the paper
            return None, PAPER_FILL if prop == "fill" else PAPER_STROKE, None
        return None, SHADE_FILL if prop == "fill" else MUTED_STROKE, None
    if prop == "fill" and lum > 0.6:
        return None, None, f"fill: color-mix(in srgb, rgb({r},{g},{b}) 35%, var(--protomodel-paper, Canvas))"
    return None, None, None


def _local(name: object) -> tuple[str | None, str]:
    if not isinstance(name, str):  # a comment or processing instruction
        return None, ""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return None, name


def _drop_shadows(root: etree._Element) -> None:
    """Remove blurred shadows, then filters nothing uses, then empty ``<defs>``."""
    for parent in list(root.iter()):
        for child in list(parent):
            if uses_filter(child):
                parent.remove(child)
    used = {m for el in root.iter() for v in el.attrib.values() for m in _URL_REF.findall(v)}
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag)[1] == "filter" and child.get("id") not in used:
                parent.remove(child)
    for child in list(root):
        if _local(child.tag)[1] == "defs" and len(child) == 0:
            root.remove(child)


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    if not ids:
        return
    for el in root.iter():
        for key, value in list(el.attrib.items()):
            if key == "id":
                el.set(key, f"{prefix}-{value}")
            elif _local(key)[1] == "href" and value.startswith("#") and value[1:] in ids:
                el.set(key, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                el.set(key, _URL_REF.sub(lambda m: f"url(#{prefix}-{m[1]})" if m[1] in ids else m[0], value))


def _theme_colours(root: etree._Element) -> None:
    for el in root.iter():
        classes: list[str] = []
        styles: list[str] = []
        for prop in ("fill", "stroke"):
            value = el.get(prop)
            if value is None:
                continue
            new, cls, style = _theme_paint(prop, value)
            if new is not None:
                el.set(prop, new)
            if cls:
                classes.append(cls)
            if style:
                styles.append(style)
        if classes:
            el.set("class", " ".join([*el.get("class", "").split(), *classes]))
        if styles:
            el.set("style", "; ".join([s for s in [el.get("style", "").strip().rstrip(";")] if s] + styles))


def viewbox_size(root: etree._Element) -> Size | None:
    parts = root.get("viewBox", "").replace(",", " ").split()
    if len(parts) == 4:
        try:
            return Size(float(parts[2]), float(parts[3]))
        except ValueError:
            return None
    return None


def _set_title(root: etree._Element, title: str, desc: str, prefix: str | None) -> None:
    for child in list(root):
        if _local(child.tag)[1] in ("title", "desc"):
            root.remove(child)
    title_el = etree.Element(f"{{{SVG_NS}}}title")
    title_el.text = title
    desc_el = etree.Element(f"{{{SVG_NS}}}desc")
    desc_el.text = desc
    if prefix:
        title_el.set("id", f"{prefix}-title")
        desc_el.set("id", f"{prefix}-desc")
    root.insert(0, desc_el)
    root.insert(0, title_el)


def _strip_foreign(root: etree._Element) -> None:
    """Drop attributes in namespaces other than SVG's and XLink's (Inkscape's)."""
    for el in root.iter():
        for key in list(el.attrib):
            ns, _ = _local(key)
            if ns not in (None, XLINK_NS):
                del el.attrib[key]


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def rewrite(svg: str, *, title: str, desc: str, prefix: str | None = None, themed: bool = True) -> str:
    """The engines' ``svg`` made fit for a page (see the module docstring).

    ``prefix``: makes ids unique and names the ``<title>``/``<desc>``; give
    each figure of a page a different one.  ``themed``: recolour for
    ``currentColor`` and the stylesheet (inline SVG); ``False`` keeps black on
    white (an SVG file shown by ``<img>``, where no page colour reaches).
    """
    root = etree.fromstring(svg.encode("utf-8"), _PARSER)
    _drop_shadows(root)
    _strip_foreign(root)
    if prefix:
        _prefix_ids(root, prefix)
    if themed:
        _theme_colours(root)
    _set_title(root, title, desc, prefix)
    size = viewbox_size(root)
    if size is not None:
        # The natural size: CSS scales it down to the column, never up.
        root.set("width", _format_number(size.width))
        root.set("height", _format_number(size.height))
    if prefix:
        root.set("role", "img")
        root.set("aria-labelledby", f"{prefix}-title")
        root.set("aria-describedby", f"{prefix}-desc")
    root.set("class", " ".join(dict.fromkeys([*root.get("class", "").split(), "protomodel-graphic"])))
    return serialize(root)


# ---------------------------------------------------------------- serialising


def serialize(root: etree._Element) -> str:
    """XML text of ``root``: the SVG namespace as the default, one element a line, no declaration.

    Foreign namespace declarations left unused are dropped; text inside
    ``<text>`` is kept exactly (whitespace there is content).
    """
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS, "xlink": XLINK_NS})
    for el in root.iter():
        if _local(el.tag)[1] in ("svg", "g", "defs") and len(el):
            el.text = "\n"
            for child in el:
                child.tail = "\n"
    return etree.tostring(root, encoding="unicode")
