"""Profile one cold build of the benchmark corpus, in-process, serial.

    python benchmarks/profile_build.py                 # html, 10 documents
    python benchmarks/profile_build.py --builder text --docs 50

Prints the hottest functions (cProfile, by own time and by cumulative time
under this package) and the time spent per rendering format, measured at
:func:`sphinxcontrib_protomodel.rendering.render`.
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
    args = parser.parse_args(argv)

    from sphinx.cmd.build import build_main

    from sphinxcontrib_protomodel import kinds, rendering
    from sphinxcontrib_protomodel.rendering.graphics import engine

    spent: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)

    def timed(name, fn):
        def call(*a, **k):
            start = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - start
                counts[name] += 1

        return call

    engine.draw = timed("engine.draw (svg/png)", engine.draw)
    for name, kind in list(kinds.KINDS.items()):
        import dataclasses

        kinds.KINDS[name] = dataclasses.replace(
            kind,
            ascii=timed(f"{name} ascii", kind.ascii),
            parse=timed(f"{name} parse", kind.parse),
            graphics=timed(f"{name} graphics source", kind.graphics),
            check=timed(f"{name} check", kind.check),
        )

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "src")
        corpus.write_corpus(src, "protomodel", documents=args.docs)
        out = Path(tmp, "out")
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        # One process: the profile sees every rendering (no parallel pre-rendering).
        argv = ["-q", "-b", args.builder, "-D", "protomodel_render_workers=1", "-d", str(out / "doctrees")]
        status = build_main([*argv, str(src), str(out / args.builder)])
        profile.disable()
        total = time.perf_counter() - start
    print(f"build {args.builder}, {args.docs} documents: {total:.2f} s (status {status})")
    print(f"cache: {rendering.CACHE.stats}")
    print("\ntime in the extension's steps (inclusive; graphics of a state machine include its layout):")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28} {seconds:7.2f} s  {counts[name]:5d} calls  {seconds / counts[name] * 1000:8.1f} ms/call")
    stats = pstats.Stats(profile)
    print("\nby own time:")
    stats.sort_stats("tottime").print_stats(args.top)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
