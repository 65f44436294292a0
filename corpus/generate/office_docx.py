"""A report's blocks as a Word document (.docx, python-docx), set as an office would set it.

Body paragraphs are justified with a first-line indent of two characters; headings carry Word's
heading styles (the title its own centred style); tables are real Word tables with merged cells
(一级/二级指标 merged down, 合计 merged across), header rows marked to repeat on every page and
header cells that wrap in their column; the footer holds a PAGE field (and NUMPAGES for
"第 n 页 共 N 页"). Fonts are named, not embedded: the bundled subsets under corpus/fonts, which
the LibreOffice path (``office_pdf``) makes the only fonts it can see.

    write_docx(blocks, DocxLayout(font_size=12, footer="— {n} —"), "out.docx")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional, Sequence, Union

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .blocks import Block, Heading, Para, Table
from .office_zip import fix_zip_times

#: Font family names of the bundled subsets (corpus/fonts), as fontconfig and LibreOffice see them.
SERIF = "Noto Serif SC jixiao subset"
SANS = "Noto Sans SC jixiao subset"
A4_MM = (210, 297)


@dataclass(frozen=True)
class DocxLayout:
    """Type and page settings: sizes in points, margins (top, right, bottom, left) in mm,
    ``footer`` a format with ``{n}`` (page) and ``{total}`` (pages), ``header_text`` a running
    header, ``table_font_size`` the size in tables (default: body size less 1.5)."""

    font_size: float = 12.0
    line_spacing: float = 1.5
    margins: tuple[float, float, float, float] = (25.4, 31.7, 25.4, 31.7)
    header_text: Optional[str] = None
    footer: Optional[str] = "— {n} —"
    table_font_size: Optional[float] = None
    landscape: bool = False

    @property
    def page_mm(self) -> tuple[float, float]:
        return A4_MM[::-1] if self.landscape else A4_MM

    @property
    def page_margins(self) -> tuple[float, float, float, float]:
        """(top, right, bottom, left) in mm as printed: a landscape page keeps the narrow margins on top."""
        top, right, bottom, left = self.margins
        return (min(top, right), bottom, min(top, right), left) if self.landscape else self.margins

    @property
    def text_width_mm(self) -> float:
        return self.page_mm[0] - self.page_margins[1] - self.page_margins[3]


def _set_fonts(target, family: str, size: float, bold: bool = False) -> None:
    """Name ``family`` for Latin and East Asian text of a style or run."""
    font = target.font
    font.name, font.size, font.bold = family, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _styles(doc, lay: DocxLayout) -> None:
    size = lay.font_size
    normal = doc.styles["Normal"]
    _set_fonts(normal, SERIF, size)
    pf = normal.paragraph_format
    pf.line_spacing, pf.space_before, pf.space_after = lay.line_spacing, Pt(0), Pt(0)
    pf.widow_control = True
    for name, family, factor, bold in (
        ("Title", SANS, 1.6, True),
        ("Heading 1", SANS, 1.0, True),
        ("Heading 2", SERIF, 1.0, True),
        ("Heading 3", SERIF, 1.0, False),
    ):
        st = doc.styles[name]
        _set_fonts(st, family, size * factor, bold)
        st.font.italic = False
        st.paragraph_format.space_before = Pt(size * (0.8 if name == "Title" else 0.3))
        st.paragraph_format.space_after = Pt(size * (0.8 if name == "Title" else 0.2))
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.line_spacing = lay.line_spacing
        border = st.element.pPr.find(qn("w:pBdr")) if st.element.pPr is not None else None
        if border is not None:  # python-docx's Title style is underlined by a border
            st.element.pPr.remove(border)


def _add_text(par, text: str) -> None:
    """Text with "\\n" as line breaks (a return typed inside a paragraph or a cell)."""
    for i, line in enumerate(text.split("\n")):
        run = par.add_run()
        if i:
            run.add_break()
        run.add_text(line)


def _field(par, code: str) -> None:
    """A field (PAGE, NUMPAGES) as Word writes it: begin, instruction, separate, result, end."""

    def char(kind: str):
        run = par.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    instr = par.add_run()._r
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {code} "
    instr.append(t)
    char("separate")
    par.add_run("1")
    char("end")


def _footer(section, lay: DocxLayout) -> None:
    if not lay.footer:
        return
    par = section.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{n\}|\{total\})", lay.footer):
        if piece == "{n}":
            _field(par, "PAGE")
        elif piece == "{total}":
            _field(par, "NUMPAGES")
        elif piece:
            par.add_run(piece)
    for run in par.runs:
        _set_fonts(run, SERIF, 10.5)


def _header(section, lay: DocxLayout) -> None:
    if not lay.header_text:
        return
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(par.add_run(lay.header_text), SERIF, 9)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    par._p.get_or_add_pPr().append(bdr)


def _page(doc, lay: DocxLayout) -> None:
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    if lay.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(lay.page_mm[0]), Mm(lay.page_mm[1])
    top, right, bottom, left = lay.page_margins
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Mm(top), Mm(right), Mm(bottom), Mm(left)
    sec.header_distance, sec.footer_distance = Mm(top * 0.45), Mm(bottom * 0.4)
    _header(sec, lay)
    _footer(sec, lay)


def _heading(doc, b: Heading) -> None:
    style = "Title" if b.level <= 0 else f"Heading {min(b.level, 3)}"
    par = doc.add_paragraph(style=style)
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER if b.level <= 0 else WD_ALIGN_PARAGRAPH.LEFT
    if b.level >= 1:
        par.paragraph_format.first_line_indent = Pt(0)
    _add_text(par, b.text)


def _para(doc, b: Para, lay: DocxLayout) -> None:
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    par.paragraph_format.first_line_indent = Pt(2 * lay.font_size)
    _add_text(par, b.text)


def _mark_row(row, header: bool) -> None:
    """Rows never split over a page; header rows repeat on every page."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit",) + (("w:tblHeader",) if header else ()):
        trpr.append(OxmlElement(tag))


