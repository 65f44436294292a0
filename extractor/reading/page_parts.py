"""A long PDF's pages read by more than one process: `check -j N` with fewer files than workers leaves cores
idle, so helpers forked from the file's worker read its pages, each through its own copy of the document,
and send them back as the page layout reads them. Each helper takes the next page no one has taken (pages
differ in cost: halves fixed in advance finished a second apart on a 300-page file); the worker reads none
ahead, it hands the pages on in page order. So the file's result is one reader's:
- what a page raises (a limit, a page pdfium cannot read, no memory) is raised at that page, once every
  page before it is in, and no page after it is taken any more;
- a page whose helper died with it (pdfium crashed on it, the memory killer) is read by the worker when its
  turn comes, as one reader would read it then;
- helpers die with their worker, and so with its time limit.
Where no helper can be started (no fork, no semaphore, no pipe), the worker reads the pages itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from multiprocessing.connection import wait
from typing import TypeVar

from .. import limits as limits_mod

T = TypeVar("T")
PAGES_PER_READER = 24  # pages a reader has at least: below that, forking and sending cost more than they save
LOCK_SECONDS = 5.0  # a helper killed while holding the claims' lock: the others stop taking pages after this


class _Claims:
    """The next page no helper has taken, and which helper took each, shared by one file's readers."""

    def __init__(self, count: int):
        ctx = mp.get_context("fork")  # shared with forked helpers (whatever start method a caller set)
        self.lock = ctx.Lock()
        self.next_page, self.last = ctx.RawValue("i", 1), ctx.RawValue("i", count)
        self.owners = ctx.RawArray("i", count + 1)  # page → 1 + the helper that took it (0: none)

    def take(self, helper: int) -> int | None:
        if not self.lock.acquire(timeout=LOCK_SECONDS):
            return None
        try:
            n = self.next_page.value
            if n > self.last.value:
                return None
            self.next_page.value, self.owners[n] = n + 1, helper + 1
            return n
        finally:
            self.lock.release()

    def none_after(self, n: int) -> None:
        """A page raised: the pages after it are not wanted (one reader would not have read them)."""
        if self.lock.acquire(timeout=LOCK_SECONDS):
            self.last.value = min(self.last.value, n)
            self.lock.release()


def readers_for(count: int, readers: int) -> int:
    return max(1, min(readers, count // PAGES_PER_READER))


def read_in_parts(
    count: int, readers: int, read_page: Callable[[int], T], open_part: Callable[[], AbstractContextManager]
) -> Iterator[T]:
    """read_page(n) for n in 1..count, in order; with readers to spare and pages enough, the pages are read
    by forked helpers, each through `open_part()` (a context giving its own read_page)."""
    helpers: list[_Helper] = []
    try:
        if readers_for(count, readers) > 1:
            helpers, claims = _started(readers_for(count, readers), open_part, count)
        if not helpers:
            yield from map(read_page, range(1, count + 1))
            return
        done: dict[int, tuple[str, object]] = {}  # page → ("page", value) or ("raised", error)
        for n in range(1, count + 1):
            while n not in done:
                owner = claims.owners[n] - 1
                live = [h for h in helpers if not h.ended]
                if (owner >= 0 and helpers[owner].ended) or (owner < 0 and not live):
                    done[n] = _outcome(read_page, n, claims)  # lost with its helper, or never taken
                    break
                for conn in wait([h.conn for h in live]):
                    next(h for h in live if h.conn is conn).take(done)
            yield _handed_on(done.pop(n))
    finally:
        for helper in helpers:
            helper.stop()


def _started(count_of_helpers: int, open_part, count: int) -> tuple[list[_Helper], _Claims | None]:
    """The helpers that could be started (none where the system gives no semaphore, pipe or fork)."""
    helpers: list[_Helper] = []
    try:
        claims = _Claims(count)
        for k in range(count_of_helpers):
            helpers.append(_Helper(claims, open_part, k))
    except OSError:
        if not helpers:
            return [], None
    return helpers, claims


def _outcome(read_page: Callable[[int], T], n: int, claims: _Claims) -> tuple[str, object]:
    try:
        return "page", read_page(n)
    except Exception as e:  # noqa: BLE001 - raised when page n is handed on, as one reader would raise it
        claims.none_after(n)
        return "raised", e


def _handed_on(outcome: tuple[str, object]):
    kind, value = outcome
    if kind == "raised":
        raise value
    return value


class _Helper:
    """A forked reader taking pages until none is left, and the worker's end of its pipe."""

    def __init__(self, claims: _Claims, open_part, index: int):
        self.conn, there = mp.get_context("fork").Pipe(duplex=False)
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - in the helper, which never returns from here
            try:
                self.conn.close()
                _serve(there, claims, open_part, index)
            finally:
                os._exit(0)
        there.close()
        self.ended = False

    def take(self, done: dict) -> None:
        """One message: a page's outcome, or the end (all sent, or it died: its page is read by the worker)."""
        try:
            n, outcome = self.conn.recv()
        except (EOFError, OSError):
            self.ended = True
            return
        done[n] = outcome

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # ended already, or stopped early: nothing more of it is wanted
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.conn.close()


def _serve(conn, claims: _Claims, open_part, index: int) -> None:  # pragma: no cover - in the helper
    with contextlib.suppress(BaseException):  # what it did not send is read by the worker
        limits_mod.enter_worker(limits_mod.Limits(memory_mb=0))  # die with the worker, Ctrl-C is its parent's
        limits_mod.page_hook = None  # the worker's pipe to its parent is the worker's alone
        with open_part() as read_page:
            while (n := claims.take(index)) is not None:
                conn.send((n, _outcome(read_page, n, claims)))
