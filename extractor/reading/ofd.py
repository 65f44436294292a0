"""OFD (GB/T 33190, China's own fixed-layout format, in which many government systems publish) → Document,
through the same page layout as a PDF (layout.py).

An OFD file is a zip of XML parts: OFD.xml names the document (DocRoot); its Document.xml lists the pages
(and the template pages they draw first, where headers and footers usually are). A page's TextObjects
carry Unicode text, so no font has to be decoded: each TextCode places its first glyph at X, Y (the
baseline) from the object's Boundary, the next ones DeltaX apart ("g 3 4.2": three gaps of 4.2), all in
millimetres, through the object's CTM. Glyph boxes are taken as ASCENT above and DESCENT below the baseline
(the usual proportions of CJK fonts: the layout's tolerances absorb the difference). PathObjects'
AbbreviatedData give the rules the table finder needs. Turned text (a seal's, a watermark's) and images
are not read; a document type declaration is refused (entities are how XML is made to expand).
"""

from __future__ import annotations

import math
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..document import Page, Table, TextBuilder
from ..limits import Limits, check, report_pages
from ..reflow import Line, join_lines, paragraph_breaks, split_furniture
from .errors import ReadError
from .layout import Sheet, read_sheet
from .pdfium_paths import classify_path

NS = "{http://www.ofdspec.org/2016}"
MM = 72 / 25.4  # points per millimetre: the layout's tolerances are in points
ASCENT, DESCENT = 0.88, 0.12  # of the font size, above and below the baseline
A4 = (0.0, 0.0, 210.0, 297.0)
PART_MB = 64  # no XML part of a report is larger (a claimed size above it is a damaged or hostile file)
PATH_ARGS = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}  # AbbreviatedData operators, their numbers


class _Package:
    """The zip's XML parts, each read once and bounded."""

    def __init__(self, zf: zipfile.ZipFile, path: Path):
        self.zf, self.path = zf, path
        self.names = {n.lstrip("/"): n for n in zf.namelist()}

    def part(self, base: str, loc: str) -> tuple[ElementTree.Element, str]:
        """The part `loc` names (relative to the folder of `base`, or to the root), parsed, and its name."""
        loc = loc.strip().replace("\\", "/")
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(base), loc)) if not loc.startswith("/") else ""
        name = next((n for n in (inside, loc.lstrip("/")) if n in self.names), None)
        if name is None:
            raise ReadError(str(self.path), "ofd_damaged", f"missing part {loc}")
        info = self.zf.getinfo(self.names[name])
        if info.file_size > PART_MB * 1024 * 1024:
            raise ReadError(str(self.path), "ofd_damaged", f"part {name} of {info.file_size:,} bytes")
        data = self.zf.read(info)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ReadError(str(self.path), "ofd_damaged", f"a document type declaration in {name}")
        try:
            return ElementTree.fromstring(data), name
        except ElementTree.ParseError as e:
            raise ReadError(str(self.path), "ofd_damaged", f"{name}: {e}") from None


def read_ofd(path: Path, limits: Limits | None = None):
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise ReadError(str(path), "ofd_damaged", type(e).__name__) from None
    try:
        with zf:
            return _read(_Package(zf, path), path, limits)
    except (zipfile.BadZipFile, EOFError, ValueError, KeyError) as e:  # a part that will not inflate, a bad number
        raise ReadError(str(path), "ofd_damaged", f"{type(e).__name__}: {e}") from None


def _read(package: _Package, path: Path, limits: Limits | None):
    root, _ = package.part("", "OFD.xml")
    doc_root = root.findtext(f"{NS}DocBody/{NS}DocRoot")
    if not doc_root:
        raise ReadError(str(path), "ofd_damaged", "no DocRoot in OFD.xml")
    document, doc_name = package.part("", doc_root)
    common = document.find(f"{NS}CommonData")
    default_box = _box(common.findtext(f"{NS}PageArea/{NS}PhysicalBox") if common is not None else None) or A4
    templates = {t.get("ID"): t.get("BaseLoc", "") for t in document.iter(f"{NS}TemplatePage")}
    page_refs = [p.get("BaseLoc", "") for p in document.iter(f"{NS}Page")]
    report_pages(len(page_refs))
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = 0
    for number, loc in enumerate(page_refs, start=1):
        content, name = package.part(doc_name, loc)
        box = _box(content.findtext(f"{NS}Area/{NS}PhysicalBox")) or default_box
        layers = [
            package.part(doc_name, templates[t.get("TemplateID")])[0]
            for t in content.iter(f"{NS}Template")
            if t.get("TemplateID") in templates
        ] + [content]
        chars: list[dict] = []
        rules: tuple[list, list, list] = ([], [], [])
        for layer in layers:
            _objects(layer.find(f"{NS}Content"), (box[0], box[1]), chars, rules, (box[3] - box[1]) * MM)
        check(str(path), limits, "chars_per_page", len(chars), (f"第 {number} 页", f"on page {number}"))
        width, height = (box[2] - box[0]) * MM, (box[3] - box[1]) * MM
        page_lines, page_tables, count, _ = read_sheet(number, Sheet(width, height, chars, *rules))
        pages.append(Page(number, width, height))
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars += count
        check(str(path), limits, "chars_per_file", n_chars)
    if n_chars == 0:
        raise ReadError(str(path), "ofd_no_text", (f"共 {len(pages)} 页", f"{len(pages)} pages"))
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    return builder.build(str(path), "ofd", pages, tables)


