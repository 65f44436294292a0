"""The strings a page shows, read from its content stream: how the pdfium reader gets back a glyph its text
page dropped.

pdfium's text page leaves out a text object whose bounds are empty. A font that is not embedded has no
outlines in pdfium (no system font is read), so a text object drawing one glyph of it (the 万 of 万元 drawn
on its own) has empty bounds and is lost, and pdfium's API gives no way to ask such an object for its
character codes. Its position, size and font pdfium does give. This module reads the page's content
stream (through pdfminer's object parser, which pdfplumber brings) and lists its text-showing operators
in order, each with its font's resource and its string decoded as pdfminer decodes it; pdfium makes one
text object per such operator, so the k-th shown string belongs to the page's k-th text object. The
reader uses that only when every string pdfium itself read agrees with it (pdfium.py).
"""

from __future__ import annotations

import re
from pathlib import Path

SHOW = {b"Tj", b"'", b'"', b"TJ"}  # the text-showing operators: one pdfium text object each

# One token of a content stream, after whatever this reading passes over: numbers, whitespace, comments,
# dictionary brackets and every operator but the ones it follows (a skipped operator is named in the `past`
# group: it ends its operands, strings included). The token: a literal string without nested parentheses, a
# hex string, a name, an operator it follows, the opening of a nested literal string, an array bracket; or
# nothing at the end of the stream. Skipping in the same match saves a Python step per path operator.
_FOLLOWED = rb"(?:Tj|TJ|Tf|q|Q|ID)(?![A-Za-z0-9'\"*])|['\"]"
_TOKEN = re.compile(
    rb"(?:[\s+\-.0-9{}]+|%[^\r\n]*|<<|>>|(?P<past>(?!" + _FOLLOWED + rb")[A-Za-z*][A-Za-z0-9'\"*]*))*"
    rb"(?:(?P<lit>\((?:[^()\\]+|\\.)*\))|(?P<hex><[0-9A-Fa-f\s]*>)|(?P<name>/[^\s()<>\[\]{}/%]*)"
    rb"|(?P<op>[A-Za-z'\"*][A-Za-z0-9'\"*]*)|(?P<open>\()|(?P<arr>[\[\]])|\Z)",
    re.S,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}
_INLINE_IMAGE_END = re.compile(rb"\sEI(?=[\s]|$)")


class Unreadable(Exception):
    """The content stream holds something this reading does not follow."""


class ShownStrings:
    """A PDF's pages' shown strings, the document parsed by pdfminer on first use only."""

    def __init__(self, path: Path, password: str = ""):
        self.path, self.password = path, password
        self.pages: list | None = None
        self.file = self.manager = None
        self.own_maps = False
        self.names: dict[int, tuple[object, dict[int, str]]] = {}  # a font's glyphs' texts, as they are met

    def of_page(self, index: int) -> list[tuple[object, str]]:
        """The page's text-showing operators in order: (font resource, decoded text); raises Unreadable."""
        from pdfminer.pdftypes import resolve1

        page = self._page(index)
        fonts = _fonts(resolve1(page.resources.get("Font")) or {}, self.manager)
        data = b"".join(resolve1(s).get_data() for s in page.contents)
        out = []
        for name, raw in shown(data):
            font = fonts.get(name)
            if font is None:
                raise Unreadable(f"no font {name!r}")
            _, names = self.names.setdefault(id(font), (font, {}))  # the font held: its id stays its own
            out.append((font, "".join([names.get(c) or names.setdefault(c, _text(font, c)) for c in font.decode(raw)])))
        return out

    def _page(self, index: int):
        if self.pages is None:
            from pdfminer.cmapdb import CMapDB
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfinterp import PDFResourceManager
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self.own_maps = not _loaded_maps(CMapDB)  # none preloaded: the maps loaded now are this file's
            self.file = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            document = PDFDocument(PDFParser(self.file), password=self.password)
            self.pages = list(PDFPage.create_pages(document))
            self.manager = PDFResourceManager()
        if index >= len(self.pages):
            raise Unreadable("page not found")
        return self.pages[index]

    def close(self) -> None:
        """The file closed, and the character maps its fonts loaded let go (about 10 MiB for the Adobe-GB1
        ones) unless they were there before: a worker reading one file needs them no longer."""
        if self.file is not None:
            self.file.close()
        if self.own_maps:
            from pdfminer.cmapdb import CMapDB

            for cache in _loaded_maps(CMapDB):
                cache.clear()


