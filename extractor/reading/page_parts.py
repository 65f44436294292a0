"""A long PDF's pages read by more than one process: `check -j N` with fewer files than workers leaves cores
idle, so helpers forked from the file's worker read its pages, each through its own copy of the document,
and send them back as the page layout reads them. Each reader takes the next page no one has taken (pages
differ in cost: halves fixed in advance finished a second apart on a 300-page file); the worker takes a
page only when it is the next to hand on, so no reader but a helper ever reads ahead. The file's result is
one reader's:
- what a page raises (a limit, a page pdfium cannot read, no memory) is raised at that page, once every
  page before it is in, and no page after it is taken any more;
- a page whose helper died with it (pdfium crashed on it, the memory killer), or could not send what it
  met, is read by the worker when its turn comes, as one reader would read it then;
- helpers die with their worker, and so with its time limit; Ctrl-C waits until they are forked or stopped.
No helper is forked from a process running other threads, native ones included (a fork copies their locks,
held), nor where the system gives no fork, semaphore or pipe: the worker then reads the pages itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from multiprocessing.connection import wait
from typing import TypeVar

from .. import limits as limits_mod

T = TypeVar("T")
PAGES_PER_READER = 24  # pages a reader has at least: below that, forking and sending cost more than they save
LOCK_SECONDS = 5.0  # a helper killed while holding the claims' lock: the others stop taking pages after this
WORKER = -1  # the worker's mark in the claims (helpers are 0, 1, ...)


class _Claims:
    """The next page no reader has taken, and which reader took each, shared by one file's readers."""

    def __init__(self, count: int):
        ctx = mp.get_context("fork")  # shared with forked helpers (whatever start method a caller set)
        self.lock = ctx.Lock()
        self.next_page, self.last = ctx.RawValue("i", 1), ctx.RawValue("i", count)
        self.owners = ctx.RawArray("i", count + 2)  # page → 2 + the reader that took it (0: none)

    def take(self, reader: int, only: int | None = None) -> int | None:
        """The next page for `reader` (only if it is page `only`), or None. A lock held past LOCK_SECONDS
        (its holder killed) gives a helper nothing, and the worker its page: no one else can take it."""
        if not self.lock.acquire(timeout=LOCK_SECONDS):
            return only
        try:
            n = self.next_page.value
            if n > self.last.value or (only is not None and n != only):
                return None
            self.next_page.value, self.owners[n] = n + 1, reader + 2
            return n
        finally:
            self.lock.release()

    def owner(self, n: int) -> int | None:
        return self.owners[n] - 2 if self.owners[n] else None

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
    """read_page(n) for n in 1..count, in order; with readers to spare and pages enough, pages are read by
    forked helpers, each through `open_part()` (a context giving its own read_page)."""
    helpers: list[_Helper] = []
    try:
        claims = _start(helpers, readers_for(count, readers), open_part, count)
        if not helpers:
            yield from map(read_page, range(1, count + 1))
            return
        done: dict[int, tuple[str, object]] = {}  # page → ("page", value) or ("raised", error)
        for n in range(1, count + 1):
            while n not in done:
                owner, live = claims.owner(n), [h for h in helpers if not h.ended]
                lost = owner is not None and owner != WORKER and helpers[owner].ended
                if lost or not live or (owner is None and claims.take(WORKER, only=n) == n):
                    done[n] = _outcome(read_page, n, claims)  # the next to hand on: read here, in order
                    break
                for conn in wait([h.conn for h in live], timeout=1.0):  # then look again: a helper may be stuck
                    next(h for h in live if h.conn is conn).take(done)
            yield _handed_on(done.pop(n))
    finally:
        _stop(helpers)


def _start(helpers: list[_Helper], wanted: int, open_part, count: int) -> _Claims | None:
    """Helpers forked into `helpers` (as each starts: the caller stops them whatever happens), up to
    `wanted`, with Ctrl-C held until the forks are done; none from a process running other threads."""
    if wanted <= 1 or _other_threads():
        return None
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        claims = _Claims(count)
        for k in range(wanted):
            helpers.append(_Helper(claims, open_part, k))
    except OSError:  # no semaphore, pipe or fork: the pages are left to the helpers there are, or to us
        claims = claims if helpers else None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C held meanwhile is raised here
    return claims


def _other_threads() -> bool:
    """Whether this process runs threads besides this one, native ones included (an OCR runtime's pool):
    a fork copies their locks, held, and a Ctrl-C could go to them, past the mask that holds it here."""
    try:
        return len(os.listdir("/proc/self/task")) > 1
    except OSError:  # no /proc: Python's own threads only
        return threading.active_count() > 1


def _stop(helpers: list[_Helper]) -> None:
    """Every helper killed, then every one waited for, with Ctrl-C held until all are."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for helper in helpers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(helper.pid, signal.SIGKILL)  # ended already, or stopped early: nothing more is wanted
        for helper in helpers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(helper.pid, 0)
            helper.conn.close()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


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
        try:
            self.pid = os.fork()
        except OSError:
            self.conn.close()
            there.close()
            raise
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
        except Exception:  # noqa: BLE001 - ended, died mid-message, or sent what does not unpickle
            self.ended = True
            return
        done[n] = outcome


def _serve(conn, claims: _Claims, open_part, index: int) -> None:  # pragma: no cover - in the helper
    with contextlib.suppress(BaseException):  # what it did not send is read by the worker
        limits_mod.enter_worker(limits_mod.Limits(memory_mb=0))  # die with the worker, Ctrl-C is its parent's
        limits_mod.page_hook = None  # the worker's pipe to its parent is the worker's alone
        with open_part() as read_page:
            while (n := claims.take(index)) is not None:
                outcome = _outcome(read_page, n, claims)
                if outcome[0] == "raised":
                    pickle.loads(pickle.dumps(outcome))  # what would not arrive whole is met again by the worker
                conn.send((n, outcome))
