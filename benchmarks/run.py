"""Benchmark: this extension against Sphinx alone and against sphinxcontrib-*diag.

One command, from the repository root::

    python benchmarks/run.py            # the full run (about 5 minutes on 2 cores)
    python benchmarks/run.py --quick    # 10 documents, one job count: a smoke run

Builds a generated corpus (50 documents x 6 diagrams, fixed seed) four ways
(see ``corpus.py``; ``literal`` is the floor), each to HTML and text in a fresh process, cold (empty
build directory) and warm (one diagram label of one document edited), then
times the ASCII layout of large ladders and state machines.  Prints a table;
``--json FILE`` also writes the numbers.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402

BUILDERS = ("html", "text")

#: Environment of the builds: PYTHONPATH gets a snapshot of the package (see ``snapshot``).
BUILD_ENV: dict[str, str] = dict(os.environ)


def snapshot(workdir: Path) -> Path:
    """Copy the package so that edits made while the benchmark runs cannot reach it.

    The rendering cache keys include a fingerprint of the package's files: an
    edit between a cold and a warm build would turn the warm build cold.

    The copy is byte-compiled, as ``pip install`` does and as Sphinx and every
    other package in the environment are: without it, each build would compile
    the package from source again whenever ``PYTHONDONTWRITEBYTECODE`` is set.
    """
    target = workdir / "snapshot"
    shutil.copytree(
        HERE.parent / "sphinxcontrib_protomodel",
        target / "sphinxcontrib_protomodel",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    if not compileall.compile_dir(target, quiet=1):
        raise SystemExit(f"could not byte-compile {target}")
    BUILD_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    # Builds run in their project's directory (``python -m`` puts the working directory first on
    # the path): from the repository root they would import the working tree, uncompiled.
    probe = [sys.executable, "-c", "import sphinxcontrib_protomodel as m; print(m.__file__)"]
    found = subprocess.run(probe, capture_output=True, text=True, check=True, env=BUILD_ENV, cwd=workdir).stdout
    if not Path(found.strip()).is_relative_to(target):
        raise SystemExit(f"the builds would import {found.strip()}, not the snapshot in {target}")
    return target


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sphinx_build(src: Path, builder: str, jobs: str) -> tuple[float, float]:
    """Wall and CPU time (all its processes) of one ``sphinx-build`` in a fresh interpreter."""
    build = src / "_build"
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        builder,
        "-d",
        str(build / "doctrees"),
        "-j",
        jobs,
        str(src),
        str(build / builder),
    ]
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=BUILD_ENV, cwd=src)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    if warnings:
        print(f"  ! {len(warnings)} warnings from {src.name}/{builder}, e.g. {warnings[0][:200]}", file=sys.stderr)
    return elapsed, cpu


def build_all(src: Path, jobs: str) -> tuple[float, float, float]:
    """Wall and CPU time of every builder in turn, and the wall time of the first (html)."""
    times = [sphinx_build(src, b, jobs) for b in BUILDERS]
    return sum(t[0] for t in times), sum(t[1] for t in times), times[0][0]


def measure_variant(root: Path, variant: str, jobs: str, args) -> dict[str, float]:
    """Cold and warm wall and CPU times (seconds, best of ``--repeat``) of html + text.

    The best, not the median: on a shared machine other work only ever adds time.
    The peers are timed once: they are many times slower, and noise cannot
    change how they compare.
    """
    src = root / f"{variant}-j{jobs}"
    colds, warms = [], []
    for _ in range(1 if variant == "peers" else args.repeat):
        shutil.rmtree(src, ignore_errors=True)
        paths = corpus.write_corpus(
            src, variant, documents=args.docs, per_document=args.per_doc, peers_image_format=args.peers_format
        )
        colds.append(build_all(src, jobs))
        time.sleep(1.1)  # a new mtime second, so Sphinx sees the edit
        corpus.touch_one(paths[0])
        warms.append(build_all(src, jobs))
    return {
        "cold": min(c[0] for c in colds),
        "warm": min(w[0] for w in warms),
        "cold_cpu": min(c[1] for c in colds),
        "warm_cpu": min(w[1] for w in warms),
        "cold_html": min(c[2] for c in colds),
    }


# ---------------------------------------------------------------- scaling


def _best_of(fn, repeat: int) -> float:
    """Least CPU time (this process) of ``repeat`` runs: other load on the machine barely moves it."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def scaling(args) -> list[dict[str, object]]:
    """Parse, layout and painting time of one large diagram, uncached (the layout is computed once)."""
    import random

    from sphinxcontrib_protomodel.diagrams import RenderOptions
    from sphinxcontrib_protomodel.kinds import KINDS
    from sphinxcontrib_protomodel.paint.ascii import paint_ascii
    from sphinxcontrib_protomodel.paint.svg import paint_svg

    rows = []
    cases = [("ladder", n) for n in (100, 1_000, 10_000)] + [("statemachine", n) for n in (10, 20, 40)]
    cases += [("problem", n) for n in (5, 10)]
    for kind, size in cases:
        rng = random.Random(size)
        if kind == "ladder":
            body = corpus.ladder_body(corpus.make_ladder(rng, f"Ladder of {size}", size, parties=4))
        elif kind == "problem":
            body = corpus.problem_body(corpus.make_problem(rng, f"Problem of {size}", size))
        else:
            body = corpus.machine_body(corpus.make_machine(rng, f"Machine of {size}", size))
        k = KINDS[kind]
        try:
            model = k.parse(body, "scale")
            repeat = 3
            gc.collect()
            parse_s = _best_of(lambda k=k, body=body: k.parse(body, "scale"), repeat)
            layout_s = _best_of(lambda k=k, model=model: k.figures(model, RenderOptions()), repeat)
            figures = k.figures(model, RenderOptions())
            ascii_s = _best_of(lambda f=figures: paint_ascii(f.text.drawing), repeat)
            svg_s = _best_of(lambda f=figures: paint_svg(f.picture.drawing), repeat)
            note = figures.text.degraded or ""
        except Exception as exc:  # a failure worth showing
            parse_s = layout_s = ascii_s = svg_s = float("nan")
            note = f"{type(exc).__name__}: {exc}"[:60]
        row = {"kind": kind, "size": size, "parse": parse_s, "layout": layout_s, "ascii": ascii_s, "svg": svg_s}
        rows.append({**row, "note": note})
    return rows


