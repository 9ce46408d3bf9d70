"""Render many diagrams at once, on every core, before the writers ask.

Sphinx writes documents one after another (or in ``-j`` chunks of whole
documents), and each diagram costs tens to hundreds of milliseconds in
seqdiag, blockdiag or a layout search.  Two ways to spread that over worker
processes, both through the very same
:func:`~sphinxcontrib_protomodel.rendering.render`, so the output is the same
bytes either way:

* :data:`STREAM` (a serial build): renderings start as soon as a document is
  read, while Sphinx reads the next ones and writes; a writer that needs one
  still under way waits for it (:func:`~sphinxcontrib_protomodel.rendering.render`
  asks :meth:`Stream.wait`).
* :func:`prerender` (a parallel build, which forks its own processes): every
  rendering at once, before the writers start, and the workers are gone
  before Sphinx forks again.

Both drop what is cached already and put the results in the rendering cache
(memory here, and the on-disk store the workers write).  Workers are forked
(Linux only, where that is cheap, and only from a process that runs no other
thread, where it is safe); otherwise, or when there is too little to do,
nothing happens and the writers render as before.  A failure here is never
an error: whatever did not get rendered is rendered by the writer, which
reports problems where they belong.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagrams import AsciiArt, Diagram, RenderError, RenderOptions
from .cache import Failure

if TYPE_CHECKING:
    from . import Format

#: Fewer pending renderings than this are left to the writers: a fork costs more.
MIN_JOBS = 4

#: Rough relative cost of a rendering, to start the slowest first.
_COST = {"ascii": 1, "svg": 3, "rfc-svg": 3, "png": 6}
_KIND_COST = {"ladder": 1, "problem": 3, "statemachine": 4}

#: (format, diagram, options, font): one rendering a build will ask for.  A tuple, not a
#: dataclass, because :mod:`..sphinx_ext.prefetch` and the tests build them as tuples.
Job = tuple["Format", Diagram, RenderOptions, "str | None"]


def available_cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cost(job: Job) -> int:
    fmt, diagram, _, _ = job
    size = len(getattr(diagram, "items", ()) or getattr(diagram, "transitions", ()) or ()) + len(
        getattr(diagram, "relations", ()) or ()
    )
    return _COST.get(fmt, 1) * _KIND_COST.get(getattr(diagram, "kind", ""), 1) * (10 + size)


@dataclass(frozen=True)
class Rendered:
    """What a worker sends back: the cache key and format of a rendering, and the rendering (or why it failed)."""

    key: str
    fmt: Format
    value: AsciiArt | str | bytes | Failure


def _work(jobs: list[tuple[str, Job]]) -> list[Rendered]:
    """In a worker: render one diagram's jobs through the normal, cached entry point.

    A diagram's formats go to one worker, so that what one rendering computes
    and keeps (a layout, the SVG an RFC SVG is made from) serves the others.
    """
    from . import render

    out = []
    for key, (fmt, diagram, options, font) in jobs:
        try:
            out.append(Rendered(key, fmt, render(fmt, diagram, options, font)))
        except RenderError as exc:
            out.append(Rendered(key, fmt, Failure(str(exc))))
        except Exception:  # a renderer bug: the writer will meet it and report it
            continue
    return out


def pending(jobs: Iterable[Job]) -> list[tuple[str, Job]]:
    """The jobs whose rendering is not cached yet, once each, by key."""
    from . import CACHE, cache_key

    todo: dict[str, Job] = {}
    for job in jobs:
        fmt, diagram, options, font = job
        key = cache_key(fmt, diagram, options, font)
        if key in todo:
            continue
        hit, _ = CACHE.get(key, fmt)
        if not hit:
            todo[key] = job
    return list(todo.items())


def _tasks(todo: list[tuple[str, Job]]) -> list[list[tuple[str, Job]]]:
    """The jobs grouped by diagram, in the order first met."""
    by_diagram: dict[int, list[tuple[str, Job]]] = {}
    for key, job in todo:
        by_diagram.setdefault(id(job[1]), []).append((key, job))
    return list(by_diagram.values())


def _can_fork(workers: int) -> bool:
    return workers >= 2 and sys.platform.startswith("linux") and threading.active_count() == 1


def prerender(jobs: Iterable[Job], workers: int | None = None) -> int:
    """Render the uncached ``jobs`` in parallel into the cache; return how many.

    ``workers``: processes to use (``None`` or 0: one per core).  Returns 0
    without doing anything when parallel rendering is off, unavailable or
    not worth it.
    """
    from . import CACHE

    workers = workers or available_cores()
    if not _can_fork(workers):  # forking a process that runs other threads can deadlock the child
        return 0
    todo = pending(jobs)
    if len(todo) < MIN_JOBS:
        return 0
    tasks = sorted(_tasks(todo), key=lambda task: (-sum(_cost(job) for _, job in task), task[0][0]))
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
            for future in as_completed([pool.submit(_work, task) for task in tasks]):
                try:
                    results = future.result()
                except Exception:  # a worker died: the writers render what is missing
                    continue
                for rendered in results:
                    # The worker already wrote the entry to disk; keep it in memory here.
                    CACHE.put(rendered.key, rendered.fmt, rendered.value, persist=False)
                    done += 1
    except (OSError, RuntimeError, ImportError):  # no fork, no semaphores, a broken pool
        return done
    return done


class Stream:
    """Renderings under way in worker processes while a serial build reads and writes.

    :meth:`submit` starts the jobs not cached nor under way yet, diagram by
    diagram in the order given (the order the writers will want them);
    :meth:`wait` lets a writer wait for the one it needs; :meth:`close` stops
    the workers.  The pool starts with the first :data:`MIN_JOBS` jobs, from
    the process that submits them; its workers (forked copies) and any other
    process never wait on it.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._owner = 0  # the process whose pool this is
        self._futures: dict[str, Future[list[Rendered]]] = {}
        self._waiting: list[tuple[str, Job]] = []  # too few to start the pool for, yet

    @property
    def running(self) -> bool:
        return self._executor is not None and os.getpid() == self._owner

    def submit(self, jobs: Iterable[Job], workers: int) -> int:
        """Start rendering the uncached ``jobs`` in ``workers`` processes; return how many were started."""
        if self._executor is not None and not self.running:
            return 0  # a forked copy: the pool belongs to the parent
        queued = {key for key, _ in self._waiting}
        self._waiting += [(k, job) for k, job in pending(jobs) if k not in self._futures and k not in queued]
        if self._executor is None:
            if len(self._waiting) < MIN_JOBS or not _can_fork(workers):
                return 0
            self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
            self._owner = os.getpid()
        todo, self._waiting = self._waiting, []
        started = 0
        for task in _tasks(todo):
            try:
                future = self._executor.submit(_work, task)
            except (OSError, RuntimeError):  # a broken pool: the writers render what is left
                break
            for key, _ in task:
                self._futures[key] = future
            started += len(task)
        return started

    def wait(self, key: str) -> bool:
        """Wait for ``key`` if it is under way, and cache its diagram's renderings; whether it was under way."""
        if not self.running:
            return False
        future = self._futures.pop(key, None)
        if future is None:
            return False
        from . import CACHE

        try:
            results = future.result()
        except Exception:  # a worker died: the writer renders it
            return False
        for rendered in results:
            self._futures.pop(rendered.key, None)
            # The worker already wrote the entry to disk; keep it in memory here.
            CACHE.put(rendered.key, rendered.fmt, rendered.value, persist=False)
        return True

    def close(self) -> None:
        """Stop the workers; renderings not done are dropped (the writers did without them)."""
        if self.running and self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = None
        self._futures.clear()
        self._waiting.clear()


#: The stream of the serial build under way (one per process).
STREAM = Stream()


__all__ = ["MIN_JOBS", "STREAM", "Stream", "available_cores", "pending", "prerender"]
