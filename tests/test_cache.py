"""The rendering cache: keys, memory, the on-disk store and its safety under -j."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import Group, Ladder, Message, Participant, RenderError, RenderOptions
from sphinxcontrib_protomodel.engines import diag as engine
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
from sphinxcontrib_protomodel.rendering import cache as cache_mod

DIAG = RenderOptions(engine="diag")  # counts seqdiag runs: the engine the cache spares most

BODY = """\
participant C as Client
participant S as Server
C -> S: DCCP-Request
    Ports, Service, Features
S -> C: DCCP-Response
C -> S: DCCP-Ack
"""


@pytest.fixture
def fresh_cache(monkeypatch):
    """A private cache, memory only, so no test sees another's entries."""
    cache = cache_mod.RenderCache()
    monkeypatch.setattr(rendering, "CACHE", cache)
    return cache


@pytest.fixture
def draw_calls(monkeypatch):
    """Every call to the seqdiag/blockdiag engine, recorded."""
    calls: list[tuple[str, str]] = []
    real = engine.draw

    def counting(source, fmt="SVG", font=None):
        calls.append((source.package, fmt))
        return real(source, fmt, font)

    monkeypatch.setattr(engine, "draw", counting)
    return calls


def ladder(label: str = "DCCP-Request") -> Ladder:
    return parse_ladder(BODY.replace("DCCP-Request", label), "DCCP")


# ------------------------------------------------------------------ keys


def test_equal_models_share_a_key_whatever_object_identity():
    a = Ladder("t", (Participant("C", "C"), Participant("S", "S")), (Message("C", "S", "hi"),))
    # Same values built from distinct string objects: pickle would differ here.
    c, s = "".join(["C"]), "".join(["S"])
    b = Ladder("".join(["t"]), (Participant(c, c), Participant(s, "".join(["S"]))), (Message(c, s, "h" + "i"),))
    assert a == b
    assert rendering.cache_key("svg", a, RenderOptions(), None) == rendering.cache_key("svg", b, RenderOptions(), None)


def test_key_changes_with_everything_that_changes_a_rendering(monkeypatch):
    base = ladder()
    key = rendering.cache_key("ascii", base, RenderOptions(), None)
    assert key == rendering.cache_key("ascii", ladder(), RenderOptions(), None)
    assert key != rendering.cache_key("ascii", ladder("DCCP-Request2"), RenderOptions(), None)
    assert key != rendering.cache_key("ascii", base, RenderOptions(width=60), None)
    assert key != rendering.cache_key("ascii", base, RenderOptions(style="lifelines"), None)
    assert key != rendering.cache_key("svg", base, RenderOptions(), None)
    assert rendering.cache_key("svg", base, RenderOptions(), None) != rendering.cache_key(
        "png", base, RenderOptions(), None
    )
    retitled = dataclasses.replace(base, title="other")
    assert key != rendering.cache_key("ascii", retitled, RenderOptions(), None)
    monkeypatch.setattr(rendering, "RENDERER_VERSION", "999")
    assert key != rendering.cache_key("ascii", base, RenderOptions(), None)
    monkeypatch.undo()
    import sphinxcontrib_protomodel

    monkeypatch.setattr(sphinxcontrib_protomodel, "__version__", "99.0")
    assert key != rendering.cache_key("ascii", base, RenderOptions(), None)


def test_the_font_keys_what_it_draws_and_nothing_else(tmp_path):
    font = tmp_path / "Font.ttf"
    font.write_bytes(b"not really a font, but a file")
    base = ladder()

    def keyed_by_font(fmt, options):
        return rendering.cache_key(fmt, base, options, None) != rendering.cache_key(fmt, base, options, str(font))

    assert keyed_by_font("png", RenderOptions())  # Pillow draws the text with it
    assert keyed_by_font("svg", DIAG) and keyed_by_font("png", DIAG)  # seqdiag measures with it
    # the ASCII art, and our SVG whose text sits in cells whatever the font, do not depend on it
    assert not keyed_by_font("ascii", RenderOptions()) and not keyed_by_font("ascii", DIAG)
    assert not keyed_by_font("svg", RenderOptions()) and not keyed_by_font("rfc-svg", RenderOptions())


