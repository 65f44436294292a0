"""Baselines through the real CLI: accepted findings stay accepted when pages shift and text reflows; only
new ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "example.txt"
CORPUS_TEXT = ROOT / "corpus" / "generated" / "synth-06-dept-culture-2023-web.txt"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def findings(result) -> list[dict]:
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def no_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def copy(text: str, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def shifted(text: str) -> str:
    """The report with a paragraph and a page break inserted after its title, and a new error: the
    department's execution rate no longer follows from its spending and budget."""
    title, rest = text.split("\n", 1)
    inserted = "\n本报告按照统一格式编写，所附材料另行报送。\n\f"
    assert "预算执行率95.71%" in rest
    return f"{title}\n{inserted}{rest}".replace("预算执行率95.71%", "预算执行率96.71%")


def test_accepted_findings_hold_across_a_page_shift(tmp_path):
    original = copy(CORPUS_TEXT.read_text(encoding="utf-8"), tmp_path / "v1", "report.txt")
    r = run("baseline", tmp_path / "accepted.json", original)
    assert r.exit_code == 0 and "1 个文件的 2 条问题已记入基线" in r.stderr
    resubmitted = copy(shifted(CORPUS_TEXT.read_text(encoding="utf-8")), tmp_path / "v2", "report.txt")
    everything = findings(run("check", resubmitted, "-f", "json"))
    assert {f["page"] for f in everything} == {2} and len(everything) == 3  # the old two moved a page on
    r = run("check", resubmitted, "-f", "json", "--baseline", tmp_path / "accepted.json")
    new = findings(r)
    assert [(f["rule"], f["stated"], f["expected"]) for f in new] == [("rate-mismatch", "96.71%", "95.72%")]
    assert "已接受的 2 条问题未再列出" in r.stderr and r.exit_code == 1


def test_unchanged_report_against_its_baseline_is_clean(tmp_path):
    report = copy(CORPUS_TEXT.read_text(encoding="utf-8"), tmp_path, "report.txt")
    run("baseline", tmp_path / "accepted.json", report)
    r = run("check", report, "--baseline", tmp_path / "accepted.json")
    assert r.exit_code == 0 and "已接受的 2 条问题未再列出" in r.stderr


def test_two_identical_findings_count_as_two(tmp_path):
    text = CORPUS_TEXT.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "执行率86.87%" in p)
    report = copy(text, tmp_path / "v1", "report.txt")
    run("baseline", tmp_path / "accepted.json", report)
    twice = copy(text.replace(paragraph, f"{paragraph}\n\n{paragraph}"), tmp_path / "v2", "report.txt")
    stated = [f["stated"] for f in findings(run("check", twice, "-f", "json"))]
    assert stated.count("86.87%") == 2
    r = run("check", twice, "-f", "json", "--baseline", tmp_path / "accepted.json")
    assert [f["stated"] for f in findings(r)] == ["86.87%"]  # one was accepted, the second is new


def test_a_fixed_finding_is_said_to_be_gone(tmp_path):
    text = CORPUS_TEXT.read_text(encoding="utf-8")
    report = copy(text, tmp_path / "v1", "report.txt")
    run("baseline", tmp_path / "accepted.json", report)
    fixed = copy(text.replace("执行率86.87%", "执行率87.87%"), tmp_path / "v2", "report.txt")
    r = run("check", fixed, "--baseline", tmp_path / "accepted.json")
    assert "已接受的 1 条问题未再列出" in r.stderr and "1 条已接受的问题不再出现" in r.stderr


def test_another_report_is_not_covered(tmp_path):
    run("baseline", tmp_path / "accepted.json", copy(CORPUS_TEXT.read_text(encoding="utf-8"), tmp_path, "a.txt"))
    other = copy(CORPUS_TEXT.read_text(encoding="utf-8"), tmp_path, "b.txt")
    r = run("check", other, "-f", "json", "--baseline", tmp_path / "accepted.json")
    assert len(findings(r)) == 2 and "已接受的 0 条问题未再列出" in r.stderr


