"""Many files: each read by a worker process under limits (wall time growing with its pages, memory;
workers.py), a result cache keyed by content, a journal of finished results so that a killed run can be
resumed, and shards for archives split over machines. One bad file never stops a batch: it becomes one
result with an error, and finished results are never lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import asdict
from pathlib import Path

from .journal import Journal, atomic_write_text
from .limits import Limits
from .results import FileResult
from .search import search
from .workers import in_workers

CACHE_VERSION = (
    "5"  # 3: facts carry their printed text; 4: the key names the suffix, findings a subject; 5: places (Word, Excel)
)
NOT_REMEMBERED = {"limit-exceeded", "crashed", "internal", "encrypted", "timeout", "missing", "unreadable"}


def expand(paths: Iterable[str], exclude: Iterable[str | Path] = ()) -> list[str]:
    """Files named, and the reports found in folders named (recursively, sorted), never jixiao's own
    outputs (`exclude`: this run's; see search.py)."""
    return search(paths, exclude).files


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
    """One JSON file per content key, written atomically; a damaged entry is recomputed. An entry is two
    lines: the result without its facts, then its facts, read only when `facts` is asked for (a check
    answered from the cache spent a fifth of its time decoding facts it never writes)."""

    def __init__(self, folder: str | None, facts: bool = True):
        self.folder = Path(folder) if folder else None
        self.facts = facts

    def get(self, key: str | None) -> FileResult | None:
        if not (self.folder and key):
            return None
        entry = self.folder / f"{key}.json"
        try:
            head, _, tail = entry.read_text(encoding="utf-8").partition("\n")
            fields = json.loads(head)
            if "facts" not in fields:  # an entry of one line (written before) holds them in place
                fields["facts"] = json.loads(tail) if self.facts else []
            return FileResult(**fields)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError):  # truncated or foreign: forget it, compute again
            entry.unlink(missing_ok=True)
            return None

    def put(self, key: str | None, result: FileResult) -> None:
        if self.folder and key and result.error_code not in NOT_REMEMBERED:
            self.folder.mkdir(parents=True, exist_ok=True)
            fields = asdict(result)
            facts = fields.pop("facts")
            atomic_write_text(self.folder / f"{key}.json", f"{json.dumps(fields)}\n{json.dumps(facts)}")


def run(files: list[str], jobs: int = 1, **options) -> Iterator[FileResult]:
    """Results as files finish (see run_indexed)."""
    for _, result in run_indexed(files, jobs=jobs, **options):
        yield result


def in_order(files: list[str], jobs: int = 1, **options) -> Iterator[FileResult]:
    """Results in the order of `files` whatever `jobs`, each as soon as every file before it is done."""
    order = InOrder()
    for index, result in run_indexed(files, jobs=jobs, **options):
        yield from order.push(index, result)


class InOrder:
    """A reorder buffer: items pushed with their index come out in index order, as soon as they can."""

    def __init__(self):
        self.next, self.waiting = 0, {}

    def push(self, index: int, item) -> Iterator:
        self.waiting[index] = item
        while self.next in self.waiting:
            yield self.waiting.pop(self.next)
            self.next += 1

    def drain(self) -> Iterator:
        for index in sorted(self.waiting):
            yield self.waiting.pop(index)


def run_indexed(
    files: list[str], jobs: int = 1, timeout: float | None = None, cache: str | None = None, limits: Limits | None = None,
    journal: str | None = None, resume: bool = False, password: str = "", started: Callable[[str], None] | None = None,
    runner=None, facts: bool = True, **options,
) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """(index in `files`, result) as files finish: remembered ones first, then each file read in a worker
    under `limits` (`started(path)` is called as a worker takes it). Files with the same content are
    analysed once: the others get a copy told under their own path, with `same_as` naming the first.
    With `journal`, every result is recorded as it comes; with `resume`, files the journal already holds
    are not read again. `runner` reads the files not yet done in place of local workers (cluster.runner:
    as tasks on a Dask cluster). With `facts` False, results remembered in the cache may come without
    their facts (a caller that writes none; a journal, which a resumed run reads back, gets them whole)."""
    limits = limits or Limits()
    if timeout is not None:
        limits = Limits(**{**asdict(limits), "seconds": timeout})
    store, log = _Cache(cache, facts=facts), Journal(journal, resume, whole=facts) if journal else None
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
    # read here, facts nobody keeps or writes are not made (the parent spent a third of its time unpickling them)
    local = options if facts or cache else {**options, "fact_records": False}
    work = (
        _by_index(runner, pending, jobs, limits, password, options, started)
        if runner
        else in_workers(pending, jobs, limits, password, local, started)
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


def _by_index(runner, pending: list[tuple[int, str]], jobs, limits, password, options, started):
    """A runner that takes paths (a cluster's), its results told back by their index in the batch."""
    waiting: dict[str, list[int]] = {}
    for i, f in pending:
        waiting.setdefault(f, []).append(i)
        if started:
            started(f)
    for result in runner([f for _, f in pending], jobs, limits, password, options):
        yield waiting[result.path].pop(0), result
