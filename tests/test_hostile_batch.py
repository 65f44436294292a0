"""Hostile batches: limits that hold in the worker, workers that die with their parent, Ctrl-C, outputs
that survive any file name, and a SIGKILLed run that a rerun with --resume completes without loss."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import pdfs
from hostile.generate import REPORT

from jixiao import batch
from jixiao.limits import Limits

JIXIAO = [sys.executable, "-m", "jixiao"]


def _report(folder: Path, name: str, k: int = 0) -> str:
    path = folder / name
    path.write_text(REPORT.replace("110.2", f"{100 + k % 20}.2") + "\n" * k, encoding="utf-8")  # no two alike
    return str(path)


def test_each_limit_gives_one_limit_exceeded_row_naming_it(tmp_path):
    long_line = tmp_path / "line.txt"
    long_line.write_text("预" * 2_000, encoding="utf-8")
    many = tmp_path / "lines.txt"
    many.write_text("a\n" * 500, encoding="utf-8")
    good = _report(tmp_path, "good.txt")
    limits = Limits(line_chars=1_000, lines=400)
    results = {Path(r.path).name: r for r in batch.run([str(long_line), str(many), good], limits=limits)}
    assert results["line.txt"].error_code == "limit-exceeded" and "line_chars" in results["line.txt"].error
    assert results["lines.txt"].error_code == "limit-exceeded" and "lines 上限 400" in results["lines.txt"].error
    assert not results["good.txt"].error and results["good.txt"].facts


def test_a_decompression_bomb_stops_at_the_memory_limit(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdfs.bomb(600))
    started = time.monotonic()
    (result,) = batch.run([str(bomb)], limits=Limits(memory_mb=400))
    assert result.error_code == "limit-exceeded" and "memory_mb" in result.error
    assert time.monotonic() - started < 30


def test_time_limit_grows_with_pages():
    limits = Limits(seconds=10, seconds_per_page=2)
    assert limits.deadline(0) == 10 and limits.deadline(50) == 110 and Limits(seconds=0).deadline(50) == 0


SLOW_BATCH = """
import os, sys, time
from jixiao import batch, workers
def slow(path, **kw):
    open(path + '.started', 'w').close()
    os.write(1, b'%d\\n' % os.getpid())
    time.sleep(30)
workers.analyse = slow
for r in batch.run(sys.argv[1:], jobs=int(os.environ['JOBS'])):
    pass
