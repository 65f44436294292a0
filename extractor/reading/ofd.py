"""OFD (GB/T 33190, China's own fixed-layout format, in which many government systems publish) → Document,
through the same page layout as a PDF (layout.py).

An OFD file is a zip of XML parts: OFD.xml names the document (DocRoot); its Document.xml lists the pages
(and the template pages they draw first, where headers and footers usually are). A page's TextObjects
carry Unicode text, so no font has to be decoded: each TextCode places its first glyph at X, Y (the
baseline) from the object's Boundary, the next ones DeltaX apart ("g 3 4.2": three gaps of 4.2), all in
millimetres, through the object's CTM. Glyph boxes are taken as ASCENT above and DESCENT below the baseline
(the usual proportions of CJK fonts: the layout's tolerances absorb the difference). PathObjects'
AbbreviatedData give the rules the table finder needs; a CompositeObject draws a composite graphic unit of
the document's resources (a PDF→OFD conversion's text may all be there). Names are read without their
namespace, a part's name without its case. Turned text (a seal's, a watermark's) and images are not read;
an object with a number that is not one is left out; a document type declaration is refused (entities are
how XML is made to expand).
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
from .errors import ReadError, began_outside
from .layout import Sheet, read_sheet
from .pdfium_paths import classify_path, compose, transform
from .xmlparts import parse_xml

MM = 72 / 25.4  # points per millimetre: the layout's tolerances are in points
ASCENT, DESCENT = 0.88, 0.12  # of the font size, above and below the baseline
A4 = (0.0, 0.0, 210.0, 297.0)
LIBRARIES = ("/zipfile", "/zlib", "/bz2", "/lzma", "/xml/")  # a fault raised in these is the file's
PART_MB = 64  # no XML part of a report is larger (a claimed size above it is a damaged or hostile file)
PATH_ARGS = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}  # AbbreviatedData operators, their numbers
MAX_NESTING = 8  # composite objects and page blocks nested deeper are not read
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Package:
    """The zip's XML parts, each read once and bounded, every name in them without its namespace (producers
    write http://www.ofdspec.org/2016, http://www.ofdspec.org or none)."""

    def __init__(self, zf: zipfile.ZipFile, path: Path):
        self.zf, self.path = zf, path
        self.names = {n.lstrip("/"): n for n in zf.namelist()}
        self.folded = {n.lower(): n for n in self.names}  # a BaseLoc may differ from its entry in case

    def part(self, base: str, loc: str) -> tuple[ElementTree.Element, str]:
        """The part `loc` names (relative to the folder of `base`, or to the root), parsed, and its name."""
        loc = loc.strip().replace("\\", "/")
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(base), loc)) if not loc.startswith("/") else ""
        tried = (inside, loc.lstrip("/"))
        name = next((n for n in tried if n in self.names), None) or next(
            (self.folded[n.lower()] for n in tried if n.lower() in self.folded), None
        )
        if name is None:
            raise ReadError(str(self.path), "ofd_damaged", (f"缺少部件 {loc}", f"missing part {loc}"))
        info = self.zf.getinfo(self.names[name])
        if info.file_size > PART_MB * 1024 * 1024:
            raise ReadError(
                str(self.path), "ofd_damaged", (f"部件 {name} 过大", f"part {name} of {info.file_size:,} bytes")
            )
        root = parse_xml(self.zf.read(info), str(self.path), "ofd_damaged", name)
        for el in root.iter():
            el.tag = el.tag.rpartition("}")[2] if isinstance(el.tag, str) else el.tag
        return root, name

    def optional(self, base: str, loc: str | None) -> ElementTree.Element | None:
        """A part that may be missing (a template, a resource file): None then, the pages are still read."""
        if not loc:
            return None
        try:
            return self.part(base, loc)[0]
        except ReadError:
            return None


def read_ofd(path: Path, limits: Limits | None = None):
    try:
        zf = zipfile.ZipFile(path)
    except Exception as e:  # noqa: BLE001 - whatever the zip reader says of a file that is no zip
        raise ReadError(str(path), "ofd_damaged", ("不是 zip 包", f"{type(e).__name__}: {e}")) from None
    try:
        with zf:
            return _read(_Package(zf, path), path, limits)
    except (ReadError, MemoryError):
        raise
    except (EOFError, ValueError, KeyError) as e:  # a bad number, a part cut off
        raise ReadError(str(path), "ofd_damaged", f"{type(e).__name__}: {e}") from None
    except Exception as e:
        if began_outside(e, LIBRARIES):  # a bug of ours: not to pass for a damaged file
            raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
        # a part that will not inflate (zlib), a method or an encryption the zip reader lacks
        raise ReadError(
            str(path), "ofd_damaged", (f"部件无法解压（{type(e).__name__}）", f"{type(e).__name__}: {e}")
        ) from None


