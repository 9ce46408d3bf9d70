"""Reduce an SVG drawing to the RFC 7996 profile ("SVG 1.2 RFC").

xml2rfc accepts only a black-and-white subset of SVG Tiny 1.2 inside
``<artwork type="svg">``, and ``svgcheck`` (the IETF's checker) rejects or
"repairs" anything else.  seqdiag/blockdiag draw grey shadows through an SVG
filter, colour their boxes, put CSS in ``style`` and fix text widths with
``textLength``; none of that is allowed.  This module rewrites such a drawing
so that svgcheck accepts it *without* repair:

- shadows (anything drawn through a filter) and the filter definitions go;
- elements outside the profile (filter, image, marker, gradients...) go;
- ``style`` is unfolded into presentation attributes, keeping only those
  the profile knows; ``textLength``, foreign namespaces and unknown
  attributes go;
- every colour becomes ``black`` or ``white`` (by lightness), ``none`` stays;
- font families become ``sans-serif``, ``serif`` or ``monospace``;
- the root gets ``viewBox``, ``version="1.2"`` and ``baseProfile="tiny"``.

Pure lxml: no Sphinx, no network, no entity expansion.
"""

from __future__ import annotations

import re

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
_Q = f"{{{SVG_NS}}}"

#: Presentation attributes (properties) the profile allows on any element.
_PROPERTIES = frozenset(
    {
        "fill",
        "fill-rule",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-opacity",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "font-variant",
        "text-anchor",
        "direction",
        "unicode-bidi",
        "visibility",
        "display",
        "color",
    }
)

_COMMON = frozenset({"id", "role"})

