"""After the summary: the workbook written from every result is announced, a Ctrl-C while it is written
keeps every finished result in the journal (one line says how to get the workbook), and a whole output
leaves no journal behind. Real runs of the command, the workbooks read back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
JIXIAO = [sys.executable, "-m", "jixiao"]


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """Five reports (a workbook of about 1,000 facts: a second or so to write), checked once quietly into
    the workbook the other runs must equal; the cache then holds them, so each run below costs the writing."""
    base = tmp_path_factory.mktemp("finishing")
    folder, cache = base / "in", base / "cache"
    folder.mkdir()
    text = (SEED / "example.txt").read_text(encoding="utf-8")
    for k in range(5):
        (folder / f"r{k}.txt").write_text(text + "\n" * (k + 1), encoding="utf-8")
    first = _run(folder, base / "first.xlsx", cache, "-j", "2", "-q")
    assert first.returncode == 0 and "正在写入" not in first.stderr, first.stderr  # -q: not announced
    return folder, cache, _rows(base / "first.xlsx")


def _run(folder: Path, out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    args = [*JIXIAO, "check", str(folder), "-f", "xlsx", "-o", str(out), "--cache", str(cache), "--fail-on", "never"]
    return subprocess.run([*args, *extra], capture_output=True, text=True, timeout=300)


def _rows(workbook: Path) -> list[list[tuple]]:
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    book.close()
    return rows


def test_the_workbook_is_announced_after_the_summary_and_leaves_no_journal(batch_folder, tmp_path):
    folder, cache, reference = batch_folder
    out = tmp_path / "out.xlsx"
    r = _run(folder, out, cache, "--lang", "en")
    assert r.returncode == 0 and [len(rows) for rows in _rows(out)] == [len(rows) for rows in reference], r.stderr
    assert r.stderr.index(" files · ") < r.stderr.index(f"jixiao: writing {out} …")  # after the summary
    assert not Path(f"{out}.journal").exists()  # the output is whole: its journal has served


def test_ctrl_c_while_the_workbook_is_written_keeps_the_journal_and_resume_writes_it(batch_folder, tmp_path):
    folder, cache, reference = batch_folder
    out, journal = tmp_path / "out.xlsx", tmp_path / "out.xlsx.journal"
    args = [*JIXIAO, "check", str(folder), "-f", "xlsx", "-o", str(out), "--cache", str(cache), "--fail-on", "never"]
    # unbuffered: communicate() reads the pipe itself and would miss what a buffer had read ahead
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, bufsize=0, start_new_session=True)
    seen = []
    while not any("正在写入" in line for line in seen[-1:]):
        seen.append(proc.stderr.readline().decode())
        assert seen[-1], "".join(seen)  # the line comes before the process ends
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    err = "".join(seen) + proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130 and "Traceback" not in err, err[-800:]
    assert f"{out} 未写入" in err and "--resume" in err and str(journal) in err
    assert not out.exists() and journal.exists() and [p.name for p in tmp_path.iterdir()] == [journal.name]
    resumed = subprocess.run([*args, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0 and _rows(out) == reference, resumed.stderr
    assert not journal.exists()