def _read(package: _Package, path: Path, limits: Limits | None):
    root, _ = package.part("", "OFD.xml")
    doc_root = root.findtext("DocBody/DocRoot")
    if not doc_root:
        raise ReadError(str(path), "ofd_damaged", ("OFD.xml 未指明文档", "no DocRoot in OFD.xml"))
    document, doc_name = package.part("", doc_root)
    common = document.find("CommonData")
    default_box = _box(common.findtext("PageArea/PhysicalBox") if common is not None else None) or A4
    templates = {t.get("ID"): t.get("BaseLoc", "") for t in document.iter("TemplatePage")}
    units = _composite_units(package, doc_name, common)
    page_refs = [p.get("BaseLoc", "") for p in document.iter("Page")]
    report_pages(len(page_refs))
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = 0
    for number, loc in enumerate(page_refs, start=1):
        content, name = package.part(doc_name, loc)
        box = _box(content.findtext("Area/PhysicalBox")) or default_box
        layers = [package.optional(doc_name, templates.get(t.get("TemplateID"))) for t in content.iter("Template")]
        chars: list[dict] = []
        rules: tuple[list, list, list] = ([], [], [])
        page = (MM, 0.0, 0.0, MM, -box[0] * MM, -box[1] * MM)  # millimetres from the box's corner → points
        for layer in [*layers, content]:
            if layer is not None:
                _objects(layer.find("Content"), page, (chars, rules, units), (box[3] - box[1]) * MM)
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


def _composite_units(package: _Package, doc_name: str, common) -> dict[str, ElementTree.Element]:
    """The document's composite graphic units (what a CompositeObject draws, a PDF→OFD conversion's
    text among them), by ID, from its resource files."""
    units = {}
    for tag in ("PublicRes", "DocumentRes"):
        for loc in common.iter(tag) if common is not None else ():
            res = package.optional(doc_name, loc.text)
            for unit in res.iter("CompositeGraphicUnit") if res is not None else ():
                units[unit.get("ID")] = unit
    return units


def _objects(parent, outer: tuple, found: tuple, height: float, depth: int = 0) -> None:
    """The text and path objects under `parent` (layers, page blocks, composite objects), placed on the page
    by `outer` (object space → points); one with a number that is not one is left out, not the page."""
    if parent is None or depth > MAX_NESTING:
        return
    chars, rules, units = found
    for el in parent:
        try:
            if el.tag in ("Layer", "PageBlock"):
                _objects(el, outer, found, height, depth + 1)
            elif el.tag == "TextObject":
                chars.extend(_glyphs(el, _placed(el, outer)))
            elif el.tag == "PathObject":
                _path(el, _placed(el, outer), rules, height)
            elif el.tag == "CompositeObject" and (unit := units.get(el.get("ResourceID"))) is not None:
                _objects(unit.find("Content"), _placed(el, outer), found, height, depth + 1)
        except ValueError:
            continue


def _placed(el, outer: tuple) -> tuple:
    """An object's own space → points: its CTM, then its Boundary's corner, then where its parent is."""
    bx, by, *_ = _box(el.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    ctm = tuple(_numbers(el.get("CTM"))) or IDENTITY
    if len(ctm) != 6:
        raise ValueError(f"CTM {el.get('CTM')!r}")
    return compose(compose(ctm, (1.0, 0.0, 0.0, 1.0, bx, by)), outer)


def _glyphs(el, m: tuple) -> list[dict]:
    """A text object's glyphs as the layout's character dicts, in points, top-down."""
    if abs(m[1]) > 1e-6 or abs(m[2]) > 1e-6 or m[0] <= 0 or m[3] <= 0:
        return []  # turned or mirrored text: not read (see the module's note)
    size, font = float(el.get("Size", "0") or 0), el.get("Font", "")
    out: list[dict] = []
    x_at = y_at = 0.0  # a TextCode without X (Y) takes the previous one's
    for code in el.iter("TextCode"):
        x_at, y_at = float(code.get("X", x_at)), float(code.get("Y", y_at))
        x, y = x_at, y_at
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        across = code.get("DeltaX") is not None or code.get("DeltaY") is None  # DeltaY alone: a vertical line
        for k, ch in enumerate(code.text or ""):
            advance = dx[k] if k < len(dx) else size * (1.0 if ord(ch) > 0x2E7F else 0.5)
            left, base = transform(m, (x, y))
            out.append({
                "text": ch, "x0": left, "x1": left + advance * m[0],
                "top": base - ASCENT * size * m[3], "bottom": base + DESCENT * size * m[3],
                "size": size * m[3], "fontname": font, "upright": True,
            })  # fmt: skip
            x, y = x + (advance if across else 0.0), y + (dy[k] if k < len(dy) else 0.0)
    return out


def _path(el, m: tuple, rules, height: float) -> None:
    """A path object's subpaths as the table finder's lines, rects and curves."""
    tokens = (el.findtext("AbbreviatedData") or "").split()
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
        if len(values) < 2:
            return
        point = transform(m, (values[-2], values[-1]))
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
