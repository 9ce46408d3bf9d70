"""A drawing as a PNG bitmap (for LaTeX), drawn with Pillow at twice the SVG size.

PNG rather than PDF: Pillow is already needed, while a vector converter
(cairosvg) needs the cairo system library, which a working group's CI often
lacks.  At twice the SVG's size the bitmap stays sharp in print at the
figure's natural width.
"""

from __future__ import annotations

import io
import itertools
from functools import cache
from pathlib import Path as FilePath

from ..cells import cell_width
from ..drawing import Drawing
from .pixels import CELL_W, FONT_SIZE, Path, picture

#: Monospace faces tried for the text, in order.
MONO_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "/Library/Fonts/Courier New.ttf",
    "/System/Library/Fonts/Menlo.ttc",
    "C:/Windows/Fonts/consola.ttf",
)


def mono_font(configured: str | None) -> str | None:
    """The face for PNG text: the configured one (its Mono sibling if any), else a monospace one."""
    if configured and FilePath(configured).is_file():
        path = FilePath(configured)
        sibling = path.with_name(path.stem + "Mono" + path.suffix)
        return str(sibling) if sibling.is_file() else configured
    return next((c for c in MONO_FONTS if FilePath(c).is_file()), None)


@cache
def _face(path: str | None, px: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, px) if path else ImageFont.load_default(px)


def paint_png(drawing: Drawing, font: str | None = None, scale: int = 2) -> bytes:
    """``drawing`` as PNG bytes; raises ``OSError``/``ValueError`` if Pillow cannot draw it."""
    from PIL import Image, ImageDraw

    pic = picture(drawing)
    s = float(scale)
    image = Image.new("RGB", (round(pic.width * s), round(pic.height * s)), "white")
    pen = ImageDraw.Draw(image)

    def sc(points):
        return [(x * s, y * s) for x, y in points]

    def stroke(path: Path) -> None:
        colour = "white" if path.paper else "black"
        width = max(1, round(path.width * s))
        pts = path.points + (path.points[:1] if path.closed else ())
        if path.dash is None:
            pen.line(sc(pts), fill=colour, width=width, joint="curve")
            return
        on, off = path.dash
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            length = abs(bx - ax) + abs(by - ay)
            t = 0.0
            while t < length:
                e = min(length, t + on)
                ux, uy = (bx - ax) / (length or 1), (by - ay) / (length or 1)
                pen.line(sc([(ax + ux * t, ay + uy * t), (ax + ux * e, ay + uy * e)]), fill=colour, width=width)
                t += on + off

    for rect in pic.rects:
        box = (rect.x * s, rect.y * s, (rect.x + rect.width) * s, (rect.y + rect.height) * s)
        pen.rounded_rectangle(box, radius=rect.radius * s, outline="black", fill="white", width=2)
    for path in pic.paths:
        stroke(path)
    for poly in pic.polygons:
        pen.polygon(sc(poly.points), fill="black")
    for dot in pic.dots:
        pen.ellipse(((dot.x - dot.r) * s, (dot.y - dot.r) * s, (dot.x + dot.r) * s, (dot.y + dot.r) * s), fill="black")
    for path in pic.over:
        stroke(path)
    font_path = mono_font(font)
    size = round(FONT_SIZE * s)
    for label in pic.labels:
        budget = cell_width(label.text) * CELL_W * s
        px = size
        face = _face(font_path, px)
        while px > 6 and face.getlength(label.text) > budget:
            px -= 1
            face = _face(font_path, px)
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[label.anchor]
        pen.text((label.x * s, label.y * s), label.text, fill="black", font=face, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()


__all__ = ["MONO_FONTS", "mono_font", "paint_png"]