def test_only_a_diagram_on_the_diag_engine_looks_up_the_engines_versions(monkeypatch):
    from sphinxcontrib_protomodel.rendering import cache as cache_module

    looked_up = []
    monkeypatch.setattr(cache_module, "_distribution_versions", lambda: looked_up.append(1) or ())
    base = ladder()
    for fmt in ("ascii", "svg", "rfc-svg", "png"):
        rendering.cache_key(fmt, base, RenderOptions(width=70), None)
    assert looked_up == []  # tens of milliseconds of metadata scanning, spared
    rendering.cache_key("svg", base, RenderOptions(width=70, engine="diag"), None)
    assert looked_up == [1]


def test_a_deeply_nested_model_is_keyed_without_recursion_error():
    item = Message("A", "B", "x")
    for depth in range(50_000):
        item = Group(f"g{depth % 7}", (item,))
    deep = Ladder("deep", (Participant("A", "A"), Participant("B", "B")), (item,))
    key = rendering.cache_key("svg", deep, RenderOptions(), None)
    assert len(key) == 64


def test_unknown_format_is_refused(fresh_cache):
    with pytest.raises(ValueError, match="unknown rendering format 'gif'"):
        rendering.render("gif", ladder(), RenderOptions())


# ---------------------------------------------------------------- memory


def test_the_engine_runs_once_per_diagram_and_format(fresh_cache, draw_calls):
    first = rendering.render("svg", ladder(), DIAG)
    again = rendering.render("svg", ladder(), DIAG)
    assert first == again and "DCCP-Request" in first
    assert draw_calls == [("seqdiag", "SVG")]
    rendering.render("svg", ladder("Other"), DIAG)
    rendering.render("png", ladder(), DIAG)
    rendering.render("png", ladder(), DIAG)
    assert draw_calls == [("seqdiag", "SVG"), ("seqdiag", "SVG"), ("seqdiag", "PNG")]
    assert fresh_cache.stats.memory_hits == 2


def test_an_engine_failure_is_remembered_in_memory_only(fresh_cache, monkeypatch, tmp_path):
    fresh_cache.configure(tmp_path)
    calls = []

    def failing(source, fmt="SVG", font=None):
        calls.append(fmt)
        raise RenderError("seqdiag failed: boom")

    monkeypatch.setattr(engine, "draw", failing)
    for _ in range(3):
        with pytest.raises(RenderError, match="boom"):
            rendering.render("svg", ladder(), DIAG)
    assert calls == ["SVG"]
    assert list(tmp_path.iterdir()) == []


def test_memory_is_bounded(fresh_cache, monkeypatch, draw_calls):
    monkeypatch.setattr(cache_mod, "MEMORY_LIMIT", 1)
    rendering.render("svg", ladder("one"), DIAG)
    rendering.render("svg", ladder("two"), DIAG)
    assert len(fresh_cache._memory) == 1
    rendering.render("svg", ladder("one"), DIAG)  # evicted: drawn again
    assert len(draw_calls) == 3


# ------------------------------------------------------------------ disk


def test_a_new_process_finds_renderings_on_disk(fresh_cache, draw_calls, tmp_path):
    fresh_cache.configure(tmp_path)
    svg = rendering.render("svg", ladder(), DIAG)
    png = rendering.render("png", ladder(), DIAG)
    assert len(draw_calls) == 2
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png", ".svg"]
    fresh_cache.clear_memory()  # what a second sphinx-build starts with
    assert rendering.render("svg", ladder(), DIAG) == svg
    assert rendering.render("png", ladder(), DIAG) == png
    assert len(draw_calls) == 2
    assert fresh_cache.stats.disk_hits == 2


