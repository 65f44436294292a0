"""Linter-style text: `file:page: rule severity message`, then the quotes."""

from __future__ import annotations

from collections import Counter

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
        for f in res.findings:
            counts[f["severity"]] += 1
            where = _place(f["file"], f["page"], f["line"], f.get("place", ""))
            lines.append(f"{where}: {f['rule']} {f['severity']} {f['message']}")
            stated_word, expected_word = ("stated", "expected") if lang == "en" else ("所述", "应为")
            if f["stated"] or f["expected"]:
                lines.append(f"    {stated_word} {f['stated']}  {expected_word} {f['expected']}")
            shown = set()
            for e in f["evidence"]:
                if (e["page"], e["line"], e["quote"]) in shown:
                    continue
                shown.add((e["page"], e["line"], e["quote"]))
                where = e.get("place") or (f"line {e['line']}" if e["line"] else f"p.{e['page']}")
                cell = f" [{e['cell']}]" if e["cell"] else ""
                lines.append(f"    > {where}{cell}: {e['quote']}")
    if lang == "en":
        summary = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info in {n_files} files"
        if n_bad:
            summary += f" ({n_bad} could not be read)"
    else:
        summary = f"{n_files} 个文件：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
        if n_bad:
            summary += f"（{n_bad} 个文件无法读取）"
    lines.append(summary)
    return "\n".join(lines) + "\n"
