"""Worker processes that read files under limits, for a batch (batch.py) and a cluster task (cluster.py).

Each worker is forked once and reads files one after another: forked afresh for each file, a worker of a
3-page report spent about a sixth of its time in the page faults of its copy of the parent. A worker is
replaced after FILES_PER_WORKER files, once its address space has grown by a quarter of `memory_mb` or a file
raised its memory cap (the OCR models' room), when it is killed past a file's time, and when it dies. A file
that ran out of memory, or took its worker down, in a worker that had read other files first is read again
in a fresh one: no verdict depends on what the worker read before. Workers die with this process
(PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import limits as limits_mod
from .limits import Limits
from .reading.errors import ReadError
from .results import FileResult

FILES_PER_WORKER = 50  # a worker is replaced after this many files (what a file leaves behind stays bounded)
GROWTH_SHARE = 4  # ... or once its address space has grown by 1/GROWTH_SHARE of memory_mb
POLL_SECONDS = 0.5  # how often the parent looks at the clock while workers run
RECORDS_PER_MESSAGE = 1000  # a worker sends its records in parts of this many (see _send)
YOUNG_OBJECTS = 10_000  # a worker's cycle collector looks at new objects once this many are alive (Python: 700)


def analyse(path: str, **options) -> FileResult:
    """pipeline.analyse, imported when a file is first read: a run answered from the cache needs none of it."""
    from .pipeline import analyse as analysed

    return analysed(path, **options)


def error_result(path: str, code: str, detail: str, lang: str) -> FileResult:
    return _as_result(ReadError(path, code, detail), lang)


def _as_result(e: ReadError, lang: str) -> FileResult:
    return FileResult(e.path, error=e.message(lang), error_code=e.code)


def _out_of_memory(path: str, limits: Limits, lang: str) -> FileResult:
    return _as_result(limits_mod.exceeded(path, "memory_mb", limits, ("已超出", "exceeded")), lang)


def analyse_here(path: str, options: dict, limits: Limits | None, password: str = "") -> FileResult:
    """One file in this process; whatever goes wrong becomes the file's result."""
    return _analysed(path, options, limits, password)[0]


def _analysed(path: str, options: dict, limits: Limits | None, password: str) -> tuple[FileResult, bool]:
    """The file's result, and whether reading it ran out of memory."""
    lang = options.get("lang", "zh")
    try:
        return analyse(path, limits=limits, password=password, **options), False
    except MemoryError:
        return _out_of_memory(path, limits or Limits(), lang), True
    except Exception as e:  # noqa: BLE001 - the readers classify the file's faults; what is left is ours
        where = traceback.extract_tb(e.__traceback__)[-1]
        detail = f"{type(e).__name__}: {e} at {Path(where.filename).name}:{where.lineno}"
        return error_result(path, "internal", detail, lang), False


@dataclass
class _Slot:
    """The file a worker is reading."""

    index: int
    path: str
    proc: mp.Process
    started: float
    allowed: float  # seconds (0: none)
    parts: dict[str, list] = field(default_factory=dict)  # records sent ahead of the result
    ran_out: bool = False  # reading it ran out of memory
    retire: bool = False  # the worker leaves after this file (it ran out of memory, or has grown)
    died: bool = False  # the worker died (or was killed) reading it


def _serve(conn, options: dict, limits: Limits, password: str) -> None:  # pragma: no cover - in a child
    """A worker's life: files from the parent until it says stop (None), or until this worker has grown."""
    limits_mod.enter_worker(limits)
    # a page's glyphs are ~600 dicts alive at once, and reading makes few cycles: at Python's threshold the
    # collector ran ~440 times over 278 pages (2% of the time), at this one 3 times
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    limits_mod.page_hook = lambda n: conn.send(("pages", n))
    from jixiao.patterns import precompiled

    lang = options.get("lang", "zh")
    grown = limits_mod.address_space_mb() + limits.memory_mb // GROWTH_SHARE if limits.memory_mb else 0
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    while (path := conn.recv()) is not None:
        result, ran_out = _analysed(path, options, limits, password)
        precompiled.save()  # the patterns it compiled, for the next run's start (no exit handlers here)
        retire = ran_out or _leaves(grown, cap)
        try:
            _send(conn, result, ran_out, retire)
        except MemoryError:
            del result
            conn.send(("done", _out_of_memory(path, limits, lang), True, True))
            retire = True
        if retire:
            break
    conn.close()


def _leaves(grown: int, cap: int) -> bool:  # pragma: no cover - in a child
    """Whether this worker has grown, or a file raised its memory cap (the recogniser's room, ocr.engine): the
    next file is read by a worker with no more room than a fresh one."""
    return bool(grown and limits_mod.address_space_mb() > grown) or resource.getrlimit(resource.RLIMIT_AS)[0] != cap


