"""Many files: each read in a worker process of its own under limits (wall time growing with its pages,
memory), a result cache keyed by content, a journal of finished results so that a killed run can be
resumed, and shards for archives split over machines. One bad file never stops a batch: it becomes one
result with an error, and finished results are never lost.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
import os
import signal
import stat
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import limits as limits_mod
from .journal import Journal, atomic_write_text
from .limits import Limits
from .pipeline import FileResult, analyse, preload
from .reading import SEARCHED_SUFFIXES as INPUT_SUFFIXES
from .reading.errors import ReadError

CACHE_VERSION = (
    "5"  # 3: facts carry their printed text; 4: the key names the suffix, findings a subject; 5: places (Word, Excel)
)
NOT_REMEMBERED = {"limit-exceeded", "crashed", "internal", "encrypted", "timeout", "missing", "unreadable"}
POLL_SECONDS = 0.5  # how often the parent looks at the clock while workers run
RECORDS_PER_MESSAGE = 1000  # a worker sends its records in parts of this many (see _send)


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, and the files readers take (.pdf, .txt, .docx, .xlsx, ...) found in folders named
    (recursively, sorted); Word's and Excel's lock files (~$报告.docx, left while one is open) are not reports."""
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = (f for f in sorted(p.rglob("*")) if f.suffix.lower() in INPUT_SUFFIXES and not f.is_dir())
            out.extend(str(f) for f in found if not f.name.startswith("~$"))
        else:
            out.append(str(p))
    return out