# ------------------------------------------------------------------ report


def _fmt(seconds: float) -> str:
    return f"{seconds:7.2f}" if seconds == seconds else "    n/a"


def report(results: dict[str, dict[str, dict[str, float]]], rows, args) -> str:
    out = []
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    out.append(
        f"machine: {os.cpu_count()} cores (nproc), load average {load:.1f} at the end, "
        f"Python {platform.python_version()}, "
        f"corpus: {args.docs} documents x {args.per_doc} diagrams, builders: {' + '.join(BUILDERS)}, "
        f"peers draw {args.peers_format} in HTML"
    )
    out.append("")
    out.append(
        "variant       jobs   cold s   warm s   cold/floor  warm/floor  peers/ours(cold)  peers/ours(warm)"
        "   cold cpu s  warm cpu s  cold html s"
    )
    for jobs in args.jobs:
        floor = results.get("literal", {}).get(jobs)
        peers = results.get("peers", {}).get(jobs)
        for variant in ("protomodel", "literal", "numbered", "peers"):
            r = results.get(variant, {}).get(jobs)
            if r is None:
                continue
            cold_ratio = f"{r['cold'] / floor['cold']:10.2f}x" if floor else "        n/a"
            warm_ratio = f"{r['warm'] / floor['warm']:10.2f}x" if floor else "        n/a"
            if variant == "protomodel" and peers:
                vs = f"{peers['cold'] / r['cold']:16.2f}x  {peers['warm'] / r['warm']:16.2f}x"
            else:
                vs = ""
            times = f"{_fmt(r['cold'])}  {_fmt(r['warm'])}"
            cpu = f"{_fmt(r['cold_cpu'])}     {_fmt(r['warm_cpu'])}      {_fmt(r['cold_html'])}"
            out.append(f"{variant:<13} {jobs:>4} {times}  {cold_ratio}  {warm_ratio}  {vs:<36}  {cpu}")
    for jobs in args.jobs:
        ours, numbered = results.get("protomodel", {}).get(jobs), results.get("numbered", {}).get(jobs)
        if ours and numbered:
            out.append(
                f"protomodel against Sphinx numbering its figures too (numbered, -j {jobs}): "
                f"cold {ours['cold'] / numbered['cold']:.2f}x, warm {ours['warm'] / numbered['warm']:.2f}x"
            )
    out.append("")
    out.append("One diagram, uncached: parse, layout once, paint ASCII and SVG (CPU seconds, best of 3)")
    out.append("kind          size    parse s   layout s   ascii s     svg s   all per item   growth  note")
    previous: dict[str, tuple[float, int]] = {}
    for row in rows:
        total = row["parse"] + row["layout"] + row["ascii"] + row["svg"]
        per = total / row["size"] * 1e6
        per_text = f"{per:11.1f} us" if per == per else "        n/a"
        before = previous.get(row["kind"])
        growth = (
            f"x{total / before[0]:5.1f} for x{row['size'] / before[1]:.0f}" if before and total == total else " " * 13
        )
        previous[row["kind"]] = (total, row["size"])
        times = "  ".join(_fmt(row[k]) for k in ("parse", "layout", "ascii", "svg"))
        out.append(f"{row['kind']:<12} {row['size']:>6}  {times}  {per_text}   {growth}  {row['note']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--per-doc", type=int, default=6)
    parser.add_argument("--jobs", default="1,auto", help="comma-separated -j values (default: 1,auto)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per build (peers: one), the best is shown")
    parser.add_argument("--variants", default=",".join(corpus.VARIANTS))
    parser.add_argument("--peers-format", default="SVG", choices=("SVG", "PNG"), help="peers' HTML image format")
    parser.add_argument("--no-builds", action="store_true", help="only the ASCII scaling")
    parser.add_argument("--no-scaling", action="store_true", help="only the builds")
    parser.add_argument("--quick", action="store_true", help="10 documents, -j 1 only, one run")
    parser.add_argument("--workdir", type=Path, help="keep the corpora here (default: a temporary directory)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.jobs, args.repeat = 10, "1", 1
    args.jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]

    results: dict[str, dict[str, dict[str, float]]] = {}
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="protomodel-bench-"))
    try:
        if not args.no_builds:
            snapshot(workdir)
            for jobs in args.jobs:
                for variant in variants:
                    print(f"building {variant} with -j {jobs} ...", file=sys.stderr, flush=True)
                    results.setdefault(variant, {})[jobs] = measure_variant(workdir, variant, jobs, args)
        rows = [] if args.no_scaling else scaling(args)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, rows, args)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"builds": results, "scaling": rows, "cores": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