def test_a_damaged_entry_is_a_miss_and_is_replaced(fresh_cache, draw_calls, tmp_path):
    fresh_cache.configure(tmp_path)
    svg = rendering.render("svg", ladder(), DIAG)
    (entry,) = tmp_path.iterdir()
    entry.write_text(svg[: len(svg) // 2])  # as if cut off by a crash
    fresh_cache.clear_memory()
    assert rendering.render("svg", ladder(), DIAG) == svg
    assert len(draw_calls) == 2
    assert entry.read_text() == svg


def test_entries_are_written_whole_or_not_at_all(fresh_cache, monkeypatch, tmp_path):
    fresh_cache.configure(tmp_path)
    seen = []
    real_replace = os.replace

    def checking_replace(src, dst):
        # the temporary file is complete, in the same directory, and the entry
        # appears only by this rename
        assert Path(src).parent == Path(dst).parent == tmp_path
        assert not Path(dst).exists()
        seen.append(Path(src).read_text())
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", checking_replace)
    svg = rendering.render("svg", ladder(), DIAG)
    assert seen == [svg]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_a_failed_write_leaves_no_temporary_file(fresh_cache, monkeypatch, tmp_path):
    fresh_cache.configure(tmp_path)

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    svg = rendering.render("svg", ladder(), DIAG)
    assert "DCCP-Request" in svg
    assert list(tmp_path.iterdir()) == []
    assert fresh_cache.stats.write_errors == 1


def test_an_unusable_directory_falls_back_to_memory(fresh_cache, tmp_path, draw_calls):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    fresh_cache.configure(blocker / "cache")
    assert fresh_cache.directory is None
    rendering.render("svg", ladder(), DIAG)
    rendering.render("svg", ladder(), DIAG)
    assert len(draw_calls) == 1


def test_prune_removes_only_stale_entries(fresh_cache, tmp_path):
    fresh_cache.configure(tmp_path)
    rendering.render("svg", ladder("old"), DIAG)
    rendering.render("svg", ladder("new"), DIAG)
    old_key = rendering.cache_key("svg", ladder("old"), DIAG, None)
    old = tmp_path / f"{old_key}.svg"
    stale = time.time() - cache_mod.MAX_AGE_SECONDS - 60
    os.utime(old, (stale, stale))
    leftover = tmp_path / ".tmp-abandoned"
    leftover.write_text("half")
    os.utime(leftover, (stale, stale))
    new_key = rendering.cache_key("svg", ladder("new"), DIAG, None)
    assert fresh_cache.prune() == 2
    assert [p.name for p in tmp_path.iterdir()] == [f"{new_key}.svg"]


def test_a_build_prunes_the_cache_once_a_day(fresh_cache, tmp_path):
    fresh_cache.configure(tmp_path)
    entry = tmp_path / f"{'a' * 64}.svg"
    entry.write_text("<svg/>")
    stale = time.time() - cache_mod.MAX_AGE_SECONDS - 60
    os.utime(entry, (stale, stale))
    fresh_cache.configure(tmp_path, prune=True)
    assert not entry.exists() and (tmp_path / cache_mod.PRUNED_MARK).exists()
    entry.write_text("<svg/>")
    os.utime(entry, (stale, stale))
    fresh_cache.configure(tmp_path, prune=True)
    assert entry.exists()  # pruned less than a day ago: not looked at again
    yesterday = time.time() - cache_mod.PRUNE_INTERVAL_SECONDS - 60
    os.utime(tmp_path / cache_mod.PRUNED_MARK, (yesterday, yesterday))
    fresh_cache.configure(tmp_path, prune=True)
    assert not entry.exists()


def _render_many(directory: str, labels: list[str], queue) -> None:
    cache = cache_mod.RenderCache(directory)
    rendering.CACHE = cache
    out = {label: rendering.render("svg", ladder(label), DIAG) for label in labels}
    queue.put(out)


def test_concurrent_processes_share_one_directory_safely(tmp_path):
    """Four forked workers, as ``sphinx-build -j`` makes, race on the same entries."""
    labels = [f"message {i}" for i in range(6)]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_render_many, args=(str(tmp_path), labels[i:] + labels[:i], queue)) for i in range(4)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert all(r == results[0] for r in results)
    entries = sorted(tmp_path.iterdir())
    assert len(entries) == len(labels)
    assert not [p for p in entries if p.name.startswith(".tmp-")]
    expected = {rendering.cache_key("svg", ladder(lbl), DIAG, None): results[0][lbl] for lbl in labels}
    for entry in entries:
        assert entry.read_text() == expected[entry.stem]


def test_every_model_field_is_part_of_the_key():
    """The key uses the dataclasses' repr: a field hidden from it would be a stale-cache bug."""
    import sphinxcontrib_protomodel.diagrams as model_module

    classes = [
        obj
        for obj in vars(model_module).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model_module.__name__
    ]
    assert len(classes) >= 10
    for cls in classes:
        # dataclass-generated reprs are wrapped by reprlib.recursive_repr
        assert hasattr(cls.__repr__, "__wrapped__"), f"{cls.__name__} has a hand-written __repr__"
        for f in dataclasses.fields(cls):
            assert f.repr, f"{cls.__name__}.{f.name} is not in the repr, so not in the cache key"


def test_a_model_too_deep_for_repr_still_gets_a_stable_key():
    item = Message("A", "B", "x")
    for _ in range(5_000):
        item = Group("g", (item,))
    deep = Ladder("deep", (Participant("A", "A"), Participant("B", "B")), (item,))
    assert cache_mod.model_text(deep) == cache_mod.canonical(deep)
    assert rendering.cache_key("ascii", deep, RenderOptions(), None) == rendering.cache_key(
        "ascii", deep, RenderOptions(), None
    )


# ------------------------------------------------------------------ pool


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_the_spool_fills_the_cache_from_worker_processes(fresh_cache, tmp_path, monkeypatch):
    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    real = engine.draw

    def picky(source, fmt="SVG", font=None):  # runs in the workers (inherited by fork)
        if any("broken" in text for text in source.texts.values()):
            raise RenderError("seqdiag failed: broken on purpose")
        return real(source, fmt, font)

    monkeypatch.setattr(engine, "draw", picky)
    models = [ladder(f"message {i}") for i in range(5)] + [ladder("broken")]
    jobs = [(fmt, m, DIAG, None) for m in models for fmt in ("svg", "ascii")]
    spool = pool.Spool()
    try:
        assert spool.submit(jobs, workers=2) == len(jobs) and spool.running
        assert spool.submit(jobs, workers=2) == 0  # queued already
        for _, model, options, font in jobs:
            assert spool.wait(rendering.cache_key("svg", model, options, font))
    finally:
        spool.close()
    assert not spool.running and not list(tmp_path.glob("spool-*"))  # workers stopped, spool removed
    assert len(list(tmp_path.glob("*.svg"))) == 5  # written by the workers; the failure is not stored

    calls = []
    monkeypatch.setattr(engine, "draw", lambda *a, **k: calls.append(a) or picky(*a, **k))
    for m in models[:5]:
        assert "message" in rendering.render("svg", m, DIAG)
    assert calls == []  # everything came from the cache
    with pytest.raises(RenderError, match="broken on purpose"):
        rendering.render("svg", models[5], DIAG)  # drawn (and reported) where it is needed
    assert len(calls) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_a_rendering_no_worker_has_started_is_drawn_where_it_is_needed(fresh_cache, tmp_path, monkeypatch):
    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    monkeypatch.setattr(pool, "_serve", lambda root, parent: None)  # workers that never take a task
    spool = pool.Spool()
    models = [ladder(f"m{i}") for i in range(3)]
    jobs = [(fmt, model, RenderOptions(), None) for model in models for fmt in ("svg", "ascii")]
    try:
        assert spool.submit(jobs[:2], workers=2) == 0 and not spool.running  # too little to fork for, yet
        assert spool.submit(jobs, workers=2) == len(jobs)  # the waiting jobs are queued too
        assert len(list(spool.root.glob("*.task"))) == 3  # one task per diagram
        key = rendering.cache_key(*jobs[0])
        assert spool.wait(key)  # taken and drawn here
        assert fresh_cache.get(key, "svg")[0] and fresh_cache.get(rendering.cache_key(*jobs[1]), "ascii")[0]
        assert len(list(spool.root.glob("*.task"))) == 2 and not list(spool.root.glob("*.taken"))
        assert not spool.wait("0" * 64)  # never queued
    finally:
        spool.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_a_process_drawing_a_task_never_waits_for_itself(fresh_cache, tmp_path, monkeypatch):
    import signal

    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    monkeypatch.setattr(pool, "_serve", lambda root, parent: None)  # workers that never take a task
    spool = pool.Spool()
    monkeypatch.setattr(pool, "SPOOL", spool)  # the one render() asks
    model = ladder("m")
    jobs = [(fmt, model, RenderOptions(), None) for fmt in ("svg", "ascii", "png", "rfc-svg")]
    signal.alarm(20)  # a hang fails the test instead of the suite
    try:
        assert spool.submit(jobs, workers=2) == len(jobs)
        # render() misses the cache, takes the queued task and draws its jobs here, each of them
        # through render() again, which must not wait for the task this very process holds.
        assert "<svg" in rendering.render("svg", model, RenderOptions())
        assert not list(spool.root.iterdir())
    finally:
        signal.alarm(0)
        spool.close()


def _process_state(pid: int) -> str:
    """The state letter Linux gives process ``pid`` (R, S, Z, T...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
@pytest.mark.parametrize(
    "holder",
    ["gone", "zombie", "stopped"],
    ids=["a process that is gone", "a worker that died, not yet reaped", "a worker stopped by SIGSTOP"],
)
def test_a_waiting_process_does_not_wait_for_a_worker_that_cannot_finish(fresh_cache, tmp_path, holder):
    import signal

    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    spool = pool.Spool()
    spool.root, spool.owner = tmp_path / "spool-1", 0
    spool.root.mkdir()
    spool._stems["k" * 64] = "000000"
    pid = 999_999_999
    if holder != "gone":
        pid = os.fork()
        if pid == 0:
            if holder == "zombie":
                os._exit(1)
            time.sleep(30)
            os._exit(0)
        if holder == "stopped":
            os.kill(pid, signal.SIGSTOP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _process_state(pid) != {"zombie": "Z", "stopped": "T"}[holder]:
            time.sleep(0.01)
    try:
        (spool.root / f"000000.{pid}.taken").write_bytes(b"")  # the task it holds
        assert spool.wait("k" * 64)  # returns: the caller draws it
    finally:
        if holder != "gone":
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_a_worker_whose_parent_died_before_it_got_going_stops(tmp_path):
    import signal

    from sphinxcontrib_protomodel.rendering import pool

    signal.alarm(20)  # a worker that misses its parent's death would serve forever
    try:
        pool._serve(tmp_path, parent=999_999_999)  # reparented already: not the parent named at fork
    finally:
        signal.alarm(0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_workers_stop_when_the_build_that_started_them_is_killed(tmp_path):
    import subprocess
    import textwrap

    script = textwrap.dedent(
        f"""
        import os
        from sphinxcontrib_protomodel import rendering
        from sphinxcontrib_protomodel.diagrams import RenderOptions
        from sphinxcontrib_protomodel.parsing.ladder import parse_ladder
        from sphinxcontrib_protomodel.rendering import pool

        rendering.configure_cache({str(tmp_path)!r})
        models = [parse_ladder(f"participant A\\nparticipant B\\nA -> B: m{{i}}", "t") for i in range(4)]
        pool.SPOOL.submit([("svg", m, RenderOptions(), None) for m in models], workers=2)
        print(" ".join(str(p.pid) for p in pool.SPOOL._workers), flush=True)
        os.kill(os.getpid(), 9)  # no clean-up at all
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pids = [int(pid) for pid in run.stdout.split()]
    assert len(pids) == 2, run.stderr

    def running(pid: int) -> bool:  # a zombie (exited, not yet reaped) is not running
        try:
            return _process_state(pid) != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(running, pids)):
        time.sleep(0.05)
    assert not any(map(running, pids))  # no orphaned worker left behind


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks: Linux only")
def test_workers_leave_ctrl_c_to_the_build_and_a_new_build_stops_those_an_interrupted_one_left(fresh_cache, tmp_path):
    import signal

    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    spool = pool.Spool()
    models = [ladder(f"m{i}") for i in range(4)]
    assert spool.submit([("svg", m, RenderOptions(), None) for m in models], workers=2)
    workers = list(spool._workers)
    os.kill(workers[0].pid, signal.SIGINT)  # what a terminal sends the whole process group
    time.sleep(0.3)
    assert workers[0].is_alive()  # no traceback, no early exit: the build decides
    root = spool.root
    # the build was interrupted: no build-finished; the next build in this process starts
    spool.begin(tmp_path)
    assert not spool.running and not root.exists()
    assert not any(w.is_alive() for w in workers)


