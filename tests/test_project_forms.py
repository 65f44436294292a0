"""A PDF holding the self-evaluation forms of two projects, each opening with its 项目名称 row: each form's
money and total score are its own project's, not one figure stated twice (extract/project_forms.py)."""

from __future__ import annotations

import pytest

import jixiao as jx

pytest.importorskip("reportlab")
from corpus.generate.layout import Layout, Para, Table, render_pdf  # noqa: E402


def _form(name: str, budget: str, spend: str, rate: str) -> Table:
    return Table(
        [
            ["项目名称", name, "", "", ""],
            ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["年度资金总额", budget, budget, spend, rate],
        ],
        header_rows=0,
    )


def _read(tmp_path, conclusion: str):
    path = tmp_path / "two-forms.pdf"
    blocks = [
        Para("2023年度项目支出绩效自评表"),
        _form("社区养老服务补助", "150.00", "120.00", "80.00%"),
        Para(conclusion),
        _form("残疾人康复救助", "90.00", "81.00", "90.00%"),
        Para("项目运行平稳。"),
    ]
    render_pdf(blocks, Layout(font="cid", footer=None), path)
    return jx.read(path)


def test_each_form_is_its_own_project(tmp_path):
    doc = _read(tmp_path, "自评结论：项目完成情况良好。")
    facts = [f for f in jx.extract(doc) if f.source == "table" and f.kind == "budget_initial"]
    assert sorted(f.project for f in facts) == [1, 2]  # the test can fail: both forms were read
    assert jx.check(doc, select=["restated-value"]) == []


def test_a_form_restated_in_its_own_conclusion_is_caught(tmp_path):
    found = jx.check(_read(tmp_path, "自评结论：本项目年初预算160.00万元。"), select=["restated-value"])
    assert [(f.severity, f.stated) for f in found] == [("error", "160.00万元")]


def _word(tmp_path, second: str):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("2023年度项目支出绩效自评表")
    for name, budget in (("社区养老服务补助", "150.00"), (second, "90.00")):
        t = d.add_table(rows=3, cols=3)
        for r, row in enumerate([("项目名称", name, ""), ("项目资金（万元）", "年初预算数", "全年执行数"),
                                 ("年度资金总额", budget, "80.00")]):  # fmt: skip
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        d.add_paragraph("项目运行平稳。")
    path = tmp_path / f"two-forms-{second}.docx"
    d.save(path)
    return jx.read(path)


def test_a_word_file_of_two_forms(tmp_path):
    """Word tables have no place among the paragraphs: the tables' own order tells the forms apart."""
    doc = _word(tmp_path, "残疾人康复救助")
    facts = [f for f in jx.extract(doc) if f.source == "table" and f.kind == "budget_initial"]
    assert sorted(f.project for f in facts) == [1, 2]
    assert jx.check(doc, select=["restated-value"]) == []
    twice = jx.check(_word(tmp_path, "社区养老服务补助"), select=["restated-value"])  # one project's form twice
    assert [f.severity for f in twice] == ["error"]


def test_a_word_table_holding_two_forms(tmp_path):
    """The forms of two projects printed as one Word table: each form's total adds up its own rows."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    rows = []
    for name, budget, score in (("社区养老服务补助", "150.00", "9"), ("残疾人康复救助", "90.00", "8")):
        rows += [("项目名称", name, "", ""), ("项目资金（万元）", "年初预算数", "分值", "得分"),
                 ("年度资金总额", budget, "10", score), ("一级指标", "三级指标", "分值", "得分"),
                 ("产出指标", "服务人次", "90", "90"), ("总分", "", "100", str(90 + int(score)))]  # fmt: skip
    t = d.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    path = tmp_path / "one-table.docx"
    d.save(path)
    doc = jx.read(path)
    facts = [f for f in jx.extract(doc) if f.source == "table" and f.kind == "budget_initial"]
    assert sorted(f.project for f in facts) == [1, 2]
    assert jx.check(doc, select=["sum-mismatch", "restated-value"]) == []


def test_a_workbook_of_two_forms_one_a_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for k, (name, budget, spend) in enumerate((("社区养老服务补助", 150, 120), ("残疾人康复救助", 90, 81))):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = f"表{k + 1}"
        for row in (
            ("项目名称", name, ""),
            ("项目资金（万元）", "年初预算数", "全年执行数"),
            ("年度资金总额", budget, spend),
        ):
            ws.append(row)
    path = tmp_path / "two-sheets.xlsx"
    wb.save(path)
    doc = jx.read(path)
    facts = [f for f in jx.extract(doc) if f.source == "table" and f.kind == "budget_initial"]
    assert sorted(f.project for f in facts) == [1, 2]
    assert jx.check(doc, select=["restated-value"]) == []