"""


def _slow_batch(tmp_path, n: int, jobs: int) -> tuple[subprocess.Popen, list[str]]:
    files = [_report(tmp_path, f"r{k}.txt", k) for k in range(n)]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BATCH, *files], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "JOBS": str(jobs)})  # fmt: skip
    pids = [proc.stdout.readline().strip() for _ in range(jobs)]
    return proc, pids


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def test_workers_die_with_their_parent(tmp_path):
    proc, pids = _slow_batch(tmp_path, 4, 2)
    assert all(_alive(p) for p in pids)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def test_ctrl_c_stops_the_queued_files(tmp_path):
    proc, pids = _slow_batch(tmp_path, 6, 1)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=10)
    time.sleep(0.5)
    assert len(list(tmp_path.glob("*.started"))) == 1 and not _alive(pids[0])


def test_any_file_name_survives_every_output(tmp_path):
    name = os.fsdecode(b"bad-\xff\xfe-name.txt")
    _report(tmp_path, name)
    (tmp_path / os.fsdecode(b"unreadable-\xff.pdf")).write_bytes(b"%PDF-1.7\n garbage")
    for command, fmt, out in [("check", "json", "f.json"), ("check", "xlsx", "f.xlsx"), ("check", "csv", "f.csv"),
                              ("extract", "json", "x.json"), ("extract", "xlsx", "x.xlsx")]:  # fmt: skip
        proc = subprocess.run([*JIXIAO, command, str(tmp_path), "-f", fmt, "-o", str(tmp_path / out), "--fail-on", "never"]
                              if command == "check" else [*JIXIAO, command, str(tmp_path), "-f", fmt, "-o", str(tmp_path / out)],
                              capture_output=True)  # fmt: skip
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr
        assert (tmp_path / out).stat().st_size > 0
    rows = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    files = {r["file"] for r in rows}
    assert any("bad-\\xff\\xfe-name.txt" in f for f in files)
    unreadable = [r for r in rows if r["rule"] == "damaged"]
    assert len(unreadable) == 1 and "unreadable-\\xff.pdf" in unreadable[0]["file"]
    facts = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in facts if r["kind"] == "unreadable"] == ["damaged"]


def test_a_damaged_cache_entry_is_recomputed(tmp_path):
    path = _report(tmp_path, "r.txt")
    cache = tmp_path / "cache"
    (first,) = batch.run([path], cache=str(cache))
    (entry,) = cache.glob("*.json")
    entry.write_text(entry.read_text()[:50])  # cut short, as a kill during a plain write would leave it
    (again,) = batch.run([path], cache=str(cache))
    assert again.findings == first.findings and json.loads(entry.read_text().partition("\n")[0])["path"] == path


def test_parser_log_lines_never_reach_the_terminal(tmp_path):
    data = bytearray(pdfs.assemble(pdfs.one_page(compress=True)))
    at = data.index(b"stream\n") + len(b"stream\n") + 4
    data[at] ^= 0xFF
    (tmp_path / "flipped.pdf").write_bytes(bytes(data))
    (tmp_path / "nowhere.pdf").write_bytes(pdfs.structural(full=False)["xref-points-past-end"][0])
    proc = subprocess.run([*JIXIAO, "check", str(tmp_path), "--fail-on", "never", "-q"], capture_output=True, text=True)
    lines = proc.stderr.splitlines()
    assert lines and all(ln.startswith("jixiao: ") for ln in lines), lines


FULL = os.environ.get("JIXIAO_HOSTILE") == "full"


@pytest.mark.parametrize("n", [200 if FULL else 40])
def test_killed_batch_resumed_loses_nothing_and_redoes_nothing(tmp_path, n):
    """n files (200 in .ci/run), SIGKILL mid-way, rerun with --resume: every file once, none read twice."""
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(n):
        _report(folder, f"r{k:03d}.txt", k)
    out = tmp_path / "out.json"
    cmd = [*JIXIAO, "check", str(folder), "-j", "2", "-f", "json", "-o", str(out), "--fail-on", "never"]
    first = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    journal = Path(f"{out}.journal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not journal.exists() or journal.read_text().count("\n") < n // 10):
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    done_before = journal.read_text().count("\n")
    assert n // 10 <= done_before < n and not out.exists()  # killed mid-way, no half-written output
    read = tmp_path / "read"  # a cache keeps each file read in this run, none of those the journal gave back
    proc = subprocess.run([*cmd, "--resume", "--cache", str(read)], capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert len(list(read.iterdir())) == n - done_before  # only the files not yet done were read
    assert not journal.exists()  # the output is whole: its journal has served
    rows = json.loads(out.read_text(encoding="utf-8"))
    expected = subprocess.run([*cmd[:-6], "-f", "json", "--fail-on", "never"], capture_output=True).stdout
    assert rows == json.loads(expected)


def test_ctrl_c_on_the_command_line_stops_both_workers_and_keeps_what_is_done(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(60):
        _report(folder, f"r{k:02d}.txt", k)
    out = tmp_path / "out.json"
    proc = subprocess.Popen([*JIXIAO, "check", str(folder), "-j", "2", "-f", "json", "-o", str(out), "--fail-on", "never"],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    journal = Path(f"{out}.journal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not journal.exists() or journal.read_text().count("\n") < 5):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole process group
    stderr = proc.communicate(timeout=10)[1]
    assert proc.returncode == 130 and "已中断" in stderr and "Traceback" not in stderr, (
        stderr[-500:],
        journal.read_text().count("\n"),
    )
    json.loads(out.read_text(encoding="utf-8"))  # the output of what was finished, whole
    assert 5 <= journal.read_text().count("\n") < 60
