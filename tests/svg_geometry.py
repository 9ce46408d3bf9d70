"""Geometry facts read back from a native SVG, in pixels.

The layout's facts are checked on the drawing (``layout.invariants``); this
checks the same facts on what the reader gets: text boxes from ``<text>``
(cells times the cell size, placed by their anchor), lines from ``<path>``,
borders from ``<rect>``, arrowhead tips from ``<polygon>``.
"""

from __future__ import annotations

import itertools
import re

from lxml import etree

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.paint.pixels import CELL_H, CELL_W, FONT_SIZE

SVG = "{http://www.w3.org/2000/svg}"
Segment = tuple[tuple[float, float], tuple[float, float]]
_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _points(d: str) -> list[list[tuple[float, float]]]:
    """Runs of points of a path (M starts a run; curve control points are kept as points)."""
    runs: list[list[tuple[float, float]]] = []
    for token in re.findall(r"[MLQZ][^MLQZ]*", d):
        nums = [float(n) for n in _NUM.findall(token)]
        pts = list(zip(nums[::2], nums[1::2], strict=True))
        if token[0] == "M":
            runs.append(pts)
        elif token[0] == "Z":
            runs[-1].append(runs[-1][0])
        else:
            runs[-1].extend(pts)
    return runs


def _seg_hits_box(seg: Segment, box: tuple[float, float, float, float]) -> bool:
    (x0, y0), (x1, y1) = seg
    left, top, right, bottom = box
    if abs(y0 - y1) < 0.01:  # horizontal
        return top < y0 < bottom and max(x0, x1) > left and min(x0, x1) < right
    if abs(x0 - x1) < 0.01:  # vertical
        return left < x0 < right and max(y0, y1) > top and min(y0, y1) < bottom
    return False  # the little curves of round corners: near a line anyway


def _on_segment(p: tuple[float, float], seg: Segment, tol: float = 0.6) -> bool:
    (x0, y0), (x1, y1) = seg
    if abs(x0 - x1) < 0.01:
        return abs(p[0] - x0) <= tol and min(y0, y1) - tol <= p[1] <= max(y0, y1) + tol
    if abs(y0 - y1) < 0.01:
        return abs(p[1] - y0) <= tol and min(x0, x1) - tol <= p[0] <= max(x0, x1) + tol
    return False


class SvgGeometry:
    def __init__(self, svg: str) -> None:
        root = etree.fromstring(svg.encode("utf-8"))
        self.texts: list[tuple[str, tuple[float, float, float, float]]] = []
        for el in root.iter(f"{SVG}text"):
            text = el.text or ""
            width = cell_width(text) * CELL_W
            x, y = float(el.get("x")), float(el.get("y"))
            anchor = el.get("text-anchor", "start")
            left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
            middle = y - 0.35 * FONT_SIZE
            # a glyph box, a pixel in from the cell edges (neighbours may touch)
            self.texts.append(
                (text, (left + 1, middle - CELL_H * 0.4 + 1, left + width - 1, middle + CELL_H * 0.4 - 1))
            )
        self.lines: list[Segment] = []
        self.borders: list[Segment] = []
        for el in root.iter(f"{SVG}path"):
            if el.get("stroke") == "white":
                continue  # a crossing's halo
            for run in _points(el.get("d", "")):
                self.lines.extend(itertools.pairwise(run))
        for el in root.iter(f"{SVG}rect"):
            if el.get("stroke") in (None, "none"):
                continue  # the paper
            x, y, w, h = (float(el.get(k)) for k in ("x", "y", "width", "height"))
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
            self.borders.extend(itertools.pairwise(corners))
        self.tips = [tuple(map(float, p.get("points").split()[0].split(","))) for p in root.iter(f"{SVG}polygon")]

    def problems(self) -> list[str]:
        found = []
        for i, (a, box_a) in enumerate(self.texts):
            for b, box_b in self.texts[i + 1 :]:
                if box_a[0] < box_b[2] and box_b[0] < box_a[2] and box_a[1] < box_b[3] and box_b[1] < box_a[3]:
                    found.append(f"text {a!r} overlaps text {b!r}")
            for seg in self.lines:
                if _seg_hits_box(seg, box_a):
                    found.append(f"text {a!r} is crossed by a line {seg}")
            for seg in self.borders:
                if _seg_hits_box(seg, box_a):
                    found.append(f"text {a!r} is crossed by a border {seg}")
        return found

    def touching_tips(self) -> int:
        """Arrowhead tips on a box border or on a line (a lifeline; an arrow's own shaft ends short of its tip)."""
        count = 0
        for tip in self.tips:
            on_border = any(_on_segment(tip, seg) for seg in self.borders)
            on_line = any(_on_segment(tip, seg) for seg in self.lines)  # a shaft stops at its head's base
            count += on_border or on_line
        return count
