"""A long PDF's pages read by more than one process: `check -j N` with fewer files than workers leaves cores
idle, so helpers forked from the file's worker read some of its pages, each through its own copy of the
document, and send them back as the page layout reads them. Every reader takes the next page no one has
taken (pages differ in cost: halves fixed in advance finished a second apart on a 300-page file), and this
process hands them on in page order. What a reader meets at a page (a limit, a page pdfium cannot read, no
memory) is raised here at that page, as one reader going through the pages would have met it first there;
a page a dead helper took is read here. Helpers die with their worker, and so with its time limit.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TypeVar

from .. import limits as limits_mod

T = TypeVar("T")
PAGES_PER_READER = 24  # pages a reader has at least: below that, forking and sending cost more than they save


class _Claims:
    """The next page no reader has taken, shared by the readers of one file; no page past `last`."""

    def __init__(self, count: int):
        ctx = mp.get_context("fork")  # shared with forked helpers (whatever start method a caller set)
        self.lock = ctx.Lock()
        self.next_page, self.last = ctx.RawValue("i", 1), ctx.RawValue("i", count)

    def take(self) -> int | None:
        with self.lock:
            n = self.next_page.value
            if n > self.last.value:
                return None
            self.next_page.value = n + 1
            return n

    def none_after(self, n: int) -> None:
        """A reader failed at page n: the pages after it are not wanted."""
        with self.lock:
            self.last.value = min(self.last.value, n)


def readers_for(count: int, readers: int) -> int:
    return max(1, min(readers, count // PAGES_PER_READER))


def read_in_parts(
    count: int, readers: int, read_page: Callable[[int], T], open_part: Callable[[], AbstractContextManager]
) -> Iterator[T]:
    """read_page(n) for n in 1..count, in order; with readers to spare and pages enough, some pages are read
    by forked helpers, each through `open_part()` (a context giving its own read_page)."""
    if readers_for(count, readers) == 1:
        yield from map(read_page, range(1, count + 1))
        return
    claims = _Claims(count)
    done: dict[int, tuple[str, object]] = {}  # page → ("page", value) or ("raised", error)
    helpers: list[_Helper] = []
    try:
        helpers = [_Helper(claims, open_part) for _ in range(readers_for(count, readers) - 1)]
        following = 1  # the next page handed on
        while (n := claims.take()) is not None:
            done[n] = _outcome(read_page, n, claims)
            for helper in helpers:
                helper.drain(done)
            while following in done:
                yield _handed_on(done.pop(following))
                following += 1
        for helper in helpers:
            helper.finish(done)
        for n in range(following, count + 1):  # a page a dead helper had taken is read here
            yield _handed_on(done.pop(n) if n in done else _outcome(read_page, n, claims))
    finally:
        for helper in helpers:
            helper.stop()


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
    """A forked reader taking pages until none is left, and the parent's end of its pipe."""

    def __init__(self, claims: _Claims, open_part):
        self.conn, there = mp.get_context("fork").Pipe(duplex=False)
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - in the helper
            self.conn.close()
            _serve(there, claims, open_part)
        there.close()
        self.ended = False

    def drain(self, done: dict) -> None:
        """What it has sent so far, without waiting: its pipe kept empty, a helper never waits to send."""
        while not self.ended and self.conn.poll():
            self._take(done)

    def finish(self, done: dict) -> None:
        """Everything it sends until it ends."""
        while not self.ended:
            self._take(done)

    def _take(self, done: dict) -> None:
        try:
            n, outcome = self.conn.recv()
        except (EOFError, OSError):  # it ended: all sent, or it died (its page is read here)
            self.ended = True
            return
        done[n] = outcome

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # ended already, or stopped early: nothing more of it is wanted
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.conn.close()


def _serve(conn, claims: _Claims, open_part) -> None:  # pragma: no cover - in the helper
    try:
        limits_mod.enter_worker(limits_mod.Limits(memory_mb=0))  # die with the worker, Ctrl-C is its parent's
        with open_part() as read_page:
            while (n := claims.take()) is not None:
                conn.send((n, _outcome(read_page, n, claims)))
    except BaseException:  # noqa: BLE001, S110 - what it did not send is read by the worker
        pass
    finally:
        os._exit(0)
