"""Ladder speed: layout and painting time for 2,500 to 10,000 messages.

Run: ``.venv/bin/python benchmarks/ladder_speed.py``.  Prints CPU seconds per
step; the time should grow linearly with the number of messages.
"""

from __future__ import annotations

import time

from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.layout.ladder import ladder_figures
from sphinxcontrib_protomodel.paint.ascii import paint_ascii
from sphinxcontrib_protomodel.paint.svg import paint_svg
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder


def body(count: int, parties: int) -> str:
    """A ladder of ``count`` messages among ``parties`` participants, in groups of 50."""
    names = [f"P{i}" for i in range(parties)]
    lines = []
    for i in range(count):
        if i % 50 == 0:
            lines.append(f"group Round {i}")
        lines.append(f"{names[i % parties]} -> {names[(i * 7 + 1) % parties]}: message number {i} with words")
        if i % 50 == 49:
            lines.append("end")
    return "\n".join(lines)


def main() -> None:
    for parties in (2, 4):
        for count in (2500, 5000, 10000):
            ladder = parse_ladder(body(count, parties))
            t0 = time.process_time()
            figures = ladder_figures(ladder, RenderOptions(width=72))
            t1 = time.process_time()
            paint_svg(figures.picture.drawing)
            t2 = time.process_time()
            paint_ascii(figures.text.drawing)
            t3 = time.process_time()
            print(
                f"{parties} parties, {count:5} messages: layout {t1 - t0:.2f} s, SVG {t2 - t1:.2f} s "
                f"(layout + SVG {t2 - t0:.2f} s), ASCII {t3 - t2:.2f} s"
            )


if __name__ == "__main__":
    main()
