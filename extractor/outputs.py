"""What the CLI writes, made safe: every string printable (file names of any bytes, stray surrogates,
characters XML forbids), every unreadable file a row of its own, every output file written whole or not
at all (a temporary name renamed into place).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import fields

from .journal import atomic_write_text

ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010\013\014\016-\037]")  # what XML (and so xlsx) cannot hold


def printable(s: str, xml: bool = False) -> str:
    """`s` as valid Unicode text: bytes a file name could not decode become `\\xNN`."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        try:
            s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", s) if xml else s


def clean(value, xml: bool = False):
    """A record (dicts, lists, strings) with every string printable."""
    if isinstance(value, str):
        return printable(value, xml)
    if isinstance(value, dict):
        return {k: clean(v, xml) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v, xml) for v in value]
    return value


def clean_results(results: list, xml: bool = False) -> list:
    for r in results:
        for f in fields(r):
            setattr(r, f.name, clean(getattr(r, f.name), xml))
    return results


def error_rows_as_records(results, what: str) -> None:
    """Give each file that could not be read one row among its findings (or facts, or table cells), so
    that machine-readable outputs name it: `rule` (facts: `source`) is the reason's code."""
    for r in results:
        if not r.error:
            continue
        if what == "findings":
            row = {"file": r.path, "rule": r.error_code, "severity": "error", "message": r.error, "stated": "",
                   "expected": "", "page": None, "line": None, "bbox": None, "quote": "", "evidence": []}  # fmt: skip
            r.findings = [row]
        else:
            row = {"file": r.path, "kind": "unreadable", "source": r.error_code, "quote": r.error, "value": r.error,
                   "bbox": None, "page": None}  # fmt: skip
            setattr(r, what, [row])


def emit(content: str, output: str | os.PathLike | None) -> None:
    if output:
        atomic_write_text(output, content)
    else:
        sys.stdout.reconfigure(errors="backslashreplace")
        sys.stdout.write(content)
