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
import math
from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..document import Page, Table, TextBuilder
from ..limits import Limits, check, report_pages
from ..reflow import Line, join_lines, paragraph_breaks, split_furniture
from .errors import ReadError
from .layout import Sheet, read_sheet
from .ocr import Scanner
from .pdf import CID_GARBAGE_SHARE, GARBLED_SHARE, _classify, _implausible, _raised_by_us
from .streams import streams_whole as _streams_whole

FLAT = 0.05  # pt: a text object narrower and lower than this has no outlined glyph (a stroke of 一 is ~0.5 pt)
PAGES_PER_OPEN = 40  # the document is reopened after this many pages (see _Pages)
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for rules
NON_CHARACTERS = {0xFFFE, 0xFFFF}  # what pdfium reports for a glyph it cannot map at all


class _Unmeasured(Exception):
    """pdfium's text page silently drops a text object whose bounds are empty: one glyph without an
    outline. That is harmless for a blank glyph (a space), but a non-embedded CJK font has no outlines
    in pdfium (it carries the 14 standard Latin fonts only, and no system font is read), so a glyph drawn
    on its own in such a font is lost (万元 would read 元). A file where that can have happened is read
    by pdfplumber instead, whole; so is a file with a rotated page (/Rotate), which pdfminer turns upright
    and pdfium leaves in the unrotated frame."""


# The standard fonts pdfium carries outlines for: an empty text object in one of them is a blank glyph.
STANDARD_FONTS = {
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-BoldOblique", "Helvetica-Oblique", "Symbol", "Times-Bold", "Times-BoldItalic", "Times-Italic",
    "Times-Roman", "ZapfDingbats",
}  # fmt: skip


