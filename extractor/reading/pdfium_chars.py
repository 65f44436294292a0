"""A pdfium page's characters as dicts with pdfplumber's keys for what the layout reads (text, x0, x1, top,
bottom, size, fontname, upright; pdfium.py reads the file with them).

Glyph boxes are pdfium's loose boxes (advance width × the font's ascent to descent); pdfminer places a
glyph's top at descent + font size, so pdfium's tops sit up to about 1.3 pt higher. A glyph of a font that
is not embedded ends at its advance from the PDF's own widths, as pdfminer ends it.
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2.raw as raw

NON_CHARACTERS = {0xFFFE, 0xFFFF}  # what pdfium reports for a glyph it cannot map at all


class _Unmeasured(Exception):
    """pdfium's text page silently drops a text object whose bounds are empty: one glyph without an
    outline. That is harmless for a blank glyph (a space), but a non-embedded CJK font has no outlines
    in pdfium (it carries the 14 standard Latin fonts only, and no system font is read), so a glyph drawn
    on its own in such a font is lost (万元 would read 元). Such a glyph is read back from the page's
    content stream (lone_glyphs.py); a file where that cannot be done is read by pdfplumber instead,
    whole; so is a file with a rotated page (/Rotate), which pdfminer turns upright and pdfium leaves in
    the unrotated frame."""


# The standard fonts pdfium carries outlines for: an empty text object in one of them is a blank glyph.


class _Flip:
    """PDF user space (origin bottom left) → page space (origin top left of the media box)."""

    def __init__(self, left: float, top: float, height: float):
        self.left, self.top, self.height = left, top, height

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x - self.left, self.top - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return x0 - self.left, self.top - max(y0, y1), x1 - self.left, self.top - min(y0, y1)


class _Glyphs:
    """A page's characters as dicts, in the text page's order, and where each came from."""

    def __init__(self, tp, flip: _Flip):
        self.tp, self.flip = tp, flip
        self.objects: dict[int, _TextObject] = {}
        self.fonts: dict[int, _Font] = {}
        self.placed: list[tuple[int, int]] = []  # (text object address, text page index) of each character
        # the text objects the text page read a mapped, non-blank glyph of: none of them was dropped
        self.read_objects: set[int] = set()
        self.chars = self._read()

    def _read(self) -> list[dict]:
        tp, objects, fonts, placed, read = self.tp, self.objects, self.fonts, self.placed, self.read_objects
        tp_address = ctypes.cast(tp, ctypes.c_void_p).value
        rect = raw.FS_RECTF()
        rect_address, box = ctypes.addressof(rect), memoryview(rect).cast("B").cast("f")  # left, top, right, bottom
        scratch = _Scratch()
        count = raw.FPDFText_CountChars(tp)
        drawn = _drawn_text(tp, count)
        left, page_top = self.flip.left, self.flip.top
        out = []
        last = None  # the text object of the glyph before: most glyphs share their neighbour's
        for i in range(count):
            # pdfium's inferred spaces and line breaks are blanks: only a blank need be asked about
            shown = drawn[i] if drawn is not None else " "
            if shown.isspace() and raw.FPDFText_IsGenerated(tp, i):
                continue
            if " " < shown != "\ufffd":
                code, text = ord(shown), shown
            else:
                code = raw.FPDFText_GetUnicode(tp, i)
                text = chr(code)
            unmapped = code in NON_CHARACTERS or _unicode_map_error(tp_address, i) == 1
            if unmapped:
                text = f"(cid:{code})"  # as pdfminer names a glyph without a Unicode mapping
            _loose_char_box(tp_address, i, rect_address)
            x0, y0, x1, y1 = box
            x0, x1 = x0 - left, x1 - left
            top, bottom = (page_top - y0, page_top - y1) if y0 >= y1 else (page_top - y1, page_top - y0)
            key = _text_object_address(tp_address, i) or 0
            if key != last:
                obj = objects.get(key) or objects.setdefault(key, _TextObject(tp_address, i, key, fonts, scratch))
                last, size, fontname, upright, scale = key, obj.size, obj.font.name, obj.upright, obj.scale
                advance, nominal = obj.font.advance, obj.nominal
            if scale and not unmapped:
                x1 = x0 + advance(code, nominal) * scale
            placed.append((key, i))
            if not unmapped and not text.isspace():
                read.add(key)
            out.append({
                "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
                "fontname": fontname, "upright": upright,
            })  # fmt: skip
        return out

    def restore(self, texts: list[tuple], shown: list[tuple[object, str]]) -> None:
        """Put back the glyphs of the text objects the text page dropped (`texts`: the page's text objects in
        order, each with whether it was dropped), from the page's shown strings; raises _Unmeasured unless
        those line up with pdfium's text objects and agree with every string pdfium read itself."""
        drawn: dict[int, str] = {}
        last: dict[int, int] = {}
        for k, (c, (key, _)) in enumerate(zip(self.chars, self.placed)):
            drawn[key] = drawn.get(key, "") + c["text"]
            last[key] = k
        if len(shown) != len(texts):
            raise _Unmeasured()
        after, inserted = -1, []
        for (obj, lone), (_, text) in zip(texts, shown):
            address = ctypes.cast(obj, ctypes.c_void_p).value or 0
            seen = drawn.get(address)
            if seen and "(cid:" not in seen and seen != text:
                raise _Unmeasured()  # the shown strings are not pdfium's text objects
            after = last.get(address, after)
            if lone:
                inserted.append((after, self._lone(obj, text)))
        for after, char in reversed(inserted):  # later positions first: earlier ones stay valid
            self.chars.insert(after + 1, char)

    def _lone(self, obj, text: str) -> dict:
        """The character of a dropped text object: its origin, font size and font from pdfium, its advance
        from the PDF's widths, its height as pdfium's own glyphs of that font have it."""
        m, nominal = raw.FS_MATRIX(), ctypes.c_float()
        if len(text) != 1 or not raw.FPDFPageObj_GetMatrix(obj, m) or not raw.FPDFTextObj_GetFontSize(obj, nominal):
            raise _Unmeasured()
        if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0:
            raise _Unmeasured()  # rotated or mirrored: not measured here
        font = self._font(raw.FPDFTextObj_GetFont(obj))
        scale, size = math.hypot(m.a, m.b), nominal.value
        above, below = self._extent(font)
        x0, baseline = self.flip.point(m.e, m.f)
        x1 = x0 + font.advance(ord(text), size) * scale
        top, bottom = baseline - above * size * scale, baseline + below * size * scale
        return {
            "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size, "fontname": font.name,
            "upright": True,
        }  # fmt: skip

    def _font(self, handle) -> _Font:
        address = ctypes.cast(handle, ctypes.c_void_p).value or 0
        return self.fonts.get(address) or self.fonts.setdefault(address, _Font(handle))

    def _extent(self, font: _Font) -> tuple[float, float]:
        """How far a glyph's box reaches above and below its baseline, per unit of font size: as pdfium's
        box of another glyph of the font on the page has it, else from the font's ascent and descent."""
        x, y = ctypes.c_double(), ctypes.c_double()
        for c, (key, i) in zip(self.chars, self.placed):
            obj = self.objects.get(key)
            if obj and obj.font is font and obj.nominal and raw.FPDFText_GetCharOrigin(self.tp, i, x, y):
                _, baseline = self.flip.point(x.value, y.value)
                unit = obj.nominal * obj.scale
                return (baseline - c["top"]) / unit, (c["bottom"] - baseline) / unit
        ascent, descent = ctypes.c_float(), ctypes.c_float()
        raw.FPDFFont_GetAscent(font.font, 1.0, ascent)
        raw.FPDFFont_GetDescent(font.font, 1.0, descent)
        return ascent.value, -descent.value


