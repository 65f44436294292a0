"""Scanned pages → the page objects a text layer gives (a layout.Sheet), through rapidocr (`jixiao[ocr]`).

A page is rasterised with pypdfium2 at DPI, deskewed (the angle that makes the rows of ink sharpest),
and recognised; each recognised text box becomes characters with boxes in PDF points that tile the box
(the recogniser places each character; neighbours meet halfway), so the shared page layout (layout.py)
joins lines, finds unruled tables and reflows paragraphs exactly as for a text layer. Every character's
box and confidence is kept in `Document.recognised`, for the confidence of the facts read from it.

`--ocr auto` (the default) recognises a page without a usable text layer (fewer than MIN_TEXT_CHARS
characters) whose images cover at least MIN_IMAGE_SHARE of it; `always` recognises every page; `never`
none. The models ship inside the rapidocr wheel: nothing is downloaded at run time.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

from ..document import Box, Page, TextBuilder
from ..limits import allow_more_memory, report_pages
from ..reflow import join_lines, paragraph_breaks, split_furniture
from .deskew import skew_angle, turn_back
from .errors import ReadError
from .layout import Sheet, read_sheet

MODES = ("auto", "always", "never")
DPI = 150  # body text of 10.5–12 pt is 22–25 px high: what the recogniser reads best; 200 dpi read no better at twice the time
MIN_TEXT_CHARS = 20  # auto: a page with fewer characters (besides blanks and unmapped glyphs) has no usable text layer
MIN_IMAGE_SHARE = 0.25  # auto: ... and is recognised when its images cover this share of the page
RULE_LEVEL = 215  # ... and below this, for rules: a hairline rendered smaller than it was scanned turns light gray
RULE_LENGTH = 30.0  # points: a straight run of ink this long is a rule (a 16 pt title's 一 is 16 pt)
MAX_RULE_WIDTH = 3.0  # points: a rule is at most this thick
OCR_MEMORY_MB = 2048  # the recogniser's models and buffers, allowed on top of --limit memory_mb
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
THOUSANDS_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")  # 5，599.42: a full-width comma read inside a number
PER_MILLE = re.compile(r"(?<=\d)%[o0O](?![\d.])")  # 0.99%o以内: ‰ read as a percent sign and a small o or 0

_engine = None
_headroom_pid = 0  # the process that last raised its memory cap for the recogniser


def engine():
    """The recogniser, loaded once per process; ReadError "ocr_missing" without the extra."""
    global _engine, _headroom_pid
    if _headroom_pid != os.getpid():
        # once per process, before the imports (onnxruntime and OpenCV map hundreds of MB), and again in a
        # worker forked from a process that had already loaded the models: its buffers need the room too
        allow_more_memory(OCR_MEMORY_MB)
        _headroom_pid = os.getpid()
    if _engine is None:
        try:
            import cv2
            from rapidocr import RapidOCR
        except ImportError:
            raise ReadError("", "ocr_missing") from None
        cv2.setNumThreads(1)
        _engine = RapidOCR(
            params={
                "Global.log_level": "critical",
                "Global.use_cls": False,  # pages are upright once deskewed: no 180° classifier
                "Global.return_word_box": True,  # where each character sits
                "Global.max_side_len": 4000,  # never shrink a page before detection
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,  # one core per file: -j sets the parallelism
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
    return _engine


def recognise(image, points_per_pixel: float) -> tuple[Sheet, list[tuple[Box, float]]]:
    """A page image (PIL) → its Sheet of recognised characters, and each character's box and confidence."""
    import numpy as np

    gray = image.convert("L")
    angle = skew_angle(gray)
    if angle:
        gray = gray.rotate(angle, resample=3, fillcolor=255)  # bicubic, about the centre
    result = _run(engine(), np.asarray(gray.convert("RGB")))
    chars: list[dict] = []
    confidences: list[tuple[Box, float]] = []
    boxes = [] if result.boxes is None else [[(float(x), float(y)) for x, y in quad] for quad in result.boxes]
    for quad, text, score, words in zip(boxes, result.txts or (), result.scores or (), _words(result)):
        for ch, box, size, conf in _characters(quad, text, float(score), words, points_per_pixel):
            chars.append(_char(ch, box, size))
            confidences.append((box, round(conf, 3)))
    width, height = gray.size
    rules = ruling_lines(np.asarray(gray), points_per_pixel)
    sheet = Sheet(width * points_per_pixel, height * points_per_pixel, chars, rules)
    sheet.turn = (angle, sheet.width / 2, sheet.height / 2)  # turned about the image's centre (deskew.turn_back)
    return sheet, confidences


def _run(recogniser, pixels):
    """The recogniser on one page; an allocation it could not make is the memory limit (MemoryError),
    not an internal error: onnxruntime reports std::bad_alloc as a RuntimeException."""
    try:
        return recogniser(pixels)
    except Exception as e:
        if "bad_alloc" in str(e):
            raise MemoryError from None
        raise