def _check_text_object(obj, tp) -> None:
    """Raise _Unmeasured for a text object the text page dropped in a font pdfium may lack outlines for."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    if top.value - bottom.value >= FLAT or right.value - left.value >= FLAT or _object_text(obj, tp).strip():
        return
    font = raw.FPDFTextObj_GetFont(obj)
    if font and not raw.FPDFFont_GetIsEmbedded(font) and _font_name(font) not in STANDARD_FONTS:
        raise _Unmeasured()


def read_pdf(path: Path, limits: Limits | None = None, password: str = "", ocr: str = "auto"):
    """The file read by pdfium; one pdfium cannot read as it is (a lone glyph lost, a rotated page, a page
    to recognise from its image), or that it finds unreadable, is read by pdfplumber instead, whole, which
    tells what is wrong with a bad file in its established words and recognises scanned pages. A file past
    a limit is past it whichever engine reads it."""
    try:
        if not _streams_whole(path, limits):
            raise _Unmeasured()
        return _read_pdf(path, limits, password, ocr)
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


def _read_pdf(path: Path, limits: Limits | None = None, password: str = "", ocr: str = "auto"):
    try:
        pdf = _Pages(path, password)
    except pdfium.PdfiumError as e:
        raise ReadError(str(path), _classify(e)) from None
    except Exception as e:  # a file pdfium cannot open at all
        raise ReadError(str(path), _classify(e), type(e).__name__) from None
    try:
        with closing(Scanner(path, ocr, password, pdf.count)) as scanner:
            return _read_open_pdf(path, pdf, limits, scanner)
    except (ReadError, _Unmeasured, MemoryError):
        raise
    except Exception as e:
        if _raised_by_us(e):  # a bug of ours must not pass for a damaged file
            raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
        raise ReadError(str(path), _classify(e), type(e).__name__) from None
    finally:
        pdf.close()


def _read_open_pdf(path: Path, pdf: _Pages, limits: Limits | None, scanner: Scanner) -> object:
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = n_cid = n_odd = 0
    report_pages(pdf.count)
    for number in range(1, pdf.count + 1):
        page = pdf.page(number - 1)
        try:
            sheet = sheet_of(page)
        finally:
            page.close()
        if scanner.wants(number, sheet.chars):  # no usable text layer (or --ocr always): pdfplumber's path
            raise _Unmeasured()  # recognises the page's image (reading/ocr.py)
        pages.append(Page(number, sheet.width, sheet.height))
        check(str(path), limits, "chars_per_page", len(sheet.chars), f"on page {number}")
        n_odd += _implausible("".join(c["text"] for c in sheet.chars if not c["text"].startswith("(cid:")))
        page_lines, page_tables, chars, cids = read_sheet(number, sheet)
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars, n_cid = n_chars + chars, n_cid + cids
        check(str(path), limits, "chars_per_file", n_chars)
    if n_chars == 0 or n_cid > CID_GARBAGE_SHARE * n_chars or n_odd > GARBLED_SHARE * n_chars:
        raise ReadError(str(path), "no_text", f"{len(pages)} pages")  # pdfplumber tells which (read_pdf)
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    return builder.build(str(path), "pdf", pages, tables)


def sheet_of(page) -> Sheet:
    """One pdfium page as a Sheet: its glyphs and rules in top-down coordinates."""
    if page.get_rotation():
        raise _Unmeasured()
    left, bottom, right, top = page.get_mediabox()
    flip = _Flip(left, top, top - bottom)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, flip)
        lines, rects, curves = _rules(page, textpage, flip)
    finally:
        textpage.close()
    return Sheet(right - left, top - bottom, chars, lines, rects, curves)


class _Flip:
    """PDF user space (origin bottom left) → page space (origin top left of the media box)."""

    def __init__(self, left: float, top: float, height: float):
        self.left, self.top, self.height = left, top, height

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x - self.left, self.top - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return x0 - self.left, self.top - max(y0, y1), x1 - self.left, self.top - min(y0, y1)


def _chars(textpage, flip: _Flip) -> list[dict]:
    tp = textpage.raw
    tp_address = ctypes.cast(tp, ctypes.c_void_p)
    rect = raw.FS_RECTF()
    count = raw.FPDFText_CountChars(tp)
    drawn = _drawn_text(tp, count)
    objects: dict[int, _TextObject] = {}
    fonts: dict[int, _Font] = {}
    left, page_top = flip.left, flip.top
    out = []
    for i in range(count):
        # pdfium's inferred spaces and line breaks are blanks: only a blank need be asked about
        shown = drawn[i] if drawn is not None else " "
        if shown.isspace() and raw.FPDFText_IsGenerated(tp, i):
            continue
        code = ord(shown) if " " < shown != "\ufffd" else raw.FPDFText_GetUnicode(tp, i)
        unmapped = code in NON_CHARACTERS or raw.FPDFText_HasUnicodeMapError(tp, i) == 1
        text = f"(cid:{code})" if unmapped else chr(code)  # as pdfminer names a glyph without a Unicode mapping
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, x1 = rect.left - left, rect.right - left
        top, bottom = page_top - max(rect.top, rect.bottom), page_top - min(rect.top, rect.bottom)
        key = _text_object_address(tp_address, i) or 0
        obj = objects.get(key) or objects.setdefault(key, _TextObject(tp, i, key, fonts))
        if obj.scale and not unmapped:
            x1 = x0 + obj.font.advance(code, obj.nominal) * obj.scale
        out.append({
            "object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "size": obj.size, "fontname": obj.font.name, "upright": obj.upright,
        })  # fmt: skip
    return out


def _drawn_text(tp, count: int) -> str | None:
    """The page's characters in one call (one code point per index), or None when they do not line up."""
    buf = (ctypes.c_ushort * (2 * count + 1))()
    n = raw.FPDFText_GetText(tp, 0, count, buf)
    text = bytes(memoryview(buf).cast("B")[: max(n - 1, 0) * 2]).decode("utf-16-le", "replace")
    return text if len(text) == count else None


# FPDFText_GetTextObject returning the handle as a plain int: a cheap per-character cache key.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)
_font_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(raw.FPDFTextObj_GetFont, ctypes.c_void_p).value
)


class _Font:
    """A font's name, and for a font that is not embedded its glyphs' advances from the PDF's own widths:
    pdfium has no outlines for it and its glyph boxes are a substitute's (what pdfminer uses instead),
    else narrow-set digits would overlap."""

    def __init__(self, font):
        self.font, self.name = font, _font_name(font)
        self.measured = bool(font) and not raw.FPDFFont_GetIsEmbedded(font)
        self.widths: dict[tuple[int, float], float] = {}

    def advance(self, code: int, size: float) -> float:
        if (code, size) not in self.widths:
            width = ctypes.c_float()
            ok = raw.FPDFFont_GetGlyphWidth(self.font, code, size, width)
            self.widths[code, size] = width.value if ok and width.value > 0 else 0.0
        return self.widths[code, size]


