"""Office renderings of synthetic reports: ``render(seed)`` writes into ``corpus/office``

- ``docx/<name>.docx``: narrative reports (部门整体, 项目) from the same report models as
  corpus/generated, written with python-docx (``office_docx``);
- ``xlsx/<name>.xlsx``: 自评表 written with openpyxl (``office_xlsx``);
- ``libreoffice/<name>.pdf``: each of them printed to PDF by LibreOffice (``office_pdf``) with the
  bundled fonts only;

each with ``<name>.labels.json`` in the format of corpus/generated, describing that file: pages of
the PDFs (found in the PDF for Writer's pagination; from the hand-set page breaks for Calc's),
``page: null`` and, for workbooks, the ``cell`` (``自评表!D7``) of every figure in the source
files, and a ``producer`` (docx, xlsx, libreoffice).
"""

from __future__ import annotations

from pathlib import Path
from random import Random

import pdfplumber

from .office_docx import DocxLayout, write_docx
from .office_pdf import convert, soffice
from .office_xlsx import XlsxSheet, write_xlsx
from .synth import compose, write_labels
from .synth.build import Ctx, Mark, squeeze
from .synth.locate import locate
from .synth.plan import plan

OUT_DIR = Path(__file__).resolve().parents[1] / "office"
#: Which of the seed's reports are written as office files: every DOCX_STRIDE-th narrative report and
#: DOCX_TABLES 自评表 as Word files (a 自评表 in Word, merged 一级/二级指标 and all), every other 自评表
#: as a workbook, so that each rule's errors and traps appear in both.
DOCX_STRIDE, DOCX_TABLES = 5, 5
MM = 72 / 25.4


def docx_layout(rng: Random, title: str, dept: str, landscape: bool) -> DocxLayout:
    """A Word layout drawn at random; a 自评表's eight columns get a landscape page and smaller type."""
    size = rng.choice((10.5, 12)) if landscape else rng.choice((10.5, 12, 12, 14))
    return DocxLayout(
        landscape=landscape,
        font_size=size,
        line_spacing=rng.choice((1.25, 1.5, 1.5, 1.75)),
        margins=rng.choice(((25.4, 31.7, 25.4, 31.7), (37, 28, 35, 26), (20, 20, 20, 20))),
        header_text=rng.choice((title, dept, None)),
        footer=rng.choice(("— {n} —", "第 {n} 页 共 {total} 页", "{n}", "- {n} -")),
        table_font_size=rng.choice((None, 9, 10.5)),
    )


def labels_of(ctx: Ctx, producer: str, page_of, cell_of=None) -> dict:
    """``ctx.labels`` with each label's page from ``page_of(mark)`` and, given ``cell_of``, its cell."""
    facts, findings, traps = [], [], []
    for m in sorted(ctx.marks, key=lambda m: (m.block, m.key)):
        extra = {"page": page_of(m)}
        if cell_of:
            extra["cell"] = cell_of(m)
        facts += [dict(f, **extra) for f in m.tok.facts]
        findings += [dict(f, **extra) for f in m.tok.findings]
        traps += [dict(f, **extra) for f in m.tok.traps]
    traps += ctx.loose_traps
    return {
        "kind": ctx.kind,
        "department": ctx.dept.name,
        "year": ctx.year,
        "producer": producer,
        "facts": facts,
        "findings": findings,
        "traps": traps,
    }


def _check_located(name: str, marks: list[Mark], lost: list[Mark]) -> None:
    bad = [m.needle for m in lost if m.tok.findings or m.tok.traps]
    if bad:
        raise AssertionError(f"{name}: labelled figures not found in the LibreOffice PDF: {', '.join(bad)}")


def _check_sheet_pages(pdf: Path, sheet: XlsxSheet, ctx: Ctx) -> None:
    """Calc kept the hand-set page breaks: as many pages, and each labelled figure on its page."""
    with pdfplumber.open(str(pdf)) as doc:
        pages = [squeeze("".join(c["text"] for c in p.chars)) for p in doc.pages]
    if len(pages) != sheet.pages:
        raise AssertionError(f"{pdf.name}: {len(pages)} pages printed, {sheet.pages} planned")
    for m in ctx.marks:
        if (m.tok.findings or m.tok.traps or m.tok.facts) and squeeze(m.tok.num) not in pages[m.page - 1]:
            raise AssertionError(f"{pdf.name}: {m.tok.num} not on page {m.page}")


def render(seed: int = 7, out_dir: Path = OUT_DIR) -> dict[str, int]:
    """Write the office files and their PDFs; return {file: pages} (0 for the source files)."""
    soffice()  # before anything is written: one clear line when LibreOffice is absent
    dirs = {k: out_dir / k for k in ("docx", "xlsx", "libreoffice")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("synth-*"):
            old.unlink()
    specs = plan(seed)
    tables = [s for s in specs if s.kind == "table"]
    words = [s for s in specs if s.kind != "table"][::DOCX_STRIDE] + tables[1::2][:DOCX_TABLES]
    books = tables[::2]
    made, result = [], {}
    for spec in words + books:
        ctx, _, _ = compose(spec, seed)
        title = ctx.blocks[0].text
        if spec in books:
            src = dirs["xlsx"] / f"{spec.name}.xlsx"
            sheet = write_xlsx(ctx.blocks, src, title=title)
            write_labels(
                src.with_suffix(".labels.json"),
                labels_of(ctx, "xlsx", lambda m: None, lambda m, s=sheet: s.cell_of(m.block, m.key)),
            )
            made.append((spec, ctx, src, sheet))
        else:
            lay = docx_layout(Random(f"{seed}:{spec.name}:docx"), title, spec.dept.name, spec.kind == "table")
            src = dirs["docx"] / f"{spec.name}.docx"
            write_docx(ctx.blocks, lay, src, title=title)
            write_labels(src.with_suffix(".labels.json"), labels_of(ctx, "docx", lambda m: None))
            made.append((spec, ctx, src, lay))
        result[str(src.relative_to(out_dir))] = 0
    pdfs = convert([src for _, _, src, _ in made], dirs["libreoffice"])
    for (spec, ctx, src, how), pdf in zip(made, pdfs):
        if isinstance(how, XlsxSheet):
            for m in ctx.marks:
                m.page = how.page_of_row(how.row_of(m.block, m.key))
            _check_sheet_pages(pdf, how, ctx)
        else:
            top, right, bottom, left = (x * MM for x in how.page_margins)
            _check_located(pdf.name, ctx.marks, locate(pdf, (top, right, bottom, left), ctx.marks))
        labels = labels_of(ctx, "libreoffice", lambda m: m.page)
        labels["printed_from"] = src.suffix.lstrip(".")
        write_labels(pdf.with_suffix(".labels.json"), labels)
        with pdfplumber.open(str(pdf)) as doc:
            result[str(pdf.relative_to(out_dir))] = len(doc.pages)
    return result
