"""Linter-style text: `file:page: rule severity message`, then the quotes; at the end the files that
could not be read, with the reason, and a summary. Severity words follow the language (错误/警告/提示)."""

from __future__ import annotations

from collections import Counter

from .names import location
from .records import distinct_evidence

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _place(path: str, page: int | None, line: int | None, place: str = "") -> str:
    if place:  # Word, Excel: 段12, 表2 行3 列4, Sheet1!C5
        return f"{path}:{place}"
    if line:
        return f"{path}:{line}"
    return f"{path}:{page}" if page else path


def render_findings(results, lang: str = "zh") -> str:
    lines: list[str] = []
    counts: Counter = Counter()
    n_files = n_bad = 0
    for res in results:
        n_files += 1
        if res.error:
            n_bad += 1
            continue
        counts.update(f["severity"] for f in res.findings)
        lines.extend(result_lines(res, lang))
    lines += unreadable_lines([r.error for r in results if r.error], lang)
    lines.append(summary_line(counts, n_files, n_bad, lang))
    return "\n".join(lines) + "\n"


def result_lines(res, lang: str = "zh") -> list[str]:
    """The lines of one file's findings (none for a file that could not be read)."""
    lines: list[str] = []
    if res.error:
        return lines
    for f in res.findings:
        severity = f["severity"] if lang == "en" else SEVERITY_ZH.get(f["severity"], f["severity"])
        lines.append(
            f"{_place(f['file'], f['page'], f['line'], f.get('place', ''))}: {f['rule']} {severity} {f['message']}"
        )
        stated_word, expected_word = ("stated", "expected") if lang == "en" else ("所述", "应为")
        if f["stated"] or f["expected"]:
            lines.append(f"    {stated_word} {f['stated']}  {expected_word} {f['expected']}")
        for e in distinct_evidence(f["evidence"]):
            where = location(e["page"], e["line"], e.get("place", ""), lang)
            cell = f" [{e['cell']}]" if e["cell"] else ""
            lines.append(f"    > {where}{cell}: {e['quote']}")
    return lines


def unreadable_lines(errors: list[str], lang: str) -> list[str]:
    """The files that could not be read, one line each with the reason, under a heading."""
    if not errors:
        return []
    head = f"Could not be read ({len(errors)} files):" if lang == "en" else f"无法读取的文件（{len(errors)} 个）："
    return [head] + [f"    {e}" for e in errors]


def summary_line(counts: Counter, n_files: int, n_bad: int, lang: str = "zh") -> str:
    """The closing line: findings by severity over the files (and how many could not be read)."""
    if lang == "en":
        summary = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info in {n_files} files"
        if n_bad:
            summary += f" ({n_bad} could not be read)"
    else:
        summary = f"{n_files} 个文件：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
        if n_bad:
            summary += f"（{n_bad} 个文件无法读取）"
    return summary