def ruling_lines(pixels, scale: float) -> list[dict]:
    """A table's printed grid, as line dicts in points: runs of ink at least RULE_LENGTH long (longer
    than any glyph's stroke), found by opening the ink with a long thin kernel, across and down."""
    import cv2

    ink = (pixels < RULE_LEVEL).astype("uint8")
    length = max(8, round(RULE_LENGTH / scale))
    out: list[dict] = []
    for across in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if across else (1, length))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:count]:
            if across and h <= MAX_RULE_WIDTH / scale:
                mid = (y + h / 2) * scale
                out.append(_line(x * scale, (x + w) * scale, mid, mid))
            elif not across and w <= MAX_RULE_WIDTH / scale:
                mid = (x + w / 2) * scale
                out.append(_line(mid, mid, y * scale, (y + h) * scale))
    return out


def _line(x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "pts": [(x0, top), (x1, bottom)],
    }  # fmt: skip


def _words(result):
    words = getattr(result, "word_results", None) or ()
    return words if len(words) == len(result.txts or ()) else [()] * len(result.txts or ())


def _characters(quad, text: str, score: float, words, scale: float):
    """(character, box in points, font size in points, confidence) of one recognised text box. Each character is as wide as such
    a glyph usually is (a CJK character one em, the line's height; others half), centred where the
    recogniser placed it and clipped halfway to its neighbours: text set close stays one word, cells set
    apart keep their gap (30 30 is not 3030)."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    flat = []
    for t, conf, q in words:  # a word of several characters (30, 2022) shares its own box by widths
        flat += _spread(t, conf, min(p[0] for p in q), max(p[0] for p in q))
    if "".join(c for c, _, _ in flat) != "".join(text.split()):
        flat = _spread(text, score, x0, x1)  # no usable character positions: share the box by widths
    flat = _per_mille(flat)
    text = THOUSANDS_COMMA.sub(",", "".join(c for c, _, _ in flat))
    centres = [c for _, _, c in flat]
    halfway = [x0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [x1]
    em = _em_size(text, centres, bottom - top)  # the font size: the box's padding is none of it
    for k, (ch, (_, conf, centre)) in enumerate(zip(text, flat)):
        if ch.isspace():
            continue
        half = _em(ch) * em / 2
        left, right = max(halfway[k], centre - half), min(halfway[k + 1], centre + half)
        box = (left * scale, top * scale, right * scale, bottom * scale)
        yield ch, box, em * scale, min(float(conf), 1.0)


def _per_mille(flat: list) -> list:
    """‰ read as two characters (%o, %0) after a figure made one again, placed between them."""
    text = "".join(c for c, _, _ in flat)
    for m in reversed(list(PER_MILLE.finditer(text))):
        (_, a, x), (_, b, y) = flat[m.start()], flat[m.start() + 1]
        flat = [*flat[: m.start()], ("‰", min(a, b), (x + y) / 2), *flat[m.end() :]]
    return flat


def _em_size(text: str, centres: list[float], height: float) -> float:
    """The font size of a recognised box: its height, or less when its characters sit closer (a detected
    box is padded around its text): the median distance of neighbours, in ems."""
    pitches = sorted((b - a) / ((_em(p) + _em(q)) / 2) for p, q, a, b in zip(text, text[1:], centres, centres[1:]))
    return min(height, pitches[len(pitches) // 2]) if pitches else height


def _em(ch: str) -> float:
    """A glyph's usual width in ems: CJK characters and full-width forms one, the rest (digits, Latin) half."""
    return 1.0 if ord(ch) > 0x2E7F else 0.55


def _spread(text: str, score: float, x0: float, x1: float) -> list[tuple[str, float, float]]:
    """Characters placed by their usual widths (a CJK character one em, the rest half)."""
    widths = [_em(c) for c in text]
    unit = (x1 - x0) / (sum(widths) or 1)
    out, at = [], x0
    for c, w in zip(text, widths):
        out.append((c, score, at + w * unit / 2))
        at += w * unit
    return out


def _char(text: str, box: Box, size: float) -> dict:
    x0, top, x1, bottom = box
    return {
        "object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "size": size, "fontname": "ocr", "upright": True,
    }  # fmt: skip


