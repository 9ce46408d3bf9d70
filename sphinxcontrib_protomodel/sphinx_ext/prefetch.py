"""Before the writers start: render the build's new diagrams on every core.

Sphinx writes serially unless run with ``-j``, and even then in chunks of
whole documents.  At ``write-started`` the diagrams of every document read
in this build are known (the ``protomodel`` domain records them), and so is
what this builder will ask for (SVG and ASCII for HTML, PNG for LaTeX, ...),
so their uncached renderings are done up front by
:func:`..rendering.pool.prerender`.  Documents not read again kept their
diagrams, whose renderings are in the cache already; leaving them out keeps
an incremental build from even looking them up.  The exception is the ASCII
art of every diagram for HTML and the check builder: the model checks
(behind the model index page) read all of it, so it is looked up, and
rendered in parallel if the cache lost it (a new renderer, a pruned entry).

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

from ..rendering.pool import Job, available_cores, prerender

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


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    _READ[app] = set(docnames)


#: Builder formats whose model checks read the ASCII art of every diagram.
CHECKING_FORMATS = frozenset({"html", "modelcheck"})


def _write_started(app: Sphinx, builder: Any) -> None:
    read = _READ.pop(app, set())
    workers = app.config.protomodel_render_workers or available_cores()
    if workers < 2:
        return
    jobs = jobs_for(app, read) if read else []
    if builder.format in CHECKING_FORMATS:
        jobs += [job for job in jobs_for(app) if job[0] == "ascii"]
    if not jobs:
        return
    start = time.perf_counter()
    done = prerender(jobs, workers)
    if done:
        logger.verbose(
            "protomodel: rendered %d diagrams in %d processes in %.1f s", done, workers, time.perf_counter() - start
        )


def setup_prefetch(app: Sphinx) -> None:
    app.add_config_value("protomodel_render_workers", 0, "", types=[int])
    app.connect("env-before-read-docs", _before_read, priority=900)  # after others changed the list
    app.connect("write-started", _write_started)
