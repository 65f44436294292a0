"""Many files: worker processes, a per-file timeout, a result cache for resuming, and shards for
archives split over machines. One bad file never stops a batch; finished results are kept.
"""

from __future__ import annotations

import hashlib
import json
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator

from .pipeline import FileResult, analyse
from .reading import SEARCHED_SUFFIXES as INPUT_SUFFIXES
from .reading.errors import ReadError

CACHE_VERSION = "1"


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, and .pdf/.txt files found (recursively, sorted) in folders named."""
    out: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES)
        else:
            out.append(str(p))
    return out


def shard(files: list[str], spec: str | None) -> list[str]:
    """'K/N': the K-th of N shares (1-based), stable across machines."""
    if not spec:
        return files
    k, n = (int(x) for x in spec.split("/"))
    return [f for f in files if int(hashlib.sha1(f.encode()).hexdigest(), 16) % n == k - 1]


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - fires only on a slow file
    raise _Timeout()


def _analyse_with_timeout(path: str, timeout: float, options: dict) -> FileResult:
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return analyse(path, **options)
    except _Timeout:
        err = ReadError(path, "timeout", f"{timeout:g}s")
        return FileResult(path, error=err.message(options.get("lang", "zh")), error_code="timeout")
    except Exception as e:  # noqa: BLE001 - one bad file never stops a batch
        err = ReadError(path, "internal", f"{type(e).__name__}: {e}")
        return FileResult(path, error=err.message(options.get("lang", "zh")), error_code="internal")
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _cache_key(path: str, options: dict) -> str | None:
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
    opts = json.dumps(options, sort_keys=True, default=str)
    return hashlib.sha256(f"{CACHE_VERSION}|{digest}|{opts}".encode()).hexdigest()


def _moved(result: FileResult, path: str) -> FileResult:
    """A cached result (keyed by content) told about the path it is found under now."""
    old = result.path
    result.path = path
    for rec in result.facts + result.findings + result.tables:
        rec["file"] = path
    result.error = result.error.replace(old, path, 1)
    return result


def run(files: list[str], jobs: int = 1, timeout: float = 0, cache: str | None = None, **options) -> Iterator[FileResult]:
    """Results as files finish (in input order when jobs == 1)."""
    cache_dir = Path(cache) if cache else None
    pending: list[tuple[str, str | None]] = []
    for f in files:
        key = _cache_key(f, options) if cache_dir else None
        hit = cache_dir / f"{key}.json" if key else None
        if hit and hit.exists():
            yield _moved(FileResult(**json.loads(hit.read_text(encoding="utf-8"))), f)
        else:
            pending.append((f, key))

    def remember(result: FileResult, key: str | None) -> FileResult:
        if cache_dir and key and result.error_code not in ("timeout", "internal"):
            cache_dir.mkdir(parents=True, exist_ok=True)
            (cache_dir / f"{key}.json").write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
        return result

    if jobs <= 1 or len(pending) <= 1:
        for f, key in pending:
            yield remember(_analyse_with_timeout(f, timeout, options), key)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_analyse_with_timeout, f, timeout, options): (f, key) for f, key in pending}
        for fut in as_completed(futures):
            f, key = futures[fut]
            try:
                result = fut.result()
            except Exception as e:  # noqa: BLE001 - a worker that died takes only its file
                err = ReadError(f, "internal", f"{type(e).__name__}: {e}")
                result = FileResult(f, error=err.message(options.get("lang", "zh")), error_code="internal")
            yield remember(result, key)