def _drawn_text(tp, count: int) -> str | None:
    """The page's characters in one call (one code point per index), or None when they do not line up."""
    buf = (ctypes.c_ushort * (2 * count + 1))()
    n = raw.FPDFText_GetText(tp, 0, count, buf)
    text = bytes(memoryview(buf).cast("B")[: max(n - 1, 0) * 2]).decode("utf-16-le", "replace")
    return text if len(text) == count else None


def _fast(function, restype, *argtypes):
    """A pdfium function taking handles and pointers as plain ints (pypdfium2's typed arguments cost more
    than the call itself, for a call made once per glyph or per text object)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


P, N = ctypes.c_void_p, ctypes.c_int
# per glyph: its text object's address (a cheap cache key), whether its Unicode is unknown, its box
_text_object_address = _fast(raw.FPDFText_GetTextObject, P, P, N)
_unicode_map_error = _fast(raw.FPDFText_HasUnicodeMapError, N, P, N)
_loose_char_box = _fast(raw.FPDFText_GetLooseCharBox, N, P, N, P)
_font_address = _fast(raw.FPDFTextObj_GetFont, P, P)


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
    its scale from text space to page space (0: the glyph boxes are pdfium's own). `key` is the object's
    address, `tp` the text page's; `scratch` holds the matrix and size pdfium writes into."""

    def __init__(self, tp: int, i: int, key: int, fonts: dict[int, _Font], scratch: _Scratch):
        address = (_font_address(key) or 0) if key else 0
        if address not in fonts:
            fonts[address] = _Font(raw.FPDFTextObj_GetFont(ctypes.cast(key, raw.FPDF_PAGEOBJECT)) if address else None)
        self.font = fonts[address]
        m = scratch.matrix  # a, b, c, d, e, f
        matrix = bool(key) and _object_matrix(key, scratch.matrix_address)
        self.upright = not matrix or (abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0)
        self.size = _char_font_size(tp, i)
        self.scale, self.nominal = 0.0, 0.0
        if self.font.measured and _object_font_size(key, scratch.size_address):
            placed = _char_matrix(tp, i, scratch.matrix_address)  # the glyph's text space → page space
            self.nominal, self.scale = scratch.size[0], (math.hypot(m[0], m[1]) if placed else 1.0)


class _Scratch:
    """A matrix and a float for pdfium to write into, readable as Python floats."""

    def __init__(self):
        self.matrix_struct, self.size_struct = raw.FS_MATRIX(), ctypes.c_float()
        self.matrix_address, self.size_address = (
            ctypes.addressof(self.matrix_struct),
            ctypes.addressof(self.size_struct),
        )
        self.matrix = memoryview(self.matrix_struct).cast("B").cast("f")
        self.size = memoryview(self.size_struct).cast("B").cast("f")


_object_matrix = _fast(raw.FPDFPageObj_GetMatrix, N, P, P)
_object_font_size = _fast(raw.FPDFTextObj_GetFontSize, N, P, P)
_char_font_size = _fast(raw.FPDFText_GetFontSize, ctypes.c_double, P, N)
_char_matrix = _fast(raw.FPDFText_GetMatrix, N, P, N, P)


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
