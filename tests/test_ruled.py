"""Our ruled-table finder (reading/ruled.py) against pdfplumber's own TableFinder: the same tables, every
box equal to the last bit, on drawn cases (tests/cases/ruled_tables.toml) and on the corpus pages as each
engine reads them; and the page layout finds them without importing pdfplumber."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import load_cases
from pdfplumber.container import Container
from pdfplumber.table import TableFinder, TableSettings

from jixiao.reading.layout import Sheet
from jixiao.reading.pdfium import sheet_of
from jixiao.reading.pdfium_chars import _Unmeasured
from jixiao.reading.pdfium_paths import classify_path
from jixiao.reading.ruled import find_tables

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PDFS = sorted(p for p in CORPUS.rglob("*.pdf") if p.relative_to(CORPUS).parts[0] != "scans")
PAGE_HEIGHT = 842


class _Rules(Container):
    """pdfplumber's own object container over a sheet's rules: its `edges` are pdfplumber's."""

    def __init__(self, sheet: Sheet):
        self._rules = {"line": sheet.lines, "rect": sheet.rects, "curve": sheet.curves}
        self.bbox = sheet.bbox

    @property
    def objects(self):
        return self._rules


def _theirs(page) -> list:
    return [(tuple(t.bbox), [list(r.cells) for r in t.rows]) for t in TableFinder(page, TableSettings()).tables]


def _ours(sheet: Sheet) -> list:
    return [(t.bbox, t.rows) for t in find_tables(sheet.lines, sheet.rects, sheet.curves)]


def _drawn(case: dict) -> Sheet:
    """The case's rules as the pdfium reader turns a page's paths into line, rect and curve dicts."""
    out: tuple[list, list, list] = ([], [], [])
    for x0, top, x1, bottom in case.get("lines", []):
        classify_path([(x0, top), (x1, bottom)], False, False, PAGE_HEIGHT, out)
    for x0, top, x1, bottom in case.get("rects", []):
        classify_path([(x0, top), (x1, top), (x1, bottom), (x0, bottom)], True, False, PAGE_HEIGHT, out)
    for points in case.get("curves", []):
        classify_path([tuple(p) for p in points], False, False, PAGE_HEIGHT, out)
    assert [len(kind) for kind in out] == [len(case.get(k, [])) for k in ("lines", "rects", "curves")]
    return Sheet(595, PAGE_HEIGHT, [], *out)


def _box(value):
    return None if value == "none" else tuple(float(v) for v in value)


@pytest.mark.parametrize("case", load_cases("ruled_tables.toml"))
def test_drawn_rules_give_the_tables_pdfplumber_finds(case):
    sheet = _drawn(case)
    expected = [(_box(t["bbox"]), [[_box(c) for c in row] for row in t["rows"]]) for t in case["tables"]]
    assert _ours(sheet) == expected
    assert _theirs(_Rules(sheet)) == expected


def _pdfium_sheets(path: Path) -> list[Sheet | None]:
    """Each page as pdfium reads it; None for one it leaves to pdfplumber (a rotated page, a lost glyph)."""
    sheets: list[Sheet | None] = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for k in range(len(doc)):
            page = doc[k]
            try:
                sheets.append(sheet_of(page))
            except _Unmeasured:
                sheets.append(None)
            finally:
                page.close()
    finally:
        doc.close()
    return sheets


def _rule_count(sheet: Sheet | None) -> int:
    return -1 if sheet is None else len(sheet.lines) + len(sheet.rects) + len(sheet.curves)


@pytest.mark.parametrize("path", PDFS, ids=[str(p.relative_to(CORPUS)) for p in PDFS])
def test_corpus_tables_equal_pdfplumbers(path):
    """Every page pdfium reads, compared with pdfplumber's finder over the same rules; and as pdfplumber's
    parser reads them, the pages pdfium leaves to it and the page with the most rules (parsing every page
    with pdfminer would take ten seconds), compared with pdfplumber's own page.find_tables()."""
    sheets = _pdfium_sheets(path)
    for number, sheet in enumerate(sheets, 1):
        if sheet is not None:
            assert _ours(sheet) == _theirs(_Rules(sheet)), f"pdfium page {number}"
    busiest = max(range(len(sheets)), key=lambda k: _rule_count(sheets[k]))
    with pdfplumber.open(path) as pdf:
        for k, page in enumerate(pdf.pages):
            if k == busiest or sheets[k] is None:
                assert _ours(Sheet.of_plumber(page)) == _theirs(page), f"pdfplumber page {k + 1}"


def test_corpus_has_ruled_tables_to_compare():
    """The comparison above is not empty: the office exports hold ruled tables, merged cells among them."""
    sheets = [s for p in PDFS if p.parent.name == "libreoffice" for s in _pdfium_sheets(p) if s is not None]
    tables = [t for s in sheets for t in find_tables(s.lines, s.rects, s.curves)]
    assert len(tables) >= 20
    assert any(cell is None for t in tables for row in t.rows for cell in row)


def test_the_page_layout_finds_tables_without_pdfplumber():
    probe = "import sys, jixiao.reading.layout, jixiao.reading.ruled\nprint('pdfplumber' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]