def _send(conn, result: FileResult, ran_out: bool, retire: bool) -> None:  # pragma: no cover - in a child
    """The result's records in parts, then the rest of it: pickled whole, the result of a 300-page file
    (11,000 facts) cost a tenth of the worker's peak memory more, pickle's memo of every object."""
    for what in ("facts", "findings", "tables"):
        records = getattr(result, what)
        while len(records) > RECORDS_PER_MESSAGE:
            conn.send(("records", (what, records[:RECORDS_PER_MESSAGE])))
            del records[:RECORDS_PER_MESSAGE]
    conn.send(("done", result, ran_out, retire))


def _receive(conn, slot: _Slot, limits: Limits, lang: str) -> FileResult | None:
    """A worker's message: its page count (its deadline grows), part of its records, or the file's result
    (with whether memory ran out and whether the worker leaves); a worker that died gives its file's error."""
    try:
        kind, payload, *flags = conn.recv()
    except (EOFError, OSError):
        slot.proc.join()
        slot.died = True
        return _died(slot.path, slot.proc.exitcode, limits, lang)
    if kind == "pages":
        slot.allowed = limits.deadline(payload)
        return None
    if kind == "records":
        what, records = payload
        slot.parts.setdefault(what, []).extend(records)
        return None
    slot.ran_out, slot.retire = flags
    if not payload.error:  # an error (memory ran out while sending) is the whole result
        for what, records in slot.parts.items():
            setattr(payload, what, records + getattr(payload, what))
    return payload


def _serve_early(conn) -> None:  # pragma: no cover - in a child
    """An early worker's life (start_early): load what reading needs, then serve as any worker once its
    options come, or leave when they never do (the command read nothing)."""
    limits_mod.enter_worker(Limits(memory_mb=0))  # die with the parent, leave Ctrl-C to it; no cap yet
    with contextlib.suppress(Exception):  # what fails to load fails again with the first file, and is said
        from .pipeline import preload

        preload(cjk_maps=False)  # the maps only for a file that needs them (pipeline.preload)
    try:
        first = conn.recv()
    except (EOFError, OSError):
        return
    if first is not None:
        _serve(conn, *first)


_early: _Worker | None = None  # a worker forked before the command line was read (start_early)


def start_early() -> None:
    """Fork the first worker now, before the command line is read (launch.py): it loads the readers and the
    vocabulary while this process loads the rest, and is given its options with its first file. A run that
    reads nothing stops it at exit, as any idle worker."""
    global _early
    _early = _Worker(mp.get_context("fork"), None, Limits(), "", early=True)


def _take_early(options: dict, limits: Limits, password: str) -> _Worker | None:
    """The early worker, given its options, when there is one and it is alive."""
    global _early
    worker, _early = _early, None
    if worker is None:
        return None
    try:
        worker.conn.send((options, limits, password))
    except OSError:  # it died meanwhile: a worker is forked as usual
        worker.stop(idle=False)
        return None
    return worker


class _Worker:
    """A forked worker and the parent's end of its two-way pipe."""

    def __init__(self, ctx, options: dict | None, limits: Limits, password: str, early: bool = False):
        self.conn, child = ctx.Pipe(duplex=True)
        target, args = (_serve_early, (child,)) if early else (_serve, (child, options, limits, password))
        self.proc = ctx.Process(target=target, args=args, daemon=True)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # Ctrl-C waits until the fork is done
        try:
            self.proc.start()
        finally:
            child.close()
            _unblock(blocked, self.proc)
        self.done = 0  # files it has read
        self.slot: _Slot | None = None

    def take(self, index: int, path: str, limits: Limits) -> None:
        self.slot = _Slot(index, path, self.proc, time.monotonic(), limits.deadline(0))
        with contextlib.suppress(OSError):  # it died waiting (the out-of-memory killer): read as its death
            self.conn.send(path)

    def stop(self, idle: bool) -> None:
        """An idle worker is asked to leave (and killed if it does not); a busy one is killed."""
        if idle and self.proc.is_alive():
            try:
                self.conn.send(None)
                self.proc.join(timeout=2)
            except OSError:
                pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def _unblock(mask, proc: mp.Process) -> None:
    """SIGINT as before the fork; a Ctrl-C held meanwhile is raised now, and takes the new worker with it
    (the pool does not know it yet)."""
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    except KeyboardInterrupt:
        if proc.is_alive():
            proc.kill()
            proc.join()
        raise


