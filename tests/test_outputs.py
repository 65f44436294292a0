"""Every output read back as its reader reads it: the workbook through openpyxl (sheets, headers, cell types,
number formats, frozen header, filters, fills, links), CSV with its byte-order mark, JSON and text naming
the files that could not be read, and the pandas frames' dtypes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import jixiao as jx
from jixiao.cli import app
from jixiao.reporting.records import FACT_COLUMNS, FINDING_COLUMNS
from jixiao.reporting.xlsx import _width, number

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed"
JIXIAO = [sys.executable, "-m", "jixiao"]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A checkable text, a PDF, and a damaged PDF."""
    folder = tmp_path_factory.mktemp("reports")
    (folder / "r.txt").write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "r.pdf").write_bytes((SEED / "example-word.pdf").read_bytes())
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.7\n garbage")
    return folder


@pytest.fixture(scope="module")
def workbook(inputs):
    out = inputs / "out" / "check.xlsx"  # a folder below the reports: links go up one level
    out.parent.mkdir()
    r = run("check", inputs, "-f", "xlsx", "-o", out)
    assert r.exit_code == 2, r.output
    return openpyxl.load_workbook(out)


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2)]


def test_workbook_sheets_headers_and_layout(workbook):
    assert workbook.sheetnames == ["汇总", "问题", "数据"]
    assert [c.value for c in workbook["问题"][1]][:8] == ["文件", "页", "行", "位置", "打开", "规则", "级别", "说明"]
    for ws in workbook:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == ws.dimensions
        assert all(c.font.bold for c in ws[1])


def test_summary_names_each_file_and_its_status(workbook, inputs):
    rows = {Path(r["文件"].value).name: r for r in _rows(workbook["汇总"])}
    assert set(rows) == {"r.txt", "r.pdf", "damaged.pdf"}
    bad = rows["damaged.pdf"]
    assert bad["状态"].value == "无法读取" and bad["原因"].value and bad["代码"].value == "damaged"
    assert bad["文件"].fill.fgColor.rgb.endswith("FFC7CE") and bad["错误"].value is None
    good = rows["r.pdf"]
    findings = json.loads(run("check", inputs / "r.pdf", "-f", "json").stdout)
    assert good["状态"].value == "已检查" and good["页数"].value == 11 and good["页数"].data_type == "n"
    for word, severity in (("错误", "error"), ("警告", "warning"), ("提示", "info")):
        assert good[word].value == sum(1 for f in findings if f["severity"] == severity)


def test_findings_are_numbers_coloured_and_linked(workbook, inputs):
    rows = [r for r in _rows(workbook["问题"]) if r["规则"].value != "PDF 已损坏"]
    assert {r["级别"].value for r in rows} == {"错误", "警告"}
    fills = {"错误": "FFC7CE", "警告": "FFE699"}
    for r in rows:
        assert r["说明"].fill.fgColor.rgb.endswith(fills[r["级别"].value])
        assert r["说明"].alignment.wrap_text
        stated, cell = r["所述"].value, r["所述数值"]
        if stated.endswith("%"):  # a percent is a fraction shown with a percent format
            assert cell.data_type == "n" and cell.number_format.endswith("%")
            assert Decimal(str(cell.value)) * 100 == Decimal(stated.rstrip("%").replace(",", ""))
        elif stated.endswith("分"):
            assert cell.data_type == "n" and cell.number_format.endswith('"分"')
            decimals = len(stated.rstrip("分").partition(".")[2])
            assert cell.number_format.split('"')[0] == ("0." + "0" * decimals if decimals else "0")
    pdf = [r for r in rows if r["文件"].value.endswith("r.pdf")]
    for r in pdf:
        link = r["打开"].hyperlink.target
        assert link == f"../r.pdf#page={r['页'].value}" and r["打开"].value == f"第{r['页'].value}页"
    txt = next(r for r in rows if r["文件"].value.endswith("r.txt"))
    assert txt["打开"].hyperlink.target == "../r.txt" and txt["打开"].value == f"第{txt['行'].value}行"


