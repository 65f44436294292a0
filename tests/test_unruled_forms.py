"""An unruled 自评表 form printed from a word processor: label rows (项目名称 | …, 主管部门 | … | 实施单位 | …)
above the funds header, and row labels (项目资金 / 年度资金总额 / 其中：…) left of everything the header names.

The label rows are not glued into the column headers, and the row labels get columns of their own, so the
figures stand under their headers and a row's execution rate is checked against its own spend and budget.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import jixiao as jx

pytest.importorskip("reportlab")
from corpus.generate.blocks import LEFT  # noqa: E402
from corpus.generate.layout import Layout, Para, Table, render_pdf  # noqa: E402


def _form(total_adjusted: str) -> list:
    return [
        ["项目名称", "乡村道路养护项目", LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "某县交通运输局", LEFT, "实施单位", "县公路事务中心", LEFT],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"],
        [None, "年度资金总额", "860.00", total_adjusted, "855.00", "95.00%"],
        [None, "其中：财政拨款", "600.00", "640.00", "610.00", "—"],
        [None, "其他资金", "260.00", "260.00", "245.00", "—"],
    ]


def _read(tmp_path, total_adjusted: str):
    path = tmp_path / f"form-{total_adjusted}.pdf"
    blocks = [
        Para("2023年度乡村道路养护项目支出绩效自评表。"),
        Table(_form(total_adjusted), header_rows=0, ruled=False, col_widths=[1.4, 1.6, 1, 1, 1, 0.8]),
        Para("项目整体运行平稳。"),
    ]
    render_pdf(blocks, Layout(font="cid", footer=None), path)
    return jx.read(path)


def test_figures_stand_under_their_headers(tmp_path):
    doc = _read(tmp_path, "900.00")
    funds = next(t for t in doc.tables if any(c and c.text == "全年预算数" for row in t.cells for c in row))
    header = [c.text if c else "" for c in funds.cells[0]]
    assert "主管部门" not in "".join(header) and "项目名称" not in "".join(header)
    row = next(r for r in funds.cells if any(c and c.text == "年度资金总额" for c in r))
    by_column = {header[k]: c.text for k, c in enumerate(row) if c}
    assert by_column["全年预算数"] == "900.00" and by_column["年初预算数"] == "860.00"
    adjusted = [f for f in jx.extract(doc) if f.kind == "budget_adjusted" and f.source == "table"]
    assert sorted(f.quantity.value for f in adjusted) == [Decimal("260.00"), Decimal("640.00"), Decimal("900.00")]


def test_consistent_funds_stay_silent(tmp_path):
    assert jx.check(_read(tmp_path, "900.00"), select=["rate-mismatch", "sum-mismatch"]) == []


def test_a_rate_that_is_not_its_row_is_caught(tmp_path):
    """855.00 ÷ 910.00 is 93.96%, not the 95.00% printed in the same row."""
    found = jx.check(_read(tmp_path, "910.00"), select=["rate-mismatch"])
    assert [(f.severity, f.stated) for f in found] == [("error", "95.00%")]