def parse_shard(spec: str) -> tuple[int, int]:
    """'K/N' as (K, N) with 1 ≤ K ≤ N; ValueError says what is wrong."""
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes K/N, e.g. 2/4, not {spec!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard {spec}: K must be between 1 and N")
    return k, n


def shard(files: list[str], spec: str | None) -> list[str]:
    """'K/N': the K-th of N shares (1-based), stable across machines."""
    if not spec:
        return files
    k, n = parse_shard(spec)
    return [f for f in files if int(hashlib.sha1(os.fsencode(f)).hexdigest(), 16) % n == k - 1]


def error_result(path: str, code: str, detail: str, lang: str) -> FileResult:
    return _as_result(ReadError(path, code, detail), lang)


def _as_result(e: ReadError, lang: str) -> FileResult:
    return FileResult(e.path, error=e.message(lang), error_code=e.code)


def analyse_here(path: str, options: dict, limits: Limits | None, password: str = "") -> FileResult:
    """One file in this process; whatever goes wrong becomes the file's result."""
    lang = options.get("lang", "zh")
    try:
        return analyse(path, limits=limits, password=password, **options)
    except MemoryError:
        return _as_result(limits_mod.exceeded(path, "memory_mb", limits or Limits(), "exceeded"), lang)
    except Exception as e:  # noqa: BLE001 - the readers classify the file's faults; what is left is ours
        where = traceback.extract_tb(e.__traceback__)[-1]
        return error_result(
            path, "internal", f"{type(e).__name__}: {e} at {Path(where.filename).name}:{where.lineno}", lang
        )


def _content_key(path: str, options: dict, limits: Limits) -> str | None:
    """A key from the file's bytes, suffix and the options; None for what is not a regular file of bounded size."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limits.file_mb * 1024 * 1024:
            return None
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    opts = json.dumps(options, sort_keys=True, default=str)
    suffix = Path(path).suffix.lower()  # the same bytes named .txt and .pdf are read differently
    return hashlib.sha256(f"{CACHE_VERSION}|{digest}|{suffix}|{opts}".encode()).hexdigest()


def _moved(result: FileResult, path: str) -> FileResult:
    """A remembered result (keyed by content) told about the path it is found under now."""
    old = result.path
    result.path = path
    for rec in result.facts + result.findings + result.tables:
        rec["file"] = path
    result.error = result.error.replace(old, path, 1)
    result.notes = [n.replace(old, path, 1) for n in result.notes]
    return result


class _Cache:
    """One JSON file per content key, written atomically; a damaged entry is recomputed."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None

    def get(self, key: str | None) -> FileResult | None:
        if not (self.folder and key):
            return None
        entry = self.folder / f"{key}.json"
        try:
            return FileResult(**json.loads(entry.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError):  # truncated or foreign: forget it, compute again
            entry.unlink(missing_ok=True)
            return None

    def put(self, key: str | None, result: FileResult) -> None:
        if self.folder and key and result.error_code not in NOT_REMEMBERED:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.folder / f"{key}.json", json.dumps(asdict(result)))


def run(files: list[str], jobs: int = 1, **options) -> Iterator[FileResult]:
    """Results as files finish (see run_indexed)."""
    for _, result in run_indexed(files, jobs=jobs, **options):
        yield result


def run_indexed(
    files: list[str], jobs: int = 1, timeout: float | None = None, cache: str | None = None, limits: Limits | None = None,
    journal: str | None = None, resume: bool = False, password: str = "", started: Callable[[str], None] | None = None,
    runner=None, **options,
) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """(index in `files`, result) as files finish: remembered ones first, then each file read in a worker
    under `limits` (`started(path)` is called as a worker takes it). Files with the same content are
    analysed once: the others get a copy told under their own path, with `same_as` naming the first.
    With `journal`, every result is recorded as it comes; with `resume`, files the journal already holds
    are not read again. `runner` reads the files not yet done in place of local workers (cluster.runner:
    as tasks on a Dask cluster)."""
    limits = limits or Limits()
    if timeout is not None:
        limits = Limits(**{**asdict(limits), "seconds": timeout})
    store, log = _Cache(cache), Journal(journal, resume) if journal else None
    done = log.load() if log else {}
    keys = _keys(files, options, limits, every=bool(cache or log))
    pending: list[tuple[int, str]] = []
    copies: dict[int, list[int]] = {}  # index analysed → indices of identical files
    first: dict[str, int] = {}
    for i, (f, key) in enumerate(zip(files, keys)):
        jkey = f"{f}|{key}"
        journalled = done.pop(jkey, None)
        hit = journalled or store.get(key)
        if hit is not None:
            hit = _moved(hit, f)
            if log and not journalled:
                log.append(jkey, hit)
            yield i, hit
        elif key is not None and key in first:
            copies[first[key]].append(i)
        else:
            if key is not None:
                first[key], copies[i] = i, []
            pending.append((i, f))
    work = (
        _by_index(runner, pending, jobs, limits, password, options, started)
        if runner
        else _in_workers(pending, jobs, limits, password, options, started)
    )
    for i, result in work:
        store.put(keys[i], result)
        told = [(i, result)] + [(j, _copy_of(result, files[j])) for j in copies.pop(i, [])]
        for j, res in told:
            if log:
                log.append(f"{files[j]}|{keys[j]}", res)
            yield j, res
    if log:
        log.close()


def _keys(files: list[str], options: dict, limits: Limits, every: bool) -> list[str | None]:
    """Content keys: of every file when a cache or journal needs them, else only of files whose size
    another file shares (no other file can have the same content)."""
    if every:
        return [_content_key(f, options, limits) for f in files]
    sizes: dict[int, int] = {}
    size_of: list[int | None] = []
    for f in files:
        try:
            size = os.stat(f).st_size
        except OSError:
            size = None
        size_of.append(size)
        if size is not None:
            sizes[size] = sizes.get(size, 0) + 1
    return [
        _content_key(f, options, limits) if s is not None and sizes[s] > 1 else None for f, s in zip(files, size_of)
    ]


def _copy_of(result: FileResult, path: str) -> FileResult:
    """The result of an identical file, told under `path`."""
    copy = _moved(FileResult(**deepcopy(asdict(result))), path)
    copy.same_as = result.path
    return copy


@dataclass
class _Slot:
    index: int
    path: str
    proc: mp.Process
    started: float
    allowed: float  # seconds (0: none)
    parts: dict[str, list] = field(default_factory=dict)  # records sent ahead of the result


def _worker(conn, path: str, options: dict, limits: Limits, password: str) -> None:  # pragma: no cover - in a child
    limits_mod.enter_worker(limits)
    limits_mod.page_hook = lambda n: conn.send(("pages", n))
    result = analyse_here(path, options, limits, password)
    try:
        _send(conn, result)
    except MemoryError:
        conn.send(
            ("done", _as_result(limits_mod.exceeded(path, "memory_mb", limits, "exceeded"), options.get("lang", "zh")))
        )
    conn.close()


def _send(conn, result: FileResult) -> None:  # pragma: no cover - in a child
    """The result's records in parts, then the rest of it: pickled whole, the result of a 300-page file
    (11,000 facts) cost a tenth of the worker's peak memory more, pickle's memo of every object."""
    for what in ("facts", "findings", "tables"):
        records = getattr(result, what)
        while len(records) > RECORDS_PER_MESSAGE:
            conn.send(("records", (what, records[:RECORDS_PER_MESSAGE])))
            del records[:RECORDS_PER_MESSAGE]
    conn.send(("done", result))


def _receive(conn, slot: _Slot, limits: Limits, lang: str) -> FileResult | None:
    """A worker's message: its page count (its deadline grows), part of its records, or its result."""
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        slot.proc.join()
        return _died(slot.path, slot.proc.exitcode, limits, lang)
    if kind == "pages":
        slot.allowed = limits.deadline(payload)
        return None
    if kind == "records":
        what, records = payload
        slot.parts.setdefault(what, []).extend(records)
        return None
    if not payload.error:  # an error (memory ran out while sending) is the whole result
        for what, records in slot.parts.items():
            setattr(payload, what, records + getattr(payload, what))
    return payload


def isolated(path: str, limits: Limits, password: str, options: dict, start: str = "fork") -> FileResult:
    """One file in a worker under `limits`, as a batch reads each file (a cluster task does too)."""
    return next(_in_workers([(0, path)], 1, limits, password, options, start=start))[1]


def _by_index(runner, pending: list[tuple[int, str]], jobs, limits, password, options, started):
    """A runner that takes paths (a cluster's), its results told back by their index in the batch."""
    waiting: dict[str, list[int]] = {}
    for i, f in pending:
        waiting.setdefault(f, []).append(i)
        if started:
            started(f)
    for result in runner([f for _, f in pending], jobs, limits, password, options):
        yield waiting[result.path].pop(0), result


def _in_workers(
    files: list[tuple[int, str]], jobs: int, limits: Limits, password: str, options: dict,
    started: Callable[[str], None] | None = None, start: str = "fork",
) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """Each file in a forked worker; a worker past its time is killed, one that dies takes only its file.
    Workers die with this process (PR_SET_PDEATHSIG); leaving this generator (Ctrl-C) stops them all."""
    ctx = mp.get_context(start)
    preloaded = len(files) > 1 and start == "fork"
    if preloaded:
        preload()
    queue, running = deque(files), {}
    lang = options.get("lang", "zh")
    try:
        while queue or running:
            while queue and len(running) < max(1, jobs):
                index, path = queue.popleft()
                if started:
                    started(path)
                reader, proc = _start(ctx, (path, options, limits, password))
                running[reader] = _Slot(index, path, proc, time.monotonic(), limits.deadline(0))
            for conn in wait(list(running), timeout=POLL_SECONDS):
                slot = running[conn]
                payload = _receive(conn, slot, limits, lang)
                if payload is None:
                    continue
                del running[conn]
                conn.close()
                slot.proc.join()
                yield slot.index, payload
            now = time.monotonic()
            for conn, slot in list(running.items()):
                if slot.allowed and now - slot.started > slot.allowed:
                    slot.proc.kill()
                    slot.proc.join()
                    del running[conn]
                    conn.close()
                    yield (
                        slot.index,
                        _as_result(
                            limits_mod.exceeded(
                                slot.path, "seconds", limits, f"exceeded: {slot.allowed:g}s allowed for its pages"
                            ),
                            lang,
                        ),
                    )
    finally:
        for conn, slot in running.items():
            slot.proc.kill()
            slot.proc.join()
            conn.close()
        if preloaded:
            gc.unfreeze()  # preload froze what was loaded for the workers; the caller's own objects are its again


def _start(ctx, args: tuple):
    """A forked worker for one file, and the end of the pipe its result comes through."""
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(writer, *args), daemon=True)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # Ctrl-C waits until the fork is done
    try:
        proc.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    writer.close()
    return reader, proc


def _died(path: str, exitcode: int | None, limits: Limits, lang: str) -> FileResult:
    if exitcode == -9:  # killed from outside: on Linux the kernel's out-of-memory killer
        return _as_result(limits_mod.exceeded(path, "memory_mb", limits, "exceeded: the worker was killed"), lang)
    return error_result(path, "crashed", f"exit code {exitcode}", lang)