def test_unreadable_file_is_a_finding_row(workbook):
    (bad,) = [r for r in _rows(workbook["问题"]) if r["规则"].value == "PDF 已损坏"]
    assert bad["级别"].value == "错误" and bad["文件"].value.endswith("damaged.pdf") and bad["说明"].value


def test_facts_are_numbers_with_the_printed_string_beside(workbook):
    rows = _rows(workbook["数据"])
    assert rows
    money = [r for r in rows if r["单位"].value == "万元"]
    assert money
    for r in money:
        printed = r["原文"].value
        assert r["数值"].data_type == "n" and r["数值"].number_format.endswith('"万元"')
        assert (",") in printed or not r["数值"].number_format.startswith("#,##0")
        assert r["下限"].data_type == "n" and r["下限"].value <= r["基本单位数值"].value <= r["上限"].value
    rates = [r for r in rows if r["单位"].value == "%" and r["数值"].value is not None]
    assert rates and all(r["数值"].number_format.endswith("%") and r["数值"].value < 2 for r in rates)
    open_bound = [r for r in rows if r["限定词"].value in ("不少于", "不低于", "≥")]
    assert all(r["上限"].value is None for r in open_bound)  # an open bound is an empty cell, not text
    kinds = {r["类别"].value for r in rows}
    assert "执行率" in kinds and not any("_" in k for k in kinds)


def test_widths_fit_chinese():
    assert _width("管理效能") == 8 and _width("ab") == 2 and _width("９１％") == 6
    assert number(Decimal("1056.80"), 2, "万元", grouped=True).format == '#,##0.00"万元"'
    assert number(Decimal("91.12"), 2, "%").value == Decimal("0.9112")
    assert number(Decimal("Infinity"), 0, "%") is None


def test_workbook_in_english(inputs, tmp_path):
    out = tmp_path / "en.xlsx"
    assert run("check", inputs, "-f", "xlsx", "-o", out, "--lang", "en").exit_code == 2
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["summary", "findings", "facts"]
    header = [c.value for c in wb["findings"][1]]
    assert header[:8] == ["File", "Page", "Line", "Place", "Open", "Rule", "Severity", "Message"]
    assert {r["Severity"].value for r in _rows(wb["findings"])} <= {"error", "warning", "info"}
    assert {r["Status"].value for r in _rows(wb["summary"])} == {"checked", "unreadable"}


def test_extract_workbook_gets_the_same_treatment(inputs, tmp_path):
    out = tmp_path / "facts.xlsx"
    assert run("extract", inputs / "r.txt", inputs / "damaged.pdf", "-f", "xlsx", "-o", out).exit_code == 2
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["数据"]
    ws = wb["数据"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    rows = _rows(ws)
    assert all(r["数值"].data_type == "n" for r in rows if r["类别"].value != "无法读取")
    (bad,) = [r for r in rows if r["类别"].value == "无法读取"]
    assert bad["来源"].value == "PDF 已损坏" and bad["引文"].value and bad["文件"].fill.fgColor.rgb.endswith("FFC7CE")


def test_csv_file_has_a_bom_and_the_unreadable_row(inputs, tmp_path):
    out = tmp_path / "f.csv"
    assert run("check", inputs, "-f", "csv", "-o", out).exit_code == 2
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns) == FINDING_COLUMNS
    bad = df[df["rule"] == "damaged"]
    assert len(bad) == 1 and bad["file"].iloc[0].endswith("damaged.pdf") and bad["message"].iloc[0]


