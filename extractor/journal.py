"""Nothing lost: outputs and cache entries written under a temporary name and renamed into place, and a
journal of finished results (one JSON line each, flushed as it comes) beside an output, so that a run
killed at any moment can be resumed without redoing or duplicating a file.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import FileResult

_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[str]:
    """A temporary path beside `target`, renamed onto it when the block ends without an error."""
    target = Path(target)
    tmp = ""
    try:
        with _interrupts_held():  # a Ctrl-C is raised once tmp is known, so the finally below removes it
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
            os.close(fd)
        os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary open() would have made it
        yield tmp
        os.replace(tmp, target)
    finally:
        with _interrupts_held():  # ... and not in the middle of removing it
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (then they are raised as usual)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def atomic_write_text(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)


def journal_path(output: str | os.PathLike) -> str:
    return f"{output}.journal"


class Journal:
    """Finished results by key, appended one line at a time. A line cut short by a kill is ignored.
    `whole`: the results hold their facts; a line of a run that made none is not read back by a run that
    writes them (that file is read again)."""

    def __init__(self, path: str, resume: bool, whole: bool = True):
        self.path, self.resume, self.whole = path, resume, whole
        self._fh = None

    def load(self) -> dict[str, FileResult]:
        from .results import FileResult  # here: outputs that only write files need no pipeline

        done: dict[str, FileResult] = {}
        lean: set[str] = set()  # keys whose results were made without facts
        if self.resume and os.path.exists(self.path):
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                        whole = entry.get("whole", True)
                        if self.whole and not whole:
                            continue
                        done[entry["key"]] = FileResult(**entry["result"])
                        if not whole:
                            lean.add(entry["key"])
                    except (ValueError, KeyError, TypeError):
                        continue  # the last line of a killed run, or damage: that file is simply done again
        self._fh = open(self.path, "a" if self.resume else "w", encoding="ascii")  # noqa: SIM115 - open while the batch runs
        if self.resume:
            self._rewrite(done, lean)
        return done

    def _rewrite(self, done: dict[str, FileResult], lean: set[str]) -> None:
        """Keep only whole lines, so a cut line from the killed run cannot glue onto the next one."""
        self._fh.close()
        with atomic_path(self.path) as tmp, open(tmp, "w", encoding="ascii") as fh:
            for key, result in done.items():
                fh.write(self._line(key, result, key not in lean))
        self._fh = open(self.path, "a", encoding="ascii")  # noqa: SIM115 - open while the batch runs

    def append(self, key: str, result: FileResult) -> None:
        self._fh.write(self._line(key, result, self.whole))
        self._fh.flush()  # in the kernel's hands: a killed process loses nothing (no fsync: that is for power cuts)

    @staticmethod
    def _line(key: str, result: FileResult, whole: bool) -> str:
        # the fields as they are (asdict's deep copy was most of a journalled batch's own time); ASCII: any
        # file name survives
        fields = {f.name: getattr(result, f.name) for f in dataclass_fields(result)}
        return json.dumps({"key": key, "whole": whole, "result": fields}) + "\n"

    def close(self) -> None:
        if self._fh:
            self._fh.close()
            self._fh = None
