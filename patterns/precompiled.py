"""Compiled patterns kept between runs, as Python keeps bytecode.

The `regex` module compiles a pattern in Python: our ~200 patterns cost about 0.09 s at every start, a
quarter of checking a 3-page report. A compiled pattern pickles as its compiled code, and unpickles in C
(about 30 × faster), so `compiled()` answers from a file an earlier run wrote beside the package's bytecode
(`__pycache__`), named after the `regex` and Python versions that wrote it. The file is written only when a
pattern was new to it, never when bytecode is not written (PYTHONDONTWRITEBYTECODE), and silently not where
the package cannot be written. Only `regex`'s own compiler may be named by what the file holds.
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import sys
from pathlib import Path

import regex

FILE = (
    Path(__file__).parent / "__pycache__" / f"patterns.regex-{regex.__version__}.{sys.implementation.cache_tag}.pickle"
)
MOST = 2000  # the file keeps at most this many patterns: past it, only those this process asked for

_store: dict[tuple[str, int], regex.Pattern] | None = None  # every pattern known to this process
_asked: set[tuple[str, int]] = set()
_new = False  # a pattern was compiled that the file does not hold


def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    """regex.compile(pattern, flags), from the file of an earlier run when it holds it."""
    global _new
    store = _known()
    key = (pattern, int(flags))
    _asked.add(key)
    found = store.get(key)
    if found is None:
        found = store[key] = regex.compile(pattern, flags)
        _new = True
    return found


def save() -> None:
    """Write the file when this process compiled a pattern it lacked (a forked worker calls this after each
    file: it does not run exit handlers)."""
    global _new
    if not _new or sys.dont_write_bytecode or _store is None:
        return
    keep = _store if len(_store) <= MOST else {k: v for k, v in _store.items() if k in _asked}
    _new = False
    try:
        FILE.parent.mkdir(exist_ok=True)
        tmp = FILE.with_name(f".{FILE.name}.{os.getpid()}")
        with open(tmp, "wb") as f:  # as bytecode files are: readable by all, as the umask allows
            pickle.dump(keep, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, FILE)  # whole or not at all: workers may write it at once
    except OSError:
        return


# what a compiled pattern pickles as (regex's compiler, by the name its C module has), and its containers
_ALLOWED = {("regex._regex", "compile"), ("_regex", "compile"), ("builtins", "frozenset"), ("builtins", "set")}


class _OnlyPatterns(pickle.Unpickler):
    """Unpickles compiled patterns and the containers around them, nothing else."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


def _known() -> dict[tuple[str, int], regex.Pattern]:
    global _store
    if _store is None:
        _store = _read()
        atexit.register(save)
    return _store


def _read() -> dict[tuple[str, int], regex.Pattern]:
    try:
        data = _OnlyPatterns(io.BytesIO(FILE.read_bytes())).load()
    except Exception:  # noqa: BLE001 - absent, truncated or foreign: compiled afresh and written again
        return {}
    ok = isinstance(data, dict) and all(isinstance(v, regex.Pattern) for v in data.values())
    return data if ok else {}