def _loaded_maps(db) -> list[dict]:
    """pdfminer's caches of the character maps it has loaded, those that hold any."""
    return [
        c for c in (getattr(db, "_cmap_cache", None), getattr(db, "_umap_cache", None)) if isinstance(c, dict) and c
    ]


def _fonts(specs: dict, manager) -> dict:
    """A page's font resources as pdfminer fonts, by resource name (the manager keeps the document's fonts
    by object number: a font shared by many pages is built once)."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    fonts = {}
    for name, spec in specs.items():
        objid = spec.objid if isinstance(spec, PDFObjRef) else None
        fonts[name] = manager.get_font(objid, resolve1(spec))
    return fonts


def _text(font, cid: int) -> str:
    """A glyph's text as pdfminer (and so pdfplumber) names it."""
    from pdfminer.pdffont import PDFUnicodeNotDefined

    try:
        return font.to_unichr(cid)
    except PDFUnicodeNotDefined:
        return f"(cid:{cid})"


def shown(data: bytes) -> list[tuple[str, bytes]]:
    """A content stream's text-showing operators in order: (font resource name, the string's bytes)."""
    out: list[tuple[str, bytes]] = []
    strings: list[bytes] = []
    fonts = [""]  # the font is part of the graphics state: q saves it, Q restores it
    name, pos, end = "", 0, len(data)
    while pos < end:
        m = _TOKEN.match(data, pos)
        if m is None or m.end() == pos:
            raise Unreadable(f"unexpected byte at {pos}")
        pos, kind = m.end(), m.lastgroup
        if m.group("past") is not None:  # an operator passed over ends the operands before it
            strings = []
        if kind == "past":
            continue
        if kind == "lit":
            strings.append(_unescape(m.group(kind)[1:-1]))
        elif kind == "hex":
            digits = re.sub(rb"\s", b"", m.group(kind)[1:-1])
            strings.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        elif kind == "open":
            raw, pos = _nested(data, m.start(kind))
            strings.append(_unescape(raw))
        elif kind == "name":
            name = m.group(kind)[1:].decode("latin-1")
        elif kind == "op":
            op = m.group(kind)
            if op in SHOW:
                joined = b"".join(strings)
                if joined:  # pdfium makes no object for an empty string
                    out.append((fonts[-1], joined))
            elif op == b"Tf":
                fonts[-1] = name
            elif op == b"q":
                fonts.append(fonts[-1])
            elif op == b"Q" and len(fonts) > 1:
                fonts.pop()
            elif op == b"ID":
                pos = _skip_inline_image(data, pos)
            strings = []
    return out


def _unescape(body: bytes) -> bytes:
    if b"\\" not in body:
        return body
    parts = _ESCAPE.split(body)  # text, escape, text, escape, ..., text
    parts[1::2] = map(_UNESCAPED.__getitem__, parts[1::2])
    return b"".join(parts)


def _escaped(code: bytes) -> bytes:
    if code[:1].isdigit() and code[:1] < b"8":
        return bytes([int(code, 8) & 0xFF])
    return _ESCAPES.get(code, code)


# every escape _ESCAPE can match, its byte(s): a lookup instead of a call per escape
_UNESCAPED = {
    code: _escaped(code)
    for code in [bytes([b]) for b in range(256)]
    + [f"{n:o}".zfill(w).encode() for w in (1, 2, 3) for n in range(8**w)]
    + [b"\r\n"]
}


def _nested(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string with balanced parentheses inside: its body and the position after it."""
    depth, k = 0, start
    while k < len(data):
        ch = data[k]
        if ch == 0x5C:  # backslash: the next byte is escaped
            k += 2
            continue
        depth += (ch == 0x28) - (ch == 0x29)
        k += 1
        if depth == 0:
            return data[start + 1 : k - 1], k
    raise Unreadable("unterminated string")


def _skip_inline_image(data: bytes, pos: int) -> int:
    m = _INLINE_IMAGE_END.search(data, pos)
    if m is None:
        raise Unreadable("inline image without EI")
    return m.end()
