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
            SHEET % b'<Cell ss:MergeAcross="16000" ss:MergeDown="1000000"><Data ss:Type="String">x</Data></Cell>',
            "limit-exceeded",
        ),  # a merge claiming ten billion cells: counted, never built  # fmt: skip
        (
            SHEET % b'<Cell ss:Index="16000"><Data ss:Type="String">x</Data></Cell></Row><Row ss:Index="1000000">'
            b'<Cell><Data ss:Type="String">y</Data></Cell>',
            "limit-exceeded",
        ),  # far apart within a sheet: the grid between them is counted, never built
        (SHEET % b'<Cell ss:Index="2000000000"><Data ss:Type="String">x</Data></Cell>', "office_damaged"),
        (SHEET.replace(b"<Row>", b'<Row ss:Hidden="1" ss:Span="2000000000"/><Row>') % b"", "office_damaged"),
        (SHEET % b'<Cell ss:Index="B2"><Data ss:Type="String">x</Data></Cell>', "office_damaged"),
        (SHEET % b'<Cell ss:MergeAcross="-3"><Data ss:Type="String">x</Data></Cell>', "office_damaged"),
    ],
    ids=[
        "entities",
        "cut-off",
        "no-sheet",
        "huge-merge",
        "far-cells",
        "beyond-a-sheet",
        "hidden-span-beyond",
        "index-not-a-number",
        "negative-merge",
    ],  # fmt: skip
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


@pytest.mark.parametrize(
    "head",
    [
        "<说明>本报告用<table>标签排版</说明>".encode(),  # a text that mentions a tag
        b'<?xml version="1.0"?><export><header>x</header><metadata/><tables/></export>',  # data, not a page
    ],
    ids=["text-mentioning-a-tag", "xml-data-export"],
)
def test_a_file_that_only_mentions_markup_is_not_taken_for_a_page(head):
    assert disguised_kind(head) is None


EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><!--[if gte mso 9]><xml><x:ExcelWorkbook>
</x:ExcelWorkbook></xml><![endif]--></head><body><table>
<tr><td>项目</td><td>全年预算数（万元）</td><td>全年执行数（万元）</td><td>预算执行率</td></tr>
<tr><td>道路养护</td><td>520.00</td><td>494.00</td><td>{rate}</td></tr>
<tr height=0 style='display:none'><td>草稿</td><td>520.00</td><td>1.00</td><td>1.00%</td></tr>
<tr><td>合计</td><td>520.00</td><td>494.00</td><td>{rate}</td></tr>
</table></body></html>"""


@pytest.mark.parametrize("rate, faulty", [("90.00%", True), ("95.00%", False)], ids=["faulty", "clean"])
def test_rows_a_page_does_not_display_are_not_read(tmp_path, rate, faulty):
    path = tmp_path / "export.xls"
    path.write_bytes(EXCEL_PAGE.replace("{rate}", rate).encode("gb2312"))
    doc = read(path)
    assert "草稿" not in doc.text and len(doc.tables[0].rows) == 3
    assert bool(_findings(path)) == faulty and "1.00%" not in str(_findings(path))


def _mime(parts: list[tuple[str, bytes, str]], headers: str = "") -> bytes:
    """A MIME multipart/related file: (content type, body, transfer encoding) parts."""
    out = [f'{headers}MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n'.encode()]
    for kind, body, encoding in parts:
        out.append(
            f"--B\r\nContent-Type: {kind}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n".encode() + body + b"\r\n"
        )
    return b"".join(out) + b"--B--\r\n"


@pytest.mark.parametrize("rate, faulty", [("90.00%", True), ("95.00%", False)], ids=["faulty", "clean"])
def test_a_workbook_saved_as_one_web_page_is_read_from_its_sheet_parts(tmp_path, rate, faulty):
    frames = b'<html><frameset rows="*,39"><frame src="sheet001.htm"><noframes><body>no frames</body></noframes></frameset></html>'
    sheet = EXCEL_PAGE.replace("{rate}", rate).encode("gb2312")
    path = tmp_path / "book.mht"
    path.write_bytes(
        _mime([('text/html; charset="us-ascii"', frames, "8bit"), ('text/html; charset="gb2312"', sheet, "8bit")])
    )
    assert "no frames" not in read(path).text
    assert bool(_findings(path)) == faulty


@pytest.mark.parametrize("name", ["saved.mht", "saved.doc"])
def test_a_browser_s_single_file_page_with_long_headers_is_read(tmp_path, name):
    page = write_html(tmp_path / "page.html", True)
    headers = (
        "From: <Saved by a browser>\r\nSnapshot-Content-Location: http://example.org/"
        + "x" * 1200
        + "\r\nSubject: =?utf-8?Q?x?=\r\n"
    )
    path = tmp_path / name
    path.write_bytes(_mime([('text/html; charset="utf-8"', page.read_bytes(), "8bit")], headers))
    assert _findings(path) == _findings(page)


@pytest.mark.parametrize(
    "body",
    [
        _mime([('text/html; charset="utf-8"', b"PCFET0NUWVBFIGh0bWw+PGh0bWw+PGJvZHk+5Lq65r", "base64")]),  # cut off
        b"MIME-Version: 1.0\r\n" + b'Content-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n' * 3000,
    ],
    ids=["cut-off-base64", "nested-too-deep"],
)
def test_a_broken_single_file_page_is_damaged_not_read_as_text(tmp_path, body):
    path = tmp_path / "saved.doc"
    path.write_bytes(body)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code in ("office_damaged", "empty") and "saved.doc" in err.value.message()


def test_a_page_declaring_utf16_in_its_own_bytes_is_read_as_utf8(tmp_path):
    page = write_html(tmp_path / "page.html", True)
    path = tmp_path / "export.xls"
    path.write_bytes(page.read_bytes().replace(b"charset=utf-8", b"charset=utf-16"))
    assert _findings(path) == _findings(page)


def test_a_spanned_row_moves_the_rows_after_it(tmp_path):
    sheet = SHEET.replace(b"</Row>", b'</Row><Row ss:Span="2"/><Row><Cell><Data ss:Type="String">b</Data></Cell><Cell>'
                          b'<Data ss:Type="String">c</Data></Cell></Row>', 1) % b'<Cell><Data ss:Type="String">z</Data></Cell>'  # fmt: skip
    path = tmp_path / "export.xls"
    path.write_bytes(sheet)
    assert [c.place for c in read(path).tables[0].cells[-1] if c] == ["S!A5", "S!B5"]  # rows 2–4 are the spanned one


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_converter_past_its_time_is_stopped_with_all_its_processes(tmp_path, monkeypatch):
    import tempfile

    from jixiao.limits import Limits

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this conversion's folder, told from others'

    path = tmp_path / "hostile.rtf"
    path.write_bytes(b"{\\rtf1 \\bin999999999 " + b"0" * 1000 + b"}")
    with pytest.raises(ReadError):
        read(path, limits=Limits(seconds=3))
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert not left, f"converter processes left: {left}"


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
@pytest.mark.parametrize("name, delimiter", [("report.csv", ","), ("report.tsv", "\t"), ("report.xls", "\t"),
                                             ("report.xlsx", ",")])  # fmt: skip
def test_a_delimited_table_gives_the_workbook_s_findings(tmp_path, faulty, name, delimiter):
    from office_files import write_delimited

    workbook = write_xlsx(tmp_path / "book.xlsx", faulty)
    exported = write_delimited(tmp_path / name, faulty, delimiter)
    assert _findings(exported) == _findings(workbook) and bool(_findings(exported)) == faulty
    places = {f["place"].split("!")[1] for f in analyse(str(exported)).findings}
    assert places == {f["place"].split("!")[1] for f in analyse(str(workbook)).findings}  # the same cells
    named_as_office = name.endswith((".xls", ".xlsx"))
    assert any("CSV" in n for n in analyse(str(exported)).notes) == named_as_office


@pytest.mark.parametrize(
    "head, kind",
    [
        ("项目\t预算\t支出\n甲\t1\t2\n乙\t3\t4\n".encode(), "csv"),
        ("项目,预算,支出\n甲,1,2\n乙,3,4\n".encode("gb18030"), "csv"),
        ("本项目年初预算100万元,执行率90%。\n另,说明如下。\n".encode(), None),  # two lines: no table
        ("第一段,有逗号\n第二段没有\n第三段,也有\n".encode(), None),  # lines split unlike
        ("2023年度自评表\n项目\t预算\t支出\n甲\t1\t2\n乙\t3\t4\n".encode(), "csv"),  # a title on its own line
        ("报告\n一段\n二段\n三段\n四段\n甲\t1\n乙\t2\n丙\t3\n".encode(), None),  # a few rows in prose
    ],
    ids=["tabs", "commas-gb18030", "two-lines", "uneven", "title-first", "rows-in-prose"],
)
def test_a_delimited_table_is_known_by_its_first_lines(head, kind):
    assert disguised_kind(head) == kind


def test_a_page_that_opens_with_a_long_comment_is_still_known(tmp_path):
    page = write_html(tmp_path / "page.html", True)
    path = tmp_path / "export.xls"
    path.write_bytes(b"<!-- " + b"generated by the reporting system " * 100 + b"-->\r\n" * 3 + page.read_bytes())
    assert _findings(path) == _findings(page) and _findings(page)


def test_a_two_line_table_named_csv_is_read_and_prose_with_commas_named_doc_is_no_table(tmp_path):
    table = tmp_path / "two.csv"
    table.write_text("指标,年度指标值,实际完成值,分值,得分\n培训人数,≥100人,120人,20,25\n", encoding="utf-8")
    assert [f["rule"] for f in analyse(str(table)).findings] == ["out-of-range"]  # 25 points of 20
    prose = (
        "一、项目资金150万元,其中中央补助120万元,本级配套20万元。\n二、执行率95%,进度正常。\n三、无问题,继续推进。\n"
    )
    for name in ("prose.doc", "prose.xls"):
        path = tmp_path / name
        path.write_text(prose, encoding="utf-8")
        with pytest.raises(ReadError):
            read(path)  # sentences are no table; the name says Word/Excel, the content neither


def test_a_long_note_cell_does_not_hide_the_table(tmp_path):
    path = tmp_path / "notes.csv"
    rows = ["项目,全年预算数,全年执行数,执行率", "养护,520.00,494.00,90.00%", "说明," + "长" * 200_000 + ",,"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert [f["rule"] for f in analyse(str(path)).findings] == ["rate-mismatch"]
