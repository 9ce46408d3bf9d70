"""Render the build's new diagrams on every core, as soon as their documents are read.

What a builder will ask for is known (SVG and ASCII for HTML, PNG for
LaTeX, ...), and so are the diagrams of each document once it is read (the
``protomodel`` domain records them), so they are queued for worker
processes (:data:`..rendering.pool.SPOOL`) at once: by ``doctree-read`` in a
serial build, by ``env-merge-info`` when Sphinx reads in parallel (its
readers are forked processes; the one that started the build queues).  A
writer then finds each rendering in the cache, waits for the worker drawing
it, or draws it itself.

Documents not read again kept their diagrams, whose renderings are in the
cache already; leaving them out keeps an incremental build from even
looking them up.  The model checks (HTML, ``modelcheck``) need facts of
every diagram's ASCII art, kept across builds (:mod:`.facts`): those it
lacks are queued at ``write-started``.

``protomodel_render_workers = 1`` turns this off; 0 (the default) means one
process per core.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..rendering.pool import SPOOL, Job, available_cores

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


#: The process that runs the build (Sphinx's readers and writers are forks of it), by application.
_MAIN: weakref.WeakKeyDictionary[Sphinx, int] = weakref.WeakKeyDictionary()


def queue(app: Sphinx, jobs: list[Job]) -> None:
    """Queue ``jobs`` for the workers, from the process that runs the build only."""
    workers = _workers(app)
    if jobs and workers >= 2 and _MAIN.get(app) == os.getpid():
        SPOOL.submit(jobs, workers)


def _builder_inited(app: Sphinx) -> None:
    from ..rendering import CACHE

    _MAIN[app] = os.getpid()
    SPOOL.begin(CACHE.directory)


def queue_ascii(app: Sphinx, records: Iterable[Any]) -> None:
    """Queue the ASCII art of diagram ``records`` whose documents were not read (so not queued) in this build."""
    read = _READ.get(app, set())
    queue(app, [("ascii", d.diagram, d.options, None) for d in records if d.docname not in read])


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    _READ[app] = set(docnames)


def _doctree_read(app: Sphinx, doctree: Any) -> None:
    queue(app, jobs_for(app, [app.env.docname]))  # a parallel reader is not the main process: no-op


def _merged(app: Sphinx, env: Any, docnames: Iterable[str], other: Any) -> None:
    queue(app, jobs_for(app, docnames))


#: Builder formats that check models (the model index of HTML, the ``modelcheck`` report).
CHECKING_FORMATS = frozenset({"html", "modelcheck"})


def _write_started(app: Sphinx, builder: Any) -> None:
    if builder.format in CHECKING_FORMATS:
        from .facts import ascii_facts_of

        docs = app.env.domains["protomodel"].data["docs"]
        records = [d for record in docs.values() for d in record["diagrams"]]
        queue_ascii(app, ascii_facts_of(app.env).missing(records))


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if SPOOL.running:
        logger.verbose("protomodel: %d diagrams queued for %d worker processes", SPOOL.queued, SPOOL.workers)
    SPOOL.close()


def setup_prefetch(app: Sphinx) -> None:
    app.add_config_value("protomodel_render_workers", 0, "", types=[int])
    app.connect("builder-inited", _builder_inited)
    app.connect("env-before-read-docs", _before_read, priority=900)  # after others changed the list
    app.connect("doctree-read", _doctree_read, priority=900)  # after the domain recorded the diagrams
    app.connect("env-merge-info", _merged)
    app.connect("write-started", _write_started)
    app.connect("build-finished", _build_finished)
