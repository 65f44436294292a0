"""A folder search reads the reports in it, never jixiao's own files: this run's output, journal and
annotated copies, and the workbooks, text reports and annotated copies earlier runs left there. Real
runs of the command on real corpus PDFs, and real outputs recognised by the marks written into them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from jixiao import batch
from jixiao.cli import app
from jixiao.reporting.annotate import annotate_pdf
from jixiao.search import own_output, search

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED = CORPUS / "seed"
REPORTS = ["synth-03-dept-water-2023.pdf", "synth-04-dept-market-2021.pdf"]
JIXIAO = [sys.executable, "-m", "jixiao"]


def _jixiao(folder: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    """The command run in `folder`; reports already read come from a cache outside it (an output read as a
    report is new content, read anew)."""
    cache = ["--cache", str(cache or folder.parent / "cache")] if args[0] == "check" else []
    return subprocess.run([*JIXIAO, *args, *cache], cwd=folder, capture_output=True, text=True, timeout=300)


def _rows(workbook: Path, sheet: int) -> list[tuple]:
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = [tuple(c for c in row) for row in book.worksheets[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("search") / "reports"
    base.mkdir()
    for name in REPORTS:
        shutil.copy(CORPUS / "generated" / name, base / name)
    return base


def test_checking_a_folder_twice_into_a_workbook_inside_it_finds_the_same(folder):
    """Faulty before: the second run read findings.xlsx and the annotated copies as reports."""
    runs = [
        _jixiao(folder, "check", ".", "-f", "xlsx", "-o", "findings.xlsx", "--annotate", "marked", "--fail-on", "never")
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[1].stderr
    findings = _rows(folder / "findings.xlsx", 1)
    summary = _rows(folder / "findings.xlsx", 0)
    assert len(findings) > 2 and [row[0] for row in summary[1:]] == REPORTS
    assert "覆盖" not in runs[1].stderr and sorted(p.name for p in (folder / "marked").iterdir()) == REPORTS
    assert runs[0].stderr.count("错误") == runs[1].stderr.count("错误")  # the same summary table
    assert "未读取" not in runs[1].stderr  # this run's own output is left out without a word
    # a later run into another workbook: the first workbook and the copies are recognised by their marks
    third = _jixiao(folder, "check", ".", "-f", "xlsx", "-o", "again.xlsx", "--annotate", "marked-2")
    assert _rows(folder / "again.xlsx", 1) == findings
    note = next(ln for ln in third.stderr.splitlines() if "未读取 jixiao 自己写出的" in ln)
    assert "3 个文件" in note and "findings.xlsx" in note and "marked/" in note


def test_a_text_report_left_in_the_folder_is_not_read(folder, tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(folder, inputs, ignore=shutil.ignore_patterns("*.xlsx", "marked*"))
    cache = folder.parent / "cache"  # the same reports as above: read once
    first = _jixiao(inputs, "check", ".", "-o", "findings.txt", "--fail-on", "never", cache=cache)
    second = _jixiao(inputs, "check", ".", "-o", "second.txt", "--fail-on", "never", cache=cache)
    assert first.returncode == second.returncode == 0, second.stderr
    assert (inputs / "second.txt").read_text(encoding="utf-8") == (inputs / "findings.txt").read_text(encoding="utf-8")


def test_outputs_are_told_from_reports_by_their_marks(tmp_path):
    """Clean: reports of every kind jixiao reads are not its own. Faulty: each output jixiao writes is."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>某局绩效自评报告</title></head><body><p>预算1万元</p>", "utf-8"
    )
    reports = [SEED / "example.txt", SEED / "example-word.pdf", next((CORPUS / "office" / "xlsx").glob("*.xlsx")), page]
    assert [own_output(p) for p in reports] == [False, False, False, False]
    workbook, text, table = tmp_path / "f.xlsx", tmp_path / "f.txt", tmp_path / "facts.txt"
    html = tmp_path / "findings.html"
    for args in (["check", "-f", "xlsx", "-o", str(workbook)], ["check", "--lang", "en", "-o", str(text)],
                 ["extract", "-o", str(table)], ["check", "-f", "html", "-o", str(html)]):  # fmt: skip
        CliRunner().invoke(app, [args[0], str(SEED / "example.txt"), *args[1:]])
    copy = tmp_path / "copy.pdf"
    annotate_pdf(str(SEED / "example-word.pdf"), [], copy)
    assert [own_output(p) for p in (workbook, text, table, copy, html)] == [True] * 5


def test_a_file_named_on_the_command_line_is_read_with_a_note(tmp_path):
    workbook = tmp_path / "f.xlsx"
    CliRunner().invoke(app, ["check", str(SEED / "example.txt"), "-f", "xlsx", "-o", str(workbook)])
    r = CliRunner().invoke(app, ["check", str(workbook), "--fail-on", "never"])
    assert f"{workbook}: 这是 jixiao 写出的文件" in r.output  # and it was read: it is the only file
    assert search([str(workbook)]).files == [str(workbook)]


def test_the_folder_searched_is_never_left_out_as_an_output_folder(tmp_path):
    (tmp_path / "r.txt").write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".f.xlsx.a1b2c3d4.tmp.xlsx").write_bytes(b"PK")  # what a killed run left behind
    assert batch.expand([str(tmp_path)], exclude=[tmp_path]) == [str(tmp_path / "r.txt")]
    assert batch.expand([str(tmp_path)], exclude=[tmp_path / "r.txt"]) == []


def test_a_fifo_in_the_folder_is_listed_for_the_reader_not_opened_by_the_search(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer forever
    assert search([str(tmp_path)]).files == [str(tmp_path / "pipe.txt")]  # the reader refuses it, as before


def _workbook_with_a_part_that_will_not_inflate(path: Path) -> Path:
    """A zip whose docProps/core.xml is deflated data that zlib refuses (a reserved block type), as a
    flipped bit in a real workbook leaves it."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/core.xml", "<coreProperties>" + "关键词" * 200 + "</coreProperties>")
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("docProps/core.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    return path


def test_a_workbook_whose_parts_will_not_inflate_is_left_to_the_reader(tmp_path):
    """Faulty: the search once raised zlib's own error and the whole batch stopped with a traceback. Now the
    file is no output of ours, and the reader names it with what to do."""
    bad = _workbook_with_a_part_that_will_not_inflate(tmp_path / "flip.xlsx")
    assert own_output(bad) is False
    (tmp_path / "r.txt").write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert sorted(search([str(tmp_path)]).files) == [str(bad), str(tmp_path / "r.txt")]
    r = subprocess.run([*JIXIAO, "check", str(tmp_path), "--fail-on", "never"], capture_output=True, text=True)
    assert "Traceback" not in r.stderr and "flip.xlsx" in r.stderr, r.stderr
    assert "example" in r.stdout or "r.txt" in r.stdout
