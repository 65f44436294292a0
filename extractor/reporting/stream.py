"""Outputs written as each file finishes: text, JSON, JSON Lines and CSV. A sink turns one file's result
into the text to append (`write`) and gives the closing text (`close`); what it keeps is a few counters,
so memory stays flat however many files a batch holds. The bytes are those of the whole-batch reporters.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from . import tabular
from .records import CELL_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS
from .text import result_lines, summary_line

STREAMING = {"text", "json", "jsonl", "csv"}  # formats a batch writes as it goes; the others need every result

RECORDS_OF: dict[str, Callable] = {
    "findings": lambda res: res.findings,
    "facts": lambda res: res.facts,
    "tables": lambda res: res.tables,
}
COLUMNS = {"findings": FINDING_COLUMNS, "facts": FACT_COLUMNS, "tables": CELL_COLUMNS}


class TextFindings:
    """Linter-style text, one file's findings at a time, then the closing line."""

    def __init__(self, lang: str = "zh"):
        self.lang, self.counts, self.files, self.unreadable = lang, Counter(), 0, 0

    def write(self, res) -> str:
        self.files += 1
        if res.error:
            self.unreadable += 1
            return ""
        self.counts.update(f["severity"] for f in res.findings)
        lines = result_lines(res, self.lang)
        return "\n".join(lines) + "\n" if lines else ""

    def close(self) -> str:
        return summary_line(self.counts, self.files, self.unreadable, self.lang) + "\n"


class JsonRecords:
    """One JSON array over the whole batch, as tabular.to_json writes it."""

    def __init__(self, what: str):
        self.records_of, self.written = RECORDS_OF[what], 0

    def write(self, res) -> str:
        parts = [json.dumps([r], ensure_ascii=False, indent=1)[2:-2] for r in self.records_of(res)]
        if not parts:
            return ""
        opening = "[\n" if not self.written else ",\n"
        self.written += len(parts)
        return opening + ",\n".join(parts)

    def close(self) -> str:
        return "\n]\n" if self.written else "[]\n"


class JsonLines:
    """One JSON object per line."""

    def __init__(self, what: str):
        self.records_of = RECORDS_OF[what]

    def write(self, res) -> str:
        return to_jsonl(self.records_of(res))

    def close(self) -> str:
        return ""


class CsvRecords:
    """CSV with one header: each file's rows as tabular.to_csv writes them, its header line dropped."""

    def __init__(self, what: str):
        self.records_of, self.columns, self.headed = RECORDS_OF[what], COLUMNS[what], False

    def write(self, res) -> str:
        records = self.records_of(res)
        if not records:
            return ""
        chunk = tabular.to_csv(records, self.columns)
        if self.headed:
            chunk = chunk.split("\n", 1)[1]
        self.headed = True
        return chunk

    def close(self) -> str:
        return "" if self.headed else tabular.to_csv([], self.columns)


def to_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def sink(fmt: str, what: str, lang: str = "zh"):
    """The sink for format `fmt` of records `what` (findings, facts, tables), or None if it cannot stream."""
    if fmt == "text" and what == "findings":
        return TextFindings(lang)
    return {"json": JsonRecords, "jsonl": JsonLines, "csv": CsvRecords}.get(fmt, lambda what: None)(what)
