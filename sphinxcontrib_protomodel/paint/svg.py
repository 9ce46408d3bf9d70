"""A drawing as SVG: black ink on white paper, built with lxml.

The result is a standalone SVG document of natural size (one cell is
8 x 15 px, see :mod:`.pixels`).  It uses only what the RFC 7996 profile
allows (no CSS, no filters, no ``textLength``), so the same picture serves
the HTML page (themed by ``sphinx_ext.svg``) and, through
``rendering.rfcsvg``, the Internet-Draft.  User text is only ever element
text, escaped by lxml.
"""

from __future__ import annotations

from lxml import etree

from ..drawing import Drawing
from .pixels import CORNER_RADIUS, FONT_SIZE, Path, Picture, picture

SVG_NS = "http://www.w3.org/2000/svg"
_Q = f"{{{SVG_NS}}}"


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pt(p: tuple[float, float]) -> str:
    return f"{_num(p[0])},{_num(p[1])}"


def path_data(path: Path) -> str:
    """SVG path data; round corners become short quadratic curves."""
    pts = path.points
    if not path.rounded or len(pts) < 3:
        d = "M" + " L".join(_pt(p) for p in pts)
        return d + (" Z" if path.closed else "")
    out = [f"M{_pt(pts[0])}"]
    for (ax, ay), (bx, by), (nx, ny) in zip(pts, pts[1:], pts[2:], strict=False):
        r_in = min(CORNER_RADIUS, abs(bx - ax) / 2 + abs(by - ay) / 2)
        r_out = min(CORNER_RADIUS, abs(nx - bx) / 2 + abs(ny - by) / 2)
        ux, uy = _unit(ax, ay, bx, by)
        vx, vy = _unit(bx, by, nx, ny)
        out.append(f"L{_pt((bx - ux * r_in, by - uy * r_in))}")
        out.append(f"Q{_pt((bx, by))} {_pt((bx + vx * r_out, by + vy * r_out))}")
    out.append(f"L{_pt(pts[-1])}")
    return " ".join(out)


def _unit(ax: float, ay: float, bx: float, by: float) -> tuple[float, float]:
    dx, dy = bx - ax, by - ay
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    return dx / length, dy / length


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _Q + tag)
    for key, value in attrs.items():
        el.set(key.replace("_", "-"), value)
    return el


def _path(parent: etree._Element, path: Path) -> None:
    attrs = {
        "d": path_data(path),
        "fill": "none",
        "stroke": "white" if path.paper else "black",
        "stroke_width": _num(path.width),
    }
    if path.dash:
        attrs["stroke_dasharray"] = f"{_num(path.dash[0])},{_num(path.dash[1])}"
    if path.rounded or len(path.points) > 2:
        attrs["stroke_linejoin"] = "round"
    _sub(parent, "path", **attrs)


def render_svg(pic: Picture) -> str:
    """The pixel shapes as an SVG document."""
    width, height = _num(pic.width), _num(pic.height)
    root = etree.Element(_Q + "svg", nsmap={None: SVG_NS})
    for key, value in (("width", width), ("height", height), ("viewBox", f"0 0 {width} {height}")):
        root.set(key, value)
    _sub(root, "rect", x="0", y="0", width=width, height=height, fill="white", stroke="none")
    for rect in pic.rects:
        parent = root
        if rect.tooltip:
            parent = _sub(root, "g")
            _sub(parent, "title").text = rect.tooltip
        _sub(
            parent,
            "rect",
            x=_num(rect.x),
            y=_num(rect.y),
            width=_num(rect.width),
            height=_num(rect.height),
            rx=_num(rect.radius),
            ry=_num(rect.radius),
            fill="white",
            stroke="black",
            stroke_width="1.2",
        )
    for path in pic.paths:
        _path(root, path)
    for poly in pic.polygons:
        _sub(root, "polygon", points=" ".join(_pt(p) for p in poly.points), fill="black", stroke="black")
    for dot in pic.dots:
        _sub(root, "circle", cx=_num(dot.x), cy=_num(dot.y), r=_num(dot.r), fill="black", stroke="black")
    for path in pic.over:
        _path(root, path)
    if pic.labels:
        texts = _sub(root, "g", font_family="monospace", font_size=str(FONT_SIZE), fill="black")
        for label in pic.labels:
            el = _sub(texts, "text", x=_num(label.x), y=_num(label.y))
            if label.anchor != "start":
                el.set("text-anchor", label.anchor)
            if label.bold:
                el.set("font-weight", "bold")
            el.text = label.text
    _indent(root)
    return etree.tostring(root, encoding="unicode")


def _indent(root: etree._Element) -> None:
    """One element a line (text content untouched)."""
    for parent in root.iter():
        if parent.tag in (_Q + "svg", _Q + "g") and len(parent):
            parent.text = "\n"
            for child in parent:
                child.tail = "\n"


def paint_svg(drawing: Drawing) -> str:
    """``drawing`` as a standalone SVG document (black on white)."""
    return render_svg(picture(drawing))


__all__ = ["SVG_NS", "paint_svg", "path_data", "render_svg"]
