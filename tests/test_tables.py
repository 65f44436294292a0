"""Tables as rows and columns: flattened text in every style, ruled, unruled and two-page PDF tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

import jixiao as jx
from jixiao.reading.text import read_string

HEADER = ["评价内容", "分值", "实际得分", "得分率"]
ROWS = [["产出指标", "50", "48", "96%"], ["效益指标", "30", "27", "90%"], ["满意度指标", "20", "19.5", "97.5%"]]
TITLE = "2023年度某市农业农村局部门整体支出绩效自评报告\n"


def flatten(style: str) -> str:
    rows = [HEADER] + ROWS
    if style == "pipe":
        return "\n".join(" | ".join(r) for r in rows)
    if style == "space":
        return "\n".join(" ".join(r) for r in rows)
    if style == "cell-per-line":
        return "\n".join(c for r in rows for c in r)
    if style == "glued":
        return "\n".join("".join(r) for r in rows)
    raise ValueError(style)


def table_facts(doc):
    return {(str(f.subject), f.kind): f.quantity.value for f in jx.extract(doc) if f.source == "table"}


@pytest.mark.parametrize("style", ["pipe", "space", "cell-per-line"])
def test_flattened_tables_recovered(style):
    doc = read_string(TITLE + flatten(style), f"{style}.txt")
    got = table_facts(doc)
    # subjects are canonical: 产出指标 and 产出指标得分 are one subject, 产出
    assert got[("产出", "score_max")] == 50
    assert got[("效益", "score")] == 27
    assert got[("满意度", "score_rate")] == Decimal("97.5")
    assert len(got) == 9


def test_flattened_table_lines_leave_the_running_text():
    doc = read_string(TITLE + flatten("pipe"), "t.txt")
    assert "效益指标" not in doc.text


def test_glued_table_skipped_with_info():
    doc = read_string(TITLE + flatten("glued"), "glued.txt")
    assert not table_facts(doc)
    notes = [f for f in jx.check(doc) if f.rule == "table-not-read"]
    assert notes and notes[0].severity == "info" and notes[0].evidence[0].line == 2


def test_cell_per_line_with_dropped_cell_is_not_guessed():
    text = TITLE + "\n".join(
        HEADER + ["产出指标", "50", "48", "96%", "效益指标", "30", "90%", "满意度指标", "20", "19.5", "97.5%"]
    )
    doc = read_string(text, "gap.txt")
    got = table_facts(doc)
    assert ("效益", "score") not in got and ("效益", "score_rate") not in got
    assert any(f.rule == "table-not-read" for f in jx.check(doc))


def test_total_row_is_a_sum_and_caught():
    rows = [HEADER] + ROWS + [["合计", "100", "96.5", "96.5%"]]
    doc = read_string(TITLE + "\n".join(" | ".join(r) for r in rows), "sum.txt")
    found = jx.check(doc, select=["sum-mismatch"])
    assert [(f.stated, f.expected) for f in found] == [("96.5分", "94.5分")]


def test_row_execution_rate_checked():
    text = TITLE + "\n".join(
        [
            "项目名称 | 全年预算数（万元） | 全年执行数（万元） | 执行率",
            "耕地保护 | 1,200.00 | 1,080.00 | 90.00%",
            "种业振兴 | 800.00 | 760.00 | 97.00%",
        ]
    )
    found = jx.check(read_string(text, "rows.txt"), select=["rate-mismatch"])
    assert [(f.stated, f.expected) for f in found] == [("97.00%", "95%")]


def test_row_target_and_actual_with_direction_symbols():
    text = TITLE + "\n".join(
        [
            "三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分",
            "农户满意度 | ≥90% | 93% | 10 | 10",
            "投诉率 | ≤5% | 3% | 10 | 10",
            "培训人次 | ≥500人次 | 420人次 | 10 | 10",
        ]
    )
    found = jx.check(read_string(text, "targets.txt"), select=["target-not-met"])
    assert [f.stated for f in found] == ["420人次"]


def test_hierarchy_carried_down_in_merged_cells():
    text = TITLE + "\n".join(
        [
            "一级指标 | 二级指标 | 三级指标 | 分值 | 得分",
            "产出指标 | 数量指标 | 新建高标准农田 | 10 | 10",
            " |  | 培训农民 | 10 | 12",
        ]
    )
    doc = read_string(text, "tree.txt")
    facts = [f for f in jx.extract(doc) if f.source == "table" and str(f.subject) == "培训农民"]
    assert facts and facts[0].section == "产出指标 / 数量指标"
    found = jx.check(doc, select=["out-of-range"])
    assert [f.stated for f in found] == ["12分"]


def test_unit_from_caption_applies_to_money_columns():
    text = (
        TITLE
        + "单位：万元\n"
        + "\n".join(
            [
                "项目名称 | 年初预算数 | 全年执行数 | 执行率",
                "乡村振兴 | 100.00 | 95.00 | 95.00%",
            ]
        )
    )
    facts = [f for f in jx.extract(read_string(text, "unit.txt")) if f.kind == "spend"]
    assert facts[0].quantity.base_value == Decimal("950000.00")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    pytest.importorskip("reportlab")
    from corpus.generate.layout import Layout, Para, Table, render_pdf

    out = tmp_path_factory.mktemp("tables")
    long_rows = [["三级指标", "年度指标值", "实际完成值", "分值", "得分"]] + [
        [f"指标{i:02d}", f"≥{80 + i % 10}%", f"{90 + i % 10}%", "2", "2"] for i in range(60)
    ]
    long_rows[45][2] = "70%"  # a shortfall on the second page
    blocks = [Para("2023年度某区卫生健康委员会项目支出绩效自评报告。")]
    paths = {}
    for ruled in (True, False):
        path = out / f"long-{'ruled' if ruled else 'unruled'}.pdf"
        render_pdf(
            blocks + [Table(long_rows, header_rows=1, ruled=ruled, caption="绩效指标完成情况表")],
            Layout(font="cid", footer="- {n} -"),
            path,
        )
        paths[ruled] = path
    return paths


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_table_over_two_pages_is_one_table(rendered, ruled):
    doc = jx.read(rendered[ruled])
    from jixiao.extract.tablejoin import logical_tables

    tables = logical_tables(doc)
    assert len(doc.pages) >= 2
    assert len(tables) == 1 and len(tables[0].cells) == 61  # header once, 60 rows
    pages = {c.page for row in tables[0].cells for c in row if c}
    assert len(pages) >= 2


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_cells_right_and_shortfall_found(rendered, ruled):
    doc = jx.read(rendered[ruled])
    facts = [f for f in jx.extract(doc) if f.source == "table"]
    actual = {str(f.subject): f.quantity.value for f in facts if f.kind == "actual"}
    assert len(actual) == 60 and actual["指标44"] == 70
    found = jx.check(doc, select=["target-not-met"])
    assert [f.stated for f in found] == ["70%"] and found[0].evidence[0].page >= 2


def test_text_after_an_unruled_table_is_kept(tmp_path):
    """Regression: lines of running text after an unruled table were taken as wrapped row names."""
    pytest.importorskip("reportlab")
    from corpus.generate.layout import Layout, Para, Table, render_pdf

    rows = [["评价内容", "分值", "得分"], ["履职效能", "60", "56.3"], ["管理效能", "40", "38"]]
    after = "履职效能指标60分，评分为56.3分，得分率达93.83%。主要绩效指标完成情况良好，各项任务均按计划推进完成。"
    path = tmp_path / "unruled-then-text.pdf"
    render_pdf(
        [Para("2023年度某局部门整体支出绩效自评报告。"), Table(rows, ruled=False), Para(after)],
        Layout(font="cid"),
        path,
    )
    doc = jx.read(path)
    assert "得分率达93.83%" in doc.text
    assert len(doc.tables) == 1 and len(doc.tables[0].cells) == 3