class Scanner:
    """Decides which pages of one PDF are recognised, and recognises them (rendered with pypdfium2)."""

    def __init__(self, path: Path, mode: str = "auto", password: str = "", pages: int = 0):
        if mode not in MODES:
            raise ValueError(f"unknown --ocr mode {mode!r}; known: {', '.join(MODES)}")
        self.path, self.mode, self.password, self.pages = path, mode, password, pages
        self.recognised: dict[int, list[tuple[Box, float]]] = {}
        self.unrecognised: list[int] = []  # pages that needed recognition without the extra installed
        self.turns: dict[int, tuple] = {}  # page → how it was turned level (deskew.turn_back)
        self._pdf = None

    def wants(self, number: int, chars: list[dict]) -> bool:
        if self.mode == "never":
            return False
        if self.mode == "always":
            return True
        usable = 0
        for c in chars:  # counted only until the page has a usable text layer
            t = c["text"]
            if not t.isspace() and not t.startswith("(cid:"):
                usable += 1
                if usable >= MIN_TEXT_CHARS:
                    return False
        return self._image_share(number) >= MIN_IMAGE_SHARE

    def sheet(self, number: int) -> Sheet | None:
        """Page `number` recognised; None when the extra is missing (the page is remembered)."""
        try:
            engine()
        except ReadError:
            if self.mode == "always":
                raise ReadError(str(self.path), "ocr_missing") from None
            self.unrecognised.append(number)
            return None
        report_pages(self.pages, recognised=len(self.recognised) + 1)
        page = self._document()[number - 1]
        try:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            width, height = page.get_size()
        finally:
            page.close()
        sheet, confidences = recognise(image, 72 / DPI)
        sheet.width, sheet.height = float(width), float(height)
        sheet.bbox = (0.0, 0.0, sheet.width, sheet.height)
        self.recognised[number] = confidences
        self.turns[number] = sheet.turn
        return sheet

    def finish(self, doc) -> None:
        """Hand the recognised characters to the Document; say which pages could not be recognised."""
        doc.recognised = self.recognised
        turn_back(doc, self.turns)
        if self.unrecognised:
            pages = "、".join(map(str, self.unrecognised)), ", ".join(map(str, self.unrecognised))
            doc.read_notes.append(("ocr_missing", (f"第 {pages[0]} 页", f"pages {pages[1]}")))

    def no_text_error(self, pages: int) -> ReadError:
        """Why a PDF without any text could not be read: no text layer, or no recogniser for its scans."""
        code = "ocr_missing" if self.unrecognised else "no_text"
        return ReadError(str(self.path), code, (f"共 {pages} 页", f"{pages} pages"))

    def _document(self):
        if self._pdf is None:
            import pypdfium2 as pdfium

            self._pdf = pdfium.PdfDocument(str(self.path), password=self.password or None)
        return self._pdf

    def _image_share(self, number: int) -> float:
        """The share of the page its image objects cover (their boxes' union, bounded by their sum)."""
        import pypdfium2.raw as raw

        page = self._document()[number - 1]
        try:
            width, height = page.get_size()
            area = 0.0
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
                left, bottom, right, top = obj.get_bounds()
                area += max(0.0, min(right, width) - max(left, 0)) * max(0.0, min(top, height) - max(bottom, 0))
        finally:
            page.close()
        return min(1.0, area / (width * height)) if width and height else 0.0

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def read_image(path: Path, ocr: str = "auto", limits=None):
    """A scanned page saved as an image (.png, .jpg, .tif; every frame of a multi-page TIFF) → Document."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if ocr == "never":
        raise ReadError(str(path), "image_never")
    try:
        engine()
    except ReadError:
        raise ReadError(str(path), "ocr_missing") from None
    sheets, recognised = [], {}
    try:
        with Image.open(path) as img:
            frames = list(ImageSequence.Iterator(img))
            report_pages(len(frames), recognised=len(frames))
            for number, frame in enumerate(frames, start=1):
                dpi = _dpi(frame)
                sheet, confidences = recognise(frame, 72 / dpi)
                sheets.append(sheet)
                recognised[number] = confidences
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise ReadError(str(path), "damaged_image", type(e).__name__) from None
    return document_of_sheets(path, sheets, recognised)


def _dpi(frame) -> float:
    """The image's own resolution; without one, the width of an A4 page (595 pt) is assumed."""
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if not math.isfinite(value) or value < 50:
        return frame.size[0] / (595 / 72)
    return value


def document_of_sheets(path: Path, sheets: list[Sheet], recognised: dict[int, list[tuple[Box, float]]]):
    """Recognised pages → a Document with page-and-box positions, as a PDF's (kind "pdf")."""
    pages, lines, tables = [], [], []
    for number, sheet in enumerate(sheets, start=1):
        pages.append(Page(number, sheet.width, sheet.height))
        page_lines, page_tables, _, _ = read_sheet(number, sheet)
        lines.extend(page_lines)
        tables.extend(page_tables)
    if not lines and not tables:
        raise ReadError(str(path), "no_text_recognised", (f"共 {len(pages)} 页", f"{len(pages)} pages"))
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    doc = builder.build(str(path), "pdf", pages, tables)
    doc.recognised = recognised
    turn_back(doc, {number: getattr(sheet, "turn", None) for number, sheet in enumerate(sheets, start=1)})
    return doc
