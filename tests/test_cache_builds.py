"""The rendering cache inside real Sphinx builds: rebuilds skip the renderers.

Renders are counted in-process by wrapping ``rendering._draw``, which every
rendering that misses the cache goes through.  Between two
builds the in-memory cache is cleared, as a new ``sphinx-build`` process
would start, so only the on-disk store can save the work.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from sphinxcontrib_protomodel import rendering

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
import corpus


@pytest.fixture
def renders(monkeypatch):
    """Counter of (kind, format) for every real rendering (a cache miss that draws)."""
    counts: Counter[tuple[str, str]] = Counter()
    real_draw = rendering._draw

    def draw(fmt, diagram, options, font):
        counts[(diagram.kind, fmt)] += 1
        return real_draw(fmt, diagram, options, font)

    monkeypatch.setattr(rendering, "_draw", draw)
    monkeypatch.setattr(rendering, "CACHE", rendering.cache.RenderCache())
    rendering.figures.cache_clear()
    return counts


def graphics(counts: Counter[tuple[str, str]], fmt: str = "svg") -> int:
    return sum(v for (_, f), v in counts.items() if f == fmt)


#: Render in this process, so that the counters see every rendering.
SERIAL = {"protomodel_render_workers": 1}


def new_process() -> None:
    """What a fresh ``sphinx-build`` starts with: nothing in memory."""
    rendering.CACHE.clear_memory()
    rendering.figures.cache_clear()


@pytest.fixture
def project(tmp_path) -> Path:
    src = tmp_path / "src"
    corpus.write_corpus(src, "protomodel", documents=4, per_document=3)
    return src


def entries(cache_dir: Path, suffix: str) -> list[Path]:
    """The renderings in the cache (named by their key), not the files kept beside them."""
    return [p for p in cache_dir.glob(f"*{suffix}") if re.fullmatch(r"[0-9a-f]{64}", p.stem)]


def diagrams_in(src: Path) -> int:
    return sum(p.read_text().count("\n.. ") for p in src.glob("doc*.rst"))


def test_a_second_build_renders_nothing(make_app, project, renders):
    app = make_app("html", srcdir=project, confoverrides=SERIAL)
    app.build()
    assert not app.warning.getvalue().strip()
    n = diagrams_in(project)
    assert graphics(renders) == n and graphics(renders, "ascii") == n
    cache_dir = Path(app.doctreedir) / "protomodel-cache"
    assert len(entries(cache_dir, ".svg")) == n and len(entries(cache_dir, ".json")) == n
    first = {p.name: p.read_bytes() for p in Path(app.outdir).glob("doc*.html")}

    renders.clear()
    new_process()
    again = make_app(
        "html", srcdir=project, confoverrides=SERIAL, freshenv=True
    )  # every document read and written anew
    again.build(force_all=True)
    assert renders == Counter()
    assert rendering.CACHE.stats.disk_hits == 2 * n
    assert {p.name: p.read_bytes() for p in Path(again.outdir).glob("doc*.html")} == first


def test_text_after_html_reuses_the_ascii_art(make_app, project, renders):
    make_app("html", srcdir=project, confoverrides=SERIAL).build()
    renders.clear()
    new_process()
    make_app("text", srcdir=project, confoverrides=SERIAL).build()  # same doctree directory, same cache
    assert renders == Counter()


def test_editing_one_document_rerenders_only_its_changed_diagram(make_app, project, renders):
    make_app("html", srcdir=project, confoverrides=SERIAL).build()
    renders.clear()
    new_process()
    doc = project / "doc002.rst"
    corpus.touch_one(doc)  # one message label of the first ladder changes
    app = make_app("html", srcdir=project, confoverrides=SERIAL)
    app.build()
    assert renders == Counter({("ladder", "svg"): 1, ("ladder", "ascii"): 1})
    assert "n0 edited" in (Path(app.outdir) / "doc002.html").read_text()


def test_a_changed_width_rerenders_every_ascii_art(make_app, project, renders):
    make_app("html", srcdir=project, confoverrides=SERIAL).build()
    n = diagrams_in(project)
    renders.clear()
    new_process()
    make_app("html", srcdir=project, confoverrides={**SERIAL, "protomodel_text_width": 64}, freshenv=True).build()
    assert graphics(renders, "ascii") == n


#: Sphinx reads in parallel only more than five documents.
MODES = pytest.mark.parametrize(
    ("parallel", "documents"), [(0, 4), (2, 8)], ids=["serial build", "parallel build (-j 2)"]
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker processes are forked: Linux only")
@MODES
def test_worker_processes_draw_what_the_writers_need(make_app, renders, tmp_path, monkeypatch, parallel, documents):
    from sphinxcontrib_protomodel.rendering import pool

    drawn_by = tmp_path / "drawn-by"
    real_draw_task = pool._draw_task

    def draw_task(task):  # inherited by the forked workers: each notes its process
        with drawn_by.open("a") as out:
            out.write(f"{os.getpid()}\n")
        real_draw_task(task)

    monkeypatch.setattr(pool, "_draw_task", draw_task)
    src = tmp_path / "src"
    corpus.write_corpus(src, "protomodel", documents=documents, per_document=3)
    app = make_app("html", srcdir=src, confoverrides={"protomodel_render_workers": 2}, parallel=parallel)
    app.build()
    n = diagrams_in(src)
    assert not app.warning.getvalue().strip()
    assert set(drawn_by.read_text().split()) - {str(os.getpid())}  # worker processes drew
    assert graphics(renders) < n  # so this process drew fewer than all
    cache_dir = Path(app.doctreedir) / "protomodel-cache"
    assert len(list(cache_dir.glob("*.svg"))) == n  # stored for the next build
    assert not rendering.pool.SPOOL.running and not list(cache_dir.glob("spool-*"))  # stopped, removed
    with_workers = {p.name: p.read_bytes() for p in Path(app.outdir).glob("doc*.html")}

    serial_src = tmp_path / "serial"
    corpus.write_corpus(serial_src, "protomodel", documents=documents, per_document=3)
    rendering.CACHE.clear_memory()
    renders.clear()
    serial_app = make_app("html", srcdir=serial_src, confoverrides=SERIAL)
    serial_app.build()
    assert graphics(renders) == n
    assert {p.name: p.read_bytes() for p in Path(serial_app.outdir).glob("doc*.html")} == with_workers


@MODES
def test_an_incremental_build_queues_only_the_documents_it_read(make_app, tmp_path, monkeypatch, parallel, documents):
    from sphinxcontrib_protomodel.sphinx_ext import prefetch

    builds: list[list[tuple]] = []  # the jobs handed to the worker processes, build by build

    def record(jobs, workers):
        builds[-1].extend(jobs)
        return 0

    monkeypatch.setattr(prefetch.SPOOL, "submit", record)
    project = tmp_path / "src"
    corpus.write_corpus(project, "protomodel", documents=documents, per_document=3)

    def build(builder):
        builds.append([])
        make_app(builder, srcdir=project, confoverrides={"protomodel_render_workers": 2}, parallel=parallel).build()
        keys = [rendering.cache_key(*job) for job in builds[-1]]
        assert len(keys) == len(set(keys))  # handed over as read: none twice
        return builds[-1]

    def svgs(jobs):
        return [job for job in jobs if job[0] == "svg"]

    n = diagrams_in(project)
    assert len(svgs(build("html"))) == n  # a first build reads everything
    corpus.touch_one(project / "doc002.rst")
    jobs = build("html")
    per_doc = (project / "doc002.rst").read_text().count("\n.. ")
    assert len(svgs(jobs)) == per_doc
    assert any("n0 edited" in repr(job[1]) for job in svgs(jobs))
    # the model checks read the facts recorded of every other diagram's ASCII art: nothing more is queued
    assert {id(job[1]) for job in jobs} == {id(job[1]) for job in svgs(jobs)}

    assert build("text") == []  # reads nothing new, checks nothing


def test_an_incremental_build_checks_models_from_stored_facts_and_reuses_the_index_page(
    make_app, project, renders, monkeypatch
):
    """The checks look up only the ASCII art of documents read again; the index page stays while it shows the same."""
    from sphinxcontrib_protomodel.sphinx_ext import facts, model_index

    looked_up: list[str] = []  # documents whose ASCII art the checks asked for
    real_facts = facts.ascii_facts
    monkeypatch.setattr(facts, "ascii_facts", lambda d: looked_up.append(d.docname) or real_facts(d))
    pages: list[str] = []  # index pages written anew
    real_build = model_index.ModelIndexRenderer.build
    monkeypatch.setattr(
        model_index.ModelIndexRenderer, "build", lambda self, *a: pages.append(self.fromdocname) or real_build(self, *a)
    )

    def build():
        looked_up.clear()
        pages.clear()
        new_process()
        app = make_app("html", srcdir=project, confoverrides=SERIAL)
        app.build()
        # (a second app in one process registers Sphinx's nodes again: nothing of ours)
        assert [w for w in app.warning.getvalue().splitlines() if "already registered" not in w] == []
        return (Path(app.outdir) / "protomodel-index.html").read_text()

    first = build()
    assert sorted(set(looked_up)) == [f"doc{i:03d}" for i in range(4)] and pages == ["protomodel-index"]

    corpus.touch_one(project / "doc002.rst")  # a message label: the page shows nothing of it
    assert build() == first
    assert set(looked_up) == {"doc002"} and len(looked_up) == (project / "doc002.rst").read_text().count("\n.. ")
    assert pages == []

    doc = project / "doc002.rst"
    doc.write_text(doc.read_text().replace(".. ladder:: Ladder 2.0\n", ".. ladder:: Ladder 2.0 renamed\n", 1))
    page = build()
    assert pages == ["protomodel-index"] and "Ladder 2.0 renamed" in page and "Ladder 2.0 renamed" not in first
