"""Batches: workers, cache for resuming, shards, and bad files that never stop the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import jixiao as jx
from jixiao import batch, facts_frame, findings_frame, workers

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"


def _copies(tmp_path, n=4):
    for i in range(n):
        shutil.copy(SEED / "example.txt", tmp_path / f"r{i}.txt")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\n garbage")
    return batch.expand([str(tmp_path)])


def test_expand_finds_pdf_and_txt_sorted(tmp_path):
    files = _copies(tmp_path)
    assert [Path(f).name for f in files] == ["bad.pdf", "r0.txt", "r1.txt", "r2.txt", "r3.txt"]


def test_workers_give_the_same_results_and_bad_file_is_isolated(tmp_path):
    files = _copies(tmp_path)
    one = {r.path: r for r in batch.run(files, jobs=1)}
    two = {r.path: r for r in batch.run(files, jobs=2)}
    assert one.keys() == two.keys()
    bad = next(r for p, r in two.items() if p.endswith("bad.pdf"))
    assert bad.error_code == "damaged" and "bad.pdf" in bad.error
    for p, r in one.items():
        assert [f["message"] for f in r.findings] == [f["message"] for f in two[p].findings]


def test_cache_skips_files_already_done(tmp_path, monkeypatch):
    files = _copies(tmp_path)
    cache = tmp_path / "cache"
    first = list(batch.run(files, cache=str(cache)))
    assert len(list(cache.glob("*.json"))) == 2  # keyed by content: the copies share one; the bad file is remembered
    calls = []
    monkeypatch.setattr(workers, "analyse", lambda path, **kw: calls.append(path))
    second = list(batch.run(files, cache=str(cache)))
    assert calls == []
    assert [r.findings for r in first] == [r.findings for r in second]
    assert [r.path for r in second] == files and all(f["file"] == r.path for r in second for f in r.findings)


def test_cache_is_keyed_by_content(tmp_path):
    files = _copies(tmp_path, 1)
    cache = str(tmp_path / "cache")
    list(batch.run(files, cache=cache))
    Path(files[1]).write_text("2022年度某局绩效自评报告\n预算执行率99%。", encoding="utf-8")
    again = [r for r in batch.run(files, cache=cache) if r.path == files[1]][0]
    assert again.findings == []


def test_cache_gives_facts_only_when_asked(tmp_path):
    files = _copies(tmp_path, 1)
    cache = str(tmp_path / "cache")
    first = {r.path: r for r in batch.run(files, cache=cache)}
    assert first[files[1]].facts  # the report has facts: the test can fail
    lean = {r.path: r for r in batch.run(files, cache=cache, facts=False)}
    whole = {r.path: r for r in batch.run(files, cache=cache)}
    assert lean[files[1]].facts == [] and lean[files[1]].findings == first[files[1]].findings
    assert whole[files[1]].facts == first[files[1]].facts


def test_a_journal_of_a_run_without_facts_is_not_resumed_by_one_that_writes_them(tmp_path):
    """A journalled run that writes no facts makes none; resuming it without facts reads nothing again,
    resuming it with facts reads its files again (and gets their facts)."""
    files = _copies(tmp_path, 2)
    journal = str(tmp_path / "j.jsonl")
    lean = {r.path: r for r in batch.run(files, facts=False, journal=journal)}
    assert lean[files[1]].facts == [] and lean[files[1]].findings
    read = []  # the files a worker took
    again = {r.path: r for r in batch.run(files, facts=False, journal=journal, resume=True, started=read.append)}
    assert read == [] and again[files[1]].findings == lean[files[1]].findings
    whole = {r.path: r for r in batch.run(files, journal=journal, resume=True, started=read.append)}
    assert files[1] in read and whole[files[1]].facts and whole[files[1]].findings == lean[files[1]].findings
    read.clear()
    resumed = {r.path: r for r in batch.run(files, journal=journal, resume=True, started=read.append)}
    assert read == [] and resumed[files[1]].facts == whole[files[1]].facts


def test_facts_nobody_keeps_or_writes_are_not_made(tmp_path):
    """A run that writes no facts, with no cache and no journal, gets none from its workers, and the same
    findings; with a cache, the entry keeps them for a later run that writes them."""
    files = _copies(tmp_path, 1)
    whole = {r.path: r for r in batch.run(files)}
    lean = {r.path: r for r in batch.run(files, facts=False)}
    assert whole[files[1]].facts and lean[files[1]].facts == []
    assert lean[files[1]].findings == whole[files[1]].findings
    cache = str(tmp_path / "cache")
    list(batch.run(files, facts=False, cache=cache))
    later = {r.path: r for r in batch.run(files, cache=cache)}
    assert later[files[1]].facts == whole[files[1]].facts


def test_cache_reads_an_entry_of_one_line(tmp_path):
    import json
    from dataclasses import asdict

    files = _copies(tmp_path, 1)
    cache = tmp_path / "cache"
    first = {r.path: r for r in batch.run(files, cache=str(cache))}
    entry = next(cache.glob("*.json"))
    for e in cache.glob("*.json"):  # as entries were written before: one line, the facts in place
        head, _, tail = e.read_text(encoding="utf-8").partition("\n")
        e.write_text(json.dumps({**json.loads(head), "facts": json.loads(tail)}), encoding="utf-8")
    assert "\n" not in entry.read_text(encoding="utf-8")
    again = {r.path: r for r in batch.run(files, cache=str(cache), facts=False)}
    assert asdict(again[files[1]]) == asdict(first[files[1]])  # facts included: the old entry holds them


def test_shards_partition_the_files(tmp_path):
    files = [f"/archive/{k:04d}.pdf" for k in range(300)]  # names only: sharding reads no file
    parts = [batch.shard(files, f"{k}/3") for k in (1, 2, 3)]
    assert sorted(sum(parts, [])) == sorted(files)
    assert all(len(p) > 50 for p in parts)  # each machine gets a fair share
    assert batch.shard(files, "2/3") == parts[1]  # and the same share every time


def test_timeout_gives_a_message_not_a_hang(tmp_path, monkeypatch):
    import time

    files = _copies(tmp_path, 1)
    monkeypatch.setattr(workers, "analyse", lambda path, **kw: time.sleep(5))
    result = list(batch.run(files[1:], timeout=0.2))[0]
    assert result.error_code == "limit-exceeded" and "r0.txt" in result.error and "seconds" in result.error


def test_frames(tmp_path):
    files = _copies(tmp_path, 2)
    facts = facts_frame([str(tmp_path)])
    assert {"kind", "subject", "value", "page", "quote"} <= set(facts.columns)
    one = jx.extract(jx.read(SEED / "example.txt"))
    assert len(facts) == 2 * len(one) + 1  # the two copies, and the damaged file's one row
    assert list(facts[facts["kind"] == "unreadable"]["source"]) == ["damaged"]
    rates = sum(1 for f in one if f.kind == "execution_rate")
    assert rates and (facts["kind"] == "execution_rate").sum() == 2 * rates
    findings = findings_frame(files, lang="en")
    assert len(findings) == 2 * len(jx.check(jx.read(SEED / "example.txt"))) + 1  # and the damaged file's row
    assert set(findings["rule"]) >= {"rate-mismatch", "restated-value"}


def test_a_worker_forked_from_a_large_process_still_reads(tmp_path):
    """A notebook or a test run with big models loaded: the worker inherits that address space and may
    still grow beyond it (the memory limit is not spent before the file is opened)."""
    import mmap

    report = tmp_path / "r.txt"
    report.write_text((SEED / "example.txt").read_text(encoding="utf-8"), encoding="utf-8")
    reserved = mmap.mmap(-1, 1536 * 1024 * 1024)  # 1.5 GiB of address space, never touched
    try:
        (result,) = list(batch.run([str(report)]))
    finally:
        reserved.close()
    assert not result.error and result.findings


def test_a_result_sent_in_parts_comes_back_whole_and_in_order(monkeypatch):
    """A worker sends its records in parts (pickling 11,000 facts at once cost a tenth of its peak memory);
    the parent puts them back in order: the same result as reading the file in this process."""
    path = str(SEED / "example.txt")
    here = workers.analyse_here(path, {}, None)
    assert len(here.facts) > 50 and len(here.findings) > 3
    monkeypatch.setattr(workers, "RECORDS_PER_MESSAGE", 7)  # the forked worker inherits it
    sent = next(batch.run([path]))
    assert sent.facts == here.facts and sent.findings == here.findings and sent.pages == here.pages


def test_parts_of_a_result_that_ended_in_an_error_are_dropped():
    """Faulty case: memory ran out after some records were sent; the file's result is the error alone."""
    import multiprocessing as mp
    import time

    reader, writer = mp.Pipe(duplex=False)
    slot = workers._Slot(0, "a.pdf", None, time.monotonic(), 0.0)
    writer.send(("records", ("facts", [{"id": 1}, {"id": 2}])))
    error = workers.error_result("a.pdf", "limit-exceeded", "memory_mb 1024MB exceeded", "en")
    writer.send(("done", error, True, True))
    assert workers._receive(reader, slot, batch.Limits(), "en") is None
    result = workers._receive(reader, slot, batch.Limits(), "en")
    assert result.error_code == "limit-exceeded" and result.facts == [] and slot.ran_out and slot.retire


def _long_report_then_short_ones(tmp_path) -> list[str]:
    """A long report first and short ones after it: with two workers the short ones finish first."""
    text = (SEED / "example.txt").read_text(encoding="utf-8")
    (tmp_path / "a-long.txt").write_text("\n".join([text] * 6), encoding="utf-8")
    for i in range(4):
        (tmp_path / f"b{i}.txt").write_text(
            f"项目预算{100 + i}万元，实际支出{90 + i}万元，执行率为9{i}%。\n", encoding="utf-8"
        )
    return batch.expand([str(tmp_path)])


def test_the_python_api_gives_rows_in_input_order_whatever_jobs(tmp_path):
    files = _long_report_then_short_ones(tmp_path)
    finished = [r.path for r in batch.run(files, jobs=2)]
    assert finished[0] != files[0]  # the case holds: the long report is not the first to finish
    for frame in (facts_frame, findings_frame):
        one, two = frame([str(tmp_path)], jobs=1), frame([str(tmp_path)], jobs=2)
        assert list(dict.fromkeys(one["file"])) == [f for f in files if f in set(one["file"])]
        assert two.equals(one), frame.__name__
