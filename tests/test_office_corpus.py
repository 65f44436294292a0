"""The committed office corpus (corpus/office) and hard-broken renderings (corpus/hardbreak) are what they say.

Every report has labels that parse and name its producer; the LibreOffice PDFs were made by LibreOffice and
embed only the bundled fonts; the workbooks and Word files, read back with openpyxl and python-docx, hold
the merged cells, repeated header rows, number formats and page fields they are meant to, and every labelled
figure where its label says; a sample of the LibreOffice PDFs is evaluated against floors (all of them with
JIXIAO_OFFICE=full, as .ci/run does). Regenerating needs LibreOffice; without it the generator says so in
one line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.evaluation import as_dict, evaluate_corpus

ROOT = Path(__file__).resolve().parents[1]
OFFICE = ROOT / "corpus" / "office"
HARD = ROOT / "corpus" / "hardbreak"
LO_PDFS = sorted((OFFICE / "libreoffice").glob("*.pdf"))
DOCX = sorted((OFFICE / "docx").glob("*.docx"))
XLSX = sorted((OFFICE / "xlsx").glob("*.xlsx"))
#: Floors for the LibreOffice PDFs (measured: precision 1.000, recall 1.000, facts 0.975 on all 22).
MIN_PRECISION, MIN_RECALL, MIN_FACTS = 0.95, 0.95, 0.93
#: The sample `make test` evaluates: a report and a 自评表 printed from Word files, two 自评表 from workbooks.
SAMPLE = [
    "synth-16-dept-civil-2022",
    "synth-50-table-water-2021",
    "synth-55-table-culture-2021",
    "synth-63-table-culture-2021",
]


def _labels(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".labels.json").read_text(encoding="utf-8"))


def _squeeze(s: str) -> str:
    return "".join(str(s).split())


def test_the_office_corpus_is_as_large_as_promised():
    assert len(LO_PDFS) >= 20 and len(DOCX) >= 10 and len(XLSX) >= 10
    assert len(list(HARD.glob("*.pdf"))) >= 4


@pytest.mark.parametrize("path", LO_PDFS + DOCX + XLSX + sorted(HARD.glob("*.pdf")), ids=lambda p: p.name)
def test_every_file_has_labels_naming_its_producer(path):
    labels = _labels(path)
    expected = {".docx": "docx", ".xlsx": "xlsx"}.get(
        path.suffix, "libreoffice" if "office" in path.parts else "reportlab"
    )
    assert labels["producer"] == expected
    assert labels["kind"] in ("department", "project", "table") and labels["facts"]
    pages = {lab["page"] for lab in labels["facts"] + labels["findings"]}
    assert pages == {None} if path.suffix in (".docx", ".xlsx") else None not in pages


def test_libreoffice_pdfs_embed_only_the_bundled_fonts():
    pytest.importorskip("pypdf")
    from pypdf import PdfReader

    from corpus.generate.office_pdf import BUNDLED_FONT_NAMES, embedded_fonts

    for pdf in LO_PDFS:
        assert PdfReader(str(pdf)).metadata["/Producer"].startswith("LibreOffice")
        fonts = {name.split("+")[-1] for name in embedded_fonts(pdf)}
        assert fonts and fonts <= set(BUNDLED_FONT_NAMES), (pdf.name, fonts)


def test_a_pdf_of_system_fonts_is_told_apart(tmp_path):
    """The font check can fail: a PDF whose text is in a base-14 font, not embedded, is named so."""
    pytest.importorskip("reportlab")
    from reportlab.pdfgen.canvas import Canvas

    from corpus.generate.office_pdf import embedded_fonts

    canvas = Canvas(str(tmp_path / "helvetica.pdf"))
    canvas.drawString(72, 720, "2022 budget 23,434.12")
    canvas.save()
    assert embedded_fonts(tmp_path / "helvetica.pdf") == ["not embedded: Helvetica"]


def _printed(cell) -> str:
    """A workbook cell as its number format prints it (the formats the generator writes)."""
    fmt, value = cell.number_format, cell.value
    if not isinstance(value, (int, float)):
        return str(value or "")
    decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    shown = Decimal(str(value)) * (100 if fmt.endswith("%") else 1)
    text = f"{shown:,.{decimals}f}" if fmt.startswith("#,##0") else f"{shown:.{decimals}f}"
    return text + ("%" if fmt.endswith("%") else "")


@pytest.mark.parametrize("path", XLSX, ids=lambda p: p.name)
def test_workbooks_hold_each_labelled_figure_in_its_cell(path):
    from openpyxl import load_workbook

    ws = load_workbook(path)["自评表"]
    labels = _labels(path)
    for lab in labels["findings"] + labels["traps"]:
        if "cell" not in lab:
            continue  # a trap about the report as a whole
        sheet, address = lab["cell"].split("!")
        assert sheet == ws.title
        assert _squeeze(lab["value"]).replace(",", "") in _squeeze(_printed(ws[address])).replace(",", ""), lab
    assert ws.print_title_rows, "the indicator table's header row repeats on every printed page"
    assert any(r.max_row > r.min_row for r in ws.merged_cells.ranges), "一级/二级指标 merged down"
    formats = {c.number_format for row in ws.iter_rows() for c in row}
    assert any(f.endswith("%") for f in formats) and any(".00" in f for f in formats), formats
    assert sum(c.border.left.style == "thin" for row in ws.iter_rows() for c in row) > 40, "a gridded 自评表"


@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.name)
def test_word_files_hold_each_labelled_figure(path):
    docx = pytest.importorskip("docx", reason="python-docx (the corpus extra) reads the Word files back")
    doc = docx.Document(str(path))
    body = doc.element.body.xml
    text = _squeeze("".join(t.text or "" for t in doc.element.body.iter(docx.oxml.ns.qn("w:t"))))
    labels = _labels(path)
    for lab in labels["findings"] + [t for t in labels["traps"] if "value" in t]:
        assert _squeeze(lab["value"]) in text, lab
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    justified = [p for p in doc.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.text]
    assert justified and all(p.paragraph_format.first_line_indent > 0 for p in justified)
    if labels["kind"] == "table":  # a 自评表 in Word: 一级/二级指标 merged down, 总分 across, the header repeated
        assert "w:vMerge" in body and "w:tblHeader" in body and "w:gridSpan" in body
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer


def _evaluate(paths: list[Path], tmp_path: Path) -> dict:
    for pdf in paths:
        for f in (pdf, pdf.with_name(pdf.stem + ".labels.json")):
            (tmp_path / f.name).write_bytes(f.read_bytes())
    return as_dict(evaluate_corpus(tmp_path, jobs=1))


def _floors(report: dict) -> None:
    o = report["overall"]
    assert not report["unreadable"]
    assert o["precision"] >= MIN_PRECISION and o["recall"] >= MIN_RECALL, o
    assert report["fact_accuracy"] >= MIN_FACTS, report["fact_accuracy"]


def test_a_sample_of_libreoffice_pdfs_keeps_its_floors(tmp_path):
    report = _evaluate([OFFICE / "libreoffice" / f"{name}.pdf" for name in SAMPLE], tmp_path)
    assert report["files"] == 4 and report["overall"]["tp"] >= 6
    assert set(report["by"]["kind"]) == {".pdf libreoffice from docx", ".pdf libreoffice from xlsx"}
    _floors(report)


@pytest.mark.skipif(os.environ.get("JIXIAO_OFFICE") != "full", reason="runs in .ci/run (JIXIAO_OFFICE=full)")
def test_all_libreoffice_pdfs_keep_their_floors(tmp_path):
    _floors(_evaluate(LO_PDFS, tmp_path))


def test_regenerating_without_libreoffice_says_so_in_one_line(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))  # no soffice on this PATH
    done = subprocess.run(
        [sys.executable, "-m", "corpus.generate", "--only", "office", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and not (tmp_path / "out").exists()
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "LibreOffice" in lines[0] and "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_a_report_and_a_workbook_in_the_bundled_fonts(tmp_path):
    pytest.importorskip("docx", reason="python-docx (the corpus extra) writes the Word file")
    from corpus.generate.blocks import LEFT, Heading, Para, Table
    from corpus.generate.office_docx import DocxLayout, write_docx
    from corpus.generate.office_pdf import BUNDLED_FONT_NAMES, convert, embedded_fonts
    from corpus.generate.office_xlsx import write_xlsx

    blocks = [
        Heading("某单位项目支出绩效自评表", 0),
        Para("全年预算23,434.12万元，执行率为99.84%。"),
        Table([["一级指标", "分值", "得分"], ["产出指标", "50", "48.50"], [None, "20", "20"], ["合计", LEFT, "68.50"]]),
    ]
    write_docx(blocks, DocxLayout(), tmp_path / "report.docx")
    sheet = write_xlsx(blocks, tmp_path / "table.xlsx")
    pdfs = convert([tmp_path / "report.docx", tmp_path / "table.xlsx"], tmp_path / "pdf")
    for pdf in pdfs:
        assert {f.split("+")[-1] for f in embedded_fonts(pdf)} <= set(BUNDLED_FONT_NAMES)
    import jixiao as jx

    assert "23,434.12万元" in jx.read(pdfs[0]).text
    cells = [c.text for t in jx.read(pdfs[1]).tables for row in t.cells for c in row if c]
    assert sheet.pages == 1 and "68.50" in cells and "产出指标" in cells
