"""Evidence crops: the part of a PDF page around a finding's evidence, rendered from the PDF itself.

Each finding gets one picture per page (per stretch of a page, when its boxes lie far apart): the full
width of the text around the boxes and a few lines above and below, at `DPI`. Each evidence box is
outlined (a stroke just outside it, so the figure stays untouched) and numbered as in the list of quotes;
the rest of the picture is veiled lightly. Pages are rendered by pdfium with its built-in fonts only
(`builtin_fonts_only`): a font the PDF embeds is drawn as printed; a font it does not embed is drawn with
pdfium's built-in Latin substitutes (Foxit Sans/Serif for the 14 standard fonts, a generic Latin face for
others), whatever the machine has installed, so Chinese in a PDF without embedded Chinese fonts does not
appear in the picture; `Crop.missing_fonts` names those fonts so the page can say so.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
from contextlib import contextmanager
from dataclasses import dataclass, field

from .pagespace import to_user_space

DPI = 150
CONTEXT_PT = 30.0  # about two lines of body text above and below the evidence
SPLIT_GAP_PT = 160.0  # boxes further apart than this on one page get pictures of their own
OUTLINE_GAP_PT = 1.5  # the outline runs this far outside the box, clear of the glyphs
SNAP_PT = 14.0  # the picture's edge moves at most this far to fall between two lines of text
MARGIN_PT = 8.0  # white kept around the text block
INK_LEVEL = 200  # a grey darker than this is ink (for finding the text block's width)
VEIL = (255, 255, 255, 90)  # over what is not evidence: context stays readable, the evidence stands out
MAX_PAGES = 60  # pages rendered per file at most
COLOURS = {"error": (200, 30, 30), "warning": (215, 120, 0), "info": (40, 100, 200)}
STANDARD_FONTS = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats", "Arial", "TimesNewRoman", "CourierNew"}


@dataclass
class Crop:
    page: int
    image: bytes  # PNG
    width_pt: float
    height_pt: float
    marks: list[int] = field(default_factory=list)  # the evidence numbers drawn in it
    region: tuple[int, int, int, int] = (0, 0, 0, 0)  # where it was cut from the page rendered at DPI
    missing_fonts: list[str] = field(default_factory=list)  # fonts of the page the PDF does not embed

    @property
    def key(self) -> str:  # identical pictures are embedded once
        return hashlib.sha1(self.image).hexdigest()[:12]


@contextmanager
def builtin_fonts_only():
    """pdfium without the machine's fonts while rendering: pictures depend on the PDF alone. pdfium keeps
    its font source per process; the default one (the system's font folders) is put back afterwards."""
    import pypdfium2.raw as pdfium_c

    pdfium_c.FPDF_SetSystemFontInfo(None)
    try:
        yield
    finally:
        pdfium_c.FPDF_SetSystemFontInfo(pdfium_c.FPDF_GetDefaultSystemFontInfo())


def evidence_marks(finding: dict) -> list[tuple[int, dict]]:
    """The finding's evidence as numbered in the page's list of quotes: one number per distinct place."""
    out, seen = [], {}
    for e in finding["evidence"]:
        key = (e["page"], e.get("line"), tuple(e["bbox"] or ()), e["quote"])
        if key not in seen:
            seen[key] = len(out) + 1
            out.append((seen[key], e))
    return out


def file_crops(path: str, findings: list[dict], password: str = "") -> dict[int, list[Crop]]:
    """Finding index → its pictures, for the findings of one PDF. A PDF that cannot be opened gives none."""
    import pypdfium2 as pdfium

    wanted: dict[int, list[tuple[int, list]]] = {}  # page → [(finding index, [(mark, box)])]
    for i, f in enumerate(findings):
        by_page: dict[int, list] = {}
        for mark, e in evidence_marks(f):
            if e.get("bbox") and not e.get("line"):
                by_page.setdefault(e["page"], []).append((mark, e["bbox"]))
        for page_no, boxes in by_page.items():
            wanted.setdefault(page_no, []).append((i, boxes))
    out: dict[int, list[Crop]] = {}
    try:
        pdf = pdfium.PdfDocument(path, password=password or None)
    except Exception:  # noqa: BLE001 - no pictures for a file that no longer opens; the findings stay
        return out
    with builtin_fonts_only():
        try:
            for page_no in sorted(wanted)[:MAX_PAGES]:
                if not 1 <= page_no <= len(pdf):
                    continue
                page = pdf[page_no - 1]
                rendered = _PageImage(page)
                for i, boxes in wanted[page_no]:
                    colour = COLOURS.get(findings[i]["severity"], (90, 90, 90))
                    for group in _groups(boxes):
                        out.setdefault(i, []).append(rendered.crop(page_no, group, colour))
                page.close()
        finally:
            pdf.close()
    return out


def _groups(boxes: list) -> list[list]:
    """Boxes of one page in runs whose vertical gaps stay under SPLIT_GAP_PT."""
    runs: list[list] = []
    for mark, box in sorted(boxes, key=lambda mb: mb[1][1]):
        if runs and box[1] - max(b[3] for _m, b in runs[-1]) <= SPLIT_GAP_PT:
            runs[-1].append((mark, box))
        else:
            runs.append([(mark, box)])
    return runs


class _PageImage:
    """One page rendered once at DPI; evidence boxes mapped to its pixels by pdfium itself."""

    def __init__(self, page):
        self.page = page
        self.scale = DPI / 72
        self.image = page.render(scale=self.scale, draw_annots=True).to_pil().convert("RGB")
        self.mediabox = page.get_mediabox()
        self.rotation = page.get_rotation()
        self.missing_fonts = _missing_fonts(page)
        self.gray = self.image.convert("L")

    def pixels(self, box) -> tuple[int, int, int, int]:
        import pypdfium2.raw as pdfium_c

        left, bottom, right, top = to_user_space(tuple(box), self.mediabox, self.rotation)
        xs, ys = [], []
        for ux, uy in ((left, bottom), (right, top)):
            dx, dy = ctypes.c_int(), ctypes.c_int()
            w, h = self.image.size
            pdfium_c.FPDF_PageToDevice(self.page.raw, 0, 0, w, h, 0, ux, uy, dx, dy)
            xs.append(dx.value)
            ys.append(dy.value)
        return min(xs), min(ys), max(xs), max(ys)

    def _blank_row(self, row: int, step: int, left: int, right: int) -> int:
        """The nearest row from `row` (going `step`, at most SNAP_PT) with no ink between `left` and `right`,
        so that no line of text is cut in half."""
        from PIL import Image

        reach = round(SNAP_PT * self.scale)
        lo, hi = (max(0, row - reach), row + 1) if step < 0 else (row, min(self.image.height, row + reach + 1))
        strip = self.gray.crop((left, lo, right, hi)).point(lambda v: 255 if v < INK_LEVEL else 0)
        inked = strip.resize((1, hi - lo), Image.Resampling.BOX).tobytes()  # per row: any ink at all
        rows = range(row - lo, -1, -1) if step < 0 else range(0, hi - lo)
        return next((lo + r for r in rows if inked[r] == 0), row)

    def crop(self, page_no: int, marks_boxes: list, colour) -> Crop:
        from PIL import Image, ImageDraw

        px = {mark: self.pixels(box) for mark, box in marks_boxes}
        gap = round(OUTLINE_GAP_PT * self.scale)
        left, top = min(b[0] for b in px.values()), min(b[1] for b in px.values())
        right, bottom = max(b[2] for b in px.values()), max(b[3] for b in px.values())
        context, margin = round(CONTEXT_PT * self.scale), round(MARGIN_PT * self.scale)
        band_top, band_bottom = max(0, top - context), min(self.image.height - 1, bottom + context)
        ink = self.gray.crop((0, band_top, self.image.width, band_bottom)).point(lambda v: 255 if v < INK_LEVEL else 0)
        ink_box = ink.getbbox()
        if ink_box:  # the text block's width around the evidence
            left, right = min(left, ink_box[0]), max(right, ink_box[2])
        left, right = max(0, left - margin), min(self.image.width, right + margin)
        band_top = self._blank_row(band_top, -1, left, right)
        band_bottom = self._blank_row(band_bottom, +1, left, right)
        region = (left, band_top, right, band_bottom + 1)
        pic = self.image.crop(region).convert("RGBA")
        veil = Image.new("RGBA", pic.size, VEIL)
        draw = ImageDraw.Draw(veil)
        shifted = {m: (b[0] - region[0], b[1] - region[1], b[2] - region[0], b[3] - region[1]) for m, b in px.items()}
        for b in shifted.values():
            draw.rectangle((b[0] - gap, b[1] - gap, b[2] + gap, b[3] + gap), fill=(0, 0, 0, 0))
        pic = Image.alpha_composite(pic, veil)
        _outline(pic, shifted, colour, gap, numbered=len(shifted) > 1)
        return Crop(
            page=page_no,
            image=_png(pic),
            width_pt=pic.width / self.scale,
            height_pt=pic.height / self.scale,
            marks=sorted(px),
            region=region,
            missing_fonts=self.missing_fonts,
        )


def _outline(pic, boxes: dict, colour, gap: int, numbered: bool) -> None:
    """A stroke around each box, outside it; with several boxes, each one's number on a tag above it."""
    from PIL import ImageDraw, ImageFont

    draw = ImageDraw.Draw(pic)
    width = max(2, gap)
    font = ImageFont.load_default(size=max(11, 2 * gap * 3))
    for mark, b in boxes.items():
        outer = (b[0] - gap - width, b[1] - gap - width, b[2] + gap + width, b[3] + gap + width)
        draw.rectangle(outer, outline=(*colour, 255), width=width)
        if numbered:
            label = str(mark)
            tl, tt, tr, tb = draw.textbbox((0, 0), label, font=font)
            w, h = tr - tl + 6, tb - tt + 4
            x, y = outer[0], outer[1] - h if outer[1] - h >= 0 else outer[3]
            draw.rectangle((x, y, x + w, y + h), fill=(*colour, 255))
            draw.text((x + 3 - tl, y + 2 - tt), label, fill=(255, 255, 255, 255), font=font)


def _png(pic) -> bytes:
    """A small PNG: text pictures need few colours."""
    from PIL import Image

    buf = io.BytesIO()
    pic.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buf, format="PNG"
    )
    return buf.getvalue()


def _missing_fonts(page) -> list[str]:
    """Names of the fonts the page's text uses that the PDF does not embed (beyond the standard 14)."""
    import pypdfium2.raw as pdfium_c

    names = set()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
            continue
        buf = ctypes.create_string_buffer(128)
        n = pdfium_c.FPDFFont_GetBaseFontName(font, buf, len(buf))
        name = buf.value.decode("latin-1") if n else "?"
        if name.split("-")[0].split(",")[0].replace(" ", "") not in STANDARD_FONTS:
            names.add(name)
    return sorted(names)
