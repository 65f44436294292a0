"""Compiled patterns kept between runs, as Python keeps bytecode.

The `regex` module compiles a pattern in Python: our ~200 patterns cost about 0.09 s at every start, a
quarter of checking a 3-page report. A compiled pattern pickles as its compiled code, and unpickles in C
(about 30 × faster), so `compiled()` answers from a file an earlier run wrote beside the package's bytecode
(`__pycache__`), named after the `regex` and Python versions that wrote it. The file is written only when a
pattern was new to it, never when bytecode is not written (PYTHONDONTWRITEBYTECODE), and silently not where
the package cannot be written. The file opens with a digest of what follows: a damaged one (the C compiler
trusts the code it is given, and crashes on a wrong byte) is read as absent. Only `regex`'s own compiler may
be named by what it holds, and every pattern must be the one its key names.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path

import regex

FILE = (
    Path(__file__).parent / "__pycache__" / f"patterns.regex-{regex.__version__}.{sys.implementation.cache_tag}.pickle"
)
MAGIC = b"jixiao compiled patterns 1\n"
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
    payload = pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = FILE.with_name(f".{FILE.name}.{os.getpid()}.{os.urandom(4).hex()}")
    try:
        FILE.parent.mkdir(exist_ok=True)
        with open(tmp, "wb") as f:  # as bytecode files are: readable by all, as the umask allows
            f.write(MAGIC + _digest(payload) + payload)
        os.replace(tmp, FILE)  # whole or not at all: workers may write it at once
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()


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
        raw = FILE.read_bytes()
        head, payload = raw[: len(MAGIC) + 16], raw[len(MAGIC) + 16 :]
        if head != MAGIC + _digest(payload):
            return {}  # damaged, or not ours: never unpickled
        data = _OnlyPatterns(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - absent, truncated or foreign: compiled afresh and written again
        return {}
    return data if isinstance(data, dict) and all(_names(k, v) for k, v in data.items()) else {}


def _names(key, pattern) -> bool:
    """Whether `pattern` is what `key` (source, flags) asks for: its source, and at least its flags."""
    return (
        isinstance(key, tuple) and len(key) == 2 and isinstance(pattern, regex.Pattern)
        and pattern.pattern == key[0] and isinstance(key[1], int) and pattern.flags & key[1] == key[1]
    )  # fmt: skip
