"""What an auditor reads speaks the report's language: every line the command line prints, in real runs
(a subprocess each) over bad inputs and the commands of the workflow, is Chinese by default and English
with --lang en; the closing summary and --statistics included; no internal identifier shown."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jixiao.docs import summary
from jixiao.rules import all_rules, rule_ids

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "example.txt"  # findings of five rules, an anniversary among them
CORPUS_TEXT = ROOT / "corpus" / "generated" / "synth-06-dept-culture-2023-web.txt"
JIXIAO = [sys.executable, "-m", "jixiao"]
ENGLISH = re.compile(
    r"\b[A-Za-z]{2,}[,;:]?(?: +[A-Za-z]{2,}[,;:]?)+\b"  # two English words in a row
    r"|\b[a-z]+_[a-z_]+\b"  # an identifier: not_pdf, execution_rate
    r"|\bp\.\d|\bline \d|#\d"  # an English place (p.1 line 17), an internal index (年度预算及执行#10)
)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    """A folder of files that cannot be read, each for another reason, beside a report that can."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "utf16.txt").write_bytes(b"\xff\xfe\x41")  # a UTF-16 mark on bytes that are not UTF-16
    (folder / "japanese.txt").write_bytes(
        "これは日本語のテキストです。報告書を確認してください。".encode("shift_jis") * 5
    )
    (folder / "not-a.pdf").write_text("hello", encoding="utf-8")
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")
    (folder / "not-a.docx").write_text("zz", encoding="utf-8")
    (folder / "many-lines.txt").write_text("一\n" * 1200, encoding="utf-8")
    (folder / "report.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def jixiao(*args, cwd: Path) -> tuple[str, str, int]:
    proc = subprocess.run([*JIXIAO, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)
    return proc.stdout, proc.stderr, proc.returncode


def english_in(text: str, folder: Path) -> list[str]:
    """Runs of English words in `text`, once what is no language is taken out: paths and file names, options,
    rule identifiers, commands in backticks."""
    text = text.replace(str(folder), "")
    text = re.sub(r"`[^`]*`|--[\w-]+=?|\S+\.(?:txt|pdf|docx|xlsx|json|toml)\b", " ", text)
    for rule in [*rule_ids(), "internal-error"]:
        text = text.replace(rule, " ")
    return ENGLISH.findall(text)


def commands(bad: Path, tmp: Path) -> list[list]:
    """The runs an auditor's workflow makes, on bad inputs among good ones."""
    resubmitted = tmp / "resubmitted.txt"
    text = CORPUS_TEXT.read_text(encoding="utf-8").replace("执行率86.87%", "执行率87.87%")
    resubmitted.write_text(text.replace("预算执行率95.71%", "预算执行率96.71%"), encoding="utf-8")
    (tmp / "bad-baseline.json").write_text("{x", encoding="utf-8")
    (tmp / "empty").mkdir(exist_ok=True)
    (tmp / "settings.toml").write_text("jobs = 0\n", encoding="utf-8")
    return [
        ["check", bad, "--limit", "lines=1000"],  # (JSON's messages and --statistics: tests below)
        ["check", tmp / "empty"],
        ["baseline", tmp / "accepted.json", bad / "report.txt"],
        ["check", bad / "report.txt", bad / "empty.txt", "--baseline", tmp / "accepted.json"],
        ["check", bad / "report.txt", "--baseline", tmp / "bad-baseline.json"],
        ["check", bad / "report.txt", "--config", tmp / "settings.toml"],
        ["diff", CORPUS_TEXT, resubmitted],
        ["diff", CORPUS_TEXT, bad / "damaged.pdf"],
    ]


def test_no_english_line_in_chinese_output_and_english_with_lang_en(bad, tmp_path):
    said_in_english = []
    for args in commands(bad, tmp_path):
        (out, err), (out_en, err_en) = _both_languages(args, tmp_path)
        leaks = {line: english_in(line, bad) for line in (out + err).splitlines()}
        assert not {line: words for line, words in leaks.items() if words}, args
        said_in_english.append(bool(english_in(out_en + err_en, bad)))
    assert all(said_in_english)  # the same runs in English are seen as English: the check can fail


def _both_languages(args: list, cwd: Path) -> list[tuple[str, str]]:
    """A command run in Chinese (the default) and with --lang en at the same time (two processes)."""
    procs = [
        subprocess.Popen(
            [*JIXIAO, *map(str, args), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
        )  # fmt: skip
        for extra in ([], ["--lang", "en"])
    ]
    return [p.communicate(timeout=120) for p in procs]


def test_the_closing_summary_names_the_reasons_in_chinese(bad, tmp_path):
    _out, err, code = jixiao("check", bad, "--limit", "lines=1000", cwd=tmp_path)
    assert code == 2
    lines = err.splitlines()
    assert re.match(r"8 个文件 · \d+ 页 · 用时 [\d.]+ 秒", next(line for line in lines if " 个文件 · " in line))
    header = next(line for line in lines if line.strip().startswith("规则"))
    assert header.split() == ["规则", "错误", "警告", "提示"] and any(line.strip().startswith("合计") for line in lines)
    (unreadable,) = [line for line in lines if line.startswith("无法读取")]
    assert unreadable == (
        "无法读取 7 个文件：PDF 已损坏 1，Word/Excel 已损坏 1，不是 PDF 1，文件为空 1，编码无法识别 2，超出处理限制 1"
    )
    _out, err, _ = jixiao("check", bad, "--limit", "lines=1000", "--lang", "en", cwd=tmp_path)
    assert "7 files could not be read: PDF damaged 1, Word/Excel damaged 1, empty 1, not a PDF 1" in err


def test_reasons_carry_technical_detail_only_in_english(bad, tmp_path):
    """A parser's exception (PSEOF, BadZipFile) is for English output; Chinese says what to do, in Chinese;
    a detail that speaks to the reader (the encoding it looks like, the limit) is said in both."""
    rows = {Path(r["file"]).name: r["message"] for r in json.loads(jixiao("check", bad, "-f", "json", cwd=tmp_path)[0])}
    assert rows["damaged.pdf"] == "PDF 已损坏，无法解析，请重新导出或下载"
    assert rows["not-a.docx"].endswith("请用 Word、WPS 或 Excel 重新另存")
    assert rows["japanese.txt"].endswith("（看起来是日文 Shift-JIS 编码）")
    english = {Path(r["file"]).name: r["message"] for r in json.loads(jixiao("check", bad, "-f", "json", "--lang", "en",
                                                                            cwd=tmp_path)[0])}  # fmt: skip
    assert "(PSEOF" in english["damaged.pdf"] and "not a zip package" in english["not-a.docx"]
    assert english["japanese.txt"].endswith("(it looks like Shift-JIS (Japanese))")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_speak_the_reports_language_with_whole_descriptions(tmp_path, lang):
    out, _err, _ = jixiao("check", SEED_TEXT, "--statistics", "--lang", lang, "-q", cwd=tmp_path)
    rules = all_rules()
    severity = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}[lang]
    rows = [re.match(r"\s*(\d+)  (\S+) +(\S+) +(.+)$", line).groups() for line in out.splitlines()]
    assert len(rows) >= 4 and [int(n) for n, *_ in rows] == sorted((int(n) for n, *_ in rows), reverse=True)
    for _n, rule, word, description in rows:
        assert word == severity[rules[rule].SEVERITY] or word in severity.values()
        assert description == summary(rules[rule], lang)  # the whole line, not its first line's words
    if lang == "zh":
        assert ("restated-value", "错误", "同一主体的同一数量前后所述数值不可能同时成立。") in [r[1:] for r in rows]


def test_every_rule_says_what_it_checks_in_chinese():
    for rule_id, mod in all_rules().items():
        assert re.search(r"[\u4e00-\u9fff]", mod.SUMMARY_ZH) and mod.SUMMARY_ZH.endswith("。"), rule_id
        assert len(summary(mod, "en").split()) > 4 and "\n" not in summary(mod, "en")


def test_check_text_places_quotes_in_chinese(tmp_path):
    out = jixiao("check", SEED_TEXT, cwd=tmp_path)[0]
    assert "    > 第143行: " in out and " p." not in out and "line " not in out
    assert "    > line 143: " in jixiao("check", SEED_TEXT, "--lang", "en", cwd=tmp_path)[0]


def test_usage_line_names_the_arguments_plainly(tmp_path):
    _out, err, code = jixiao("check", cwd=tmp_path)
    assert code == 2 and " check [OPTIONS] PATHS...\n" in err and "{" not in err
    assert " diff [OPTIONS] OLD NEW\n" in jixiao("diff", "--help", cwd=tmp_path)[0]


def test_the_facts_sheet_names_subjects_as_a_reader_does(tmp_path):
    """Anniversaries by their event (建党, never `party`), a paragraph's money by its heading and paragraph
    (never `heading#index`); JSON keeps what baselines and diffs compare."""
    out = tmp_path / "facts.xlsx"
    assert jixiao("extract", SEED_TEXT, CORPUS_TEXT, "-f", "xlsx", "-o", out, cwd=tmp_path)[2] == 0
    sheet = openpyxl.load_workbook(out)["数据"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    subjects = {r["主体"] for r in rows if r["主体"]}
    assert not [s for s in subjects if re.search(r"#\d|^[a-z_]+$", s)]
    assert "建党" in {r["主体"] for r in rows if r["类别"] == "纪念年份"}
    assert "“年度预算及执行”第12段" in subjects
    facts = json.loads(jixiao("extract", CORPUS_TEXT, "-f", "json", cwd=tmp_path)[0])
    assert "年度预算及执行#11" in {f["subject"] for f in facts}


def test_the_terminal_table_of_facts_speaks_the_reports_language(tmp_path):
    out = jixiao("extract", CORPUS_TEXT, cwd=tmp_path)[0]
    assert out.split("\n", 1)[0].split() == ["文件", "页", "类别", "主体", "数值", "单位", "限定词", "引文"]
    assert "执行率" in out and "execution_rate" not in out and "“年度预算及执行”第12段" in out
    english = jixiao("extract", CORPUS_TEXT, "--lang", "en", cwd=tmp_path)[0]
    assert english.split("\n", 1)[0].split()[:3] == ["File", "Page", "Kind"] and "execution rate" in english