def _objects(parent, origin: tuple[float, float], chars: list[dict], rules, height: float) -> None:
    """The text and path objects under `parent` (layers and page blocks, nested), placed on the page."""
    if parent is None:
        return
    for el in parent:
        tag = el.tag.removeprefix(NS)
        if tag in ("Layer", "PageBlock"):
            _objects(el, origin, chars, rules, height)
        elif tag == "TextObject":
            chars.extend(_glyphs(el, origin))
        elif tag == "PathObject":
            _path(el, origin, rules, height)


def _glyphs(el, origin: tuple[float, float]) -> list[dict]:
    """A text object's glyphs as the layout's character dicts, in points, top-down."""
    bx, by, *_ = _box(el.get("Boundary")) or A4
    ctm = _numbers(el.get("CTM")) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    if len(ctm) != 6 or abs(ctm[1]) > 1e-6 or abs(ctm[2]) > 1e-6 or ctm[0] <= 0 or ctm[3] <= 0:
        return []  # turned or mirrored text: not read (see the module's note)
    size, font = float(el.get("Size", "0") or 0), el.get("Font", "")
    out: list[dict] = []
    x = y = 0.0
    for code in el.iter(f"{NS}TextCode"):
        x, y = float(code.get("X", x)), float(code.get("Y", y))
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for k, ch in enumerate(code.text or ""):
            advance = dx[k] if k < len(dx) else size * (1.0 if ord(ch) > 0x2E7F else 0.5)
            left, base = bx - origin[0] + ctm[0] * x + ctm[4], by - origin[1] + ctm[3] * y + ctm[5]
            scaled = size * ctm[3]
            out.append({
                "text": ch, "x0": left * MM, "x1": (left + advance * ctm[0]) * MM,
                "top": (base - ASCENT * scaled) * MM, "bottom": (base + DESCENT * scaled) * MM,
                "size": scaled * MM, "fontname": font, "upright": True,
            })  # fmt: skip
            x, y = x + advance, y + (dy[k] if k < len(dy) else 0.0)
    return out


def _path(el, origin: tuple[float, float], rules, height: float) -> None:
    """A path object's subpaths as the table finder's lines, rects and curves."""
    bx, by, *_ = _box(el.get("Boundary")) or A4
    ctm = _numbers(el.get("CTM")) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    if len(ctm) != 6:
        return
    tokens = (el.findtext(f"{NS}AbbreviatedData") or "").split()
    subpaths: list[list] = []
    k = 0
    while k < len(tokens):
        op, k = tokens[k], k + 1
        n = PATH_ARGS.get(op)
        if n is None:
            return  # an operator this reading does not know: the path is left out, not guessed
        values = [float(v) for v in tokens[k : k + n]]
        k += n
        if op == "C":
            if subpaths:
                subpaths[-1][1] = True
            continue
        x, y = values[-2:]
        point = ((bx - origin[0] + ctm[0] * x + ctm[2] * y + ctm[4]) * MM,
                 (by - origin[1] + ctm[1] * x + ctm[3] * y + ctm[5]) * MM)  # fmt: skip
        if op in ("M", "S") or not subpaths:
            subpaths.append([[], False, False])
        subpaths[-1][0].append(point)
        subpaths[-1][2] = subpaths[-1][2] or op in ("Q", "B", "A")
    for points, closed, curved in subpaths:
        if all(math.isfinite(v) for p in points for v in p):
            classify_path(points, closed, curved, height, rules)


def _deltas(value: str | None) -> list[float]:
    """DeltaX / DeltaY: numbers, "g N v" standing for N times v."""
    tokens, out, k = (value or "").split(), [], 0
    while k < len(tokens):
        if tokens[k] == "g" and k + 2 < len(tokens):
            out.extend([float(tokens[k + 2])] * min(int(tokens[k + 1]), 100_000))
            k += 3
        else:
            out.append(float(tokens[k]))
            k += 1
    return out


def _numbers(value: str | None) -> list[float]:
    return [float(v) for v in (value or "").split()]


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    """A Boundary or PhysicalBox ("x y w h") as (x0, y0, x1, y1)."""
    numbers = _numbers(value)
    if len(numbers) != 4:
        return None
    x, y, w, h = numbers
    return x, y, x + w, y + h
