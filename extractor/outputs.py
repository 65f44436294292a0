"""What the CLI writes, made safe: every string printable (file names of any bytes, stray surrogates,
characters XML forbids), every unreadable file a row of its own, every output file written whole or not
at all (a temporary name renamed into place).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import fields

from .journal import atomic_write_text
from .reporting.records import CELL_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS, reason

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


def unreadable_record(r, what: str) -> dict:
    """The one row an unreadable file gets among findings, facts or table cells: every column present,
    the reason's code where the kind of row is told (findings: `rule`; facts: `source`; cells: `row_name`)
    and the reason itself where the row's words go (`message`, `quote`, `value`)."""
    why = reason(r)
    if what == "findings":
        columns, fields_ = FINDING_COLUMNS, {"rule": r.error_code, "severity": "error", "message": why, "subject": ""}
    elif what == "tables":
        columns, fields_ = CELL_COLUMNS, {"row_name": r.error_code, "value": why}
    else:
        columns, fields_ = FACT_COLUMNS, {"kind": "unreadable", "source": r.error_code, "quote": why}
    row = dict.fromkeys(columns)
    row.update({"file": r.path, **fields_})
    if "evidence" in row:
        row["evidence"] = []
    return row


def error_rows_as_records(results, what: str) -> None:
    """Give each file that could not be read one row among its findings (or facts, or table cells), so
    that machine-readable outputs name it (see `unreadable_record`)."""
    for r in results:
        if r.error:
            setattr(r, what, [unreadable_record(r, what)])


BOM = "\ufeff"


def emit(content: str, output: str | os.PathLike | None) -> None:
    """Write `content` to the file `output`, or print it. A byte-order mark the content starts with (CSV,
    for Excel) is kept in files, standard output redirected to a file included, and dropped when standard
    output is a pipe or a terminal: the program reading a pipe would take it for part of the first header."""
    if output:
        atomic_write_text(output, content)
        return
    if content.startswith(BOM) and not stdout_is_file():
        content = content[1:]
    sys.stdout.reconfigure(errors="backslashreplace")
    sys.stdout.write(content)


def stdout_is_file() -> bool:
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # a stream without a descriptor (tests, notebooks)
        return False
