"""The CLI end to end: real files in, exit codes, outputs, bad input never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from jixiao.cli import app

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_check_exit_1_when_findings_reach_fail_on():
    r = run("check", SEED / "example.txt")
    assert r.exit_code == 1
    assert "rule-not-applied 错误" in r.stdout


def test_check_fail_on_never_exits_0():
    assert run("check", SEED / "example.txt", "--fail-on", "never").exit_code == 0


def test_fail_on_error_ignores_warnings():
    r = run("check", SEED / "example.txt", "--select", "stale-reference", "--fail-on", "error")
    assert r.exit_code == 0 and "stale-reference 警告" in r.stdout


def test_select_and_ignore():
    r = run("check", SEED / "example.txt", "--select", "rate-mismatch,sum-mismatch", "-f", "json")
    rules = {f["rule"] for f in json.loads(r.stdout)}
    assert rules == {"rate-mismatch", "sum-mismatch"}
    r = run("check", SEED / "example.txt", "--ignore", "rate-mismatch", "-f", "json")
    assert "rate-mismatch" not in {f["rule"] for f in json.loads(r.stdout)}


def test_unknown_rule_is_a_usage_error():
    r = run("check", SEED / "example.txt", "--select", "no-such-rule")
    assert r.exit_code == 2 and "no-such-rule" in r.output


def test_english_messages():
    r = run("check", SEED / "example.txt", "--lang", "en", "-f", "json")
    msgs = [f["message"] for f in json.loads(r.stdout)]
    assert any("does not follow from" in m for m in msgs)


def test_bad_inputs_each_named_and_others_still_checked(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("this is not a pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((SEED / "example-plain.pdf").read_bytes()[:3000])
    r = run(
        "check", tmp_path / "missing.pdf", fake, broken, SEED / "example.txt", "-f", "json", "-o", tmp_path / "out.json"
    )
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    err = r.stderr
    assert "missing.pdf" in err and "fake.pdf" in err and "broken.pdf" in err
    findings = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert any(f["file"].endswith("example.txt") for f in findings)


def test_folder_is_searched(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    r = run("check", tmp_path, "-f", "csv")
    assert r.exit_code == 1 and "r.txt" in r.stdout


def test_empty_folder_says_so(tmp_path):
    r = run("check", tmp_path)
    assert (
        r.exit_code == 2
        and "中没有找到报告（.pdf、.ofd、.docx、.doc、.wps、.rtf、.xlsx、.xls、.et、.html、.htm、.mht 或 .txt）"
        in r.stderr
    )


def test_extract_json_fields():
    r = run("extract", SEED / "example-plain.pdf", "-f", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    spend = next(x for x in rows if x["kind"] == "spend" and x["value"] == "23395.51")
    for key in ("file", "kind", "subject", "value", "unit", "lo", "hi", "page", "bbox", "quote"):
        assert key in spend
    assert spend["unit"] == "万元" and spend["page"] == 2 and len(spend["bbox"]) == 4


def test_extract_tables_shows_rows_and_columns():
    r = run("extract", SEED / "example-word.pdf", "--tables", "-f", "json")
    cells = json.loads(r.stdout)
    assert {"row_name": "管理效能评价", "column": "实际得分", "value": "44.98"}.items() <= next(
        c for c in cells if c["value"] == "44.98"
    ).items()


def test_xlsx_workbook_has_findings_facts_and_files(tmp_path):
    out = tmp_path / "report.xlsx"
    r = run("check", SEED / "example.txt", tmp_path / "nope.pdf", "-f", "xlsx", "-o", out)
    assert r.exit_code == 2
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题", "数据"]  # the rest of the workbook: tests/test_outputs.py
    rules = {row[5] for row in wb["问题"].iter_rows(min_row=2, values_only=True)}
    assert "rate-mismatch" in rules
    files = list(wb["汇总"].iter_rows(min_row=2, values_only=True))
    assert any(row[6] == "无法读取" and row[7] for row in files)  # the missing file's reason


def test_a_workbook_from_the_cache_has_the_facts_a_text_run_left_unread(tmp_path):
    cache, out, fresh = tmp_path / "cache", tmp_path / "cached.xlsx", tmp_path / "fresh.xlsx"
    assert run("check", SEED / "example.txt", "--cache", cache, "--fail-on", "never").exit_code == 0
    assert run("check", SEED / "example.txt", "--cache", cache, "--fail-on", "never").exit_code == 0  # from the cache
    run("check", SEED / "example.txt", "--cache", cache, "-f", "xlsx", "-o", out, "--fail-on", "never")
    run("check", SEED / "example.txt", "-f", "xlsx", "-o", fresh, "--fail-on", "never")
    rows = [list(openpyxl.load_workbook(p)["数据"].iter_rows(min_row=2, values_only=True)) for p in (out, fresh)]
    assert rows[0] and rows[0] == rows[1]


def test_xlsx_needs_output():
    r = run("check", SEED / "example.txt", "-f", "xlsx")
    assert r.exit_code == 2


def test_rules_and_explain():
    r = run("rules")
    assert "rate-mismatch" in r.stdout and "stale-reference" in r.stdout
    r = run("explain", "rule-not-applied")
    assert "Consistent" in r.stdout and "Inconsistent" in r.stdout
    assert run("explain", "nope").exit_code == 2


@pytest.mark.parametrize("cmd", ["check", "extract", "rules", "explain", "eval"])
def test_every_command_has_help(cmd):
    r = run(cmd, "--help")
    assert r.exit_code == 0 and len(r.stdout) > 50


def test_a_rule_that_raises_becomes_an_internal_error_and_the_others_run(monkeypatch):
    from jixiao.rules import rate_mismatch

    def broken(ctx):
        raise ValueError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(rate_mismatch, "check", broken)
    r = run("check", SEED / "example.txt", "-f", "json")
    rules = {f["rule"] for f in json.loads(r.stdout)}
    assert "internal-error" in rules and "restated-value" in rules
    msg = next(f["message"] for f in json.loads(r.stdout) if f["rule"] == "internal-error")
    assert "rate-mismatch" in msg and "boom" in msg
