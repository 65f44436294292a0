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


def _rewritten(src, dst, part: str | None, old: bytes, new: bytes, encoding: str = ""):
    """The OFD with `old` replaced in one part (every part: None), re-encoded to `encoding` if given."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if part is None or item.filename == part:
                data = data.replace(old, new)
                data = data.decode().encode(encoding) if encoding else data
            zout.writestr(item, data)
    return dst


NS = b'xmlns:ofd="http://www.ofdspec.org/2016"'


@pytest.mark.parametrize(
    "old, new, encoding",
    [
        (NS, b'xmlns:ofd="http://www.ofdspec.org"', ""),  # as several producers write it
        (NS, b'xmlns="http://www.ofdspec.org/2016" xmlns:ofd="http://www.ofdspec.org/2016"', ""),
        (b'encoding="UTF-8"', b'encoding="GB2312"', "gb2312"),  # parts in GB2312, as declared
    ],
    ids=["namespace-without-year", "default-namespace", "gb2312-parts"],
)
def test_producers_ways_of_writing_the_parts_read_alike(tmp_path, old, new, encoding):
    good = write_ofd(tmp_path / "good.ofd", True)
    variant = _rewritten(good, tmp_path / "variant.ofd", None, old, new, encoding)
    assert _findings(variant) == _findings(good) and _findings(good)


def test_parts_without_a_namespace_read_alike(tmp_path):
    good = write_ofd(tmp_path / "good.ofd", True)
    bare = _rewritten(good, tmp_path / "a.ofd", None, b" " + NS, b"")
    bare = _rewritten(bare, tmp_path / "bare.ofd", None, b"ofd:", b"")
    assert _findings(bare) == _findings(good)


def test_a_part_named_in_another_case_is_found(tmp_path):
    good = write_ofd(tmp_path / "good.ofd", True)
    variant = _rewritten(good, tmp_path / "case.ofd", "Doc_0/Document.xml", b"Pages/Page_", b"PAGES/Page_")
    assert _findings(variant) == _findings(good)


def test_a_missing_template_leaves_the_pages_read(tmp_path):
    good = write_ofd(tmp_path / "good.ofd", True)
    variant = _rewritten(good, tmp_path / "tpl.ofd", "Doc_0/Document.xml", b"Tpls/Tpl_0/", b"Tpls/Gone/")
    assert _findings(variant) == _findings(good)


def test_a_composite_object_s_text_is_read_where_it_is_drawn(tmp_path):
    drawn = write_ofd(tmp_path / "composite.ofd", True, composite=True)
    assert _findings(drawn) == _findings(write_ofd(tmp_path / "plain.ofd", True))
    assert {f["page"] for f in analyse(str(drawn)).findings} == {1, 2}


def test_an_object_with_a_bad_number_is_left_out_not_the_file(tmp_path):
    bad = '<ofd:TextObject ID="7" Boundary="25 250 60 5" Font="3" Size="3.7pt"><ofd:TextCode X="0" Y="3">预算执行率为1.00%</ofd:TextCode></ofd:TextObject>'
    path = write_ofd(tmp_path / "report.ofd", False, extra=bad)
    assert "1.00%" not in read(path).text and not _findings(path)
    assert "全年执行数为494.00万元" in read(path).text


def test_a_text_code_without_x_starts_where_the_one_before_did_and_delta_y_alone_is_vertical(tmp_path):
    obj = (
        '<ofd:TextObject ID="7" Boundary="30 250 100 20" Font="3" Size="3.7">'
        '<ofd:TextCode X="0" Y="3" DeltaX="g 5 3.7">第一行文字内容</ofd:TextCode>'
        '<ofd:TextCode Y="9.5" DeltaX="g 5 3.7">第二行文字内容</ofd:TextCode></ofd:TextObject>'
        '<ofd:TextObject ID="8" Boundary="150 200 10 30" Font="3" Size="3.7">'
        '<ofd:TextCode X="0" Y="3" DeltaY="4 4">竖排字</ofd:TextCode></ofd:TextObject>'
    )
    doc = read(write_ofd(tmp_path / "report.ofd", False, extra=obj))
    first, second = (doc.text.index(t) for t in ("第一行文字内容", "第二行文字内容"))
    assert doc.locate(first, first + 1)[1][0] == pytest.approx(doc.locate(second, second + 1)[1][0])
    top = doc.text.index("竖")
    column = [doc.locate(k, k + 1)[1] for k in (doc.text.index(ch, top) for ch in "竖排字")]
    assert len({round(b[0], 3) for b in column}) == 1 and column[0][1] < column[1][1] < column[2][1]


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
        ("Doc_0/Pages/Page_0/Content.xml", b"</ofd:Page>", b"", "ofd_damaged"),  # cut off
    ],
    ids=["no-doc-root", "missing-page", "entities", "cut-off"],
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
