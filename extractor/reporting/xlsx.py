"""An Excel workbook for auditors: findings, facts and unreadable files on separate sheets,
header frozen, filters on, severities coloured."""

from __future__ import annotations

import json

import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FILLS = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}
MAX_WIDTH = 60
FILE_COLUMNS = ["file", "pages", "findings", "error"]


def findings_workbook(path: str, results) -> None:
    """`jixiao check -f xlsx`: the findings, the facts they rest on, and each file read (or not)."""
    from .records import FACT_COLUMNS, FINDING_COLUMNS
    from .tabular import frame

    files = [{"file": r.path, "pages": r.pages, "findings": len(r.findings), "error": r.error} for r in results]
    sheets = {
        "findings": frame([f for r in results for f in r.findings], FINDING_COLUMNS),
        "facts": frame([f for r in results for f in r.facts], FACT_COLUMNS),
        "files": frame(files, FILE_COLUMNS),
    }
    write_workbook(path, sheets)


def records_workbook(path: str, records: list[dict], columns: list[str], sheet: str) -> None:
    """`jixiao extract -f xlsx`: one sheet of records."""
    from .tabular import frame

    write_workbook(path, {sheet: frame(records, columns)})


def write_workbook(path: str, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, df in sheets.items():
            df = df.copy()
            for col in df.columns:
                if df[col].map(lambda v: isinstance(v, (list, dict))).any():
                    df[col] = df[col].map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else "")
            df.to_excel(writer, sheet_name=name, index=False)
            _style(writer.sheets[name], df)


def _style(ws, df: pd.DataFrame) -> None:
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(df.columns, start=1):
        longest = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)])
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(8, longest * 1.6))
    if "severity" in df.columns:
        sev_col = list(df.columns).index("severity") + 1
        for row in ws.iter_rows(min_row=2):
            fill = FILLS.get(row[sev_col - 1].value)
            if fill:
                for cell in row:
                    cell.fill = PatternFill("solid", fgColor=fill)
