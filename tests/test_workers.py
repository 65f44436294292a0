"""Workers that read one file after another: reused, replaced, and never letting one file's reading decide
another's verdict. The workers are real forked processes; what they read is replaced (the fork inherits the
replacement) only to make each case happen on cue."""

from __future__ import annotations

import json
import mmap
import multiprocessing as mp
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jixiao import batch, limits, workers
from jixiao.limits import Limits
from jixiao.pipeline import FileResult
from jixiao.reading import ocr

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
READ_HERE: list[str] = []  # in a worker: the files it has read


def _files(tmp_path, n: int) -> list[str]:
    text = (SEED / "example.txt").read_text(encoding="utf-8")
    for i in range(n):  # each its own content: identical files would be read once
        (tmp_path / f"r{i}.txt").write_text(f"{text}\n{i}\n", encoding="utf-8")
    return batch.expand([str(tmp_path)])


def _who_read(path, **kw) -> FileResult:
    READ_HERE.append(path)
    return FileResult(path, notes=[str(os.getpid())])


@pytest.mark.parametrize(
    ("jobs", "per_worker", "most_workers"),
    [(1, 50, 1), (2, 50, 2), (1, 2, 3)],  # six files: one worker; at most two; a new worker every two files
)
def test_workers_read_one_file_after_another(tmp_path, monkeypatch, jobs, per_worker, most_workers):
    monkeypatch.setattr(workers, "analyse", _who_read)
    monkeypatch.setattr(workers, "FILES_PER_WORKER", per_worker)
    results = list(batch.run(_files(tmp_path, 6), jobs=jobs))
    pids = {r.notes[0] for r in results}
    assert len(results) == 6 and len(pids) <= most_workers and str(os.getpid()) not in pids
    if per_worker == 2:
        assert len(pids) == 3


def _memory_once_read_before(path, **kw) -> FileResult:
    """Runs out of memory in a worker that has read a file before (as fragmentation may make it)."""
    if READ_HERE:
        raise MemoryError
    return _who_read(path)


def _always_out_of_memory(path, **kw) -> FileResult:
    raise MemoryError


def test_a_file_out_of_memory_after_others_is_read_again_by_a_fresh_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "analyse", _memory_once_read_before)
    results = list(batch.run(_files(tmp_path, 4), jobs=1))
    assert [r.error_code for r in results] == ["", "", "", ""]
    assert len({r.notes[0] for r in results}) == 4  # each one read by a worker that had read nothing


def test_a_file_out_of_memory_in_a_fresh_worker_is_past_the_limit(tmp_path, monkeypatch):
    """Faulty case: the file itself is too big; it is reported once, not read again and again."""
    monkeypatch.setattr(workers, "analyse", _always_out_of_memory)
    results = list(batch.run(_files(tmp_path, 3), jobs=1))
    assert [r.error_code for r in results] == ["limit-exceeded"] * 3
    assert all("memory_mb" in r.error for r in results)


def _dies_on(name: str):
    def analyse(path, **kw) -> FileResult:
        if path.endswith(name) and READ_HERE:  # dies only after the worker has read another file
            os._exit(3)
        return _who_read(path)

    return analyse


def test_a_worker_that_dies_after_other_files_takes_nothing_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "analyse", _dies_on("r2.txt"))
    results = {Path(r.path).name: r for r in batch.run(_files(tmp_path, 4), jobs=1)}
    assert sorted(results) == ["r0.txt", "r1.txt", "r2.txt", "r3.txt"]
    assert all(r.error_code == "" for r in results.values())  # r2 read again by a fresh worker, and passed


def test_a_file_that_kills_a_fresh_worker_is_reported_as_crashed(tmp_path, monkeypatch):
    """Faulty case: the file takes down even a worker that has read nothing; the others are not touched."""

    def dies(path, **kw):
        if path.endswith("r1.txt"):
            os._exit(3)
        return _who_read(path)

    monkeypatch.setattr(workers, "analyse", dies)
    results = {Path(r.path).name: r for r in batch.run(_files(tmp_path, 3), jobs=1)}
    assert results["r1.txt"].error_code == "crashed" and "退出码 3" in results["r1.txt"].error
    assert results["r0.txt"].error_code == results["r2.txt"].error_code == ""


def test_a_real_batch_reads_as_a_file_read_alone(tmp_path):
    """The same findings from a worker that has read other files first as from one that has read nothing."""
    files = _files(tmp_path, 3)
    together = {r.path: r for r in batch.run(files, jobs=1)}
    for f in files:
        alone = workers.isolated(f, Limits(), "", {})
        assert alone.findings == together[f].findings and alone.facts == together[f].facts


def _killed(pid: int) -> None:
    """SIGKILL `pid` (as the out-of-memory killer does) and wait until it is dead (a zombie, not yet reaped)."""
    os.kill(pid, signal.SIGKILL)
    while Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
        time.sleep(0.01)