class _TextObject:
    """One text object's font, uprightness and font size (one of each), and for a font that is not embedded
    its scale from text space to page space (0: the glyph boxes are pdfium's own)."""

    def __init__(self, tp, i: int, key: int, fonts: dict[int, _Font]):
        obj = raw.FPDFText_GetTextObject(tp, i) if key else None
        address = (_font_address(ctypes.cast(obj, ctypes.c_void_p)) or 0) if obj else 0
        if address not in fonts:
            fonts[address] = _Font(raw.FPDFTextObj_GetFont(obj) if address else None)
        self.font = fonts[address]
        m = raw.FS_MATRIX()
        matrix = bool(obj) and raw.FPDFPageObj_GetMatrix(obj, m)
        self.upright = not matrix or (abs(m.b) < 1e-6 and abs(m.c) < 1e-6 and m.a > 0)
        self.size = raw.FPDFText_GetFontSize(tp, i)
        self.scale, self.nominal = 0.0, 0.0
        nominal = ctypes.c_float()
        if self.font.measured and raw.FPDFTextObj_GetFontSize(obj, nominal):
            placed = raw.FPDFText_GetMatrix(tp, i, m)  # the glyph's text space → page space
            self.nominal, self.scale = nominal.value, (math.hypot(m.a, m.b) if placed else 1.0)


def _rules(page, textpage, flip: _Flip) -> tuple[list[dict], list[dict], list[dict]]:
    """The page's path objects as pdfplumber's line, rect and curve dicts; raises _Unmeasured."""
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []
    count, get = raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject
    _walk(page.raw, count, get, (1, 0, 0, 1, 0, 0), 0, (flip, textpage.raw), (lines, rects, curves))
    return lines, rects, curves


def _walk(parent, count, get, ctm, depth: int, where, out) -> None:
    flip, tp = where
    m = raw.FS_MATRIX()
    for k in range(count(parent)):
        obj = get(parent, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            _check_text_object(obj, tp)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        here = _compose((m.a, m.b, m.c, m.d, m.e, m.f), ctm) if raw.FPDFPageObj_GetMatrix(obj, m) else ctm
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                _walk(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, here, depth + 1, where, out)
        else:
            for points, closed, bezier in _subpaths(obj):
                _classify_path([flip.point(*_apply(here, p)) for p in points], closed, bezier, flip.height, out)


def _object_text(obj, tp) -> str:
    n = raw.FPDFTextObj_GetText(obj, tp, None, 0)
    buf = (ctypes.c_ushort * max(n, 1))()
    raw.FPDFTextObj_GetText(obj, tp, buf, n)
    return bytes(buf).decode("utf-16-le", "replace").rstrip("\x00")


def _font_name(font) -> str:
    if not font:
        return ""
    n = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(n, 1))
    raw.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


def _compose(a, b):
    """The matrix `a` then `b` (PDF row-vector convention: [a b c d e f])."""
    return (
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    )  # fmt: skip


def _apply(m, p):
    x, y = p
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _subpaths(obj):
    """A path object's subpaths: (points in object space, closed, has curves)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths = []
    for s in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, s)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([[], False, False])
        sub = subpaths[-1]
        sub[0].append((x.value, y.value))
        sub[2] = sub[2] or kind == raw.FPDF_SEGMENT_BEZIERTO
        if raw.FPDFPathSegment_GetClose(seg):
            sub[1] = True
    return subpaths


def _classify_path(pts: list[tuple[float, float]], closed: bool, bezier: bool, height: float, out) -> None:
    """As pdfminer does: a single segment is a line, four axis-aligned sides a rect, anything else a curve."""
    lines, rects, curves = out
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
    box.update(doctop=box["top"], width=box["x1"] - box["x0"], height=box["bottom"] - box["top"], pts=pts)
    if not bezier and len(pts) == 2:
        lines.append({"object_type": "line", **box})
    elif not bezier and _is_rect(pts, closed):
        rects.append({"object_type": "rect", "y0": height - box["bottom"], "y1": height - box["top"], **box})
    elif len(pts) >= 2:
        curves.append({"object_type": "curve", **box})


def _is_rect(pts: list[tuple[float, float]], closed: bool) -> bool:
    corners = pts[:4] if len(pts) == 4 or (len(pts) == 5 and pts[4] == pts[0]) else None
    if not corners or not (closed or len(pts) == 5):
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
