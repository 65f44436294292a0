"""The command line in a batch: a progress bar only on a terminal (a real pseudo-terminal), results in
input order and as they come, the closing summary, --statistics, --version, option errors before any
file is read, Ctrl-C, identical files analysed once, and streamed outputs equal to the whole-batch ones."""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao import batch, outputs
from jixiao.cli import app
from jixiao.reporting import report_findings, report_records
from jixiao.reporting.stream import sink

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
REPORT = (SEED / "example.txt").read_text(encoding="utf-8")
JIXIAO = [sys.executable, "-m", "jixiao"]


def _reports(folder: Path, n: int, copies: int = 1) -> list[str]:
    """n distinct reports (each `copies` times the example, so bigger ones take longer)."""
    folder.mkdir(exist_ok=True)
    paths = []
    for k in range(n):
        path = folder / f"r{k:02d}.txt"
        path.write_text(REPORT * copies + "\n" * k, encoding="utf-8")  # trailing lines: no two files alike
        paths.append(str(path))
    return paths


def _in_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run jixiao with standard output and error on a pseudo-terminal; (exit code, what it showed)."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ.update(TERM="xterm-256color", COLUMNS="120")
        os.execv(sys.executable, [*JIXIAO, *args])
    shown = b""
    while select.select([fd], [], [], 60)[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        shown += data
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_and_none_in_a_log(tmp_path):
    files = _reports(tmp_path / "in", 2)
    code, shown = _in_a_terminal(["check", *files, "--lang", "en", "--fail-on", "never"])
    assert code == 0
    assert "checking" in shown and "2/2" in shown and "pages/s" in shown and "r01.txt" in shown
    assert "restated-value" in shown and "2 files · 2 pages" in shown  # findings and summary on the same screen
    logged = subprocess.run(
        [*JIXIAO, "check", *files, "--lang", "en", "--fail-on", "never"], capture_output=True, text=True
    )
    assert "checking" not in logged.stderr and "2/2" not in logged.stderr and "\x1b[" not in logged.stderr
    assert "2 files · 2 pages" in logged.stderr  # the summary still closes a log
    quiet = subprocess.run([*JIXIAO, "check", *files, "-q", "--lang", "en", "--fail-on", "never"], capture_output=True,
                           text=True)  # fmt: skip
    assert quiet.stderr == "" and quiet.stdout == logged.stdout != ""


def test_the_chinese_bar_shows_files_pages_per_second_and_time_left(tmp_path):
    files = _reports(tmp_path / "in", 3)
    code, shown = _in_a_terminal(["check", *files, "--fail-on", "never"])
    assert code == 0 and "检查" in shown and "3/3" in shown and "页/秒" in shown
    assert re.search(r"(?:\d+|-):(?:\d\d|--):(?:\d\d|--)", shown)  # the time left (rich's remaining-time column)


def test_an_html_page_is_not_poured_onto_a_terminal(tmp_path):
    files = _reports(tmp_path / "in", 1)
    code, shown = _in_a_terminal(["check", *files, "-f", "html"])
    assert code == 2 and "--output FILE.html" in shown and "<html" not in shown
    piped = subprocess.run(
        [*JIXIAO, "check", *files, "-f", "html", "--fail-on", "never"], capture_output=True, text=True
    )
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE html>")  # redirected: the page


def test_quiet_on_a_terminal_shows_no_bar(tmp_path):
    files = _reports(tmp_path / "in", 1)
    code, shown = _in_a_terminal(["check", *files, "--lang", "en", "-q", "--fail-on", "never"])
    assert code == 0 and "checking" not in shown and "restated-value" in shown and "1 files ·" not in shown


def test_results_come_in_input_order_and_as_soon_as_the_files_before_are_done(tmp_path):
    first = _reports(tmp_path / "small", 1)
    slow = _reports(tmp_path / "big", 1, copies=8)
    later = _reports(tmp_path / "later", 2)
    files = [*first, *slow, *later]  # with -j 2 the later ones finish while the big one is read
    proc = subprocess.Popen([*JIXIAO, "check", *files, "-j", "2", "-q", "--fail-on", "never"], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    line = proc.stdout.readline()
    assert line.startswith(first[0] + ":") and proc.poll() is None  # printed while the batch still runs
    rest = proc.stdout.read()
    proc.wait()
    seen = [ln.split(":", 1)[0] for ln in [line, *rest.splitlines()] if ln.split(":", 1)[0] in files]
    assert list(dict.fromkeys(seen)) == files


def test_summary_and_statistics_count_what_was_found(tmp_path):
    files = [*_reports(tmp_path / "in", 2), str(tmp_path / "missing.pdf")]
    found = json.loads(subprocess.run([*JIXIAO, "check", *files, "-f", "json", "-q"], capture_output=True).stdout)
    by_rule = Counter((f["rule"], f["severity"]) for f in found if f["rule"] != "missing")
    r = subprocess.run([*JIXIAO, "check", *files, "--statistics", "--lang", "en"], capture_output=True, text=True)
    assert r.returncode == 2  # exit codes are the same with --statistics
    rows = [line.split()[:3] for line in r.stdout.splitlines()]
    assert {(rule, severity): int(n) for n, rule, severity in rows} == by_rule
    counts = [int(n) for n, _, _ in rows]
    assert counts == sorted(counts, reverse=True) and "restated-value" in r.stdout
    assert "the same quantity of the same subject" in r.stdout  # the rule's one-line summary
    summary = r.stderr
    assert "3 files · 2 pages" in summary and "1 files could not be read: missing 1" in summary
    total = next(line for line in summary.splitlines() if line.strip().startswith("total")).split()
    assert total[1:] == [
        str(sum(n for (_, s), n in by_rule.items() if s == sev)) for sev in ("error", "warning", "info")
    ]
    restated = next(line for line in summary.splitlines() if line.strip().startswith("restated-value")).split()
    assert restated[1] == str(by_rule["restated-value", "error"])


def test_version():
    r = subprocess.run([*JIXIAO, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == f"jixiao {version('jixiao')}\n"


EARLY_ERRORS = [
    (["check", "-f", "xlsx"], "needs --output"),
    (["extract", "-f", "xlsx"], "needs --output"),
    (["check", "--shard", "3/2"], "--shard"),
    (["check", "--shard", "two"], "--shard"),
    (["check", "-o", "/no/such/folder/out.json"], "no folder"),
    (["extract", "-o", "/no/such/folder/out.json"], "no folder"),
    (["check", "-o", "/"], "is a folder"),
    (["check", "--select", "no-such-rule"], "no-such-rule"),
    (["check", "--resume"], "--resume needs --output"),
    (["check", "--limit", "pages=3"], "NAME=VALUE"),
]


@pytest.mark.parametrize(("args", "message"), EARLY_ERRORS)
def test_option_errors_come_before_any_file_is_read(tmp_path, args, message):
    folder = tmp_path / "in"
    _reports(folder, 40)  # some seconds of work if any file were read
    cache = tmp_path / "cache"
    extra = ["--cache", str(cache)] if args[0] == "check" else []
    started = time.monotonic()
    r = CliRunner().invoke(app, [*args, str(folder), *extra])
    assert r.exit_code == 2 and message in r.output, r.output
    assert time.monotonic() - started < 2 and not cache.exists()


def _unwritable_targets(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Output paths no file can be written to, each with what the one line must say."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    return {
        "missing folder": (str(tmp_path / "no-such-folder" / "out.{}"), "no folder"),
        "a file as folder": (str(tmp_path / "a-file" / "out.{}"), "no folder"),
        "a folder": (str(tmp_path), "is a folder"),
    }


@pytest.mark.parametrize("target", ["missing folder", "a file as folder", "a folder"])
@pytest.mark.parametrize("command", ["diff-xlsx", "diff-json", "baseline"])
def test_diff_and_baseline_refuse_an_unwritable_output_before_reading(tmp_path, command, target):
    old, new = _reports(tmp_path / "in", 2, copies=3)  # seconds of work if either were read
    path, message = _unwritable_targets(tmp_path)[target]
    if command == "baseline":
        args = ["baseline", path.format("json"), str(tmp_path / "in")]
    else:
        fmt = command.split("-")[1]
        args = ["diff", old, new, "-f", fmt, "-o", path.format(fmt)]
    started = time.monotonic()
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output, r.output
    assert isinstance(r.exception, SystemExit)  # a usage error, not an exception the runner caught
    assert time.monotonic() - started < 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_an_output_folder_without_write_permission_is_named_before_reading(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    _reports(tmp_path / "in", 1)
    for args in (["check", str(tmp_path / "in"), "-o", str(folder / "f.json")],
                 ["baseline", str(folder / "b.json"), str(tmp_path / "in")]):  # fmt: skip
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and "cannot write into" in r.output and str(folder) in r.output, r.output


def test_ctrl_c_reports_what_finished_in_order_and_exits_130(tmp_path):
    files = _reports(tmp_path / "in", 30)
    # unbuffered: communicate() reads the pipe itself, and would miss what a buffer had read ahead (and
    # start in the middle of a character)
    proc = subprocess.Popen([*JIXIAO, "check", *files, "-j", "2", "--lang", "en", "--fail-on", "never"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, start_new_session=True)  # fmt: skip
    shown = [proc.stdout.readline().decode() for _ in range(3)]  # the first file's findings are out: the batch runs
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole process group
    interrupted = time.monotonic()
    out, err = (b.decode() for b in proc.communicate(timeout=20))
    assert time.monotonic() - interrupted < 5
    assert proc.returncode == 130 and "Traceback" not in err and "interrupted; reporting the" in err, err[-800:]
    lines = "".join(shown) + out
    reported = list(dict.fromkeys(ln.split(":", 1)[0] for ln in lines.splitlines() if ln.split(":", 1)[0] in files))
    # in input order, then a stop; not always a prefix: a later file that finished before an earlier one
    # (-j 2) is reported too, whole, when the stop comes while the earlier one is still being read
    where = [files.index(f) for f in reported]
    assert where == sorted(where) and 1 <= len(reported) < 30
    assert lines.endswith(f"in {err.split('reporting the ')[1].split()[0]} files\n")  # the closing line of the text
    assert " files · " in err  # and the summary


def test_identical_files_are_analysed_once_and_reported_under_each_path(tmp_path):
    (a,) = _reports(tmp_path / "a", 1)
    b = tmp_path / "b.txt"
    b.write_bytes(Path(a).read_bytes())
    other = _reports(tmp_path / "c", 2)[1]
    read = []
    results = {r.path: r for r in batch.run([a, str(b), other], jobs=2, started=read.append)}
    assert sorted(read) == sorted([a, other])  # b was never given to a worker
    assert results[str(b)].same_as == a and results[a].same_as == "" and results[other].same_as == ""
    assert results[str(b)].findings and all(f["file"] == str(b) for f in results[str(b)].findings)
    assert [{**f, "file": a} for f in results[str(b)].findings] == results[a].findings
    r = subprocess.run([*JIXIAO, "check", a, str(b), "-f", "json", "--lang", "en"], capture_output=True, text=True)
    assert {f["file"] for f in json.loads(r.stdout)} == {a, str(b)}
    assert "1 files had the content of an earlier one and were analysed once" in r.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])  # CSV: below (pandas over the whole batch writes 1.0)
def test_streamed_outputs_are_the_whole_batch_outputs(tmp_path, fmt):
    files = [*_reports(tmp_path / "in", 2), str(tmp_path / "missing.txt")]
    results = outputs.clean_results(list(batch.run(files)))
    if fmt != "text":
        outputs.error_rows_as_records(results, "findings")
    streamed = sink(fmt, "findings")
    assert "".join(streamed.write(r) for r in results) + streamed.close() == report_findings(fmt, results)
    if fmt in ("json", "jsonl"):
        facts = sink(fmt, "facts")
        assert "".join(facts.write(r) for r in results) + facts.close() == report_records(fmt, results, "facts")


def test_csv_streams_one_header_and_a_row_per_record(tmp_path):
    """Each file's rows as pandas writes them: a page or line stays an integer (the whole-batch table
    turns a column holding one empty cell into floats)."""
    files = [*_reports(tmp_path / "in", 2), str(tmp_path / "missing.txt")]
    out = tmp_path / "out.csv"
    r = subprocess.run([*JIXIAO, "check", *files, "-f", "csv", "-o", str(out), "-q"], capture_output=True, text=True)
    as_json = subprocess.run([*JIXIAO, "check", *files, "-f", "jsonl", "-q"], capture_output=True, text=True).stdout

    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    records = [json.loads(line) for line in as_json.splitlines()]
    assert r.returncode == 2 and len(rows) == len(records) > 2
    assert [(row["file"], row["rule"], row["message"]) for row in rows] == [
        (rec["file"], rec["rule"], rec["message"]) for rec in records
    ]
    assert {row["line"] for row in rows} == {str(rec["line"] or "") for rec in records}


def test_the_same_bytes_under_another_suffix_are_read_again(tmp_path):
    (a,) = _reports(tmp_path / "a", 1)
    as_pdf = tmp_path / "report.pdf"
    as_pdf.write_bytes(Path(a).read_bytes())
    results = {r.path: r for r in batch.run([a, str(as_pdf)])}
    assert results[a].findings and not results[a].error
    assert results[str(as_pdf)].error_code == "not_pdf" and results[str(as_pdf)].same_as == ""