def _borders(table, ruled: bool) -> None:
    if ruled:
        table.style = "Table Grid"
        return
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _table(doc, b: Table, lay: DocxLayout) -> None:
    size = lay.table_font_size or max(lay.font_size - 1.5, 7.5)
    if b.caption:
        cap = doc.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.keep_with_next = True
        _set_fonts(cap.add_run(b.caption), SANS, lay.font_size, True)
    rows, n = b.text_rows(), b.n_cols
    table = doc.add_table(rows=len(rows), cols=n)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, b.ruled)
    weights = list(b.col_widths or [1.0] * n)
    widths = [Mm(lay.text_width_mm * w / sum(weights)) for w in weights]
    for r, row in enumerate(rows):
        _mark_row(table.rows[r], r < b.header_rows)
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = widths[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            par = cell.paragraphs[0]
            par.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER if r < b.header_rows or b.align == "center" else WD_ALIGN_PARAGRAPH.LEFT
            )
            par.paragraph_format.line_spacing = 1.15
            if text:
                _add_text(par, text)
            for run in par.runs:
                _set_fonts(run, SERIF, size, bold=r < b.header_rows)
    for (c0, r0), (c1, r1) in b.spans():
        table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.add_paragraph().paragraph_format.space_after = Pt(lay.font_size * 0.3)


def write_docx(blocks: Sequence[Block], lay: DocxLayout, path: Union[str, Path], title: str = "") -> None:
    """Write ``blocks`` as a .docx at ``path`` (byte-identical on rerun)."""
    doc = Document()
    _styles(doc, lay)
    _page(doc, lay)
    for b in blocks:
        if isinstance(b, Heading):
            _heading(doc, b)
        elif isinstance(b, Para):
            _para(doc, b, lay)
        elif isinstance(b, Table):
            _table(doc, b, lay)
        else:
            raise TypeError(f"not a block: {b!r}")
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    props.revision = 1
    props.created = props.modified = datetime(2024, 1, 1)
    doc.save(str(path))
    fix_zip_times(Path(path))
