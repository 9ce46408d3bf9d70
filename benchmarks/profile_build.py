"""Profile one cold build of the benchmark corpus, in-process, serial.

    python benchmarks/profile_build.py                 # html, 10 documents
    python benchmarks/profile_build.py --builder text --docs 50

Prints the CPU time spent in each step of the extension (parse, check,
layout per diagram kind, each painter), and with ``--cprofile``
the hottest functions (cProfile inflates pure-Python code, so its numbers
are relative).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builder", default="html")
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cprofile", action="store_true", help="also profile every function (slower)")
    args = parser.parse_args(argv)

    from sphinx.cmd.build import build_main

    from sphinxcontrib_protomodel import kinds, rendering
    from sphinxcontrib_protomodel.paint import ascii as ascii_painter
    from sphinxcontrib_protomodel.paint import svg as svg_painter

    spent: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)

    def timed(name, fn):
        def call(*a, **k):
            start = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - start
                counts[name] += 1

        return call

    ascii_painter.paint_ascii = timed("paint ascii", ascii_painter.paint_ascii)
    svg_painter.paint_svg = timed("paint svg", svg_painter.paint_svg)
    for name, kind in list(kinds.KINDS.items()):
        import dataclasses

        kinds.KINDS[name] = dataclasses.replace(
            kind,
            parse=timed(f"{name} parse", kind.parse),
            figures=timed(f"{name} layout", kind.figures),
            check=timed(f"{name} check", kind.check),
        )

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "src")
        corpus.write_corpus(src, "protomodel", documents=args.docs)
        out = Path(tmp, "out")
        profile = cProfile.Profile()
        start = time.perf_counter()
        cpu = time.process_time()
        if args.cprofile:
            profile.enable()
        # One process: the profile sees every rendering (no parallel pre-rendering).
        argv = ["-q", "-b", args.builder, "-D", "protomodel_render_workers=1", "-d", str(out / "doctrees")]
        status = build_main([*argv, str(src), str(out / args.builder)])
        profile.disable()
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"build {args.builder}, {args.docs} documents: {total:.2f} s wall, {cpu:.2f} s CPU (status {status})")
    print(f"cache: {rendering.CACHE.stats}")
    print("\nCPU time in the extension's steps (the layout once per diagram and options, then each painter):")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28} {seconds:7.2f} s  {counts[name]:5d} calls  {seconds / counts[name] * 1000:8.1f} ms/call")
    print(f"  {'all steps':<28} {sum(spent.values()):7.2f} s")
    if args.cprofile:
        stats = pstats.Stats(profile)
        print("\nby own time:")
        stats.sort_stats("tottime").print_stats(args.top)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
