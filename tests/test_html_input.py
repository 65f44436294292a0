"""Web pages (.html/.htm) as government sites publish reports: real files written at test time (our own
report, tests/office_files.py), read through the library and the CLI."""

from __future__ import annotations

import json

import pytest
from office_files import write_html, write_text
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read

runner = CliRunner()


def _findings(path) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule"], f["severity"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)


@pytest.mark.parametrize("encoding", ["utf-8", "gb2312"])
@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_a_page_gives_the_findings_of_the_same_report_as_text(tmp_path, encoding, faulty):
    page = write_html(tmp_path / "report.html", faulty, encoding)
    text = write_text(tmp_path / "report.txt", faulty)
    assert _findings(page) == _findings(text)
    assert bool(_findings(page)) == faulty


def test_ruby_annotations_over_characters_are_not_text(tmp_path):
    page = write_html(tmp_path / "report.html", faulty=True)
    plain = _findings(page)
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("预算", "<ruby>预<rp>(</rp><rt>yù</rt><rp>)</rp></ruby>算"), encoding="utf-8")
    assert "<rt>" in page.read_text(encoding="utf-8")
    assert _findings(page) == plain


def test_findings_name_their_paragraph_and_cell(tmp_path):
    page = write_html(tmp_path / "report.htm", faulty=True)
    places = {(f["rule"], f["place"], f["stated"]) for f in analyse(str(page)).findings}
    assert places == {("sum-mismatch", "段8", "99分"), ("sum-mismatch", "表1 行5 列4", "62分")}


def test_a_merged_cell_stands_in_its_top_left_grid_cell(tmp_path):
    doc = read(write_html(tmp_path / "report.html", faulty=False))
    (table,) = doc.tables
    assert table.rows == [
        ["一级指标", "二级指标", "分值", "得分"],
        ["产出指标", "数量指标", "20", "18"],
        ["", "质量指标", "20", "18"],
        ["效益指标", "社会效益指标", "30", "22"],
        ["合计", "", "70", "58"],
    ]
    assert table.cells[2][0] is None and table.cells[4][1] is None


def test_scripts_styles_and_the_head_are_not_text_but_the_title_is(tmp_path):
    doc = read(write_html(tmp_path / "report.html", faulty=False))
    assert "999" not in doc.text and "border" not in doc.text
    assert doc.text.startswith("2023年度城区道路养护项目支出绩效自评报告\n首页>政务公开>财政资金")
    assert "继续加强日常巡查，及时修补破损路面。" in doc.text  # <br> inside a sentence joins its line


def test_a_title_without_a_head_leaves_the_body_read(tmp_path):
    page = tmp_path / "bare.html"
    page.write_text("<title>某局报告</title><p>项目预算100.00万元，实际支出90.00万元，执行率95.00%。</p>", "utf-8")
    assert [(f["rule"], f["stated"]) for f in analyse(str(page)).findings] == [("rate-mismatch", "95.00%")]


def test_a_folder_is_searched_for_pages(tmp_path):
    write_html(tmp_path / "a.html", faulty=True)
    write_html(tmp_path / "b.htm", faulty=True)
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "--fail-on", "never"])
    files = {f["file"].rsplit("/", 1)[-1] for f in json.loads(result.stdout)}
    assert files == {"a.html", "b.htm"}


@pytest.mark.parametrize(
    "content", [b"  \n", b"<html><body>", b"<html><head><style>p{}</style></head><body></body></html>"]
)
def test_an_empty_page_is_refused_as_empty(tmp_path, content):
    page = tmp_path / "empty.html"
    page.write_bytes(content)
    with pytest.raises(ReadError) as e:
        read(page)
    assert e.value.code == "empty"


def test_a_page_cut_off_inside_a_table_keeps_what_it_held(tmp_path):
    page = tmp_path / "cut.html"
    page.write_text("<table><tr><td>项目预算100.00万元，实际支出90.00万元，执行率95.00%。", "utf-8")
    assert [(f["rule"], f["stated"]) for f in analyse(str(page)).findings] == [("rate-mismatch", "95.00%")]


def test_spans_laying_out_a_huge_grid_pass_the_limit_not_the_memory(tmp_path):
    from jixiao.limits import Limits

    page = tmp_path / "spans.html"
    page.write_text("<table>" + ("<tr>" + "<td colspan=63>1</td>" * 40 + "</tr>") * 200 + "</table>", "utf-8")
    with pytest.raises(ReadError) as e:
        read(page, limits=Limits(chars_per_file=100_000))
    assert e.value.code == "limit-exceeded"


def test_an_html_report_of_jixiao_in_the_folder_is_not_read_as_a_page(tmp_path):
    write_html(tmp_path / "a.html", faulty=True)
    first = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "--fail-on", "never"])
    runner.invoke(app, ["check", str(tmp_path), "-f", "html", "-o", str(tmp_path / "findings.html")])
    again = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "--fail-on", "never"])
    assert json.loads(again.stdout) == json.loads(first.stdout) != []


def test_cells_spanning_rows_count_against_the_limit_too(tmp_path):
    from jixiao.limits import Limits

    cells = "".join("<tr>" + "<td rowspan=63 colspan=63>x</td>" * 10 + "</tr>" for _ in range(300))
    path = tmp_path / "spans.html"
    path.write_text(f"<html><body><table>{cells}</table></body></html>", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read(path, limits=Limits())
    assert err.value.code == "limit-exceeded"
