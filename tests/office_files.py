"""Word and Excel reports built at test time with python-docx and openpyxl (our own words and figures),
each in a consistent and a faulty version, and the same report as plain text."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

TITLE = "2023年度城区道路养护项目支出绩效自评报告"
BUDGET = "本项目年初预算数为480.00万元，全年预算数为520.00万元，全年执行数为494.00万元，预算执行率为95.00%。"
FUNDS = "本项目资金中当年财政拨款390.00万元，上年结转资金130.00万元。"


def scores(faulty: bool) -> str:
    total = "99" if faulty else "95"  # 18 + 19 + 36 + 22 = 95, each ± 0.5
    return f"本项目自评总分{total}分，其中：决策指标得分18分，过程指标得分19分，产出指标得分36分，效益指标得分22分。"


def paragraphs(faulty: bool) -> list[str]:
    return [TITLE, "一、项目概况", BUDGET, FUNDS, "二、绩效目标完成情况", scores(faulty), "三、指标得分情况"]


def indicator_rows(faulty: bool) -> list[list[str]]:
    """An indicator table; 产出指标 spans two rows and 合计 two columns (merged in Word)."""
    return [
        ["一级指标", "二级指标", "分值", "得分"],
        ["产出指标", "数量指标", "20", "18"],
        ["", "质量指标", "20", "18"],
        ["效益指标", "社会效益指标", "30", "22"],
        ["合计", "", "70", "62" if faulty else "58"],
    ]


def write_docx(path: Path, faulty: bool) -> Path:
    d = docx.Document()
    for text in paragraphs(faulty):
        d.add_paragraph(text)
    rows = indicator_rows(faulty)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(4, 0).merge(table.cell(4, 1))
    d.add_paragraph("四、下一步工作")
    d.add_paragraph("继续加强日常巡查，及时修补破损路面。")
    d.save(path)
    return path


def write_text(path: Path, faulty: bool) -> Path:
    """The same report as text, its table flattened into | rows."""
    table = ["| " + " | ".join(row) + " |" for row in indicator_rows(faulty)]
    lines = paragraphs(faulty) + table + ["四、下一步工作", "继续加强日常巡查，及时修补破损路面。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, faulty: bool, encoding: str = "utf-8") -> Path:
    """The same report as a government site's page: navigation, a script, the table with rowspan and colspan
    (as merged in Word), in `encoding` as its meta tag declares."""
    rows = indicator_rows(faulty)
    cells = [
        "<tr>" + "".join(f"<th>{t}</th>" for t in rows[0]) + "</tr>",
        f"<tr><td rowspan='2'>{rows[1][0]}</td>" + "".join(f"<td>{t}</td>" for t in rows[1][1:]) + "</tr>",
        "<tr>" + "".join(f"<td>{t}</td>" for t in rows[2][1:]) + "</tr>",
        "<tr>" + "".join(f"<td>{t}</td>" for t in rows[3]) + "</tr>",
        f"<tr><td colspan='2'>{rows[4][0]}</td>" + "".join(f"<td>{t}</td>" for t in rows[4][2:]) + "</tr>",
    ]
    body = "".join(f"<p>\u3000\u3000{t}</p>\n" for t in paragraphs(faulty))
    page = (
        f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset={encoding}'>"
        f"<title>{TITLE}</title><script>var budget = '预算999.00万元，执行率1%';</script>"
        "<style>td { border: 1px solid; }</style></head><body>"
        "<div class='nav'>首页 &gt; 政务公开 &gt; 财政资金</div>\n"
        f"{body}<table>{''.join(cells)}</table>\n<h3>四、下一步工作</h3>"
        "<p>继续加强日常巡查，<br>及时修补破损路面。</p></body></html>"
    )
    path.write_bytes(page.encode(encoding))
    return path


def write_xlsx(path: Path, faulty: bool) -> Path:
    """A 项目支出绩效自评表 on one sheet; faulty: the 执行率 cell is not 全年执行数 ÷ 全年预算数."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    _put(ws, "A1", "2023年度项目支出绩效自评表", merge="A1:H1")
    _put(ws, "A2", "（2023年度）", merge="A2:H2")
    _put(ws, "A3", "项目名称")
    _put(ws, "B3", "农村饮水安全巩固提升工程", merge="B3:H3")
    _put(ws, "A4", "主管部门")
    _put(ws, "B4", "某县水利局", merge="B4:D4")
    _put(ws, "E4", "实施单位")
    _put(ws, "F4", "某县农村供水站", merge="F4:H4")
    _put(ws, "A5", "项目资金（万元）", merge="A5:A7")
    _row(ws, 5, "C", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    rate = 0.9344 if faulty else 0.8744  # 280.25 ÷ 320.5 = 87.44%
    _row(ws, 6, "B", ["年度资金总额", 300, 320.5, 280.25, 10, rate, 8.74], ["", "0.00", "0.00", "0.00", "", "0.00%"])
    _row(ws, 7, "B", ["其中：当年财政拨款", 300, 320.5, 280.25], ["", "0.00", "0.00", "0.00"])
    _row(ws, 8, "A", ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"])
    _row(ws, 9, "A", ["产出指标", "数量指标", "新建供水管网长度", "≥30公里", "32公里", 20, 20])
    _row(ws, 10, "B", ["质量指标", "工程验收合格率", "100%", "100%", 20, 20])
    ws.merge_cells("A9:A10")
    _row(ws, 11, "A", ["效益指标", "社会效益指标", "受益人口", "≥1.2万人", "1.25万人", 30, 30])
    _row(ws, 12, "A", ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", 20, 19])
    _put(ws, "A13", "总分", merge="A13:E13")
    _row(ws, 13, "F", [100, 97.74])
    conclusion = "自评结论：本项目全年预算数320.50万元，全年执行数280.25万元，预算执行率为87.44%，各项指标均已完成。"
    _put(ws, "A14", conclusion, merge="A14:H14")
    wb.save(path)
    return path


def _put(ws, where: str, value, merge: str = "", number_format: str = "") -> None:
    ws[where] = value
    if number_format:
        ws[where].number_format = number_format
    if merge:
        ws.merge_cells(merge)


def _row(ws, row: int, first: str, values: list, formats: list[str] | None = None) -> None:
    start = ord(first)
    for k, value in enumerate(values):
        _put(ws, f"{chr(start + k)}{row}", value, number_format=(formats or [])[k] if k < len(formats or []) else "")


def write_xml_sheet(path: Path, faulty: bool, hidden: bool = True) -> Path:
    """write_xlsx's 自评表 as an Excel 2003 XML spreadsheet (what finance systems export, often named .xls):
    the same cells, merges and number formats; with `hidden`, a hidden row and a hidden sheet whose wrong
    figures are not printed."""
    from xml.sax.saxutils import escape, quoteattr

    book = openpyxl.load_workbook(write_xlsx(path.with_suffix(".source.xlsx"), faulty))
    ws = book.active
    merges = {(m.min_row, m.min_col): (m.max_row - m.min_row, m.max_col - m.min_col) for m in ws.merged_cells.ranges}
    formats = sorted({c.number_format for row in ws.iter_rows() for c in row if c.value is not None})
    styles = "".join(
        f'<Style ss:ID="s{k}"><NumberFormat ss:Format={quoteattr(f)}/></Style>' for k, f in enumerate(formats)
    )
    rows = []
    for r, row in enumerate(ws.iter_rows(), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            if cell.value is None and (r, c) not in merges:
                continue
            down, across = merges.get((r, c), (0, 0))
            kind = "Number" if isinstance(cell.value, (int, float)) else "String"
            value = escape(str(cell.value if cell.value is not None else ""))
            cells.append(
                f'<Cell ss:Index="{c}" ss:StyleID="s{formats.index(cell.number_format) if cell.value is not None else 0}"'
                f' ss:MergeAcross="{across}" ss:MergeDown="{down}"><Data ss:Type="{kind}">{value}</Data></Cell>'
            )
        rows.append(f'<Row ss:Index="{r}">{"".join(cells)}</Row>')
    if hidden:  # 执行率 999% in a hidden row: never printed, never read
        rows.append('<Row ss:Hidden="1"><Cell ss:Index="3"><Data ss:Type="String">执行率为999.00%</Data></Cell></Row>')
    hidden_sheet = (
        '<Worksheet ss:Name="草稿"><Table><Row><Cell><Data ss:Type="String">预算执行率为1.00%，全年执行数为1万元，'
        '全年预算数为520.00万元。</Data></Cell></Row></Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:'
        'office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>'
        if hidden
        else ""
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f"<Styles>{styles}</Styles><Worksheet ss:Name={quoteattr(ws.title)}><Table>{''.join(rows)}</Table>"
        f"</Worksheet>{hidden_sheet}</Workbook>",
        encoding="utf-8",
    )
    path.with_suffix(".source.xlsx").unlink()
    return path


def write_mht(path: Path, faulty: bool) -> Path:
    """write_html's page saved as a single-file web page: MIME parts, the page (in GB2312, as the part
    declares) and an image beside it."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    page = write_html(path.with_suffix(".page.html"), faulty).read_text(encoding="utf-8")
    path.with_suffix(".page.html").unlink()
    message = MIMEMultipart("related")
    part = MIMEText(page.replace("charset=utf-8", "charset=gb2312"), "html", "gb2312")
    message.attach(part)
    message.attach(MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"))
    path.write_bytes(message.as_bytes())
    return path


def write_delimited(path: Path, faulty: bool, delimiter: str = ",") -> Path:
    """write_xlsx's 自评表 as a system exports it to delimited text: each cell as it prints (its number
    format applied), a merged range's text in its first cell."""
    import csv

    book = openpyxl.load_workbook(write_xlsx(path.with_suffix(".source.xlsx"), faulty))
    path.with_suffix(".source.xlsx").unlink()

    def shown(cell) -> str:
        if isinstance(cell.value, (int, float)) and cell.number_format in ("0.00", "0.00%"):
            return f"{cell.value * 100:.2f}%" if cell.number_format == "0.00%" else f"{cell.value:.2f}"
        return "" if cell.value is None else str(cell.value)

    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([shown(c) for c in row] for row in book.active.iter_rows())
    return path
