"""A long PDF's pages read by helper processes (reading/page_parts.py): the same document as one reader, what a
page raises raised at that page, a dead helper's page read by the worker, and no helper left behind. The
helpers are real forked processes; the reading of the PDF cases is pdfium's."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import threading
import time
import traceback
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from jixiao import batch
from jixiao.limits import Limits
from jixiao.reading import ReadError, page_parts, read

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


REAL_FORK = os.fork


def in_child(test):
    """The test run in a forked child: one thread, as a worker is (a fork copies only the calling thread),
    whatever threads the test process runs (an OCR runtime's pool keeps page sharing off there); what
    fails in the child fails the test, with its traceback."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        r, w = os.pipe()
        pid = REAL_FORK()  # a test may put its own fork in os's place
        if pid == 0:  # pragma: no cover - in the child
            os.close(r)
            try:
                test(*args, **kwargs)
                said = b""
            except BaseException:  # noqa: BLE001 - reported to the parent
                said = traceback.format_exc().encode()
            os.write(w, said or b"")
            os._exit(0)
        os.close(w)
        said = b""
        while chunk := os.read(r, 1 << 16):
            said += chunk
        os.close(r)
        os.waitpid(pid, 0)
        assert not said, said.decode()

    return run


PAGES = 60  # enough for two readers (page_parts.PAGES_PER_READER)


def _children() -> set[int]:
    """This process's live children (from /proc)."""
    me, out = os.getpid(), set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rpartition(")")[2].split()[1]) == me and stat.rpartition(")")[2].split()[0] != "Z":
                    out.add(int(entry.name))
    return out


def _squares(fail: dict[int, Exception] | None = None, die_at: int | None = None):
    """read_page and open_part for page n → n*n; `fail` raises at its pages; a helper exits at `die_at`."""
    fail = fail or {}

    def read_page(n: int) -> int:
        time.sleep(0.001)  # a page costs something: the helpers, forked meanwhile, get their share
        if n in fail:
            raise fail[n]
        return n * n

    @contextlib.contextmanager
    def open_part():
        def helper_read(n: int) -> int:
            if n == die_at:
                os._exit(3)  # the helper dies with the page it took
            return read_page(n)

        yield helper_read

    return read_page, open_part


@pytest.mark.parametrize(("count", "readers"), [(1, 2), (47, 2), (48, 2), (200, 2), (200, 3), (200, 1)])
@in_child
def test_every_page_is_handed_on_once_and_in_order(count, readers):
    before = _children()
    assert list(page_parts.read_in_parts(count, readers, *_squares())) == [n * n for n in range(1, count + 1)]
    assert _children() == before


def test_readers_are_as_many_as_the_pages_allow():
    assert [page_parts.readers_for(n, 4) for n in (10, 47, 48, 72, 96, 1000)] == [1, 1, 2, 3, 4, 4]


@pytest.mark.parametrize("first_failure", [5, 120, 199])
@in_child
def test_what_a_page_raises_is_raised_at_that_page(first_failure):
    """Whoever read it, the first failing page in page order is the one raised, after every page before it."""
    fail = {first_failure: ValueError(f"page {first_failure}"), first_failure + 1: KeyError("later")}
    handed = []
    with pytest.raises(ValueError, match=f"page {first_failure}$"):
        for value in page_parts.read_in_parts(200, 2, *_squares(fail)):
            handed.append(value)
    assert handed == [n * n for n in range(1, first_failure)]


@in_child
def test_no_page_after_a_failing_one_decides_the_result():
    """Page 2 raises; page 3 takes its reader down (a page pdfium crashes on). One reader stops at page 2, and
    so does a shared reading: the worker reads no page ahead, a helper dying on page 3 changes nothing."""

    read_by_worker = []

    def worker_read(n: int) -> int:
        read_by_worker.append(n)
        if n == 2:
            raise ValueError("page 2")
        return n

    @contextlib.contextmanager
    def open_part():
        def helper_read(n: int) -> int:
            if n == 2:
                time.sleep(0.2)  # the other helper takes page 3 meanwhile
                raise ValueError("page 2")
            if n == 3:
                os._exit(139)
            return n

        yield helper_read

    before = _children()
    with pytest.raises(ValueError, match="page 2"):
        list(page_parts.read_in_parts(100, 2, worker_read, open_part))
    assert 3 not in read_by_worker and _children() == before


