"""Configuration files through the real CLI: found upwards, the command line winning, every bad key one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpus" / "seed" / "example.txt"
DATED_REPORT = ROOT / "tests" / "cases" / "reports" / "f10_qingtuan_2023_stale.txt"  # names an anniversary of 2021
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def rules_of(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working folder, so no configuration of the checkout applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_a_file_every_rule_runs(folder):
    assert set(rules_of(run("check", EXAMPLE, "-f", "json"))) > {"stale-reference", "rate-mismatch"}


def test_jixiao_toml_selects_and_sets_fail_on(folder):
    (folder / "jixiao.toml").write_text('select = ["stale-reference"]\nfail-on = "error"\n', encoding="utf-8")
    r = run("check", EXAMPLE, "-f", "json")
    assert set(rules_of(r)) == {"stale-reference"} and r.exit_code == 0  # a warning does not reach error


def test_command_line_wins_over_the_file(folder):
    (folder / "jixiao.toml").write_text('select = ["stale-reference"]\nfail-on = "error"\n', encoding="utf-8")
    r = run("check", EXAMPLE, "-f", "json", "--select", "rate-mismatch", "--fail-on", "warning")
    assert set(rules_of(r)) == {"rate-mismatch"} and r.exit_code == 1


def test_pyproject_found_from_a_subfolder(folder, monkeypatch):
    (folder / "pyproject.toml").write_text('[tool.jixiao]\nignore = ["rate-mismatch"]\n', encoding="utf-8")
    deeper = folder / "reports" / "2023"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    found = rules_of(run("check", EXAMPLE, "-f", "json"))
    assert found and "rate-mismatch" not in found


def test_pyproject_without_a_jixiao_table_is_passed_over(folder, monkeypatch):
    (folder / "jixiao.toml").write_text('select = ["sum-mismatch"]\n', encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(folder / "sub")
    assert set(rules_of(run("check", EXAMPLE, "-f", "json"))) == {"sum-mismatch"}


def test_nearest_folder_wins_and_jixiao_toml_over_pyproject(folder, monkeypatch):
    (folder / "jixiao.toml").write_text('select = ["sum-mismatch"]\n', encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "jixiao.toml").write_text('select = ["stale-reference"]\n', encoding="utf-8")
    (folder / "sub" / "pyproject.toml").write_text('[tool.jixiao]\nselect = ["rate-mismatch"]\n', encoding="utf-8")
    monkeypatch.chdir(folder / "sub")
    assert set(rules_of(run("check", EXAMPLE, "-f", "json"))) == {"stale-reference"}


def test_severity_per_rule(folder):
    before = json.loads(run("check", EXAMPLE, "-f", "json", "--select", "restated-value").stdout)
    assert before and {f["severity"] for f in before} == {"error"}
    (folder / "jixiao.toml").write_text('[severity]\nrestated-value = "warning"\n', encoding="utf-8")
    r = run("check", EXAMPLE, "-f", "json", "--select", "restated-value", "--fail-on", "error")
    assert {f["severity"] for f in json.loads(r.stdout)} == {"warning"} and r.exit_code == 0


def test_severity_in_pyproject(folder):
    (folder / "pyproject.toml").write_text('[tool.jixiao.severity]\nrestated-value = "info"\n', encoding="utf-8")
    r = run("check", EXAMPLE, "-f", "json", "--select", "restated-value")
    assert {f["severity"] for f in json.loads(r.stdout)} == {"info"} and r.exit_code == 0


def test_output_defaults(folder):
    (folder / "jixiao.toml").write_text('format = "json"\nlang = "en"\njobs = 2\n', encoding="utf-8")
    messages = [f["message"] for f in json.loads(run("check", EXAMPLE).stdout)]
    assert any("does not follow from" in m for m in messages)
    r = run("check", EXAMPLE, "-f", "text", "--lang", "zh")
    assert "rule-not-applied 错误 计算未执行所述规则" in r.stdout


def test_explicit_config_and_no_config(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("settings") / "audit.toml"
    elsewhere.write_text('select = ["sum-mismatch"]\n', encoding="utf-8")
    (folder / "jixiao.toml").write_text('select = ["stale-reference"]\n', encoding="utf-8")
    assert set(rules_of(run("check", EXAMPLE, "-f", "json", "--config", elsewhere))) == {"sum-mismatch"}
    assert len(set(rules_of(run("check", EXAMPLE, "-f", "json", "--no-config")))) > 2


def title_without_year(folder) -> Path:
    report = folder / "report.txt"
    text = DATED_REPORT.read_text(encoding="utf-8")
    report.write_text(text.replace("2023年度", "", 1), encoding="utf-8")
    return report


def test_year_applies_when_the_title_lacks_it(folder):
    report = title_without_year(folder)
    assert rules_of(run("check", report, "-f", "json")) == []  # no report year: nothing to compare
    (folder / "jixiao.toml").write_text("year = 2023\n", encoding="utf-8")
    assert rules_of(run("check", report, "-f", "json")) == ["stale-reference"]
    (folder / "jixiao.toml").write_text("year = 2021\n", encoding="utf-8")  # the anniversary's own year
    assert rules_of(run("check", report, "-f", "json")) == []
    assert rules_of(run("check", report, "-f", "json", "--year", "2023")) == ["stale-reference"]


def test_the_title_year_wins_over_the_configured_one(folder):
    (folder / "jixiao.toml").write_text("year = 2021\n", encoding="utf-8")
    assert rules_of(run("check", DATED_REPORT, "-f", "json")) == ["stale-reference"]  # the title says 2023


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("jixiao.toml", 'fail_on = "error"\n', "fail_on: unknown key (did you mean 'fail-on'?)"),
        ("jixiao.toml", 'fail-on = "sometimes"\n', "fail-on: 'sometimes' is not one of error, warning, info, never"),
        ("jixiao.toml", 'select = ["no-such-rule"]\n', "select: unknown rule 'no-such-rule'"),
        ("jixiao.toml", "jobs = 0\n", "jobs: must be a whole number of workers"),
        ("jixiao.toml", 'year = "2023"\n', "year: must be a year such as 2023"),
        ("jixiao.toml", 'format = "pdf"\n', "format: 'pdf' is not one of text"),
        ("jixiao.toml", '[severity]\nrestated-value = "fatal"\n', "severity.restated-value: 'fatal' is not one of"),
        ("pyproject.toml", "[tool.jixiao]\ncolour = 1\n", "tool.jixiao.colour: unknown key; known keys: select"),
        ("jixiao.toml", "year = \n", "not valid TOML"),
    ],
)
def test_bad_file_is_one_line_naming_file_and_key(folder, name, content, expected):
    (folder / name).write_text(content, encoding="utf-8")
    r = run("check", EXAMPLE, "--lang", "en")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(folder / name) in lines[0] and expected in lines[0], r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('fail_on = "error"\n', "fail_on: 未知的键（是否想写 'fail-on'？）"),
        ("jobs = 0\n", "jobs: 须为不小于 1 的整数（不是 0）"),
        ("year = \n", "不是有效的 TOML，请检查语法"),
    ],
)
def test_bad_file_is_said_in_chinese_by_default(folder, content, expected):
    (folder / "jixiao.toml").write_text(content, encoding="utf-8")
    r = run("check", EXAMPLE)
    assert r.exit_code == 2 and expected in r.stderr and "Expected" not in r.stderr, r.stderr


def test_missing_explicit_config(folder):
    r = run("check", EXAMPLE, "--config", folder / "nowhere.toml")
    assert r.exit_code == 2 and "nowhere.toml: 配置文件不存在" in r.stderr
