"""What a batch shows on standard error. On a terminal: a progress bar while it runs (files done of all,
pages per second, time left, the file being read), a line for each file with a problem, and a closing
summary table. Not on a terminal (a log, a pipe): no bar, only the problem lines and the summary, so logs
stay clean. `--quiet` leaves only the problem lines. `--statistics` counts findings per rule, like ruff's.
Rich is imported only when a batch runs, so `jixiao --help` stays fast.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .outputs import BOM, stdout_is_file
from .reading.errors import reason_name

SEVERITIES = ("error", "warning", "info")

WORDS = {
    "zh": {
        "checking": "检查", "extracting": "抽取", "pages_per_second": "页/秒", "rule": "规则", "error": "错误",
        "warning": "警告", "info": "提示", "total": "合计", "title": "{files} 个文件 · {pages} 页 · 用时 {seconds} 秒",
        "facts": "数据 {n} 条", "unreadable": "无法读取 {n} 个文件：{codes}",
        "identical": "{n} 个文件与前面的文件内容相同，只分析了一次", "no_findings": "没有发现问题",
    },
    "en": {
        "checking": "checking", "extracting": "extracting", "pages_per_second": "pages/s", "rule": "rule",
        "error": "error", "warning": "warning", "info": "info", "total": "total",
        "title": "{files} files · {pages} pages · {seconds} s", "facts": "{n} facts",
        "unreadable": "{n} files could not be read: {codes}",
        "identical": "{n} files had the content of an earlier one and were analysed once", "no_findings": "no findings",
    },
}  # fmt: skip


@dataclass
class Summary:
    """What a batch found, in counters only (nothing per file is kept)."""

    files: int = 0
    pages: int = 0
    facts: int = 0
    findings: Counter = field(default_factory=Counter)  # (rule, severity) → count
    unreadable: Counter = field(default_factory=Counter)  # reason code → files
    identical: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, res) -> None:
        self.files += 1
        self.pages += res.pages
        self.facts += len(res.facts)
        self.identical += bool(res.same_as)
        if res.error:
            self.unreadable[res.error_code] += 1
        else:
            self.findings.update((f["rule"], f["severity"]) for f in res.findings)

    def by_severity(self) -> Counter:
        out: Counter = Counter()
        for (_, severity), n in self.findings.items():
            out[severity] += n
        return out


def statistics(summary: Summary, summaries: dict[str, str], lang: str = "zh") -> str:
    """Counts per rule and severity, the most frequent first, with the severity in `lang` and each rule's
    whole one-line description (`summaries`: rule → description)."""
    rows = sorted(summary.findings.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        return ""
    table = [
        [str(n), rule, WORDS[lang].get(severity, severity), summaries.get(rule, "")] for (rule, severity), n in rows
    ]
    return "".join(line.removeprefix("  ") + "\n" for line in aligned(table, right=1))


def aligned(rows: list[list[str] | None], right: int | None = None) -> list[str]:
    """Rows as text columns (the first left-aligned, the others right-aligned; with `right`, the first
    `right` columns right-aligned and the others left-aligned; a wide character counts two); None is a rule
    across them."""

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [r for r in rows if r is not None]
    widths = [max(width(r[k]) for r in cells) for k in range(len(cells[0]))]
    out = []
    for r in rows:
        if r is None:
            out.append("  " + "─" * (sum(widths) + 3 * (len(widths) - 1)))
            continue
        if right is not None:
            pads = [
                (" " * (w - width(t)) + t) if k < right else t + " " * (w - width(t))
                for k, (t, w) in enumerate(zip(r, widths))
            ]
            out.append(("  " + "  ".join(pads)).rstrip())
            continue
        first = r[0] + " " * (widths[0] - width(r[0]))
        rest = [" " * (w - width(t)) + t for t, w in zip(r[1:], widths[1:])]
        out.append(("  " + "   ".join([first, *rest])).rstrip())
    return out


def summary_table(summary: Summary, lang: str, with_findings: bool = True) -> tuple[str, list[str]]:
    """The closing summary: a table of findings per rule and severity under a title with the totals (the
    title alone when there is nothing to count), and the lines saying what could not be read."""
    words = WORDS[lang]
    seconds = time.monotonic() - summary.started
    title = words["title"].format(files=f"{summary.files:,}", pages=f"{summary.pages:,}", seconds=f"{seconds:.1f}")
    if seconds > 0 and summary.pages:
        title += f" · {summary.pages / seconds:.1f} {words['pages_per_second']}"
    notes = []
    if not with_findings:
        notes.append(words["facts"].format(n=f"{summary.facts:,}"))
    if summary.unreadable:
        named = sorted((reason_name(code, lang), n) for code, n in summary.unreadable.items())
        codes = ("，" if lang == "zh" else ", ").join(f"{name} {n}" for name, n in named)
        notes.append(words["unreadable"].format(n=sum(summary.unreadable.values()), codes=codes))
    if summary.identical:
        notes.append(words["identical"].format(n=summary.identical))
    if not with_findings:
        return title, notes
    if not summary.findings:
        return f"{title} · {words['no_findings']}", notes
    totals = summary.by_severity()
    rows = [
        [rule, *(str(summary.findings[rule, s] or "") for s in SEVERITIES)]
        for rule in sorted({r for r, _ in summary.findings})
    ]
    header = [words["rule"], *(words[s] for s in SEVERITIES)]
    footer = [words["total"], *(str(totals[s]) for s in SEVERITIES)]
    table = "\n".join([title, "", *aligned([header, None, *rows, None, footer])])
    return table, notes


class Terminal:
    """Standard error during a batch: a bar when it is a terminal (and not --quiet), problem lines always.
    Text meant for standard output goes through `out`, which keeps it above the bar when both streams are
    the same terminal."""

    def __init__(self, total: int, lang: str = "zh", quiet: bool = False, action: str = "checking"):
        self.lang, self.quiet = lang, quiet
        self.console = self.bar = self.task = None
        self.pages = 0
        if not quiet and sys.stderr.isatty():
            self._start_bar(total, WORDS[lang][action])

    def _start_bar(self, total: int, description: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(file=sys.stderr, highlight=False)
        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
            console=self.console, transient=True, redirect_stdout=False, redirect_stderr=False,
        )  # fmt: skip
        self.task = self.bar.add_task(description, total=total, rate="", current="")
        self.bar.start()

    def started(self, path: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, current=_short(path))

    def finished(self, res) -> None:
        if self.bar is None:
            return
        self.pages += res.pages
        elapsed = self.bar.tasks[0].elapsed or 0
        rate = f"{self.pages / elapsed:.1f} {WORDS[self.lang]['pages_per_second']}" if elapsed else ""
        self.bar.update(self.task, advance=1, rate=rate)

    def problem(self, line: str) -> None:
        if self.bar is not None:
            self.console.print(line, markup=False, emoji=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def out(self, text: str) -> None:
        if not text:
            return
        if text.startswith(BOM) and not stdout_is_file():
            text = text[1:]  # the byte-order mark (CSV, for Excel) only in files: a pipe's reader would keep it
        if self.bar is not None and _same_terminal():
            self.console.print(text, end="", markup=False, emoji=False, soft_wrap=True)
            return
        sys.stdout.reconfigure(errors="backslashreplace")
        sys.stdout.write(text)
        sys.stdout.flush()

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def summary(self, summary: Summary, with_findings: bool = True) -> None:
        if self.quiet:
            return
        table, notes = summary_table(summary, self.lang, with_findings)
        for line in (table, *notes):
            self.problem(line)


def _short(path: str, width: int = 40) -> str:
    name = Path(path).name
    return name if len(name) <= width else "…" + name[-(width - 1) :]


def _same_terminal() -> bool:
    try:
        return sys.stdout.isatty() and os.ttyname(sys.stdout.fileno()) == os.ttyname(sys.stderr.fileno())
    except (OSError, ValueError):
        return False
