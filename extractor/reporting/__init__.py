"""Reporters: one module per output format, found by name. Formatting lives only here.

`FINDING_FORMATS` are what `jixiao check` writes, `RECORD_FORMATS` what `jixiao extract` writes. Each entry
is a function of the results (or records) that returns the text to print, or writes `path` and returns ''
for formats that only go to a file (xlsx). A new format is one module here and one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import tabular

FILE_ONLY = {"xlsx"}  # formats that cannot go to standard output


class NeedsFile(ValueError):
    """A format that only goes to a file was asked for without one."""


def _columns(what: str) -> list[str]:
    """The columns of finding, fact or cell records (records.py, loaded when a report is made)."""
    from . import records

    return getattr(records, f"{what.upper()}_COLUMNS")


def _findings(results) -> list[dict]:
    return [f for res in results for f in res.findings]


def _jsonl(records: list[dict]) -> str:
    from .stream import to_jsonl

    return to_jsonl(records)


def _text(results, lang, path):
    from .text import render_findings

    return render_findings(results, lang)


def _html(results, lang, path):
    from .html import render_html

    return render_html(results, lang)


def _findings_xlsx(results, lang, path):
    from .xlsx import findings_workbook

    findings_workbook(str(path), results, lang)
    return ""


FINDING_FORMATS: dict[str, Callable] = {
    "text": _text,
    "json": lambda results, lang, path: tabular.to_json(_findings(results)),
    "jsonl": lambda results, lang, path: _jsonl(_findings(results)),
    "csv": lambda results, lang, path: tabular.to_csv(_findings(results), _columns("finding")),
    "xlsx": _findings_xlsx,
    "html": _html,
}


def _records_xlsx(records, columns, sheet, path, lang="zh"):
    from .xlsx import records_workbook

    records_workbook(str(path), records, columns, sheet, lang)
    return ""


def _records_table(records, columns, sheet, path, lang="zh"):
    if sheet == "facts":
        return tabular.to_table(records, lang=lang)
    return tabular.shown(records, columns, lang=lang).to_string(index=False) + "\n"


RECORD_FORMATS: dict[str, Callable] = {
    "table": _records_table,
    "json": lambda records, columns, sheet, path, lang="zh": tabular.to_json(records),
    "jsonl": lambda records, columns, sheet, path, lang="zh": _jsonl(records),
    "csv": lambda records, columns, sheet, path, lang="zh": tabular.to_csv(records, columns),
    "xlsx": _records_xlsx,
}


def _needs_file(fmt: str, path: Path | None) -> None:
    if fmt in FILE_ONLY and not path:
        raise NeedsFile(f"--format {fmt} needs --output FILE.{fmt}")


def report_findings(fmt: str, results, lang: str = "zh", path: Path | None = None) -> str:
    """The findings of file results in format `fmt` (text, json, csv, xlsx, html)."""
    _needs_file(fmt, path)
    return FINDING_FORMATS[fmt](results, lang, path)


def report_records(fmt: str, results, what: str = "facts", path: Path | None = None, lang: str = "zh") -> str:
    """The facts (or, with what='tables', the recovered table cells) of file results in format `fmt`
    (`lang`: the workbook's headers)."""
    _needs_file(fmt, path)
    records = [r for res in results for r in (res.tables if what == "tables" else res.facts)]
    columns = _columns("cell" if what == "tables" else "fact")
    return RECORD_FORMATS[fmt](records, columns, what, path, lang)
