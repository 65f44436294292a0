"""PDF → Document via pdfium (pypdfium2), one page at a time.

pdfium parses a page in C; this module only copies out what the shared page layout needs
(layout.py): each glyph with its box, font size and font name, and the page's rules (path objects
that are lines or axis-aligned rectangles, and the outlines of other paths) — as the same dicts
pdfplumber gives, in the same top-down coordinates. Everything after that is shared with pdf.py.

Glyph boxes are pdfium's loose boxes (advance width × the font's ascent to descent); pdfminer
places a glyph's top at descent + font size, so pdfium's tops sit up to about 1.3 pt higher. The
shared layout's tolerances (3 pt line clustering, centre-in-cell tests) absorb that unchanged.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..document import Page, Table, TextBuilder
from ..limits import Limits, check, report_pages
from ..reflow import Line, join_lines, paragraph_breaks, split_furniture
from .errors import ReadError
from .layout import Sheet, read_sheet
from .lone_glyphs import ShownStrings
from .ocr import Scanner
from .page_parts import read_in_parts
from .pdf_faults import CID_GARBAGE_SHARE, GARBLED_SHARE, classify, implausible, raised_by_us
from .pdfium_chars import _Flip, _font_name, _Glyphs, _object_text, _Unmeasured
from .pdfium_paths import classify_path, compose, subpaths, transform
from .streams import streams_whole as _streams_whole

FLAT = 0.05  # pt: a text object narrower or lower than this has no outlined glyph (a stroke of 一 is ~0.5 pt;
# without outlines pdfium spans only the advance: flat both ways for one glyph, one way for a turned string)
PAGES_PER_OPEN = 40  # the document is reopened after this many pages (see _Pages)
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for rules


STANDARD_FONTS = {
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-BoldOblique", "Helvetica-Oblique", "Symbol", "Times-Bold", "Times-BoldItalic", "Times-Italic",
    "Times-Roman", "ZapfDingbats",
}  # fmt: skip


def _is_lone_glyph(obj, tp) -> bool:
    """Whether the text page dropped this text object, in a font pdfium may lack outlines for."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    if (top.value - bottom.value >= FLAT and right.value - left.value >= FLAT) or _object_text(obj, tp).strip():
        return False  # outlined glyphs (a box both ways), or read by the text page
    font = raw.FPDFTextObj_GetFont(obj)
    return bool(font) and not raw.FPDFFont_GetIsEmbedded(font) and _font_name(font) not in STANDARD_FONTS


def read_pdf(path: Path, limits: Limits | None = None, password: str = "", ocr: str = "auto", readers: int = 1):
    """The file read by pdfium; one pdfium cannot read as it is (a lone glyph lost, a rotated page, a page
    to recognise from its image), or that it finds unreadable, is read by pdfplumber instead, whole, which
    tells what is wrong with a bad file in its established words and recognises scanned pages. A file past
    a limit is past it whichever engine reads it."""
    try:
        if not _streams_whole(path, limits):
            raise _Unmeasured()
        return _read_pdf(path, limits, password, ocr, readers)
    except _Unmeasured:
        pass
    except ReadError as e:
        if e.code == "limit-exceeded":
            raise
    from .pdf import read_pdf as read_with_pdfplumber

    return read_with_pdfplumber(path, limits, password, ocr=ocr)


class _Pages:
    """A document's pages, the document reopened every PAGES_PER_OPEN pages: pdfium keeps every parsed
    font and resource until the document closes (42 MiB over a 300-page file of many fonts; 9 reopened)."""

    def __init__(self, path: Path, password: str = ""):
        self.path, self.password = path, password or None
        self.doc = pdfium.PdfDocument(str(path), password=self.password)
        self.count = len(self.doc)
        self.opened_at = 0

    def page(self, index: int):
        if index - self.opened_at >= PAGES_PER_OPEN:
            self.doc.close()
            self.doc = pdfium.PdfDocument(str(self.path), password=self.password)
            self.opened_at = index
        return self.doc[index]

    @property
    def raw(self):
        return self.doc.raw

    def close(self) -> None:
        self.doc.close()


def _read_pdf(path: Path, limits: Limits | None = None, password: str = "", ocr: str = "auto", readers: int = 1):
    try:
        with _opened(path, password, ocr) as (pdf, scanner, shown):
            return _read_open_pdf(path, pdf, limits, scanner, shown, _PartOpener(path, password, ocr, limits), readers)
    except Exception as e:
        raise _classified(path, e) from None


def _classified(path: Path, e: Exception) -> Exception:
    """What reading the file raises for `e`: our own errors as they are, a bug of ours as one (it must not
    pass for a damaged file), anything else as what it says of the file."""
    if isinstance(e, (ReadError, _Unmeasured, MemoryError)):
        return e
    if raised_by_us(e):
        return ReadError(str(path), "internal", f"{type(e).__name__}: {e}")
    return ReadError(str(path), classify(e), type(e).__name__)


@contextmanager
def _opened(path: Path, password: str, ocr: str) -> Iterator[tuple[_Pages, Scanner, ShownStrings]]:
    try:
        pdf = _Pages(path, password)
    except pdfium.PdfiumError as e:
        raise ReadError(str(path), classify(e)) from None
    except Exception as e:  # a file pdfium cannot open at all
        raise ReadError(str(path), classify(e), type(e).__name__) from None
    try:
        with (
            closing(Scanner(path, ocr, password, pdf.count)) as scanner,
            closing(ShownStrings(path, password)) as shown,
        ):
            yield pdf, scanner, shown
    finally:
        pdf.close()


