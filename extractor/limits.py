"""What one file may cost: wall time (growing with its pages), memory, characters and line length.

The sizes are checked by the readers (`check`), so a file past one stops early with a `limit-exceeded`
error naming it; time and memory are enforced on the worker process that reads the file (batch.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reading.errors import ReadError

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0  # wall time per file (0: none) ...
    seconds_per_page: float = 2.0  # ... plus this much per page once the page count is known
    memory_mb: int = 1024  # address space of the worker reading the file (0: none)
    file_mb: int = 256  # bytes read from one file
    chars_per_page: int = 100_000
    chars_per_file: int = 3_000_000
    line_chars: int = 50_000  # one line of a text file
    lines: int = 200_000  # lines of a text file

    def deadline(self, pages: int) -> float:
        """Seconds allowed for a file of `pages` pages (0: no limit)."""
        return self.seconds + self.seconds_per_page * pages if self.seconds else 0.0


UNITS = {"seconds": "s", "seconds_per_page": "s", "memory_mb": "MB", "file_mb": "MB"}


def exceeded(path: str, name: str, limits: Limits, found: str | tuple[str, str] = "") -> ReadError:
    """The error of a file past the limit `name`, naming it and how to raise it, in both languages (`found`:
    what was measured, as (Chinese, English), or English only)."""
    from .reading.errors import ReadError  # here: the command line's options need Limits, not the readers

    value, unit = getattr(limits, name), UNITS.get(name, "")
    option = "--timeout" if name == "seconds" else f"--limit {name}="
    zh, en = found if isinstance(found, tuple) else ("", found)
    return ReadError(
        path,
        "limit-exceeded",
        (
            f"{name} 上限 {value:g}{unit}{'，' + zh if zh else ''}；可用 {option} 调高",
            f"{name} {value:g}{unit}{' ' + en if en else ''}; raise it with {option}",
        ),
    )


def parse(specs: list[str], base: Limits | None = None) -> Limits:
    """Limits from NAME=VALUE strings (`memory_mb=2048`); ValueError names what is wrong."""
    values = asdict(base or Limits())
    for spec in specs:
        name, _, value = spec.partition("=")
        name = name.strip()
        if name not in values or not value:
            raise ValueError(f"{spec!r}: give NAME=VALUE with NAME one of {', '.join(values)}")
        values[name] = type(values[name])(float(value)) if values[name].__class__ is int else float(value)
    return Limits(**values)


def check(path: str, limits: Limits | None, name: str, count: int, where: tuple[str, str] = ("", "")) -> None:
    """Raise limit-exceeded when `count` passes the limit `name` (`where`: what was counted, in Chinese and
    in English: ("第 3 页", "on page 3"))."""
    if limits is not None and count > getattr(limits, name):
        zh, en = where
        raise exceeded(
            path,
            name,
            limits,
            (f"实际 {count:,}{' ' + zh if zh else ''}", f"exceeded: {count:,}{' ' + en if en else ''}"),
        )


# Called by a reader once it knows how many pages a file has (the worker extends its deadline).
page_hook: Callable[[int], None] | None = None


RECOGNISED_PAGE_WEIGHT = 30  # a page recognised from its image is given the time of this many pages (60 s)


def report_pages(n: int, recognised: int = 0) -> None:
    """Tell the parent the file's size: n pages, `recognised` of them by OCR (each much slower)."""
    if page_hook is not None:
        page_hook(n + (RECOGNISED_PAGE_WEIGHT - 1) * recognised)


def allow_more_memory(mb: int) -> None:
    """Raise this process's address-space cap by `mb` (a worker about to load the OCR models)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return
    wanted = soft + mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def enter_worker(limits: Limits) -> None:
    """In a freshly forked worker: die with the parent, leave Ctrl-C to the parent, cap memory."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # not glibc: the parent's kill on exit still holds
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # pragma: no cover - the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # the parent blocked it around the fork
    if limits.memory_mb:
        # a worker forked from a large process (a notebook, a test run with the OCR models loaded) inherits
        # its address space: it may still grow by half the limit beyond what it inherited
        cap = max(limits.memory_mb, address_space_mb() + limits.memory_mb // 2) * 1024 * 1024
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]  # kept: the OCR models may raise the cap (ocr.py)
        with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already set
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def address_space_mb() -> int:
    """This process's address space (VmSize), in MiB; 0 where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) // 1024
    except OSError:  # pragma: no cover - no /proc
        pass
    return 0
