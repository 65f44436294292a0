"""Word (.docx) and Excel (.xlsx) input: real files built with python-docx and openpyxl, checked through the
library and the CLI; every finding carries its named place (段6, 表1 行5 列4, 自评表!G6) to every output."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import docx
import openpyxl
import pytest
from office_files import write_docx, write_text, write_xlsx
from typer.testing import CliRunner

import jixiao as jx
from jixiao.cli import app
from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read

runner = CliRunner()
WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "txt": write_text}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Each report as .docx, .txt and .xlsx, faulty and consistent."""
    folder = tmp_path_factory.mktemp("office")
    return {
        (kind, faulty): write(folder / f"{'faulty' if faulty else 'clean'}.{kind}", faulty)
        for kind, write in WRITERS.items()
        for faulty in (True, False)
    }


def _findings(path) -> set[tuple[str, str, str, str]]:
    return {(f["rule"], f["place"], f["stated"], f["expected"]) for f in analyse(str(path)).findings}


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("docx", {("sum-mismatch", "段6", "99分", "95分"), ("sum-mismatch", "表1 行5 列4", "62分", "58分")}),
        ("xlsx", {("rate-mismatch", "自评表!G6", "93.44%", "87.44%"), ("restated-value", "自评表!G6", "87.44%", "93.44%")}),
    ],
)  # fmt: skip
def test_the_faulty_file_gives_its_findings_at_their_places(files, kind, expected):
    assert _findings(files[(kind, True)]) == expected


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_consistent_file_gives_no_finding(files, kind):
    assert _findings(files[(kind, False)]) == set()


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_the_same_report_as_text_and_as_word_gives_the_same_findings(files, faulty):
    def findings(path):
        return sorted((f["rule"], f["severity"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)

    assert findings(files[("docx", faulty)]) == findings(files[("txt", faulty)])


def test_word_paragraphs_keep_their_order_and_tables_their_merged_cells(files):
    doc = read(files[("docx", True)])
    assert doc.kind == "docx" and len(doc.pages) == 1
    assert doc.text.splitlines()[:3] == [
        "2023年度城区道路养护项目支出绩效自评报告",
        "一、项目概况",
        doc.text.splitlines()[2],
    ]
    assert doc.place_of(doc.text.index("自评总分")) == "段6"
    assert doc.place_of(doc.text.index("继续加强")) == "段9"  # the table between is not a paragraph
    (table,) = doc.tables
    assert table.rows[1] == ["产出指标", "数量指标", "20", "18"]
    assert table.cells[2][0] is None  # 产出指标 spans two rows: its text stands once, in the top cell
    assert table.cells[4][1] is None and table.cells[4][0].text == "合计"  # 合计 spans two columns
    assert table.cells[4][3].place == "表1 行5 列4"


def test_excel_cells_print_with_their_number_format_and_their_address(files):
    doc = read(files[("xlsx", True)])
    assert doc.kind == "xlsx" and doc.pages[0].name == "自评表"
    (table,) = doc.tables
    by_place = {c.place: c.text for row in table.cells for c in row if c}
    assert by_place["自评表!G6"] == "93.44%"  # 0.9344 in a 0.00% cell
    assert by_place["自评表!D6"] == "320.50"  # 320.5 in a 0.00 cell
    assert by_place["自评表!H6"] == "8.74" and by_place["自评表!F6"] == "10"  # General
    assert "自评表!A10" not in by_place  # under the merged 产出指标 of A9:A10
    assert table.caption == "（2023年度）"  # the title rows above the form are text and caption
    assert doc.text.splitlines()[0] == "2023年度项目支出绩效自评表"
    assert doc.place_of(doc.text.index("自评结论")) == "自评表!A14"  # prose in a merged cell is text too


def test_facts_carry_their_place(files):
    facts = jx.extract(read(files[("xlsx", True)]))
    rate = next(f for f in facts if f.evidence.place == "自评表!G6" and f.kind == "execution_rate")
    assert (str(rate.quantity.value), rate.quantity.decimals, rate.evidence.bbox) == ("93.44", 2, None)


def test_cli_text_names_the_place(files):
    r = runner.invoke(app, ["check", str(files[("xlsx", True)])])
    assert r.exit_code == 1
    assert f"{files[('xlsx', True)]}:自评表!G6: rate-mismatch 错误" in r.stdout
    assert "    > 自评表!E6 [年度资金总额 / 全年执行数]: " in r.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html"])
def test_every_output_carries_the_place(files, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    r = runner.invoke(app, ["check", str(files[("docx", True)]), "-f", fmt, "-o", str(out), "--fail-on", "never"])
    assert r.exit_code == 0, r.output
    if fmt == "json":
        places = {e["place"] for f in json.loads(out.read_text(encoding="utf-8")) for e in f["evidence"]}
    elif fmt == "csv":
        places = {row["place"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(out)["问题"]
        column = [c.value for c in sheet[1]].index("位置")
        places = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    else:
        text = out.read_text(encoding="utf-8")
        places = {p for p in ("段6", "表1 行5 列4") if f"{p}" in text}
    assert {"段6", "表1 行5 列4"} <= places


def test_extract_lists_word_facts_with_their_place(files):
    r = runner.invoke(app, ["extract", str(files[("docx", True)]), "-f", "json"])
    facts = json.loads(r.stdout)
    assert {"段3", "表1 行2 列4"} <= {f["place"] for f in facts}
    assert all(f["bbox"] is None and f["page"] == 1 for f in facts)
    table = runner.invoke(app, ["extract", str(files[("xlsx", True)])]).stdout
    assert table.split()[:3] == ["文件", "页", "位置"] and "自评表!G6" in table


def test_a_folder_is_searched_for_word_and_excel_files_but_not_their_lock_files(files, tmp_path):
    (tmp_path / "a.docx").write_bytes(files[("docx", True)].read_bytes())
    (tmp_path / "b.xlsx").write_bytes(files[("xlsx", True)].read_bytes())
    (tmp_path / "~$a.docx").write_bytes(b"\x00" * 162)  # what Word leaves beside an open file
    r = runner.invoke(app, ["check", str(tmp_path), "-f", "json"])
    assert r.exit_code == 1 and "~$" not in r.output
    assert {f["file"].rsplit("/", 1)[-1] for f in json.loads(r.stdout)} == {"a.docx", "b.xlsx"}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_part_cut(path, part: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = parts[part][: len(parts[part]) // 2]
    return _zip(parts)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    "name, make, code",
    [
        ("text.docx", lambda f: "这不是 Word 文件".encode() * 20, "office_damaged"),
        ("cut.docx", lambda f: f[("docx", True)].read_bytes()[:3000], "office_damaged"),
        ("cut.xlsx", lambda f: f[("xlsx", True)].read_bytes()[:3000], "office_damaged"),
        ("no-document.docx", lambda f: _zip({"readme.txt": b"hello"}), "office_damaged"),
        ("broken-xml.docx", lambda f: _with_part_cut(f[("docx", True)], "word/document.xml"), "office_damaged"),
        ("broken-xml.xlsx", lambda f: _with_part_cut(f[("xlsx", True)], "xl/worksheets/sheet1.xml"), "office_damaged"),
        ("password.docx", lambda f: OLE + "EncryptedPackage".encode("utf-16-le"), "office_encrypted"),
        ("password.xlsx", lambda f: OLE + "EncryptedPackage".encode("utf-16-le"), "office_encrypted"),
        ("old.xls", lambda f: OLE + "Workbook".encode("utf-16-le"), "office_legacy"),
        ("old.doc", lambda f: OLE + "WordDocument".encode("utf-16-le"), "office_legacy"),
        ("empty.docx", lambda f: b"", "empty"),
    ],
)  # fmt: skip
def test_a_bad_office_file_is_one_clear_line_naming_it(files, tmp_path, monkeypatch, name, make, code):
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice to convert old files (tests/test_legacy_office.py)
    path = tmp_path / name
    path.write_bytes(make(files))
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code and name in err.value.message()
    r = runner.invoke(app, ["check", str(path), "--quiet"])  # no summary: the problem line only
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr.count("\n") == 1 and name in r.stderr


def test_a_package_under_the_other_name_is_read_for_what_it_holds(files, tmp_path):
    named = tmp_path / "form.docx"
    named.write_bytes(files[("xlsx", True)].read_bytes())
    assert read(named).kind == "xlsx"


def test_tracked_changes_read_as_accepted_and_content_controls_opened(tmp_path):
    """A paragraph with a tracked insertion and deletion, and one inside a content control (w:sdt)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("全年执行数为")
    w = nsdecls("w")
    p._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>494.00</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>449.00</w:delText></w:r></w:del>'))
    p.add_run("万元。")
    sdt = f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>预算执行率为95.00%。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    d.element.body.insert(1, parse_xml(sdt))
    path = tmp_path / "tracked.docx"
    d.save(path)
    assert read(path).text.splitlines() == ["全年执行数为494.00万元。", "预算执行率为95.00%。"]


def test_hidden_sheets_rows_and_columns_are_not_read(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "全年预算数", "备注"])
    ws.append(["办公设备购置", "120.00", "旧数据"])
    ws.append(["培训费", "30.00", "旧数据"])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    wb.create_sheet("底稿").append(["全年预算数", "999.00"])
    wb["底稿"].sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    doc = read(path)
    assert [t.rows for t in doc.tables] == [[["项目", "全年预算数"], ["办公设备购置", "120.00"]]]
    assert [p.name for p in doc.pages] == ["Sheet"]


def test_a_damaged_column_span_is_cut_at_words_own_limit(tmp_path):
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text, table.cell(1, 1).text = "执行率", "合计", "95.00%"
    table.cell(0, 0)._tc.get_or_add_tcPr().grid_span = 10**9  # python-docx itself would now walk 10⁹ cells
    path = tmp_path / "wide.docx"
    d.save(path)
    (read_table,) = read(path).tables
    assert len(read_table.cells[0]) == 63 and read_table.rows[1][:2] == ["合计", "95.00%"]