#: Element -> attributes allowed on it besides the properties.
_ELEMENTS: dict[str, frozenset[str]] = {
    "svg": frozenset({"version", "baseProfile", "width", "height", "viewBox", "preserveAspectRatio"}),
    "desc": frozenset(),
    "title": frozenset(),
    "path": frozenset({"d", "pathLength", "transform"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry", "transform"}),
    "circle": frozenset({"cx", "cy", "r", "transform"}),
    "line": frozenset({"x1", "y1", "x2", "y2", "transform"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry", "transform"}),
    "polyline": frozenset({"points", "transform"}),
    "polygon": frozenset({"points", "transform"}),
    "text": frozenset({"x", "y", "rotate", "transform"}),
    "tspan": frozenset({"x", "y"}),
    "g": frozenset({"transform"}),
}

#: Elements allowed as children of each element (others are dropped).
_SHAPES = ("title", "desc", "path", "rect", "circle", "line", "ellipse", "polyline", "polygon", "text", "g")
_CHILDREN: dict[str, frozenset[str]] = {
    "svg": frozenset(_SHAPES),
    "g": frozenset(_SHAPES),
    "text": frozenset({"tspan", "title", "desc"}),
    "tspan": frozenset({"tspan"}),
}

#: Titles the engines give every drawing; they say nothing to a reader.
_ENGINE_TITLES = frozenset({"", "blockdiag", "seqdiag"})

_COLOR_ATTRS = ("fill", "stroke", "color")
_ALLOWED_COLORS = {"black": "black", "white": "white", "none": "none", "currentcolor": "currentColor"}
_NAMED = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "lightgray": (211, 211, 211),
    "lightgrey": (211, 211, 211),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "orange": (255, 165, 0),
    "navy": (0, 0, 128),
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def to_rfc_svg(svg: str) -> str:
    """``svg`` rewritten to the RFC 7996 profile; raises ``ValueError`` if it is no SVG."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(svg.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed SVG: {exc}") from exc
    if _local(root) != "svg":
        raise ValueError(f"expected an <svg> root element, found <{_local(root)}>")
    out = _clean(root, "svg")
    assert out is not None
    _finish_root(out, root)
    etree.cleanup_namespaces(out)
    return etree.tostring(out, encoding="unicode")


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _namespace_ok(el: etree._Element) -> bool:
    tag = el.tag
    return isinstance(tag, str) and (not tag.startswith("{") or tag.startswith(_Q))


def uses_filter(el: etree._Element) -> bool:
    """Whether ``el`` is drawn through an SVG filter (the engines' blurred shadows)."""
    return "filter" in el.attrib or "filter:" in el.get("style", "").replace(" ", "")


def _raw_fill(el: etree._Element) -> str:
    return _parse_style(el.get("style", "")).get("fill") or el.get("fill") or ""


def _is_shadow(el: etree._Element) -> bool:
    """A dark shape drawn through a blur filter: the engines' drop shadows.

    blockdiag also draws the *background of a group* through the filter, in
    a light tint: that one is content (the box around a host or a network).
    """
    if not uses_filter(el):
        return False
    rgb = parse_color(_raw_fill(el))
    return rgb is None or _lightness(rgb) <= 127.5


def _tinted(el: etree._Element) -> bool:
    """A light, non-white fill: an area the reader was meant to see."""
    rgb = parse_color(_raw_fill(el))
    return rgb is not None and _lightness(rgb) > 127.5 and min(rgb) < 250


def _lightness(rgb: tuple[float, float, float]) -> float:
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def _clean(el: etree._Element, name: str) -> etree._Element | None:
    """A new, profile-conforming copy of ``el`` (None: drop it)."""
    if _is_shadow(el):
        return None
    if name == "a":  # links are not part of a drawing: keep what they wrap
        name = "g"
    new = etree.Element(_Q + name, nsmap={None: SVG_NS} if name == "svg" else None)
    attrs = _attributes(el, name)
    if (
        name in ("rect", "polygon", "circle", "ellipse", "path")
        and _tinted(el)
        and attrs.get("stroke", "none") == "none"
    ):
        # In black and white a tinted area turns white and would vanish:
        # outline it instead (a group's box, a shaded band).
        attrs["stroke"] = "black"
    if attrs.get("stroke") == "none":
        # The profile's grammar has no stroke="none" (svgcheck lets it pass,
        # xml2rfc does not): no stroke is the default, unless inherited.
        del attrs["stroke"]
        if _inherits_stroke(el):
            attrs["stroke-width"] = "0"
    for key in sorted(attrs):
        new.set(key, attrs[key])
    if name in ("text", "tspan", "title", "desc"):
        new.text = el.text
    allowed = _CHILDREN.get(name, frozenset())
    for child in el:
        if not isinstance(child.tag, str) or not _namespace_ok(child):
            continue
        child_name = _local(child)
        if child_name == "a":
            child_name = "g"
        if child_name not in allowed:
            continue
        cleaned = _clean(child, child_name)
        if cleaned is None:
            continue
        if child_name in ("title", "desc") and (cleaned.text or "").strip() in _ENGINE_TITLES:
            continue
        # One element a line outside text; inside text, whitespace is content.
        cleaned.tail = child.tail if name in ("text", "tspan") else "\n"
        new.append(cleaned)
    if name in ("svg", "g") and len(new):
        new.text = "\n"
    if name == "g" and len(new) == 0:
        return None
    return new


def _inherits_stroke(el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if "stroke" in parent.attrib or "stroke:" in parent.get("style", ""):
            return True
        parent = parent.getparent()
    return False


def _attributes(el: etree._Element, name: str) -> dict[str, str]:
    """The attributes of ``el`` allowed on ``name``, values mapped into the profile."""
    raw: dict[str, str] = {}
    for key, value in el.attrib.items():
        if key.startswith("{"):
            continue  # foreign namespaces (inkscape, xlink, xml:space...)
        raw[key] = value
    for prop, value in _parse_style(raw.pop("style", "")).items():
        raw.setdefault(prop, value)
    allowed = _ELEMENTS.get(name, frozenset()) | _COMMON
    result: dict[str, str] = {}
    for key in sorted(raw):
        value = raw[key].strip()
        if key not in allowed and key not in _PROPERTIES:
            continue
        if key in ("fill-opacity", "stroke-opacity"):
            continue  # opacity has no meaning in black and white
        if key in _COLOR_ATTRS:
            value = _color(value, key, name)
        elif key == "font-family":
            value = _font_family(value)
        elif key == "id" and not re.fullmatch(r"[A-Za-z_][\w.-]*", value):
            continue
        result[key] = value
    return result


def _parse_style(style: str) -> dict[str, str]:
    props: dict[str, str] = {}
    for part in style.split(";"):
        key, sep, value = part.partition(":")
        if sep and key.strip() in _PROPERTIES:
            props[key.strip()] = value.strip()
    return props


def parse_color(value: str) -> tuple[int, int, int] | None:
    """``(r, g, b)`` of a CSS colour as SVG writers spell it (names, ``#rgb``, ``#rrggbb``,
    ``rgb()``/``rgba()`` in numbers or percentages), else ``None`` (``none``, ``url(...)``)."""
    v = value.strip().lower()
    if v in _NAMED:
        return _NAMED[v]
    if v.startswith("#") and len(v) in (4, 7):
        digits = v[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        try:
            red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
            return (red, green, blue)
        except ValueError:
            return None
    m = re.fullmatch(r"rgba?\((.*)\)", v)
    if m:
        parts = [part.strip() for part in m.group(1).split(",")]
        if len(parts) not in (3, 4):
            return None
        channels = []
        for part in parts[:3]:
            number = _NUMBER.fullmatch(part.rstrip("%"))
            if number is None:
                return None
            channel = float(number.group(0))
            channels.append(round(channel * 2.55 if part.endswith("%") else channel))
        return channels[0], channels[1], channels[2]
    return None


def _color(value: str, attr: str, element: str = "") -> str:
    """``black`` or ``white``; ``none`` stays; unknown paint is black.

    An area's fill is paper (white) when light, ink when dark.  Lines and
    letters are ink in any colour but white: a light grey group outline or
    label must stay visible, not vanish into the paper.
    """
    lowered = value.strip().lower()
    if lowered in _ALLOWED_COLORS:
        return _ALLOWED_COLORS[lowered]
    rgb = parse_color(lowered)
    if rgb is None:
        return "none" if attr == "fill" and lowered.startswith("url(") else "black"
    if attr == "fill" and element not in ("text", "tspan"):
        return "white" if _lightness(rgb) > 127.5 else "black"
    return "white" if min(rgb) >= 250 else "black"


def _font_family(value: str) -> str:
    families = [f.strip().strip("'\"").lower() for f in value.split(",")]
    for family in families:
        if family in ("sans-serif", "serif", "monospace"):
            return family
    joined = " ".join(families)
    if any(word in joined for word in ("mono", "courier", "consol", "code")):
        return "monospace"
    if ("serif" in joined and "sans" not in joined) or "times" in joined:
        return "serif"
    return "sans-serif"


def _finish_root(out: etree._Element, original: etree._Element) -> None:
    """The root attributes the profile (and xml2rfc) expect."""
    if "viewBox" not in out.attrib:
        width, height = _length(original.get("width")), _length(original.get("height"))
        if width is None or height is None:
            raise ValueError("the SVG has neither a viewBox nor a numeric width and height")
        out.set("viewBox", f"0 0 {width:g} {height:g}")
    # Let the reader scale it: sizes in pixels fight the page layout.
    for key in ("width", "height"):
        out.attrib.pop(key, None)
    out.set("version", "1.2")
    out.set("baseProfile", "tiny")
    attrs = dict(out.attrib)  # a fixed order, so that converting twice changes nothing
    out.attrib.clear()
    for key in sorted(attrs):
        out.set(key, attrs[key])


def _length(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", value)
    return float(m.group(1)) if m else None


__all__ = ["SVG_NS", "parse_color", "to_rfc_svg", "uses_filter"]
