"""The demo's problem figures: size of the ASCII art and of the native SVG, and layout time.

Run from a checkout: ``python benchmarks/problem_figures.py``.  Reads the
``problem`` directives of ``demo_docs`` (reStructuredText and MyST), lays
each out at 72 and 69 columns, and prints its lines x columns, the SVG's
natural size in px and the time the layout took; then times a 10-party,
14-relation figure and the ICE-like case.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sphinxcontrib_protomodel.diagrams import RenderOptions  # noqa: E402
from sphinxcontrib_protomodel.layout.problem import problem_figures  # noqa: E402
from sphinxcontrib_protomodel.paint.ascii import paint_ascii  # noqa: E402
from sphinxcontrib_protomodel.paint.svg import paint_svg  # noqa: E402
from sphinxcontrib_protomodel.parsing.problem import parse_problem  # noqa: E402

TEN = """
party browser: Web Browser
party dns: DNS Resolver
party auth: Authoritative DNS
party cdn: CDN Edge
party origin: Origin Server
party idp: Identity Provider
party api: API Gateway
party db: Database
party cache: Cache
party log: Log Collector
group site: Example site
  party origin
  party api
  party db
end
browser -> dns: query
dns -> auth: iterative query
browser -> cdn: HTTPS GET
cdn -> origin: cache miss
browser <-> idp: login
api -> db: SQL
api -> cache: lookup
origin -> api: request
cdn -- cache: warm
origin -> log: access log
api -> log: events
trust browser -> idp: verifies the ID token
trust origin <-> api: mutual TLS
trust dns -> auth: DNSSEC chain
"""


def demo_problems() -> list[tuple[str, str, str]]:
    """(where, title, direction, body) of every problem directive in the demo."""
    found = []
    for path in sorted((ROOT / "demo_docs").glob("*.*")):
        if path.suffix not in (".rst", ".md") or path.name == "language.rst":
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(lines):
            m = re.match(r"^(\s*)(?:\.\. problem::|```\{problem\})\s*(.*)$", line)
            if not m:
                continue
            indent, title = len(m.group(1)), m.group(2)
            fence = line.lstrip().startswith("```")
            direction, body = "right", []
            for nxt in lines[n + 1 :]:
                if fence:
                    if nxt.startswith("```"):
                        break
                elif nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                    break
                opt = re.match(r"^\s*:direction:\s*(\w+)", nxt)
                if opt:
                    direction = opt.group(1)
                elif not re.match(r"^\s*:\w+:", nxt):
                    body.append(nxt)
            text = "\n".join(body)
            pad = min((len(b) - len(b.lstrip()) for b in body if b.strip()), default=0)
            text = "\n".join(b[pad:] for b in body)
            found.append((f"{path.name}:{n + 1}", title, direction, text))
    return found


def timed(problem, options, repeat: int = 3) -> tuple[float, object]:
    """The median wall time of laying out ``problem``, and its figures."""
    return timed_cpu(problem, options, repeat)[0::2]


def timed_cpu(problem, options, repeat: int = 3) -> tuple[float, float, object]:
    """Median wall time, best CPU time (what a loaded machine does not inflate), and the figures."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        figs = problem_figures(problem, options)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), min(cpu), figs


def main() -> None:
    for where, title, direction, body in demo_problems():
        problem = parse_problem(body, title)
        for width in (72, 69):
            seconds, figs = timed(problem, RenderOptions(width=width, direction=direction))
            art = paint_ascii(figs.text.drawing).split("\n")
            svg = paint_svg(figs.picture.drawing)
            w, h = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups()
            print(
                f"{where:16} {width} cols: {len(art):3} lines x {max(map(len, art)):2} cols, "
                f"SVG {w} x {h} px, {seconds * 1000:6.1f} ms  {figs.text.degraded or ''}  ({title})"
            )
    ice = (ROOT / "tests" / "cases" / "problem-ice-like.problem").read_text(encoding="utf-8")
    for name, body in (("ICE-like (7 parties, 9 relations)", ice), ("10 parties, 14 relations", TEN)):
        problem = parse_problem(body, name)
        seconds, cpu, figs = timed_cpu(problem, RenderOptions(width=72))
        art = paint_ascii(figs.text.drawing).split("\n")
        print(
            f"{name}: {seconds * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU), {len(art)} lines, "
            f"{figs.text.degraded or 'boxes and arrows'}"
        )


if __name__ == "__main__":
    main()
