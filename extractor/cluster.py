"""Files as tasks on a Dask distributed cluster (`jixiao check --dask ADDRESS`, or `--dask local`).

The parent keeps what `batch.run` keeps (cache, journal, outputs); only the files not already done are
sent out. Each task reads its file exactly as a local batch does: in a forked worker process under the
same limits (`workers.isolated`), so a file past a limit is a `limit-exceeded` result here too. A task that
fails (its worker process crashed, the Dask worker died) is retried once, on any worker; a second
failure is reported as the file's result row (`crashed`). Dask (`pip install 'jixiao[dask]'`) is
imported only when a cluster is asked for. Workers must see the input files under the same absolute
paths (a shared mount) and have jixiao installed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import batch, workers
from .limits import Limits
from .results import FileResult

LOCAL = "local"  # --dask local: a LocalCluster with one single-threaded worker per core of this machine
RETRIES = 1
TASKS_PER_THREAD = 4  # tasks in flight per worker thread: the scheduler stays busy, the parent's memory flat
CONNECT_SECONDS = 20
FORKSERVER_PRELOAD = ["jixiao.batch", "jixiao.pipeline", "jixiao.reading.pdfium", "jixiao.reading.pdf"]


class Unavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached: one line for the user."""


class _Crashed(Exception):
    """A task whose worker process died: raised so that Dask retries it."""


def missing() -> str | None:
    """Why --dask cannot be used here, or None."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return "--dask needs Dask: pip install 'jixiao[dask]' (dask[distributed])"
    return None


@contextmanager
def connected(address: str | None) -> Iterator[object]:
    """A dask.distributed Client for `address` ('local' starts a LocalCluster), closed on leaving; None
    when no address is given. Raises Unavailable with one line when that cannot be done."""
    if not address:
        yield None
        return
    why = missing()
    if why:
        raise Unavailable(why)
    from dask.distributed import Client, LocalCluster

    for name in ("distributed", "tornado", "bokeh"):  # their log lines are not ours to print
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(
                n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise Unavailable(f"--dask: cannot reach the scheduler at {address} ({type(e).__name__}: {e})") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_file(path: str, limits: Limits, password: str, options: dict) -> FileResult:
    """One task: the file in a forked worker under `limits`, as a local batch reads it."""
    # A Dask worker process is daemonic, and multiprocessing refuses children to those lest they be
    # orphaned; our readers die with their parent anyway (limits.enter_worker), so it may have them.
    multiprocessing.current_process()._config["daemon"] = False
    # Forked from a small server process, not from the worker: a Dask worker's threads and imports
    # would count against the reader's address-space limit (memory_mb), and forking a threaded process
    # is fragile. The server imports the pipeline once (FORKSERVER_PRELOAD).
    multiprocessing.set_forkserver_preload(FORKSERVER_PRELOAD)
    result = workers.isolated(path, limits, password, options, start="forkserver")
    if result.error_code == "crashed":
        raise _Crashed(result.error)
    return result


def runner(client):
    """A batch runner (files, jobs, limits, password, options → results as they finish) on `client`."""

    def on_cluster(files: list[str], jobs: int, limits: Limits, password: str, options: dict) -> Iterator[FileResult]:
        yield from _on_cluster(client, files, limits, password, options)

    return on_cluster


def _on_cluster(client, files: list[str], limits: Limits, password: str, options: dict) -> Iterator[FileResult]:
    if not files:
        return
    from dask.distributed import as_completed

    lang = options.get("lang", "zh")
    threads = sum(client.nthreads().values()) or 1
    queue = list(reversed(files))
    given: dict[str, str] = {}  # task key → the path as the user gave it

    def submit():
        path = queue.pop()
        future = client.submit(
            run_file, str(Path(path).absolute()), limits, password, options, retries=RETRIES, pure=False
        )
        given[future.key] = path
        return future

    pending = as_completed([submit() for _ in range(min(len(queue), threads * TASKS_PER_THREAD))])
    try:
        for future in pending:
            path = given.pop(future.key)
            yield _outcome(future, path, lang)
            future.release()
            if queue:
                pending.add(submit())
    finally:
        for future in list(pending.futures):
            future.cancel()


def _outcome(future, path: str, lang: str) -> FileResult:
    """The task's result under the path as given, or its second failure as the file's result row."""
    if future.status == "finished":
        result = future.result()
        return batch._moved(result, path) if result.path != path else result
    error = future.exception()
    detail = str(error) if isinstance(error, _Crashed) else f"{type(error).__name__}: {error}"
    return workers.error_result(path, "crashed", ("在集群上两次失败", f"failed twice on the cluster: {detail}"), lang)
