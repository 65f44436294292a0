"""Word (.docx) → Document through python-docx: the body's paragraphs and tables in their order.

A .docx has no pages (where pages break depends on the machine that prints it): the whole document is
page 1, and places are named instead: 段N is the N-th non-empty paragraph of the body, 表T 行R 列C a
table's cell (its grid row and column, 1-based). A merged cell's text stands in its top-left grid cell and
the grid cells it covers are None, as in a ruled PDF table, so the same table rules run. Headers, footers
and text boxes are not read (running heads and page numbers are furniture); tracked insertions are read,
deletions are not. A paragraph just above a table is its caption (its title, or a 单位：万元 note).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from ..document import Cell, Page, Table
from ..limits import Limits, check, report_pages
from .placed import PlacedText, join_cell_lines, normalise

PAGE = 1
CAPTION_CHARS = 60  # a longer paragraph above a table is body text, not the table's caption
MAX_COLUMNS = 63  # Word's own limit: a wider grid (a damaged w:gridSpan or w:gridBefore) is cut here
RUN_CONTAINERS = {qn(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml", "w:moveTo")}
RUN_CONTAINERS |= {qn("w:sdt"), qn("w:sdtContent")}
BLOCK_CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
RUN_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}
P, TBL, TR, TC, R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")


def read_docx(path: Path, limits: Limits | None = None):
    body = open_docx(str(path)).element.body
    report_pages(PAGE)
    text = PlacedText()
    tables: list[Table] = []
    n_para = 0
    above = ""  # the paragraph just before the current block, if it may be a caption
    for block in _blocks(body):
        if block.tag == P:
            content = paragraph_text(block)
            if content.strip():
                n_para += 1
                text.add(content, PAGE, f"段{n_para}")
                check(str(path), limits, "chars_per_file", text.builder.length)
            above = normalise(content) if len(content.strip()) <= CAPTION_CHARS else ""
            continue
        table, cell_paragraphs = _table(block, len(tables) + 1, above)
        above = ""
        if table is not None:
            tables.append(table)
            for place, paragraphs in cell_paragraphs:
                text.add_prose(paragraphs, PAGE, place)
    return text.builder.build(str(path), "docx", [Page(PAGE)], tables, places=text.places)


def _blocks(parent):
    """Paragraphs and tables of the body in document order (content controls opened)."""
    for child in parent.iterchildren():
        if child.tag in (P, TBL):
            yield child
        elif child.tag in BLOCK_CONTAINERS:
            yield from _blocks(child)


def paragraph_text(p) -> str:
    """A paragraph's text as shown: its runs, also inside hyperlinks, fields, content controls and tracked
    insertions (deleted text is w:delText, never w:t); drawings and text boxes are left out."""
    out: list[str] = []
    _runs_text(p, out)
    return "".join(out)


def _runs_text(parent, out: list[str]) -> None:
    for child in parent.iterchildren():
        if child.tag == R:
            for piece in child.iterchildren():
                if piece.tag in RUN_TEXT:
                    out.append(RUN_TEXT[piece.tag] or piece.text or "")
        elif child.tag in RUN_CONTAINERS:
            _runs_text(child, out)


def _table(tbl, number: int, caption: str) -> tuple[Table | None, list[tuple[str, list[str]]]]:
    """A table's grid: a cell at its top-left grid position, None where a merged cell continues
    (w:gridSpan across, w:vMerge down, the old w:hMerge) or a row starts late or ends early.
    Also each cell's place and paragraphs (prose cells become lines of the text)."""
    rows: list[list[Cell | None]] = []
    paragraphs: list[tuple[str, list[str]]] = []
    for r, tr in enumerate(tbl.iterchildren(TR)):
        row: list[Cell | None] = [None] * min(tr.grid_before, MAX_COLUMNS)
        for tc in tr.iterchildren(TC):
            span = max(1, min(tc.grid_span, MAX_COLUMNS - len(row)))
            col = len(row)
            if col >= MAX_COLUMNS:
                break
            if tc.vMerge == "continue" or _h_merged(tc):
                row.extend([None] * span)
                continue
            lines = [paragraph_text(p) for p in tc.iterchildren(P)]
            place = f"表{number} 行{r + 1} 列{col + 1}"
            row.append(Cell(r, col, join_cell_lines(lines), None, place=place))
            row.extend([None] * (span - 1))
            paragraphs.append((place, lines))
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    if not width:
        return None, []
    cells = [row + [None] * (width - len(row)) for row in rows]
    return Table(PAGE, None, cells, ruled=True, caption=caption), paragraphs


def _h_merged(tc) -> bool:
    tc_pr = tc.tcPr
    merge = tc_pr.find(qn("w:hMerge")) if tc_pr is not None else None
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"
