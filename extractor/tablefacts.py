"""Table cells → facts: each column mapped to a kind by its header, each row to its subject."""

from __future__ import annotations

import regex

from .labels import canonical_subject
from .numbers import parse_quantity

# Header words → fact kind (first match wins; order matters: 得分率 before 得分).
COLUMN_KINDS = [
    (r"得分率", "score_rate"),
    (r"执行率|支出率", "execution_rate"),
    (r"完成率|到位率|覆盖率", "rate"),
    (r"权重", "weight"),
    (r"分值|满分|标准分", "score_max"),
    (r"得分|评分|自评分", "score"),
    (r"年初预算", "budget_initial"),
    (r"调整后预算|全年预算", "budget_adjusted"),
    (r"执行数|实际支出|支出数", "spend"),
    (r"年度指标值|目标值|指标值|预期", "target"),
    (r"实际完成值|完成值|实际值|实际完成", "actual"),
]


def column_kind(header: str) -> str | None:
    for pat, kind in COLUMN_KINDS:
        if regex.search(pat, header):
            return kind
    return None


def extract_tables(ex) -> None:
    """Facts from every table whose first row names at least one known column."""
    for t_index, table in enumerate(ex.doc.tables):
        rows = table.cells
        if len(rows) < 2:
            continue
        header = [c.text if c else "" for c in rows[0]]
        kinds = [column_kind(h) for h in header]
        if not any(kinds):
            continue
        for row in rows[1:]:
            name_cell = next((c for c in row if c and c.text and parse_quantity(c.text) is None), None)
            if name_cell is None:
                continue
            subject = canonical_subject(name_cell.text) or name_cell.text
            for col, cell in enumerate(row):
                if cell is None or col >= len(kinds) or kinds[col] is None or cell is name_cell:
                    continue
                q = parse_quantity(_with_unit(cell.text, header[col]))
                if q is None:
                    continue
                from .facts import Evidence

                ev = Evidence(table.page, cell.bbox, f"{name_cell.text} / {header[col]}: {cell.text}", -1, -1, None,
                              f"{name_cell.text} / {header[col]}")
                ex.add(kind=kinds[col], subject=subject, quantity=q, evidence=ev, label=header[col],
                       section=table.caption, source="table")


def _with_unit(cell: str, header: str) -> str:
    """A bare number in a 分/% column gets the column's unit (分值 50 → 50分)."""
    if regex.search(r"[\d.]$", cell.strip()):
        if regex.search(r"得分率|执行率|率|权重（%）|（%）|\(%\)", header):
            return cell.strip() + "%"
        if regex.search(r"分值|得分|满分|评分", header):
            return cell.strip() + "分"
        m = regex.search(r"[（(](万元|元|亿元)[)）]", header)
        if m:
            return cell.strip() + m.group(1)
    return cell
