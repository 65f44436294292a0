"""Compiled patterns kept between runs (patterns/precompiled.py): the same matches as a fresh compile, written
only when something was new, and a file that is not ours read as absent."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
import regex

from jixiao.patterns import precompiled

# (pattern, flags, text, the match's groups): named groups, a named list, sets, VERBOSE and a lookbehind
CASES = [
    (r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>万元|元)", 0, "实际支出12.5万元", {"n": "12.5", "u": "万元"}),
    (r"(?<=执行率)\s*(?P<r>\d+%)", 0, "预算执行率 99%", {"r": "99%"}),
    (r"(?P<h>\p{Han}+) \s* (?P<d>\d+)  # a comment", regex.VERBOSE, "得分 96", {"h": "得分", "d": "96"}),
    (r"(?P<w>[^\d，]{2,4}?)(?:完成|达到)", 0, "项目完成", {"w": "项目"}),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty store and a file of our own: what a new process with no cache file has."""
    monkeypatch.setattr(precompiled, "FILE", tmp_path / "__pycache__" / "patterns.pickle")
    monkeypatch.setattr(precompiled, "_store", None)
    monkeypatch.setattr(precompiled, "_asked", set())
    monkeypatch.setattr(precompiled, "_new", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return precompiled.FILE


def _stored(path) -> dict:
    """What the file holds, past its header (precompiled.MAGIC, then the digest of the rest)."""
    return pickle.loads(path.read_bytes()[len(precompiled.MAGIC) + 16 :])


def _written(path, payload: bytes) -> None:
    """`payload` written as save() writes a file: the header, its digest, then the payload."""
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(precompiled.MAGIC + precompiled._digest(payload) + payload)


def _new_process(monkeypatch) -> None:
    monkeypatch.setattr(precompiled, "_store", None)
    monkeypatch.setattr(precompiled, "_asked", set())
    monkeypatch.setattr(precompiled, "_new", False)


@pytest.mark.parametrize("pattern, flags, text, groups", CASES)
def test_a_pattern_read_back_matches_as_a_fresh_compile(fresh, monkeypatch, pattern, flags, text, groups):
    assert precompiled.compiled(pattern, flags).search(text).groupdict() == groups
    precompiled.save()
    assert fresh.exists()
    _new_process(monkeypatch)
    back = precompiled.compiled(pattern, flags)
    assert not precompiled._new, "answered from the file, not compiled again"
    assert back.search(text).groupdict() == groups
    fresh_compile = regex.compile(pattern, flags)
    assert (back.pattern, back.flags, back.groupindex) == (pattern, fresh_compile.flags, fresh_compile.groupindex)


def test_written_only_when_a_pattern_was_new(fresh, monkeypatch):
    precompiled.compiled(r"\d+个")
    precompiled.save()
    _new_process(monkeypatch)
    precompiled.compiled(r"\d+个")
    fresh.unlink()
    precompiled.save()
    assert not fresh.exists(), "nothing new: nothing written"
    precompiled.compiled(r"\d+项")
    precompiled.save()
    assert set(_stored(fresh)) == {(r"\d+个", 0), (r"\d+项", 0)}


def test_no_file_where_bytecode_is_not_written(fresh, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    precompiled.compiled(r"\d+家")
    precompiled.save()
    assert not fresh.exists()


def test_an_unwritable_place_is_no_error(fresh, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(precompiled, "FILE", blocker / "__pycache__" / "patterns.pickle")
    assert precompiled.compiled(r"\d+条").search("3条")
    precompiled.save()  # mkdir under a file fails: the run goes on without the file


@pytest.mark.parametrize(
    "content", [b"", b"\x80\x05truncated", pickle.dumps(["not", "a", "dict"]), pickle.dumps({("x", 0): 1})]
)
def test_a_damaged_or_foreign_file_is_read_as_absent_and_written_again(fresh, content):
    fresh.parent.mkdir()
    fresh.write_bytes(content)
    assert precompiled.compiled(r"\d+方面").search("3方面")
    assert precompiled._new
    precompiled.save()
    assert _stored(fresh)[(r"\d+方面", 0)].pattern == r"\d+方面"


def test_a_file_that_would_run_code_is_not_run(fresh, tmp_path):
    canary = tmp_path / "canary"
    canary.write_text("alive")

    class Trap:
        def __reduce__(self):
            return (subprocess.call, (["rm", "-f", str(canary)],))

    _written(fresh, pickle.dumps({(r"\d", 0): Trap()}))  # a digest that holds: the unpickler must refuse it
    precompiled.compiled(r"\d")
    assert canary.read_text() == "alive"


def test_a_pattern_other_than_its_key_names_is_not_taken(fresh):
    _written(fresh, pickle.dumps({(r"\d+", 0): regex.compile("x")}))
    assert precompiled.compiled(r"\d+").findall("a12x") == ["12"]


def test_a_damaged_byte_is_caught_before_the_compiled_code_is_trusted(fresh, monkeypatch):
    """regex's C compiler trusts the code it unpickles (a wrong byte may crash it): the digest is checked
    first, and every byte of a damaged file sends it back to a fresh compile."""
    precompiled.compiled(r"(?P<n>\d+)万元")
    precompiled.save()
    good = fresh.read_bytes()
    for at in range(len(precompiled.MAGIC) + 16, len(good), max(1, len(good) // 40)):
        fresh.write_bytes(good[:at] + bytes([good[at] ^ 0x5A]) + good[at + 1 :])
        _new_process(monkeypatch)
        assert precompiled.compiled(r"(?P<n>\d+)万元").search("共12万元")["n"] == "12"
        assert precompiled._new, f"byte {at} damaged: compiled afresh"


def test_past_its_size_the_file_keeps_what_this_process_asked_for(fresh, monkeypatch):
    monkeypatch.setattr(precompiled, "MOST", 3)
    for k in range(5):
        precompiled.compiled(rf"{k}号")
    precompiled.save()
    _new_process(monkeypatch)
    precompiled.compiled(r"9号")
    precompiled.save()
    assert set(_stored(fresh)) == {(r"9号", 0)}


def test_the_vocabulary_reads_the_same_from_the_file(fresh, monkeypatch):
    """Every pattern of patterns/*.toml, through the file, finds what a fresh compile finds in its examples."""
    from jixiao import patterns

    specs = [(key, pat) for name in patterns.files() for key, pat in patterns.load(name).items()]
    for _, pat in specs:
        precompiled.compiled(pat.regex.pattern, pat.regex.flags)
    precompiled.save()
    _new_process(monkeypatch)
    for key, pat in specs:
        back = precompiled.compiled(pat.regex.pattern, pat.regex.flags)
        for ex in pat.examples + pat.counter_examples:
            assert bool(back.search(ex)) == bool(pat.regex.search(ex)), key
    assert not precompiled._new
