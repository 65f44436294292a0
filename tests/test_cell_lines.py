"""Web tables flattened a cell per line, each cell closed by a pipe and each row by a line of pipes only
(reading/cell_lines.py): rows put back together, each cell at its row's first source line, and the text
around them read as text."""

from __future__ import annotations

import jixiao as jx
from jixiao.reading.text import read_string

FORM = """2023年度社区养老服务补助项目绩效自评
项目资金 (万元) |
年初预算数 |
全年预算数 |
全年执行数 |
执行率 |
||||||
年度资金总额 |
150 |
150 |
{spend} |
80% |
||||||
其中:当年财政拨款 |
150 |
150 |
{spend} |
|
||||||
说明 |
|
||||||
全年执行{spend}万元，项目运行平稳。
"""


def test_rows_are_put_back_at_their_source_lines():
    doc = read_string(FORM.format(spend="120"))
    table = next(t for t in doc.tables if any(c and c.text == "年度资金总额" for row in t.cells for c in row))
    total = next(row for row in table.cells if row[0] and row[0].text == "年度资金总额")
    assert [c.text for c in total] == ["年度资金总额", "150", "150", "120", "80%"]
    assert {c.bbox[1] for c in total} == {8.0}  # the line 年度资金总额 | stands on
    assert "全年执行120万元" in doc.text and "年初预算数" not in doc.text  # the table is no running text


def test_a_rate_that_is_not_its_row_is_caught_at_the_row():
    found = jx.check(read_string(FORM.format(spend="126")), select=["rate-mismatch"])
    assert [(f.severity, f.stated, f.evidence[0].line) for f in found] == [("error", "80%", 8)]
    assert jx.check(read_string(FORM.format(spend="120")), select=["rate-mismatch"]) == []