@pytest.mark.parametrize("forks_that_work", [0, 1])
@in_child
def test_helpers_that_cannot_be_started_leave_the_pages_to_the_others(monkeypatch, forks_that_work):
    """No fork at all (or only one of two): every page is still read, in order, by whoever can."""
    real_fork, forks = os.fork, []

    def fork() -> int:
        forks.append(1)
        if len(forks) > forks_that_work:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    before = _children()
    assert list(page_parts.read_in_parts(200, 2, *_squares())) == [n * n for n in range(1, 201)]
    assert _children() == before


@in_child
def test_helpers_do_read_pages():
    """The helpers' pages come back as they read them (negated here, to tell them from the worker's)."""

    def page(n: int) -> int:
        time.sleep(0.002)
        return n * n

    @contextlib.contextmanager
    def open_part():
        yield lambda n: -page(n)

    out = list(page_parts.read_in_parts(200, 2, page, open_part))
    assert [abs(v) for v in out] == [n * n for n in range(1, 201)]
    assert sum(v < 0 for v in out) > 50, "pages read by the helpers"


class Odd(Exception):
    """An error that pickles but does not unpickle (its args are not its constructor's)."""

    def __init__(self, page: int, why: str):
        super().__init__(f"page {page}: {why}")


@in_child
def test_an_error_that_cannot_cross_is_met_again_by_the_worker():
    def read_page(n: int) -> int:
        if n == 30:
            raise Odd(30, "odd")
        return n

    @contextlib.contextmanager
    def open_part():
        yield read_page

    with pytest.raises(Odd, match="page 30: odd"):
        list(page_parts.read_in_parts(100, 2, read_page, open_part))


@in_child
def test_ctrl_c_while_helpers_start_leaves_none_behind(monkeypatch):
    """Ctrl-C arrives as the first helper is forked: it is held until the forks are done, then raised,
    and every helper forked is stopped."""
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            os.kill(os.getpid(), signal.SIGINT)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    before = _children()
    try:
        with pytest.raises(KeyboardInterrupt):
            list(page_parts.read_in_parts(200, 3, *_squares()))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert _children() == before


def test_no_helper_is_forked_from_a_process_running_other_threads():
    """A fork copies the other threads' locks, held: the worker reads every page itself."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    read_by_worker = []
    try:
        out = list(page_parts.read_in_parts(100, 2, lambda n: read_by_worker.append(n) or n, _squares()[1]))
    finally:
        stop.set()
        other.join()
    assert out == list(range(1, 101)) and read_by_worker == list(range(1, 101))


def test_no_shared_counter_means_one_reader(monkeypatch):
    def no_semaphore(count):
        raise OSError(38, "Function not implemented")  # a system without /dev/shm

    monkeypatch.setattr(page_parts, "_Claims", no_semaphore)
    assert list(page_parts.read_in_parts(100, 2, *_squares())) == [n * n for n in range(1, 101)]


@in_child
def test_a_page_taken_by_a_helper_that_died_is_read_by_the_worker():
    before = _children()
    out = list(page_parts.read_in_parts(200, 2, *_squares(die_at=150)))
    assert out == [n * n for n in range(1, 201)]
    assert _children() == before


@in_child
def test_stopping_early_leaves_no_helper():
    before = _children()
    parts = page_parts.read_in_parts(400, 3, *_squares())
    assert [next(parts) for _ in range(3)] == [1, 4, 9]
    parts.close()
    assert _children() == before


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """PAGES pages of the corpus's generated reports, one after another, in one PDF."""
    out = pdfium.PdfDocument.new()
    sources = sorted((CORPUS / "generated").glob("*.pdf"))
    while len(out) < PAGES:
        for src in sources:
            part = pdfium.PdfDocument(str(src))
            out.import_pages(part)
            part.close()
            if len(out) >= PAGES:
                break
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    out.save(str(path))
    out.close()
    return path


