"""Render diagrams in worker processes while the build goes on.

Sphinx reads and writes documents one after another (or, with ``-j``, in
forked processes, chunks of whole documents), and a diagram costs tens of
milliseconds in a layout search, seqdiag or blockdiag.  The :data:`SPOOL`
hands each diagram's renderings to worker processes as soon as its document
is read; whoever needs a rendering (a writer, a model check) then finds it in
the rendering cache, waits for the worker drawing it, or draws it itself if
no worker has started on it (:meth:`Spool.wait`, which
:func:`~sphinxcontrib_protomodel.rendering.render` asks on a cache miss).

The spool is a directory of task files beside the on-disk rendering cache,
and the renderings come back through that cache: no thread and no pipe, so
Sphinx may fork its own readers and writers at any time, and those may wait
for, or take on, a rendering too.  A worker takes a task by renaming its
file to ``<task>.<pid>.taken``, writes each rendering to the cache, then
removes the file.  Workers are forked (Linux only, where that is cheap) from
the process that started the build, while it runs no other thread.

The output is the same bytes either way: the workers run the very same
:func:`~sphinxcontrib_protomodel.rendering.render`.  A failure here is never
an error: what no worker drew is drawn where it is needed, which reports
problems where they belong.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagrams import Diagram, RenderOptions
from .cache import write_atomically

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from . import Format

#: Fewer pending renderings than this wait for more before workers are forked: a fork costs more.
MIN_JOBS = 4

#: Seconds between two looks at the spool, for a process waiting and a worker that just had work.
POLL = 0.002
#: The longest pause of an idle worker between two looks.
IDLE_POLL = 0.02

#: (format, diagram, options, font): one rendering a build will ask for.  A tuple, not a
#: dataclass, because :mod:`..sphinx_ext.prefetch` and the tests build them as tuples.
Job = tuple["Format", Diagram, RenderOptions, "str | None"]

#: The renderings of one diagram, with their cache keys: one task, drawn by one worker, so
#: that what one rendering computes and keeps (a layout, the SVG an RFC SVG is made from)
#: serves the others.
Task = list[tuple[str, Job]]


#: A container's CPU quota (cgroup v2): "max 100000", or "200000 100000" for two CPUs.
CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def available_cores() -> int:
    """The CPU cores this process may use: its affinity, within a container's CPU quota (cgroup v2)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        quota, period = CPU_MAX.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return cores


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


def _tasks(todo: list[tuple[str, Job]]) -> list[Task]:
    """The jobs grouped by diagram, in the order first met."""
    by_diagram: dict[int, Task] = {}
    for key, job in todo:
        by_diagram.setdefault(id(job[1]), []).append((key, job))
    return list(by_diagram.values())


def _draw_task(task: Task) -> None:
    """Render a task's jobs through the normal, cached entry point (the cache keeps them)."""
    from . import render

    for _, (fmt, diagram, options, font) in task:
        # A failure is not cached on disk: whoever needs the rendering draws it and reports it.
        with contextlib.suppress(Exception):
            render(fmt, diagram, options, font)


def _take(root: Path, stem: str) -> Task | None:
    """Take the task ``stem`` if nobody has: its jobs (draw them, then call :func:`_done`)."""
    taken = root / f"{stem}.{os.getpid()}.taken"
    try:
        os.rename(root / f"{stem}.task", taken)
    except OSError:
        return None  # taken by someone else, or never queued
    try:
        task: Task = pickle.loads(taken.read_bytes())
    except Exception:  # unreadable: give it up, and whoever needs it draws it
        _done(root, stem)
        return None
    return task


def _done(root: Path, stem: str) -> None:
    """Give up the task ``stem``: its renderings are in the cache (or failed)."""
    with contextlib.suppress(OSError):
        os.unlink(root / f"{stem}.{os.getpid()}.taken")


