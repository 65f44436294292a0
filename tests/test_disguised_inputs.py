"""Files named as Word or Excel that hold something else (what finance systems export and offices pass
on): a web page or an Excel 2003 XML table named .xls, a single-file web page or RTF named .doc. Each is
read by what it holds, with a note, and gives the findings of the same report in its own format. Real
files written at test time (tests/office_files.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from office_files import write_html, write_mht, write_text, write_xlsx, write_xml_sheet

from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read
from jixiao.reading.disguised import disguised_kind

HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


def _findings(path) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule"], f["severity"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
        (b"\xef\xbb\xbf\r\n  <!DOCTYPE html><html>", "html"),  # a BOM and blank lines first
        (b'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="gb2312">', "html"),
        (b"<table border=1><tr><td>\xd4\xa4\xcb\xe3</td></tr></table>", "html"),  # a bare table, GB2312
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "mhtml"),
        (b"From: <Saved by a browser>\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;", "mhtml"),
        (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-'
            b'com:office:spreadsheet">',
            "xml_sheet",
        ),  # fmt: skip
        (b"{\\rtf1\\ansi\\ansicpg936 text}", "rtf"),
        (b"PK\x03\x04<html>", None),  # a package is a package, whatever its parts hold
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1<html>", None),  # an old binary file
        (b'<?xml version="1.0"?><w:document xmlns:w="x">', None),  # XML that is neither
        ("预算执行率为95%".encode(), None),  # text
        (b"", None),
    ],
    ids=[
        "html",
        "bom-blank-lines",
        "excel-html",
        "bare-table",
        "mht",
        "mht-from-header",
        "xml-sheet",
        "rtf",
        "zip",
        "ole",
        "other-xml",
        "text",
        "empty",
    ],  # fmt: skip
)
def test_what_a_file_holds_is_known_by_its_first_bytes(head, kind):
    assert disguised_kind(head) == kind


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
@pytest.mark.parametrize("suffix", [".xls", ".doc", ".xlsx", ".docx"])
def test_a_web_page_named_as_office_gives_the_page_s_findings_with_a_note(tmp_path, faulty, suffix):
    page = write_html(tmp_path / "report.html", faulty, "gb2312")
    named = tmp_path / f"export{suffix}"
    named.write_bytes(page.read_bytes())
    assert _findings(named) == _findings(page) == _findings(write_text(tmp_path / "report.txt", faulty))
    assert bool(_findings(named)) == faulty
    (note,) = analyse(str(named)).notes
    assert f"export{suffix}" in note and "网页 HTML" in note


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_a_single_file_web_page_is_read_named_doc_or_mht(tmp_path, faulty):
    page = write_html(tmp_path / "report.html", faulty)
    as_doc, as_mht = write_mht(tmp_path / "report.doc", faulty), write_mht(tmp_path / "report.mht", faulty)
    assert _findings(as_doc) == _findings(as_mht) == _findings(page)
    assert bool(_findings(as_mht)) == faulty
    assert "单个文件网页" in analyse(str(as_doc)).notes[0] and not analyse(str(as_mht)).notes


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_an_excel_2003_xml_table_gives_the_workbook_s_findings_at_the_same_cells(tmp_path, faulty):
    workbook = write_xlsx(tmp_path / "report.xlsx", faulty)
    exported = write_xml_sheet(tmp_path / "export.xls", faulty)
    places = [(f["rule"], f["place"], f["stated"]) for f in analyse(str(exported)).findings]
    assert places == [(f["rule"], f["place"], f["stated"]) for f in analyse(str(workbook)).findings]
    assert bool(places) == faulty and "999" not in str(places) and "1.00%" not in str(places)  # hidden: unread


def test_an_excel_2003_xml_table_reads_as_the_workbook(tmp_path):
    workbook, exported = read(write_xlsx(tmp_path / "r.xlsx", True)), read(write_xml_sheet(tmp_path / "r.xls", True))
    assert [t.rows for t in exported.tables] == [t.rows for t in workbook.tables]
    assert [p.name for p in exported.pages] == ["自评表"]  # the hidden sheet is not a page
    assert exported.text == workbook.text and exported.read_notes[-1][0] == "disguised"


SHEET = (
    b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-'
    b'microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">a</Data>'
    b"</Cell>%s</Row></Table></Worksheet></Workbook>"
)


@pytest.mark.parametrize(
    "body, code",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Workbook xmlns="urn:schemas-microsoft-com:'
            b'office:spreadsheet"><Worksheet><Table><Row><Cell><Data>&a;</Data></Cell></Row></Table></Worksheet>'
            b"</Workbook>",
            "office_damaged",
        ),  # fmt: skip
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>',
            "office_damaged",
        ),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', "empty"),
        (
            SHEET % b'<Cell ss:MergeAcross="100000" ss:MergeDown="100000"><Data ss:Type="String">x</Data></Cell>',
            "limit-exceeded",
        ),  # a merge claiming ten billion cells: counted, never built  # fmt: skip
        (
            SHEET % b'<Cell ss:Index="2000000000"><Data ss:Type="String">x</Data></Cell><Cell><Data ss:Type="String">'
            b"y</Data></Cell>",
            "limit-exceeded",
        ),  # fmt: skip
        (SHEET % b'<Cell ss:Index="B2"><Data ss:Type="String">x</Data></Cell>', "office_damaged"),
        (SHEET % b'<Cell ss:MergeAcross="-3"><Data ss:Type="String">x</Data></Cell>', "office_damaged"),
    ],
    ids=["entities", "cut-off", "no-sheet", "huge-merge", "far-cell", "index-not-a-number", "negative-merge"],
)
def test_a_bad_xml_table_is_one_clear_reason(tmp_path, body, code):
    path = tmp_path / "export.xls"
    path.write_bytes(body)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code and "export.xls" in err.value.message()


RTF = (
    r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fnil SimSun;}}\f0 "
    r"\u26412?\u39033?\u30446?\u24180?\u21021?\u39044?\u31639?\u25968?100.00\u19975?\u20803?\u65292?"  # 本项目年初预算数100.00万元，
    r"\u23454?\u38469?\u25903?\u20986?90.00\u19975?\u20803?\u65292?"  # 实际支出90.00万元，
    r"\u39044?\u31639?\u25191?\u34892?\u29575?{rate}%\u12290?\par}"  # 预算执行率{rate}%。
)


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("rate, faulty", [("80.00", True), ("90.00", False)], ids=["faulty", "clean"])
def test_an_rtf_document_named_doc_is_converted_and_read(tmp_path, rate, faulty):
    path = tmp_path / "report.doc"
    path.write_text(RTF.replace("{rate}", rate), encoding="ascii")
    found = analyse(str(path))
    assert "年初预算数100.00万元" in read(path).text
    assert bool([f for f in found.findings if f["rule"] == "rate-mismatch"]) == faulty
    assert any("RTF" in n for n in found.notes)


def test_without_libreoffice_an_rtf_document_says_what_to_do(tmp_path):
    path = tmp_path / "report.doc"
    path.write_text(RTF.replace("{rate}", "90.00"), encoding="ascii")
    env = dict(os.environ, PATH=str(tmp_path))  # no soffice on this PATH
    done = subprocess.run([sys.executable, "-m", "jixiao", "check", str(path), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "report.doc" in line and "RTF" in line and "LibreOffice" in line and ".docx" in line