def test_the_cores_a_container_allows(monkeypatch, tmp_path):
    from sphinxcontrib_protomodel.rendering import pool

    cpu_max = tmp_path / "cpu.max"
    monkeypatch.setattr(pool, "CPU_MAX", cpu_max)
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert pool.available_cores() == 64  # no quota file
    cpu_max.write_text("max 100000\n")
    assert pool.available_cores() == 64
    cpu_max.write_text("200000 100000\n")  # docker --cpus=2 on a 64-core host
    assert pool.available_cores() == 2
    cpu_max.write_text("50000 100000\n")  # half a CPU: still one
    assert pool.available_cores() == 1


def test_the_spool_does_nothing_for_one_worker_little_work_or_no_cache_directory(fresh_cache, draw_calls, tmp_path):
    from sphinxcontrib_protomodel.rendering import pool

    jobs = [("svg", ladder(f"m{i}"), DIAG, None) for i in range(8)]
    spool = pool.Spool()
    assert spool.submit(jobs, workers=2) == 0 and not spool.running  # memory-only cache: nowhere to spool
    fresh_cache.configure(tmp_path)
    assert spool.submit(jobs, workers=1) == 0 and not spool.running
    assert pool.Spool().submit(jobs[: pool.MIN_JOBS - 1], workers=2) == 0
    assert draw_calls == []