def test_a_worker_killed_while_waiting_for_its_next_file_takes_nothing_with_it(tmp_path, monkeypatch):
    """The worker that read r0 is killed while idle: r1, handed to it, is read by a fresh worker; no crash."""
    monkeypatch.setattr(workers, "analyse", _who_read)
    results = []
    for result in batch.run(_files(tmp_path, 3), jobs=1):
        if not results:
            _killed(int(result.notes[0]))
        results.append(result)
    assert [Path(r.path).name for r in results] == ["r0.txt", "r1.txt", "r2.txt"]
    assert [r.error_code for r in results] == ["", "", ""]
    assert results[1].notes[0] != results[0].notes[0]


def _room_then_hungry(path, **kw) -> FileResult:
    """r0 raises its worker's memory cap as the recogniser does before loading its models (ocr.engine, also
    when the OCR extra is missing); r1 maps more address space than a fresh worker is allowed."""
    if path.endswith("r0.txt"):
        limits.allow_more_memory(ocr.OCR_MEMORY_MB)
    else:
        try:
            mmap.mmap(-1, HUNGRY_MB * 1024 * 1024).close()
        except OSError:  # the address-space cap refused it
            raise MemoryError from None
    return _who_read(path)


HUNGRY_MB = 512  # Limits(memory_mb=HUNGRY_MB) lets a worker grow by at most this much


def test_the_recognisers_memory_room_is_not_left_to_the_next_file(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "analyse", _room_then_hungry)
    tight = Limits(memory_mb=HUNGRY_MB)
    first, second = _files(tmp_path, 2)
    alone = workers.isolated(second, tight, "", {})
    together = list(batch.run([first, second], jobs=1, limits=tight))
    assert alone.error_code == "limit-exceeded" and "memory_mb" in alone.error
    assert [r.error_code for r in together] == ["", "limit-exceeded"]


def _slow_on(name: str, seconds: float):
    def analyse(path, **kw) -> FileResult:
        if path.endswith(name):
            time.sleep(seconds)
        return _who_read(path)

    return analyse


def test_a_file_done_while_the_caller_was_busy_is_not_past_its_time(tmp_path, monkeypatch):
    """r1 takes 0.2 s of its 2; the caller spends 2.5 s on r0's result meanwhile: r1's result waits, whole."""
    monkeypatch.setattr(workers, "analyse", _slow_on("r1.txt", 0.2))
    results = []
    for result in batch.run(_files(tmp_path, 2), jobs=2, limits=Limits(seconds=2)):
        if result.path.endswith("r0.txt"):
            time.sleep(2.5)
        results.append(result)
    assert [r.error_code for r in results] == ["", ""]


def test_a_file_still_read_past_its_time_is_stopped(tmp_path, monkeypatch):
    """Faulty case: r1 itself takes longer than allowed; the caller's pause does not save it."""
    monkeypatch.setattr(workers, "analyse", _slow_on("r1.txt", 30))
    results = {}
    for result in batch.run(_files(tmp_path, 2), jobs=2, limits=Limits(seconds=1)):
        if result.path.endswith("r0.txt"):
            time.sleep(1.5)
        results[Path(result.path).name] = result
    assert results["r0.txt"].error_code == "" and results["r1.txt"].error_code == "limit-exceeded"
    assert "seconds" in results["r1.txt"].error


class _CtrlCOnFlush:
    """Standard output whose first flush in this process is a Ctrl-C: multiprocessing flushes it as it forks.
    The signal is sent to this thread, as a terminal's Ctrl-C reaches the command's only thread: sent to the
    process, it could be taken by another thread of the test runner (SIGINT is blocked here while forking)
    and raised at a random later moment, e.g. inside a fork hook that swallows it."""

    def __init__(self, stream):
        self.stream, self.parent = stream, os.getpid()

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def flush(self) -> None:
        if self.parent == os.getpid():
            self.parent = 0
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        self.stream.flush()


def test_ctrl_c_while_a_worker_is_forked_leaves_no_worker_running(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "analyse", _who_read)
    files, before = _files(tmp_path, 2), set(mp.active_children())
    monkeypatch.setattr(sys, "stdout", _CtrlCOnFlush(sys.stdout))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            list(batch.run(files, jobs=1))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert set(mp.active_children()) == before


def _ctrl_c_as_the_worker_leaves(pid_file: Path):
    """Reads the file, then, as its worker leaves (its threads are waited for), presses Ctrl-C in the parent:
    the parent is then waiting for that worker to end."""

    def analyse(path, **kw) -> FileResult:
        pid_file.write_text(str(os.getpid()))
        threading.Thread(target=lambda: (time.sleep(0.3), os.kill(os.getppid(), signal.SIGINT))).start()
        return _who_read(path)

    return analyse


