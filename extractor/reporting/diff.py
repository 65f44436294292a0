"""`jixiao diff`: a ReportDiff as text, JSON or an Excel workbook."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

DIFF_FORMATS = ("text", "json", "xlsx")
WIDE, NARROW = 50, 14  # column widths: quotes and messages, the rest
WORDS = {
    "zh": {
        "changed": "改动",
        "added": "新增",
        "removed": "删除",
        "appeared": "新出现",
        "resolved": "已解决",
        "figures": "数字",
        "findings": "问题",
        "none": "两版数字与问题均无变化",
    },
    "en": {
        "changed": "changed",
        "added": "added",
        "removed": "removed",
        "appeared": "appeared",
        "resolved": "resolved",
        "figures": "figures",
        "findings": "findings",
        "none": "no figure and no finding differs between the versions",
    },
}
FIGURE_COLUMNS = ["change", "kind", "label", "subject", "unit", "old_value", "new_value", "old_page", "new_page"]
FIGURE_COLUMNS += ["old_line", "new_line", "old_quote", "new_quote"]
FINDING_COLUMNS = ["change", "rule", "severity", "subject", "message", "stated", "expected", "page", "line", "quote"]


def where(fact: dict | None) -> str:
    if not fact:
        return "-"
    return f"p.{fact['page']}" + (f" line {fact['line']}" if fact.get("line") else "")


def _shown(fact: dict | None) -> str:
    return f"{fact['qualifier']}{fact['value']}{fact['unit']}" if fact else "-"


def figure_row(change) -> dict:
    old, new, fact = change.old or {}, change.new or {}, change.fact
    return {
        "change": change.change,
        "kind": str(fact["kind"]),
        "label": fact.get("label", ""),
        "subject": fact["subject"],
        "unit": fact["unit"],
        "old_value": old.get("value"),
        "old_decimals": old.get("decimals"),
        "new_decimals": new.get("decimals"),
        "new_value": new.get("value"),
        "old_page": old.get("page"),
        "new_page": new.get("page"),
        "old_line": old.get("line"),
        "new_line": new.get("line"),
        "old_quote": old.get("quote"),
        "new_quote": new.get("quote"),
    }


def finding_row(change: str, finding: dict) -> dict:
    return {"change": change} | {k: finding.get(k) for k in FINDING_COLUMNS[1:]}


def render_text(diff, lang: str = "zh") -> str:
    w = WORDS.get(lang, WORDS["zh"])
    lines = [f"--- {diff.old_path}", f"+++ {diff.new_path}"]
    counts = ", ".join(f"{diff.count(c)} {w[c]}" for c in ("changed", "added", "removed"))
    lines.append(f"{w['figures']}: {counts}")
    for c in diff.figures:
        fact = c.fact
        lines.append(
            f"  {w[c.change]} {fact.get('label') or fact['kind']} ({fact['subject'] or '-'}): {_shown(c.old)} → {_shown(c.new)}"
            f"  ({where(c.old)} → {where(c.new)})"
        )
        lines += [f"      - {c.old['quote']}"] if c.old else []
        lines += [f"      + {c.new['quote']}"] if c.new else []
    counts = ", ".join(f"{diff.count(c)} {w[c]}" for c in ("appeared", "resolved"))
    lines.append(f"{w['findings']}: {counts}")
    for change, f in diff.findings:
        lines.append(f"  {w[change]} {f['rule']} {f['severity']} p.{f['page']}: {f['message']}")
    if not diff.figures and not diff.findings:
        lines.append(w["none"])
    return "\n".join(lines) + "\n"


def render_json(diff) -> str:
    data = {
        "old": diff.old_path,
        "new": diff.new_path,
        "figures": [{"change": c.change, "old": c.old, "new": c.new} for c in diff.figures],
        "findings": [{"change": change} | f for change, f in diff.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


def _number(value):
    """A decimal string as a number Excel can sum (Decimal, written exactly); anything else unchanged."""
    try:
        return Decimal(value) if isinstance(value, str) else value
    except InvalidOperation:
        return value


def write_xlsx(diff, path) -> None:
    """Sheets `figures` and `findings`, header frozen, filters on; values as numbers shown with the
    decimals the report printed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ..marks import mark_workbook

    book = Workbook()
    mark_workbook(book)  # a folder search leaves it out (search.py)
    sheets = [
        ("figures", FIGURE_COLUMNS, [figure_row(c) for c in diff.figures]),
        ("findings", FINDING_COLUMNS, [finding_row(c, f) for c, f in diff.findings]),
    ]
    book.remove(book.active)
    for name, columns, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([_number(row[c]) if c.endswith("_value") else row[c] for c in columns])
            for c in ("old", "new"):
                if f"{c}_value" in columns and row.get(f"{c}_decimals") is not None:
                    cell = sheet.cell(sheet.max_row, columns.index(f"{c}_value") + 1)
                    cell.number_format = "0." + "0" * row[f"{c}_decimals"] if row[f"{c}_decimals"] else "0"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for k, column in enumerate(columns):
            sheet.column_dimensions[get_column_letter(k + 1)].width = (
                WIDE if column in ("quote", "message") or (column.endswith("_quote")) else NARROW
            )
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def render(diff, fmt: str, lang: str, path) -> str:
    """What `jixiao diff -f FMT` prints, or '' once an xlsx file is written to `path`."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "xlsx":
        write_xlsx(diff, path)
        return ""
    return render_text(diff, lang)