class _PartOpener:
    """What a helper reading some of the pages opens for itself (page_parts.py): the document, its scanner
    and its shown strings, its own copies, as _read_pdf opens them."""

    def __init__(self, path: Path, password: str, ocr: str, limits: Limits | None):
        self.path, self.password, self.ocr, self.limits = path, password, ocr, limits

    @contextmanager
    def __call__(self) -> Iterator[Callable[[int], tuple]]:
        with _opened(self.path, self.password, self.ocr) as (pdf, scanner, shown):

            def read(number: int) -> tuple:
                try:
                    return _page(self.path, pdf, self.limits, scanner, shown, number)
                except Exception as e:  # judged here, where its traceback is: it crosses to the worker without
                    raise _classified(self.path, e) from None

            yield read


def _read_open_pdf(
    path: Path, pdf: _Pages, limits: Limits | None, scanner: Scanner, shown: ShownStrings, part, readers: int = 1
) -> object:
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = n_cid = n_odd = 0
    report_pages(pdf.count)
    here = lambda number: _page(path, pdf, limits, scanner, shown, number)  # noqa: E731
    with closing(read_in_parts(pdf.count, readers, here, part)) as read_pages:  # closed: its helpers stop at once
        for page, page_lines, page_tables, chars, cids, odd in read_pages:
            pages.append(page)
            lines.extend(page_lines)
            tables.extend(page_tables)
            n_chars, n_cid, n_odd = n_chars + chars, n_cid + cids, n_odd + odd
            check(str(path), limits, "chars_per_file", n_chars)
    if n_chars == 0 or n_cid > CID_GARBAGE_SHARE * n_chars or n_odd > GARBLED_SHARE * n_chars:
        raise ReadError(
            str(path), "no_text", (f"共 {len(pages)} 页", f"{len(pages)} pages")
        )  # pdfplumber tells which (read_pdf)
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    return builder.build(str(path), "pdf", pages, tables)


def _page(path: Path, pdf: _Pages, limits: Limits | None, scanner: Scanner, shown: ShownStrings, number: int):
    """Page `number` as the page layout reads it, with its counts of characters, unmapped and odd ones."""
    page = pdf.page(number - 1)
    try:
        sheet = sheet_of(page, lambda: shown.of_page(number - 1))
    finally:
        page.close()
    if scanner.wants(number, sheet.chars):  # no usable text layer (or --ocr always): pdfplumber's path
        raise _Unmeasured()  # recognises the page's image (reading/ocr.py)
    check(str(path), limits, "chars_per_page", len(sheet.chars), (f"第 {number} 页", f"on page {number}"))
    texts = [c["text"] for c in sheet.chars]
    text = "".join(texts)
    if "(cid:" in text:  # unmapped glyphs are counted apart
        text = "".join([t for t in texts if not t.startswith("(cid:")])
    page_lines, page_tables, chars, cids = read_sheet(number, sheet)
    return Page(number, sheet.width, sheet.height), page_lines, page_tables, chars, cids, implausible(text)


def sheet_of(page, shown=None) -> Sheet:
    """One pdfium page as a Sheet: its glyphs and rules in top-down coordinates. `shown()` gives the page's
    shown strings (lone_glyphs.py), read only when the text page dropped a glyph."""
    if page.get_rotation():
        raise _Unmeasured()
    left, bottom, right, top = page.get_mediabox()
    flip = _Flip(left, top, top - bottom)
    textpage = page.get_textpage()
    try:
        glyphs = _Glyphs(textpage.raw, flip)
        lines, rects, curves, texts = _rules(page, textpage, flip, glyphs.read_objects)
        if any(lone for _, lone in texts):
            glyphs.restore(texts, _shown_strings(shown))
    finally:
        textpage.close()
    return Sheet(right - left, top - bottom, glyphs.chars, lines, rects, curves)


def _shown_strings(shown) -> list[tuple[object, str]]:
    if shown is None:
        raise _Unmeasured()
    try:
        return shown()
    except Exception:  # anything the content stream reading does not follow: pdfplumber reads the file
        raise _Unmeasured() from None


def _rules(page, textpage, flip: _Flip, read: set[int]) -> tuple[list[dict], list[dict], list[dict], list[tuple]]:
    """The page's path objects as pdfplumber's line, rect and curve dicts, and its own text objects in
    order, each with whether the text page dropped it (`read`: the addresses of those it read a glyph of);
    raises _Unmeasured for one dropped in a form."""
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []
    texts: list[tuple] = []
    count, get = raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject
    _walk(page.raw, count, get, (1, 0, 0, 1, 0, 0), 0, (flip, textpage.raw, texts, read), (lines, rects, curves))
    return lines, rects, curves, texts


def _walk(parent, count, get, ctm, depth: int, where, out) -> None:
    flip, tp, texts, read = where
    m = raw.FS_MATRIX()
    for k in range(count(parent)):
        obj = get(parent, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            lone = ctypes.cast(obj, ctypes.c_void_p).value not in read and _is_lone_glyph(obj, tp)
            if depth and lone:  # a form's own content stream is not read (lone_glyphs.py)
                raise _Unmeasured()
            if not depth:
                texts.append((obj, lone))
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        here = compose((m.a, m.b, m.c, m.d, m.e, m.f), ctm) if raw.FPDFPageObj_GetMatrix(obj, m) else ctm
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                _walk(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, here, depth + 1, where, out)
        else:
            for points, closed, bezier in subpaths(obj):
                classify_path([flip.point(*transform(here, p)) for p in points], closed, bezier, flip.height, out)
