"""Benchmark: the state machine layout, painted in ASCII and SVG, for TCP and 40-state machines.

One command, from the repository root::

    python benchmarks/statemachine.py

For each machine and width, the layout is computed once (as
``rendering.figures`` does) and painted by both painters; the best of three
runs is printed, in CPU seconds and in wall-clock seconds, with the form the
text took (a diagram or the table) and its non-blank lines.  The goals of
issue 13: TCP under 0.1 s, a 40-state machine under 1 s.  Nothing here
asserts a time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import forty_states  # noqa: E402

from sphinxcontrib_protomodel.diagrams import RenderOptions  # noqa: E402
from sphinxcontrib_protomodel.layout.statemachine import statemachine_figures  # noqa: E402
from sphinxcontrib_protomodel.paint.ascii import paint_ascii  # noqa: E402
from sphinxcontrib_protomodel.paint.svg import paint_svg  # noqa: E402
from sphinxcontrib_protomodel.parsing.statemachine import parse_statemachine  # noqa: E402


def machines() -> dict[str, str]:
    tcp = (ROOT / "tests" / "golden" / "statemachine" / "tcp.sm").read_text(encoding="utf-8")
    return {"tcp": tcp, **{f"40 states +{extra}": forty_states(extra) for extra in (0, 10, 40)}}


def measure(source: str, width: int, repeat: int = 3) -> tuple[float, float, str, int]:
    """Best CPU and wall seconds of layout + both painters; the text's form and non-blank lines."""
    sm = parse_statemachine(source)
    cpu = wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        figures = statemachine_figures(sm, RenderOptions(width=width))
        art = paint_ascii(figures.text.drawing)
        paint_svg(figures.picture.drawing)
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    lines = sum(1 for line in art.split("\n") if line.strip())
    return cpu, wall, figures.text.drawing.kind, lines


def main() -> int:
    print(f"{'machine':<16} {'width':>5} {'cpu s':>7} {'wall s':>7}  text")
    for name, source in machines().items():
        for width in (72, 120):
            cpu, wall, kind, lines = measure(source, width)
            print(f"{name:<16} {width:>5} {cpu:>7.3f} {wall:>7.3f}  {kind}, {lines} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