@in_child
def test_a_long_pdf_read_by_two_readers_is_the_document_one_reader_reads(long_pdf):
    one, two = read(long_pdf, readers=1), read(long_pdf, readers=2)
    assert one.text == two.text and one.pages == two.pages
    assert [(t.page, t.cells) for t in one.tables] == [(t.page, t.cells) for t in two.tables]
    assert [one.locate(k, k + 1) for k in range(0, len(one.text), 97)] == [
        two.locate(k, k + 1) for k in range(0, len(two.text), 97)
    ]


def test_a_single_file_batch_with_two_jobs_finds_what_one_job_finds(long_pdf):
    [one], [two] = batch.run([str(long_pdf)], jobs=1), batch.run([str(long_pdf)], jobs=2)
    assert one.findings and one.findings == two.findings and one.facts == two.facts


@in_child
def test_a_page_past_its_limit_is_named_as_one_reader_names_it(long_pdf):
    """The heaviest page is past chars_per_page: the same error, naming the same page, from both."""
    doc = read(long_pdf)
    heaviest = max(len(doc.text[s:e]) for s, e in _page_spans(doc))
    tight = Limits(chars_per_page=heaviest - 50)
    errors = []
    for readers in (1, 2):
        with pytest.raises(ReadError) as raised:
            read(long_pdf, limits=tight, readers=readers)
        errors.append(raised.value.message("en"))
    assert errors[0] == errors[1] and "limit" in errors[0]


def _page_spans(doc) -> list[tuple[int, int]]:
    starts = {}
    for k in range(len(doc.text)):
        page = doc.locate(k, k + 1)[0]
        starts.setdefault(page, [k, k])[1] = k + 1
    return list(starts.values())


@in_child
def test_a_rotated_page_late_in_the_file_sends_it_whole_to_pdfplumber_as_with_one_reader(long_pdf, tmp_path):
    """A page pdfium leaves unrotated (/Rotate) raises at that page: the whole file is read by pdfplumber,
    whichever reader met it."""
    pdf = pdfium.PdfDocument(str(long_pdf))
    pdf[PAGES - 3].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    pdf.save(str(rotated))
    pdf.close()
    one, two = read(rotated, readers=1), read(rotated, readers=2)
    assert one.text == two.text and one.pages == two.pages


def test_a_long_file_past_its_time_leaves_no_helper_behind(long_pdf):
    """The worker is killed past the file's time: its helpers die with it (orphans would come to this
    process, made their subreaper for the test)."""
    import ctypes

    from jixiao.pipeline import preload

    preload()  # the worker forks its helpers at once, and is killed while they read
    pr_set_child_subreaper = 36
    assert ctypes.CDLL(None).prctl(pr_set_child_subreaper, 1) == 0
    try:
        before = _children()
        [result] = batch.run([str(long_pdf)], jobs=2, limits=Limits(seconds=0.2, seconds_per_page=0))
        assert result.error_code == "limit-exceeded"
        deadline = time.monotonic() + 5
        while _children() - before and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(-1, os.WNOHANG)  # reap what came to us
            time.sleep(0.05)
        assert _children() == before
    finally:
        ctypes.CDLL(None).prctl(pr_set_child_subreaper, 0)


@in_child
def test_a_file_past_its_characters_stops_its_helpers_with_the_same_error(long_pdf):
    """chars_per_file is counted in page order as pages are handed on: the same error as one reader's, and
    no helper left reading once it is raised."""
    tight = Limits(chars_per_file=len(read(long_pdf).text) // 2)
    before, errors = _children(), []
    for readers in (1, 2):
        with pytest.raises(ReadError) as raised:
            read(long_pdf, limits=tight, readers=readers)
        errors.append(raised.value.message("en"))
        assert _children() == before
    assert errors[0] == errors[1] and "limit" in errors[0]