def test_csv_on_standard_output_keeps_the_bom_only_in_a_file(inputs, tmp_path):
    args = [*JIXIAO, "check", str(inputs / "r.txt"), "-f", "csv"]
    piped = subprocess.run(args, capture_output=True, cwd=ROOT)
    assert piped.stdout.startswith(b"file,rule,")  # a program reads a pipe: no mark glued to `file`
    with open(tmp_path / "redirected.csv", "wb") as fh:
        subprocess.run(args, stdout=fh, cwd=ROOT)
    assert (tmp_path / "redirected.csv").read_bytes().startswith(b"\xef\xbb\xbffile,rule,")  # `> out.csv`


def test_json_names_each_unreadable_file(inputs):
    rows = json.loads(run("check", inputs, "-f", "json").stdout)
    (bad,) = [r for r in rows if r["rule"] == "damaged"]
    assert list(bad) == FINDING_COLUMNS and bad["severity"] == "error" and "damaged.pdf" not in bad["message"]
    found = [r for r in rows if r["rule"] != "damaged"]
    assert found and all(list(r) == list(bad) for r in found) and bad["subject"] == ""  # the same keys, in order
    facts = json.loads(run("extract", inputs / "damaged.pdf", inputs / "r.txt", "-f", "json").stdout)
    (row,) = [f for f in facts if f["kind"] == "unreadable"]
    assert list(row) == FACT_COLUMNS and row["value"] is None and row["source"] == "damaged" and row["quote"]
    cells = json.loads(run("extract", inputs / "damaged.pdf", "--tables", "-f", "json").stdout)
    assert [(c["row_name"], bool(c["value"])) for c in cells] == [("damaged", True)]


def test_text_lists_unreadable_files_at_the_end(inputs):
    reports = [inputs / name for name in ("damaged.pdf", "r.pdf", "r.txt")]  # not the workbooks written beside them
    out = run("check", *reports).stdout.splitlines()
    at = out.index("无法读取的文件（1 个）：")
    assert "damaged.pdf" in out[at + 1] and out[-1].startswith("3 个文件") and at == len(out) - 3
    assert any(" 错误 " in line for line in out) and not any(" error " in line for line in out)
    clean = run("check", inputs / "r.txt").stdout
    assert "无法读取" not in clean
    en = run("check", *reports, "--lang", "en").stdout
    assert "Could not be read (1 files):" in en and " error " in en


def test_frames_have_numeric_columns(inputs):
    facts = jx.facts_frame([str(inputs / "r.txt"), str(inputs / "damaged.pdf")])
    for col in ("value", "base_value", "lo", "hi"):
        assert facts[col].dtype == "float64"
    for col in ("id", "decimals", "page", "line"):
        assert str(facts[col].dtype) == "Int64"
    money = facts[facts["unit"] == "万元"]
    assert money["value"].sum() > 0 and (money["lo"] <= money["hi"]).all()
    assert set(facts[facts["kind"] == "unreadable"]["source"]) == {"damaged"}
    exact = jx.facts_frame([str(inputs / "r.txt")], numbers="decimal")
    assert all(isinstance(v, Decimal) for v in exact["value"])
    findings = jx.findings_frame([str(inputs / "r.txt")])
    assert findings["stated_value"].dtype == "float64" and findings["stated_value"].notna().any()
    assert list(findings.columns[4:8]) == ["stated", "stated_value", "expected", "expected_value"]
    with pytest.raises(ValueError):
        jx.facts_frame([str(inputs / "r.txt")], numbers="int")


def test_import_is_cheap():
    code = "import sys, jixiao; jixiao.facts_frame; print(sorted(m for m in ('pandas', 'openpyxl', 'pdfplumber') if m in sys.modules))"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=os.path.expanduser("~"))
    assert got.returncode == 0 and got.stdout.strip() == "[]", got.stderr


def test_extract_table_shows_the_unreadable_file(inputs):
    out = run("extract", inputs / "damaged.pdf", inputs / "r.txt").stdout.splitlines()
    bad = next(line for line in out if "damaged.pdf" in line)
    assert "无法读取" in bad and "nan" not in bad.lower()
    assert not any(" nan " in line.lower() or "1.0 " in line for line in out[1:4])
