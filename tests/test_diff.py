"""`jixiao diff` through the real CLI on a corpus report and its resubmissions."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from jixiao.cli import app

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TEXT = ROOT / "corpus" / "generated" / "synth-06-dept-culture-2023-web.txt"
SEED_TEXT = ROOT / "corpus" / "seed" / "example.txt"
FIX = ("执行率86.87%", "执行率87.87%")  # the seeded rate error corrected: 1,837.26 ÷ 2,090.83 = 87.87%
BUDGET = ("年初预算12,140.42万元", "年初预算12,240.42万元")  # a budget figure revised
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def no_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def resubmit(tmp_path: Path, *edits: tuple[str, str], before: str = "") -> Path:
    text = CORPUS_TEXT.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    title, rest = text.split("\n", 1)
    path = tmp_path / "resubmitted.txt"
    path.write_text(f"{title}\n{before}{rest}", encoding="utf-8")
    return path


def diff_json(old, new) -> tuple[dict, int]:
    r = run("diff", old, new, "-f", "json")
    return json.loads(r.stdout), r.exit_code


def changed_values(data: dict) -> list[tuple]:
    return [(c["change"], c["old"]["kind"], c["old"]["value"], c["new"]["value"]) for c in data["figures"]]


@pytest.mark.parametrize(
    "before", ["", "\n本报告按照统一格式编写，所附材料另行报送。\n\f"], ids=["in-place", "shifted"]
)
def test_a_fix_and_a_budget_change_are_exactly_what_is_found(tmp_path, before):
    new = resubmit(tmp_path, FIX, BUDGET, before=before)
    data, code = diff_json(CORPUS_TEXT, new)
    assert changed_values(data) == [
        ("changed", "budget_initial", "12140.42", "12240.42"),
        ("changed", "execution_rate", "86.87", "87.87"),
    ]
    assert [(f["change"], f["rule"], f["stated"]) for f in data["findings"]] == [
        ("resolved", "rate-mismatch", "86.87%")
    ]
    assert code == 0  # nothing appeared
    pages = {(c["old"]["page"], c["new"]["page"]) for c in data["figures"]}
    assert pages == ({(1, 2)} if before else {(1, 1)})


def test_the_same_report_has_no_difference(tmp_path):
    data, code = diff_json(CORPUS_TEXT, CORPUS_TEXT)
    assert data["figures"] == [] and data["findings"] == [] and code == 0
    assert "两版数字与问题均无变化" in run("diff", CORPUS_TEXT, CORPUS_TEXT).stdout


def test_added_and_removed_figures_and_an_appeared_finding(tmp_path):
    added = ("评价等级为“优”。", "评价等级为“优”。另安排专项经费120.50万元。")
    removed = ("下属事业单位3个，分别是市博物馆、市文化馆和市非遗保护中心。", "")
    seeded = ("预算执行率95.71%", "预算执行率96.71%")
    data, code = diff_json(CORPUS_TEXT, resubmit(tmp_path, added, removed, seeded))
    summary = [(c["change"], (c["new"] or c["old"])["value"]) for c in data["figures"]]
    assert sorted(summary) == sorted([("removed", "3"), ("changed", "96.71"), ("added", "120.50")])
    assert [(f["change"], f["stated"]) for f in data["findings"]] == [("appeared", "96.71%")]
    assert code == 1  # a finding appeared


def test_text_shows_both_values_and_locations_in_the_reports_language(tmp_path):
    r = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET))
    assert "数字：2 处改动，0 处新增，0 处删除" in r.stdout
    assert "改动 年初预算（部门整体）：12140.42万元 → 12240.42万元（第1页第17行 → 第1页第17行）" in r.stdout
    assert "已解决 rate-mismatch 错误 第1页第23行：执行率86.87%" in r.stdout
    assert "#" not in r.stdout and " error " not in r.stdout and "p.1" not in r.stdout  # no code, no English
    english = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET), "--lang", "en").stdout
    assert "figures: 2 changed, 0 added, 0 removed" in english and "findings: 0 appeared, 1 resolved" in english
    assert "12140.42万元 → 12240.42万元  (p.1 line 17 → p.1 line 17)" in english
    assert "resolved rate-mismatch error p.1 line 23: " in english


def test_a_sentence_quoted_for_two_figures_is_shown_once(tmp_path):
    seeded = ("预算执行率95.71%", "预算执行率96.71%")  # in the sentence of the budget revised
    out = run("diff", CORPUS_TEXT, resubmit(tmp_path, BUDGET, seeded)).stdout
    quotes = [line for line in out.splitlines() if line.startswith("      - ")]
    assert len(quotes) == 2 and quotes[0].startswith("      - 2023年度部门支出情况如下：年初预算12,140.42万元")
    assert quotes[1] == "      - （与上一条同句）"  # not the same sentence again, cut where its window starts


def test_local_subjects_and_kinds_read_as_names(tmp_path):
    """A figure whose owner the text does not say is its paragraph's: named by its heading and paragraph,
    never by the internal `heading#index`; JSON keeps the codes and adds the names."""
    r = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX))
    assert "改动 执行率（“年度预算及执行”第12段）：86.87% → 87.87%" in r.stdout
    data, _ = diff_json(CORPUS_TEXT, resubmit(tmp_path, FIX))
    (figure,) = data["figures"]
    assert figure["kind"] == "execution_rate" and figure["kind_name"] == "执行率"
    assert figure["subject_name"] == "“年度预算及执行”第12段" and figure["old"]["subject"] == "年度预算及执行#11"


def _sheet(book, name) -> tuple[list, list]:
    rows = list(book[name].iter_rows())
    return [c.value for c in rows[0]], rows[1:]


def test_xlsx_is_a_workbook_an_auditor_can_work_in(tmp_path):
    """Read back with openpyxl: Chinese sheets and headers, readable values, numbers with the report's
    formats (a percent a fraction shown 0.00%), links to each version's page, severity colours, fitted
    widths, frozen header, filters."""
    folder = tmp_path / "第二版 材料"
    folder.mkdir()
    new = resubmit(tmp_path, FIX, BUDGET).rename(folder / "水利局 报告#1.txt")
    out = tmp_path / "diff.xlsx"
    r = run("diff", CORPUS_TEXT, new, "-f", "xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["数字变化", "问题变化"]
    header, rows = _sheet(book, "数字变化")
    assert header[:6] == ["变化", "类别", "标签", "主体", "原值", "新值"] and len(rows) == 2
    col = {h: k for k, h in enumerate(header)}
    budget, rate = rows
    assert [c.value for c in budget[:4]] == ["改动", "年初预算", "年初预算", "部门整体"]
    assert budget[col["原值"]].data_type == "n" and budget[col["原值"]].value == pytest.approx(12140.42)
    assert budget[col["新值"]].number_format == '#,##0.00"万元"'
    assert rate[col["类别"]].value == "执行率" and rate[col["主体"]].value == "“年度预算及执行”第12段"
    assert rate[col["原值"]].value == pytest.approx(0.8687) and rate[col["原值"]].number_format == "0.00%"
    assert rate[col["新值"]].value == pytest.approx(0.8787)
    link = budget[col["打开新版"]]
    assert link.value == "第17行" and link.hyperlink.target == "第二版%20材料/水利局%20报告%231.txt"
    finding_header, findings = _sheet(book, "问题变化")
    (resolved,) = findings
    f = {h: resolved[k] for k, h in enumerate(finding_header)}
    assert (f["变化"].value, f["规则"].value, f["级别"].value) == ("已解决", "rate-mismatch", "错误")
    assert f["所述数值"].value == pytest.approx(0.8687) and f["所述数值"].number_format == "0.00%"
    assert f["规则"].fill.fgColor.rgb.endswith("FFC7CE")  # an error's red
    assert f["打开"].hyperlink.target.endswith("synth-06-dept-culture-2023-web.txt")
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        widths = {sheet.column_dimensions[c].width for c in "ABCDEF"}
        assert len(widths) > 1 and max(widths) <= 52  # widths fit their contents, not one width for all


def test_xlsx_in_english(tmp_path):
    out = tmp_path / "diff.xlsx"
    run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET), "-f", "xlsx", "-o", out, "--lang", "en")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["figures", "findings"]
    header, rows = _sheet(book, "figures")
    assert header[:6] == ["Change", "Kind", "Label", "Subject", "Old value", "New value"]
    assert [c.value for c in rows[1][:2]] == ["changed", "execution rate"]


def test_xlsx_without_output_fails_before_any_work(tmp_path):
    r = run("diff", CORPUS_TEXT, tmp_path / "missing.txt", "-f", "xlsx")
    assert r.exit_code == 2 and "--output" in r.output


def test_folders_are_refused(tmp_path):
    r = run("diff", tmp_path, CORPUS_TEXT)
    assert r.exit_code == 2 and "not folders" in r.output


def test_an_unreadable_version_is_named(tmp_path):
    r = run("diff", CORPUS_TEXT, tmp_path / "missing.txt")
    assert r.exit_code == 2 and "missing.txt" in r.stderr and "Traceback" not in r.output


def test_pdf_reflowed_onto_other_pages(tmp_path):
    """The example rendered line by line, then reflowed ragged-right with one rate changed: that one
    figure is the only difference, and the rate error it makes is the only finding that appeared."""
    pytest.importorskip("reportlab")
    from corpus.generate.hardbreak import HARD_BREAK_LAYOUTS, hard_broken_blocks
    from corpus.generate.layout import render_pdf

    text = SEED_TEXT.read_text(encoding="utf-8")
    render_pdf(hard_broken_blocks(text, True), HARD_BREAK_LAYOUTS["returns"], tmp_path / "v1.pdf")
    edited = text.replace("预算执行率 99.84%", "预算执行率 98.84%")
    render_pdf(hard_broken_blocks(edited, False), HARD_BREAK_LAYOUTS["ragged"], tmp_path / "v2.pdf")
    data, code = diff_json(tmp_path / "v1.pdf", tmp_path / "v2.pdf")
    assert changed_values(data) == [("changed", "execution_rate", "99.84", "98.84")]
    assert [(f["change"], f["rule"], f["stated"]) for f in data["findings"]] == [
        ("appeared", "rate-mismatch", "98.84%")
    ]
    assert code == 1