def _serve(root: Path, parent: int) -> None:
    """A worker: take the spool's tasks in order and draw them, until told to stop or orphaned.

    ``parent``: the process that forked it, named by that process (asking
    ``os.getppid()`` here would miss a parent that died before the worker got going).
    Ctrl-C is the build's to handle (the worker stops with it); an idle
    worker looks at the spool less and less often, up to :data:`IDLE_POLL`.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pause = POLL
    while not (root / "stop").exists() and os.getppid() == parent:
        try:
            stems = sorted(name[: -len(".task")] for name in os.listdir(root) if name.endswith(".task"))
        except OSError:
            return  # the spool is gone
        for stem in stems:
            task = _take(root, stem)
            if task is not None:
                _draw_task(task)
                _done(root, stem)
                pause = POLL
                break
        else:
            time.sleep(pause)
            pause = min(2 * pause, IDLE_POLL)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (Linux: not a zombie, dead but not yet reaped, nor a stopped process)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X", "T", "t")


class Spool:
    """Renderings queued for worker processes; see the module docstring.

    :meth:`submit` queues the jobs not cached nor queued yet, diagram by
    diagram in the order given (the order the writers will want them);
    :meth:`wait` gets a rendering ready for whoever needs it; :meth:`close`
    stops the workers.
    """

    def __init__(self) -> None:
        self.root: Path | None = None  # the spool directory, while workers run
        self.owner = 0  # the process that started them
        self._workers: list[BaseProcess] = []
        self._stems: dict[str, str] = {}  # cache key -> task file stem, for every job queued
        self._waiting: list[tuple[str, Job]] = []  # too few to fork for, yet
        self.queued = 0  # tasks (diagrams) queued since the workers started
        self._exit_hook = False

    @property
    def workers(self) -> int:
        """How many worker processes this process started."""
        return len(self._workers)

    @property
    def running(self) -> bool:
        """Whether this process started workers that have not been stopped."""
        return self.root is not None and os.getpid() == self.owner

    def submit(self, jobs: Iterable[Job], workers: int) -> int:
        """Queue the uncached ``jobs`` for ``workers`` processes; return how many were queued.

        Only the process that starts the workers queues: a forked copy (a
        worker, a Sphinx reader or writer) does nothing here.
        """
        if self.root is not None and not self.running:
            return 0
        waiting = {key for key, _ in self._waiting}
        self._waiting += [(k, job) for k, job in pending(jobs) if k not in self._stems and k not in waiting]
        if self.root is None and (len(self._waiting) < MIN_JOBS or not self._start(workers)):
            return 0
        assert self.root is not None
        todo, self._waiting = self._waiting, []
        for task in _tasks(todo):
            stem = f"{self.queued:06d}"
            self.queued += 1
            try:
                write_atomically(self.root / f"{stem}.task", pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError, AttributeError, TypeError):
                continue  # not queued: the writer draws it
            for key, _ in task:
                self._stems[key] = stem
        return len(todo)

    def _start(self, workers: int) -> bool:
        """Fork ``workers`` processes over a new spool directory beside the cache; whether they run."""
        from . import CACHE

        if workers < 2 or CACHE.directory is None or not sys.platform.startswith("linux"):
            return False
        if threading.active_count() > 1:
            return False  # forking a process that runs other threads can deadlock the child
        root = CACHE.directory / f"spool-{os.getpid()}"
        try:
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            context = multiprocessing.get_context("fork")
            for _ in range(workers):
                process = context.Process(target=_serve, args=(root, os.getpid()), daemon=True)
                process.start()
                self._workers.append(process)
        except (OSError, RuntimeError):
            self.root, self.owner = root, os.getpid()
            self.close()
            return False
        self.root, self.owner = root, os.getpid()
        if not self._exit_hook:
            atexit.register(self.close)  # a build interrupted by Ctrl-C sends no build-finished
            self._exit_hook = True
        return True

    def begin(self, directory: Path | None) -> None:
        """A build starts: stop workers an interrupted build left, remove spools of builds that are gone."""
        self.close()
        if directory is not None:
            _remove_stale_spools(directory)

    def wait(self, key: str) -> bool:
        """Get the rendering ``key`` ready if it was queued: wait for the worker drawing it, or draw it here.

        Any process may ask (a Sphinx writer forked after the task was
        queued, too).  Returns whether it was queued: the rendering is then
        in the cache, unless it failed (the caller draws it, and reports).
        """
        root, stem = self.root, self._stems.get(key)
        if root is None or stem is None:
            return False
        task = _take(root, stem)
        if task is not None:  # no worker has started on it: draw it here rather than wait
            _draw_task(task)
            _done(root, stem)
            return True
        prefix, me = f"{stem}.", os.getpid()
        while True:
            try:
                names = [n for n in os.listdir(root) if n.startswith(prefix) and n.endswith(".taken")]
                holders = [int(n[len(prefix) : -len(".taken")]) for n in names]
            except (OSError, ValueError):
                return True
            if me in holders:
                return False  # this process is drawing that task (the rendering asked is one of its jobs)
            if not any(_alive(pid) for pid in holders):
                return True  # drawn (the cache has it), or its worker died (the caller draws it)
            time.sleep(POLL)

    def close(self) -> None:
        """Stop the workers and remove the spool; renderings not drawn are dropped (nobody needed them)."""
        if not self.running:
            self.root = None
            self._waiting.clear()
            return
        assert self.root is not None
        with contextlib.suppress(OSError):
            (self.root / "stop").touch()
        for process in self._workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None
        self._workers.clear()
        self._stems.clear()
        self._waiting.clear()
        self.queued = 0


def _remove_stale_spools(directory: Path) -> None:
    """Spools left by a build that was killed (its process is gone), or by an earlier build of this one."""
    spools: list[str] = []
    with contextlib.suppress(OSError), os.scandir(directory) as entries:  # hundreds of cache entries: no glob
        spools = [entry.path for entry in entries if entry.name.startswith("spool-")]
    for spool in spools:
        pid = os.path.basename(spool).removeprefix("spool-")
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            shutil.rmtree(spool, ignore_errors=True)


#: The spool of the build under way (one per process).
SPOOL = Spool()


__all__ = ["MIN_JOBS", "SPOOL", "Job", "Spool", "available_cores", "pending"]