def test_baseline_file_is_stable_and_readable(tmp_path):
    run("baseline", tmp_path / "one.json", SEED_TEXT)
    run("baseline", tmp_path / "two.json", SEED_TEXT)
    text = (tmp_path / "one.json").read_text(encoding="utf-8")
    assert text == (tmp_path / "two.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and sum(e["count"] for e in data["findings"]) == 6
    assert all(e["file"] == "example.txt" for e in data["findings"])
    assert "管理效能的得分前后不一致" in text  # Chinese as written, not escaped
    keys = [(e["file"], e["rule"], e["subject"], e["stated"], e["expected"]) for e in data["findings"]]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2:]))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "不是 jixiao 基线文件"),
        ('{"version": 9, "findings": []}', "不是第 1 版 jixiao 基线文件"),
        ('{"version": 1, "findings": [{"rule": "x"}]}', "第 1 条问题缺少 rule, file"),
    ],
)
def test_bad_baseline_is_one_line(tmp_path, content, expected):
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    r = run("check", SEED_TEXT, "--baseline", tmp_path / "b.json")
    assert r.exit_code == 2 and expected in r.stderr and "Traceback" not in r.output


def test_missing_baseline_says_how_to_make_one(tmp_path):
    r = run("check", SEED_TEXT, "--baseline", tmp_path / "none.json")
    assert r.exit_code == 2 and "jixiao baseline" in r.stderr


def test_pdf_reflowed_onto_other_pages_keeps_its_baseline(tmp_path):
    """The example rendered twice: line by line, then reflowed ragged-right with a paragraph repeated
    before the findings (every page, box and line moves) and a new error seeded."""
    pytest.importorskip("reportlab")
    from corpus.generate.hardbreak import HARD_BREAK_LAYOUTS, hard_broken_blocks
    from corpus.generate.layout import render_pdf

    text = SEED_TEXT.read_text(encoding="utf-8")
    render_pdf(hard_broken_blocks(text, True), HARD_BREAK_LAYOUTS["returns"], tmp_path / "v1.pdf")
    lines = text.split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("（一）"))
    repeated = lines[k + 2 : k + 12]
    assert not any(ch.isdigit() for ch in "".join(repeated))  # no figure in what is repeated
    edited = "\n".join([*lines[: k + 1], "", *repeated, "", *lines[k + 1 :]])
    assert "预算执行率 99.84%" in edited
    (tmp_path / "v2").mkdir()
    resubmitted = tmp_path / "v2" / "v1.pdf"
    render_pdf(hard_broken_blocks(edited.replace("预算执行率 99.84%", "预算执行率 98.84%"), False),
               HARD_BREAK_LAYOUTS["ragged"], resubmitted)  # fmt: skip
    cache = ("--cache", tmp_path / "cache")  # each rendering is read once
    old = findings(run("check", tmp_path / "v1.pdf", "-f", "json", *cache))
    assert run("baseline", tmp_path / "accepted.json", tmp_path / "v1.pdf", *cache).exit_code == 0
    moved = findings(run("check", resubmitted, "-f", "json", *cache))
    assert len(moved) == len(old) + 1
    assert sorted(f["page"] for f in moved if f["stated"] != "98.84%") > sorted(f["page"] for f in old)
    assert not {(f["page"], *f["bbox"]) for f in old} & {(f["page"], *f["bbox"]) for f in moved}
    new = findings(run("check", resubmitted, "-f", "json", "--baseline", tmp_path / "accepted.json", *cache))
    assert [(f["rule"], f["stated"]) for f in new] == [("rate-mismatch", "98.84%")]


def test_a_report_named_first_is_not_overwritten(tmp_path):
    report = copy(CORPUS_TEXT.read_text(encoding="utf-8"), tmp_path, "report.txt")
    before = report.read_bytes()
    r = run("baseline", report, SEED_TEXT)
    assert r.exit_code == 2 and "是报告，不是基线文件" in r.stderr and report.read_bytes() == before


def test_a_renumbered_item_keeps_its_acceptance(tmp_path):
    text = CORPUS_TEXT.read_text(encoding="utf-8")
    run("baseline", tmp_path / "accepted.json", copy(text, tmp_path / "v1", "report.txt"))
    assert "2.修缮工程验收合格率" in text
    renumbered = copy(text.replace("2.修缮工程验收合格率", "3.修缮工程验收合格率"), tmp_path / "v2", "report.txt")
    r = run("check", renumbered, "-f", "json", "--baseline", tmp_path / "accepted.json")
    assert findings(r) == [] and "已接受的 2 条问题未再列出" in r.stderr