class _Pool:
    """Up to `jobs` workers, some reading a file (busy, by connection), the others waiting (idle)."""

    def __init__(self, ctx, jobs: int, options: dict, limits: Limits, password: str):
        early = ctx.get_start_method() == "fork"  # the early worker is forked, as ours are here
        self.new = lambda: (early and _take_early(options, limits, password)) or _Worker(ctx, options, limits, password)
        self.jobs, self.limits = max(1, jobs), limits
        self.busy: dict[object, _Worker] = {}
        self.idle: list[_Worker] = []

    def room(self) -> bool:
        return len(self.busy) < self.jobs

    def give(self, index: int, path: str, fresh: bool) -> None:
        """The file to an idle worker (one that has read nothing, when `fresh`), else to a new one."""
        worker = next((w for w in self.idle if not fresh or w.done == 0), None)
        if worker is not None:
            self.idle.remove(worker)
        else:
            if self.idle and len(self.idle) + len(self.busy) >= self.jobs:
                self.idle[-1].stop(idle=True)  # ... then dropped: a Ctrl-C meanwhile leaves it to close()
                self.idle.pop()
            worker = self.new()
        self.busy[worker.conn] = worker  # first: a Ctrl-C while it is handed the file leaves it to close()
        worker.take(index, path, self.limits)

    def finished(self, worker: _Worker) -> _Slot:
        """The worker is done with its file: it waits for the next one, or leaves; the file's slot."""
        slot, worker.slot = worker.slot, None
        worker.done += 1
        if slot.died or slot.retire or worker.done >= FILES_PER_WORKER:
            worker.stop(idle=not slot.died)  # still among the busy: a Ctrl-C meanwhile leaves it to close()
        else:
            self.idle.append(worker)
        del self.busy[worker.conn]
        return slot

    def close(self) -> None:
        for worker in self.busy.values():
            worker.stop(idle=False)
        for worker in self.idle:
            worker.stop(idle=True)
        self.busy, self.idle = {}, []


def in_workers(
    files: list[tuple[int, str]], jobs: int, limits: Limits, password: str, options: dict,
    started: Callable[[str], None] | None = None, start: str = "fork",
) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """Each file read by a worker under `limits`, (index, result) as files finish; a worker past its time
    is killed, one that dies takes only its file. Leaving this generator (Ctrl-C) stops them all."""
    ctx = mp.get_context(start)
    if 0 < len(files) < jobs:  # cores a worker each would leave idle read a long PDF's pages (page_parts.py)
        options = {"readers": jobs // len(files), **options}  # unless the caller said
    preloaded = len(files) > 1 and start == "fork"
    if preloaded:
        from .pipeline import preload

        preload(options.get("engine"))
    queue = deque((index, path, False) for index, path in files)  # (index, path, needs a fresh worker)
    pool = _Pool(ctx, jobs, options, limits, password)
    lang = options.get("lang", "zh")
    try:
        while queue or pool.busy:
            while queue and pool.room():
                index, path, fresh = queue.popleft()
                if started and not fresh:
                    started(path)
                pool.give(index, path, fresh)
            for conn in wait(list(pool.busy), timeout=POLL_SECONDS):
                worker = pool.busy[conn]
                payload = _receive(conn, worker.slot, limits, lang)
                if payload is None:
                    continue
                read_before = worker.done > 0
                slot = pool.finished(worker)
                if read_before and (slot.ran_out or slot.died):
                    queue.appendleft((slot.index, slot.path, True))  # read again by a worker that has read nothing
                    continue
                yield slot.index, payload
            yield from _past_their_time(pool, limits, lang)
    finally:
        pool.close()
        if preloaded:
            gc.unfreeze()  # preload froze what was loaded for the workers; the caller's own objects are its again


def _past_their_time(pool: _Pool, limits: Limits, lang: str) -> Iterator[tuple[int, FileResult]]:
    now = time.monotonic()
    for worker in list(pool.busy.values()):
        if worker.conn.poll():  # it sent something while the caller had our last result: read that first
            continue
        if worker.slot.allowed and now - worker.slot.started > worker.slot.allowed:
            worker.slot.died = True
            slot = pool.finished(worker)
            found = (f"按页数共允许 {slot.allowed:g} 秒，已超时", f"exceeded: {slot.allowed:g}s allowed for its pages")
            yield slot.index, _as_result(limits_mod.exceeded(slot.path, "seconds", limits, found), lang)


def isolated(path: str, limits: Limits, password: str, options: dict, start: str = "fork") -> FileResult:
    """One file in a worker under `limits`, as a batch reads each file (a cluster task does too)."""
    results = in_workers([(0, path)], 1, limits, password, options, start=start)
    try:
        return next(results)[1]
    finally:
        results.close()


def _died(path: str, exitcode: int | None, limits: Limits, lang: str) -> FileResult:
    if exitcode == -9:  # killed from outside: on Linux the kernel's out-of-memory killer
        return _as_result(
            limits_mod.exceeded(path, "memory_mb", limits, ("读取进程被系统终止", "exceeded: the worker was killed")),
            lang,
        )
    return error_result(path, "crashed", (f"退出码 {exitcode}", f"exit code {exitcode}"), lang)