def test_ctrl_c_while_a_worker_leaves_leaves_no_zombie(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    monkeypatch.setattr(workers, "analyse", _ctrl_c_as_the_worker_leaves(pid_file))
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 1)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            list(batch.run(_files(tmp_path, 1), jobs=1))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not Path(f"/proc/{pid_file.read_text()}").exists()  # ended and reaped, not a zombie


FAULTY_PDF = SEED.parent / "generated" / "synth-01-dept-agri-2021.pdf"


def test_the_early_worker_reads_the_first_file_with_the_options_and_limits_it_is_given(tmp_path):
    """Forked before the command line is read (launch.py), the early worker is the pool's first: its options
    (English messages) and its memory cap come with its first file, and it leaves with the pool."""
    (tmp_path / "r.txt").write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    path = str(tmp_path / "r.txt")
    cap = Limits(memory_mb=3000)
    workers.start_early()
    early = workers._early
    results = workers.in_workers([(0, path)], 1, cap, "", {"lang": "en"})
    try:
        _, result = next(results)
        assert workers._early is None, "the pool took the early worker"
        assert early.proc.is_alive(), "idle in the pool until it closes"
        soft = resource.prlimit(early.proc.pid, resource.RLIMIT_AS)[0]
        assert soft >= cap.memory_mb * 1024 * 1024 and soft != resource.RLIM_INFINITY
    finally:
        results.close()
    early.proc.join(timeout=5)
    assert not early.proc.is_alive()
    alone = workers.analyse_here(path, {"lang": "en"}, None)
    assert result.findings == alone.findings and result.facts == alone.facts
    assert result.findings != workers.analyse_here(path, {}, None).findings, "English, as asked, not Chinese"


def test_an_early_worker_that_died_is_replaced_by_a_fresh_one(tmp_path):
    files = _files(tmp_path, 1)
    workers.start_early()
    _killed(workers._early.proc.pid)
    [(_, result)] = list(workers.in_workers([(0, files[0])], 1, Limits(), "", {}))
    assert workers._early is None and result.error_code == "" and result.findings == batch_findings(files[0])


def batch_findings(path: str) -> list:
    return workers.analyse_here(path, {}, None).findings


@pytest.mark.parametrize("args", [["--bogus"], ["-f", "xlsx"], ["--resume"], ["--select", "no-such-rule"]])
def test_a_command_that_reads_nothing_leaves_no_early_worker_behind(args):
    """A check of one file that stops before reading it (a bad option, a format or --resume without an
    output, an unknown rule): the early worker forked at the start ends with the command (nothing is left in
    its process group)."""
    argv = ["check", str(FAULTY_PDF), *args]
    proc = subprocess.Popen([sys.executable, "-m", "jixiao", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    _, err = proc.communicate(timeout=60)
    assert err.strip() and "Traceback" not in err  # it said why it read nothing
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # the session's group is the command's pid: anyone left in it?
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail("a process of the command outlived it")


def test_the_command_finds_as_the_library_does_with_its_early_worker(tmp_path):
    """`python -m jixiao check` (the early worker reads the file) against `python -m jixiao.cli` (a worker
    forked after the command line) and the library: the same findings."""
    outs = []
    for module in ("jixiao", "jixiao.cli"):
        out = tmp_path / f"{module}.json"
        subprocess.run([sys.executable, "-m", module, "check", str(FAULTY_PDF), "-f", "json", "-o", str(out),
                        "--fail-on", "never", "-q"], check=True, timeout=120)  # fmt: skip
        outs.append(json.loads(out.read_text(encoding="utf-8")))
    assert outs[0] == outs[1]


@pytest.mark.parametrize(
    ("args", "early"),
    [
        (["check", "{pdf}"], True),
        (["check", "-f", "json", "{pdf}", "--fail-on", "never"], True),
        (["check", "{pdf}", "{txt}"], False),  # a batch: its workers fork from a parent that loaded once
        (["check", "{folder}"], False),
        (["check", "{pdf}", "--annotate", "{folder}"], False),  # a folder among the values: judged a batch
        (["check", "{missing}"], False),
        (["check", "{pdf}", "--cache", "{folder}"], False),  # may read nothing
        (["check", "{pdf}", "--dask=local"], False),
        (["check", "--help"], False),
        (["extract", "{pdf}"], False),
    ],
)
def test_the_command_forks_an_early_worker_for_a_check_of_one_file(tmp_path, monkeypatch, args, early):
    from jixiao import launch

    names = {"pdf": FAULTY_PDF, "txt": SEED / "example.txt", "folder": tmp_path, "missing": tmp_path / "no.pdf"}
    argv = [a.format(**names) for a in args]
    forked = []
    monkeypatch.setattr(workers, "start_early", lambda: forked.append(True))
    monkeypatch.setattr(sys, "argv", ["jixiao", *argv, "--bogus-option-so-nothing-runs"])
    with pytest.raises(SystemExit):
        launch.main()
    assert bool(forked) == early
