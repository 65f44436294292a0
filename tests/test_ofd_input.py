"""OFD files (GB/T 33190), the national fixed-layout format: real files written at test time
(tests/ofd_files.py), read through the library and the CLI."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from ofd_files import text_object, write_ofd
from office_files import write_text

from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read
from jixiao.reading.ofd import _deltas


def _findings(path) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule"], f["severity"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_an_ofd_report_gives_the_findings_of_the_same_report_as_text(tmp_path, faulty):
    ofd = write_ofd(tmp_path / "report.ofd", faulty)
    assert _findings(ofd) == _findings(write_text(tmp_path / "report.txt", faulty))
    assert bool(_findings(ofd)) == faulty


def test_findings_name_their_page_and_a_ruled_table_is_read_with_its_merges(tmp_path):
    path = write_ofd(tmp_path / "report.ofd", faulty=True)
    assert {(f["rule"], f["page"], f["stated"]) for f in analyse(str(path)).findings} == {
        ("sum-mismatch", 1, "99分"),
        ("sum-mismatch", 2, "62分"),
    }
    doc = read(path)
    (table,) = doc.tables
    assert table.rows[0] == ["一级指标", "二级指标", "分值", "得分"] and table.rows[4] == ["合计", "", "70", "62"]
    assert table.cells[2][0] is None and table.cells[4][1] is None  # merged: 产出指标 down, 合计 across
    assert "某县交通运输局" not in doc.text  # the template's running header is furniture
    assert all(any("某县交通运输局" in f for f in p.furniture) for p in doc.pages)


def test_wrapped_lines_are_joined_into_their_paragraph(tmp_path):
    doc = read(write_ofd(tmp_path / "report.ofd", faulty=False))
    assert "全年预算数为520.00万元，全年执行数为494.00万元，预算执行率为95.00%。" in doc.text


def test_turned_text_is_not_read(tmp_path):
    seal = text_object(800, 120, 200, "预算执行率为1.00%", ctm="0 1 -1 0 0 0")  # a stamp's ring, say
    path = write_ofd(tmp_path / "report.ofd", faulty=False, extra=seal)
    assert "1.00%" not in read(path).text and not _findings(path)


def test_pages_without_a_template_are_read_alike(tmp_path):
    assert _findings(write_ofd(tmp_path / "a.ofd", True, template=False)) == _findings(
        write_ofd(tmp_path / "b.ofd", True)
    )


@pytest.mark.parametrize(
    "value, gaps",
    [
        ("3.7 3.7 1.85", [3.7, 3.7, 1.85]),
        ("g 3 1.5", [1.5, 1.5, 1.5]),
        ("1 g 2 0.5 2", [1.0, 0.5, 0.5, 2.0]),
        ("", []),
        (None, []),
    ],
)
def test_glyph_gaps_expand_the_g_shorthand(value, gaps):
    assert _deltas(value) == gaps


def _rewritten(src, dst, part: str, old: bytes, new: bytes):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, data.replace(old, new) if item.filename == part else data)
    return dst


@pytest.mark.parametrize(
    "part, old, new, code",
    [
        ("OFD.xml", b"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>", b"", "ofd_damaged"),
        ("Doc_0/Document.xml", b"Pages/Page_1/", b"Pages/Page_9/", "ofd_damaged"),  # a page part missing
        (
            "Doc_0/Document.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>',
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]>',
            "ofd_damaged",
        ),  # fmt: skip
        ("Doc_0/Pages/Page_0/Content.xml", b'DeltaX="', b'DeltaX="x ', "ofd_damaged"),
        ("Doc_0/Pages/Page_0/Content.xml", b"</ofd:Page>", b"", "ofd_damaged"),  # cut off
    ],
    ids=["no-doc-root", "missing-page", "entities", "bad-number", "cut-off"],
)
def test_a_damaged_ofd_is_one_clear_reason(tmp_path, part, old, new, code):
    path = _rewritten(write_ofd(tmp_path / "good.ofd", True), tmp_path / "bad.ofd", part, old, new)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code and "bad.ofd" in err.value.message()


def test_an_ofd_without_text_says_it_looks_scanned(tmp_path):
    path = tmp_path / "scan.ofd"
    write_ofd(path, True)
    empty = _rewritten(path, tmp_path / "empty.ofd", "Doc_0/Pages/Page_0/Content.xml", b"TextObject", b"ImageObject")
    empty = _rewritten(empty, tmp_path / "none.ofd", "Doc_0/Pages/Page_1/Content.xml", b"TextObject", b"ImageObject")
    empty = _rewritten(empty, tmp_path / "bare.ofd", "Doc_0/Tpls/Tpl_0/Content.xml", b"TextObject", b"ImageObject")
    with pytest.raises(ReadError) as err:
        read(empty)
    assert err.value.code == "ofd_no_text"


def test_a_folder_batch_reads_its_ofd_files_past_a_broken_one(tmp_path):
    write_ofd(tmp_path / "report.ofd", True)
    (tmp_path / "broken.ofd").write_bytes(b"PK\x03\x04 not really a zip")
    done = subprocess.run([sys.executable, "-m", "jixiao", "check", str(tmp_path), "-f", "json", "-j", "2"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "Traceback" not in done.stderr
    (line,) = [ln for ln in done.stderr.splitlines() if "broken.ofd" in ln]
    assert "OFD" in line
    assert "99分" in done.stdout and "report.ofd" in done.stdout
