"""Render the build's new diagrams on every core, before the writers ask.

What a builder will ask for is known (SVG and ASCII for HTML, PNG for
LaTeX, ...), and so are the diagrams of each document once it is read (the
``protomodel`` domain records them).

* A serial build streams (:data:`..rendering.pool.STREAM`): each document's
  diagrams start rendering in worker processes as soon as it is read, while
  Sphinx goes on reading and then writing; a writer waits only for a
  rendering still under way.
* A parallel build (``-j``), whose readers and writers are forked processes,
  renders everything new at ``write-started`` (:func:`..rendering.pool.prerender`)
  and is done with its workers before Sphinx forks its writers.

Documents not read again kept their diagrams, whose renderings are in the
cache already; leaving them out keeps an incremental build from even
looking them up.  The exception is the ASCII art of every diagram for HTML
and the check builder: the model checks (behind the model index page) read
all of it, so it is looked up, and rendered in parallel if the cache lost
it (a new renderer, a pruned entry).

``protomodel_render_workers = 1`` turns this off; 0 (the default) means one
process per core.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..rendering.pool import STREAM, Job, available_cores, prerender

logger = logging.getLogger(__name__)

#: The documents each application (re)reads in its current build.
_READ: weakref.WeakKeyDictionary[Sphinx, set[str]] = weakref.WeakKeyDictionary()


def jobs_for(app: Sphinx, docnames: Iterable[str] | None = None) -> list[Job]:
    """The renderings the current builder's writers will ask for, diagram by diagram.

    ``docnames``: only the diagrams of these documents (default: all).
    """
    try:
        docs = app.env.domains["protomodel"].data["docs"]
        wanted = docs if docnames is None else [name for name in docnames if name in docs]
        records = [d for name in sorted(wanted) for d in docs[name].get("diagrams", ())]
    except (KeyError, AttributeError, TypeError):
        return []
    fmt = app.builder.format
    font = app.config.protomodel_font
    jobs: list[Job] = []
    for record in records:
        diagram, options = record.diagram, record.options
        if diagram is None or options is None:
            continue
        if fmt == "html":
            jobs += [("svg", diagram, options, font), ("ascii", diagram, options, None)]
        elif fmt == "latex":
            jobs.append(("png", diagram, options, font))
        elif fmt == "rfcxml":
            from ..rfc.artset import rfc_options

            rfc = rfc_options(options, app.config.protomodel_rfc_art_width)
            jobs += [("rfc-svg", diagram, rfc, font), ("ascii", diagram, rfc, None)]
        else:
            jobs.append(("ascii", diagram, options, None))
    return jobs


def _workers(app: Sphinx) -> int:
    return app.config.protomodel_render_workers or available_cores()


def _streams(app: Sphinx) -> bool:
    """Whether this build renders as it reads: a serial build (Sphinx forks no readers or writers)."""
    return app.parallel <= 1 and _workers(app) >= 2


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    _READ[app] = set(docnames)


def _doctree_read(app: Sphinx, doctree: Any) -> None:
    if _streams(app):
        STREAM.submit(jobs_for(app, [app.env.docname]), _workers(app))


#: Builder formats whose model checks read the ASCII art of every diagram.
CHECKING_FORMATS = frozenset({"html", "modelcheck"})


def _write_started(app: Sphinx, builder: Any) -> None:
    read = _READ.pop(app, set())
    workers = _workers(app)
    if workers < 2:
        return
    streams = _streams(app)
    # A serial build submitted the documents it read as it read them.
    jobs = jobs_for(app, read) if read and not streams else []
    if builder.format in CHECKING_FORMATS:
        others = None if not streams else [name for name in app.env.found_docs if name not in read]
        jobs += [job for job in jobs_for(app, others) if job[0] == "ascii"]
    if not jobs:
        return
    if streams:
        STREAM.submit(jobs, workers)
        return
    start = time.perf_counter()
    done = prerender(jobs, workers)
    if done:
        logger.verbose(
            "protomodel: rendered %d diagrams in %d processes in %.1f s", done, workers, time.perf_counter() - start
        )


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    STREAM.close()


def setup_prefetch(app: Sphinx) -> None:
    app.add_config_value("protomodel_render_workers", 0, "", types=[int])
    app.connect("env-before-read-docs", _before_read, priority=900)  # after others changed the list
    app.connect("doctree-read", _doctree_read, priority=900)  # after the domain recorded the diagrams
    app.connect("write-started", _write_started)
    app.connect("build-finished", _build_finished)