def test_ascii_entries_keep_every_field(fresh_cache, tmp_path):
    fresh_cache.configure(tmp_path)
    art = cache_mod.AsciiArt("a\nb", degraded="why", notes=("one", "two"))
    fresh_cache.put("k" * 64, "ascii", art)
    fresh_cache.clear_memory()
    assert fresh_cache.get("k" * 64, "ascii") == (True, art)
    (tmp_path / f"{'j' * 64}.json").write_text('{"text": "x", "colour": "red"}')  # from another version
    assert fresh_cache.get("j" * 64, "ascii") == (False, None)


def test_the_spool_never_forks_a_process_that_runs_threads(fresh_cache, draw_calls, tmp_path):
    import threading

    from sphinxcontrib_protomodel.rendering import pool

    fresh_cache.configure(tmp_path)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    spool = pool.Spool()
    try:
        jobs = [("svg", ladder(f"m{i}"), RenderOptions(), None) for i in range(8)]
        assert spool.submit(jobs, workers=2) == 0 and not spool.running
    finally:
        stop.set()
        thread.join()
        spool.close()


def test_the_engine_keys_graphics_but_not_ascii():
    base = ladder()
    assert rendering.cache_key("ascii", base, DIAG, None) == rendering.cache_key("ascii", base, RenderOptions(), None)
    assert rendering.cache_key("svg", base, DIAG, None) != rendering.cache_key("svg", base, RenderOptions(), None)
