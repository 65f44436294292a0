"""Many files: each read in a worker process of its own under limits (wall time growing with its pages,
memory), a result cache keyed by content, a journal of finished results so that a killed run can be
resumed, and shards for archives split over machines. One bad file never stops a batch: it becomes one
result with an error, and finished results are never lost.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import signal
import stat
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from multiprocessing.connection import wait
from pathlib import Path

from . import limits as limits_mod
from .journal import Journal, atomic_write_text
from .limits import Limits
from .pipeline import FileResult, analyse, preload
from .reading import SEARCHED_SUFFIXES as INPUT_SUFFIXES
from .reading.errors import ReadError

CACHE_VERSION = "2"
NOT_REMEMBERED = {"limit-exceeded", "crashed", "internal", "encrypted", "timeout", "missing", "unreadable"}
POLL_SECONDS = 0.5  # how often the parent looks at the clock while workers run


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, and .pdf/.txt files found (recursively, sorted) in folders named."""
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.suffix.lower() in INPUT_SUFFIXES and not f.is_dir())
        else:
            out.append(str(p))
    return out


def shard(files: list[str], spec: str | None) -> list[str]:
    """'K/N': the K-th of N shares (1-based), stable across machines."""
    if not spec:
        return files
    k, n = (int(x) for x in spec.split("/"))
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
    """A key from the file's bytes and the options; None for what is not a regular file of bounded size."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limits.file_mb * 1024 * 1024:
            return None
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    opts = json.dumps(options, sort_keys=True, default=str)
    return hashlib.sha256(f"{CACHE_VERSION}|{digest}|{opts}".encode()).hexdigest()


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


def run(
    files: list[str], jobs: int = 1, timeout: float | None = None, cache: str | None = None, limits: Limits | None = None,
    journal: str | None = None, resume: bool = False, password: str = "", runner=None, **options,
) -> Iterator[FileResult]:  # fmt: skip
    """Results as files finish (in input order when jobs == 1): remembered ones first, then each file
    read in a worker under `limits`. With `journal`, every result is recorded as it comes; with `resume`,
    files the journal already holds are not read again. `runner` runs the files not yet done in place of
    local workers (cluster.runner: as tasks on a Dask cluster)."""
    limits = limits or Limits()
    if timeout is not None:
        limits = Limits(**{**asdict(limits), "seconds": timeout})
    store, log = _Cache(cache), Journal(journal, resume) if journal else None
    done = log.load() if log else {}
    pending: list[tuple[str, str]] = []
    for f in files:
        key = _content_key(f, options, limits) if (cache or log) else None
        jkey = f"{f}|{key}"
        if jkey in done:
            yield _moved(done[jkey], f)
            continue
        hit = store.get(key)
        if hit is not None:
            result = _moved(hit, f)
            if log:
                log.append(jkey, result)
            yield result
            continue
        pending.append((f, key))
    keys = dict(pending)
    for result in (runner or _in_workers)([f for f, _ in pending], jobs, limits, password, options):
        store.put(keys[result.path], result)
        if log:
            log.append(f"{result.path}|{keys[result.path]}", result)
        yield result
    if log:
        log.close()


@dataclass
class _Slot:
    path: str
    proc: mp.Process
    started: float
    allowed: float  # seconds (0: none)


def _worker(conn, path: str, options: dict, limits: Limits, password: str) -> None:  # pragma: no cover - in a child
    limits_mod.enter_worker(limits)
    limits_mod.page_hook = lambda n: conn.send(("pages", n))
    result = analyse_here(path, options, limits, password)
    try:
        conn.send(("done", result))
    except MemoryError:
        conn.send(
            ("done", _as_result(limits_mod.exceeded(path, "memory_mb", limits, "exceeded"), options.get("lang", "zh")))
        )
    conn.close()


def isolated(path: str, limits: Limits, password: str, options: dict, start: str = "fork") -> FileResult:
    """One file in a worker under `limits`, as a batch reads each file (a cluster task does too)."""
    return next(_in_workers([path], 1, limits, password, options, start))


def _in_workers(
    files: list[str], jobs: int, limits: Limits, password: str, options: dict, start: str = "fork"
) -> Iterator[FileResult]:
    """Each file in a forked worker; a worker past its time is killed, one that dies takes only its file.
    Workers die with this process (PR_SET_PDEATHSIG); leaving this generator (Ctrl-C) stops them all."""
    ctx = mp.get_context(start)
    if len(files) > 1 and start == "fork":
        preload()
    queue, running = deque(files), {}
    lang = options.get("lang", "zh")
    try:
        while queue or running:
            while queue and len(running) < max(1, jobs):
                path = queue.popleft()
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(writer, path, options, limits, password), daemon=True)
                blocked = signal.pthread_sigmask(
                    signal.SIG_BLOCK, {signal.SIGINT}
                )  # Ctrl-C waits until the fork is done
                try:
                    proc.start()
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                writer.close()
                running[reader] = _Slot(path, proc, time.monotonic(), limits.deadline(0))
            for conn in wait(list(running), timeout=POLL_SECONDS):
                slot = running[conn]
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):
                    slot.proc.join()
                    kind, payload = "done", _died(slot.path, slot.proc.exitcode, limits, lang)
                if kind == "pages":
                    slot.allowed = limits.deadline(payload)
                    continue
                del running[conn]
                conn.close()
                slot.proc.join()
                yield payload
            now = time.monotonic()
            for conn, slot in list(running.items()):
                if slot.allowed and now - slot.started > slot.allowed:
                    slot.proc.kill()
                    slot.proc.join()
                    del running[conn]
                    conn.close()
                    yield _as_result(
                        limits_mod.exceeded(
                            slot.path, "seconds", limits, f"exceeded: {slot.allowed:g}s allowed for its pages"
                        ),
                        lang,
                    )
    finally:
        for conn, slot in running.items():
            slot.proc.kill()
            slot.proc.join()
            conn.close()


def _died(path: str, exitcode: int | None, limits: Limits, lang: str) -> FileResult:
    if exitcode == -9:  # killed from outside: on Linux the kernel's out-of-memory killer
        return _as_result(limits_mod.exceeded(path, "memory_mb", limits, "exceeded: the worker was killed"), lang)
    return error_result(path, "crashed", f"exit code {exitcode}", lang)
