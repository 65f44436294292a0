"""Hostile inputs: linear cost on long runs, honest outcomes for damaged and odd files, the generated suite."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile import pdfs
from hostile.generate import FOREIGN, REPORT, generate
from hostile.run import run_suite

from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read


def _timed(tmp_path: Path, body: str) -> tuple[float, object]:
    """CPU seconds of one analysis (the machine may be shared: wall time would measure the neighbours)."""
    path = tmp_path / "run.txt"
    path.write_text(REPORT + body + "\n", encoding="utf-8")
    started = time.process_time()
    result = analyse(str(path))
    return time.process_time() - started, result


@pytest.mark.parametrize(
    "unit", ["12 ", "1+", "12.5% ", "1.", "（"], ids=["numbers", "plus", "percents", "dots", "parens"]
)
def test_a_run_of_ten_thousand_costs_linear_time(tmp_path, unit):
    # four times the run costs about four times the CPU (a quadratic pattern would cost sixteen times); the
    # absolute ceiling is loose, since a shared machine slows CPU time too
    short, _ = _timed(tmp_path, unit * 2_500)
    seconds, result = _timed(tmp_path, unit * 10_000)
    assert not result.error
    assert seconds < 8 * short + 0.3 and seconds < 10.0, (short, seconds)


def test_written_out_arithmetic_is_still_checked(tmp_path):
    """The bounded pattern keeps short expressions: a wrong mean is found, a right one is not."""
    wrong = analyse(str(_write(tmp_path, "a.txt", "满意度得分=(90+80+70)/3=85分。")))
    right = analyse(str(_write(tmp_path, "b.txt", "满意度得分=(90+80+70)/3=80分。")))
    assert any(f["kind"] == "formula" for f in right.facts)
    assert [f["rule"] for f in right.findings if f["rule"] == "formula-mismatch"] == []
    assert "formula-mismatch" in {f["rule"] for f in wrong.findings}


def test_an_expression_longer_than_the_bound_is_not_taken(tmp_path):
    result = analyse(str(_write(tmp_path, "c.txt", "合计=" + "+".join(["1"] * 300) + "=7。")))
    assert not any(f["kind"] == "formula" for f in result.facts)


def _write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


@pytest.mark.parametrize("name, accepted", [
    ("zero-pages", "no_pages"), ("page-tree-loop", "no_pages"), ("kids-loop-two", "no_pages"),
    ("catalog-without-pages", "no_pages"), ("root-points-nowhere", "no_pages"),
    ("garbled-private-use", "garbled"), ("garbled-hangul", "garbled"),
])  # fmt: skip
def test_broken_structure_is_named_for_what_it_is(tmp_path, name, accepted):
    data, _ = pdfs.structural(full=False)[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == accepted and path.name in err.value.message("en")


def test_a_stream_whose_length_is_itself_is_read_to_its_end_by_pdfium(tmp_path):
    """/Length 4 0 R in object 4: pdfminer cannot resolve it (damaged); pdfium reads the stream up to
    `endstream`, which is the whole text."""
    path = tmp_path / "length-is-itself.pdf"
    path.write_bytes(pdfs.structural(full=False)["length-is-itself"][0])
    assert "rate 95%" in read(path, engine="pdfium").text
    with pytest.raises(ReadError) as err:
        read(path, engine="pdfplumber")
    assert err.value.code == "damaged"


def test_a_whole_small_pdf_reads(tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(pdfs.assemble(pdfs.one_page()))
    assert "rate95%" in read(path).text.replace(" ", "")


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory):
    pytest.importorskip("pypdf")
    folder = tmp_path_factory.mktemp("enc")
    generate(folder)
    return folder


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_owner_password_only_is_read_and_an_open_password_is_asked_for(encrypted, algorithm):
    assert "预算执行率" in read(encrypted / f"enc-{algorithm}-owner-only.pdf").text.replace("\n", "")
    locked = encrypted / f"enc-{algorithm}-open-password.pdf"
    with pytest.raises(ReadError) as err:
        read(locked)
    assert err.value.code == "encrypted" and "--password" in err.value.message("en")
    assert "预算执行率" in read(locked, password="secret").text.replace("\n", "")


@pytest.mark.parametrize("enc, code", [("shift_jis", "encoding"), ("euc_kr", "encoding")])
def test_other_encodings_are_told_apart_not_read_as_gb18030(tmp_path, enc, code):
    path = tmp_path / f"{enc}.txt"
    path.write_bytes(FOREIGN[enc].encode(enc) * 3)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code and ("Japanese" if enc == "shift_jis" else "Korean") in err.value.message("en")


def test_gb18030_is_read_silently_and_big5_with_a_note(tmp_path):
    gb, big5 = tmp_path / "gb.txt", tmp_path / "big5.txt"
    gb.write_bytes(REPORT.encode("gb18030"))
    big5.write_bytes(FOREIGN["big5"].encode("big5"))
    assert read(gb).read_notes == [] and "预算执行率" in read(gb).text
    doc = read(big5)
    # read in the simplified characters the patterns use (預算執行率 → 预算执行率), with a note of the encoding
    assert "预算执行率" in doc.text and doc.read_notes == [("decoded", ("繁体中文 Big5", "Big5 (traditional Chinese)"))]


@pytest.mark.parametrize(
    "data, code", [(b"\x00" * 500, "binary"), (REPORT.encode() + b"\x00", "binary"), (b" \n\t", "empty")]
)
def test_binary_and_blank_text_files_are_refused(tmp_path, data, code):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code


def test_pdf_bytes_named_txt_are_read_as_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(pdfs.assemble(pdfs.one_page()))
    assert read(path).kind == "pdf"


def test_pipes_and_devices_are_not_opened(tmp_path):
    os.mkfifo(tmp_path / "x.pdf")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    for name in ("x.pdf", "zero.txt"):
        with pytest.raises(ReadError) as err:
            read(tmp_path / name)
        assert err.value.code == "not_regular"


def test_a_flipped_byte_that_loses_a_stream_says_so(tmp_path):
    data = bytearray(pdfs.assemble(pdfs.one_page(compress=True)))
    at = data.index(b"stream\n") + len(b"stream\n") + 4
    data[at] ^= 0xFF  # inside the deflated content stream
    path = tmp_path / "flipped.pdf"
    path.write_bytes(bytes(data))
    try:
        doc = read(path)
    except ReadError as e:
        assert e.code in ("damaged", "no_text")
    else:
        assert [code for code, _ in doc.read_notes] == ["repaired"]


def test_the_generated_suite_fast_subset(tmp_path):
    """Every generated input ends in an accepted outcome, with no traceback and memory under the limit."""
    manifest = generate(tmp_path / "suite")
    assert len(manifest) > 100
    failures, stats = run_suite(tmp_path / "suite", manifest, wall=180)
    assert failures == [], failures[:20]
    assert stats["unreadable"] > 40


@pytest.mark.skipif(
    os.environ.get("JIXIAO_HOSTILE") != "full", reason="the full suite runs in .ci/run (JIXIAO_HOSTILE=full)"
)
def test_the_generated_suite_full(tmp_path):
    manifest = generate(tmp_path / "suite", full=True)
    assert len(manifest) >= 1000
    failures, stats = run_suite(tmp_path / "suite", manifest, wall=600)
    assert failures == [], failures[:20]


@pytest.mark.skipif(os.environ.get("JIXIAO_HOSTILE") != "full", reason="runs in .ci/run (JIXIAO_HOSTILE=full)")
def test_fifty_good_and_fifty_hostile_files_with_two_workers(tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    suite = tmp_path / "suite"
    manifest = generate(suite)
    batch_dir = tmp_path / "batch"
    batch_dir.mkdir()
    bad = [n for n, ok in manifest.items() if not {"ok", "any"} & set(ok) and (suite / n).is_file()][:50]
    for n in bad:
        shutil.copy(suite / n, batch_dir / n)
    for k in range(50):
        (batch_dir / f"good-{k:02d}.txt").write_text(REPORT.replace("110.2", f"{100 + k}.2"), encoding="utf-8")
    out = tmp_path / "out.json"
    cmd = [
        sys.executable,
        "-m",
        "jixiao.cli",
        "check",
        str(batch_dir),
        "-j",
        "2",
        "-f",
        "json",
        "-o",
        str(out),
        "--fail-on",
        "never",
        "--cache",
        str(tmp_path / "cache"),  # every good file's result, as it was read
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    from jixiao.reading.errors import MESSAGES

    errors = [Path(r["file"]).name for r in rows if r["rule"] in MESSAGES]
    assert sorted(errors) == sorted(bad)  # one row for each bad file
    kept = []
    for entry in (tmp_path / "cache").iterdir():  # an entry: the result, then its facts on a line of their own
        head, _, facts = entry.read_text(encoding="utf-8").partition("\n")
        kept.append({**json.loads(head), "facts": json.loads(facts)})
    good = {
        Path(r["path"]).name for r in kept if Path(r["path"]).name.startswith("good-") and r["facts"] and not r["error"]
    }
    assert len(good) == 50  # every good file's results are there
    assert {f["file"] for f in rows if Path(f["file"]).name.startswith("good-")}  # and their findings in the output


@pytest.mark.parametrize("cut", [31, 61, 121], ids=["31-bytes", "61-bytes", "121-bytes"])
def test_a_short_or_cut_off_gb18030_text_is_still_gb18030(tmp_path, cut):
    """Short texts are ambiguous between the CJK encodings: a tie goes to GB18030; a character cut off
    at the end (a truncated copy) is dropped, not taken for another encoding."""
    path = tmp_path / "short.txt"
    path.write_bytes(REPORT.encode("gb18030")[:cut])
    doc = read(path)
    assert doc.text.startswith("2022年度") and doc.read_notes == []
