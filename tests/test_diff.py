"""`jixiao diff` through the real CLI on a corpus report and its resubmissions."""

from __future__ import annotations

import json
from decimal import Decimal
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


def test_text_shows_both_values_and_locations(tmp_path):
    r = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET))
    assert "12140.42万元 → 12240.42万元  (p.1 line 17 → p.1 line 17)" in r.stdout
    assert "已解决 rate-mismatch" in r.stdout
    english = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET), "--lang", "en").stdout
    assert "figures: 2 changed, 0 added, 0 removed" in english and "findings: 0 appeared, 1 resolved" in english


def test_xlsx_holds_numbers(tmp_path):
    out = tmp_path / "diff.xlsx"
    r = run("diff", CORPUS_TEXT, resubmit(tmp_path, FIX, BUDGET), "-f", "xlsx", "-o", out)
    assert r.exit_code == 0
    book = openpyxl.load_workbook(out)
    figures = list(book["figures"].iter_rows(values_only=True))
    header, rows = figures[0], figures[1:]
    assert len(rows) == 2
    old, new = header.index("old_value"), header.index("new_value")
    assert [(Decimal(str(row[old])), Decimal(str(row[new]))) for row in rows] == [
        (Decimal("12140.42"), Decimal("12240.42")),
        (Decimal("86.87"), Decimal("87.87")),
    ]
    first = book["figures"].cell(2, old + 1)
    assert first.data_type == "n" and first.number_format == "0.00" and book["figures"].freeze_panes == "A2"
    assert [row[header.index("label")] for row in rows] == ["年初预算", "执行率"]
    findings = list(book["findings"].iter_rows(values_only=True))
    assert len(findings) == 2 and findings[1][:2] == ("resolved", "rate-mismatch")


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
