"""Before the writers start: render the build's diagrams on every core.

Sphinx writes serially unless run with ``-j``, and even then in chunks of
whole documents.  At ``write-started`` every diagram of the project is known
(the ``protomodel`` domain records them as documents are read), and so is
what this builder will ask for (SVG and ASCII for HTML, PNG for LaTeX, ...),
so the uncached renderings are done up front by :func:`..rendering.pool.prerender`.
``protomodel_render_workers = 1`` turns this off; 0 (the default) means one
process per core.
"""

from __future__ import annotations

import time
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..rendering.pool import Job, available_cores, prerender

logger = logging.getLogger(__name__)


def jobs_for(app: Sphinx) -> list[Job]:
    """The renderings the current builder's writers will ask for, diagram by diagram."""
    try:
        domain = app.env.domains["protomodel"]
        records = [d for doc in domain.data["docs"].values() for d in doc.get("diagrams", ())]
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


def _write_started(app: Sphinx, builder: Any) -> None:
    workers = app.config.protomodel_render_workers or available_cores()
    if workers < 2:
        return
    start = time.perf_counter()
    done = prerender(jobs_for(app), workers)
    if done:
        logger.verbose(
            "protomodel: rendered %d diagrams in %d processes in %.1f s", done, workers, time.perf_counter() - start
        )


def setup_prefetch(app: Sphinx) -> None:
    app.add_config_value("protomodel_render_workers", 0, "", types=[int])
    app.connect("write-started", _write_started)
