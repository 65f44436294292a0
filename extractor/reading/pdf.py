"""PDF → Document via pdfplumber, one page at a time (each page released once read)."""

from __future__ import annotations

import logging
from pathlib import Path
from statistics import median

import pdfplumber
import regex
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Box, Cell, Page, Table, TextBuilder
from ..reflow import Line, clean_line, join_lines, paragraph_breaks, split_furniture
from ..limits import Limits, check, report_pages
from .errors import ReadError
from .unruled import find_unruled

DEDUPE_TOLERANCE = 1  # pt: fake bold draws each glyph twice within this distance
WORD_GAP = 0.45  # × font size: a wider gap between characters counts as a space
CID_GARBAGE_SHARE = 0.3  # more unmapped (cid:N) glyphs than this: no usable text layer


GARBLED_SHARE = 0.3  # more characters than this outside Han, Latin and the common signs: a garbled text layer
PLAUSIBLE = regex.compile(r"[\p{Han}\p{Latin}\p{Greek}\p{Cyrillic}\p{Common}\p{Inherited}]")
IMPLAUSIBLE = regex.compile(r"[\uFFFD\p{Cc}]")  # in the common script, yet never text
PARSERS = ("pdfminer", "pdfplumber", "pypdfium2")
LITERAL_PAGE = LIT("Page")


class _ParserLog(logging.Handler):
    """Keeps what the PDF parsers log while one file is read; none of it reaches the terminal."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 20:
            self.messages.append(record.getMessage()[:160])


def _quiet_parsers() -> _ParserLog:
    handler = _ParserLog()
    for name in PARSERS:
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    return handler


def read_pdf(path: Path, limits: Limits | None = None, password: str = ""):
    log = _quiet_parsers()
    try:
        pdf = pdfplumber.open(path, password=password)
    except MemoryError:
        raise
    except Exception as e:  # pdfminer raises many kinds on broken files
        if _out_of_memory(e):
            raise MemoryError from None
        raise ReadError(str(path), _classify(e), _why(e)) from None
    try:
        with pdf:  # closing walks the pages again: a fault there is the file's too
            doc = _read_open_pdf(path, pdf, limits)
    except (ReadError, MemoryError):
        raise
    except Exception as e:
        if _out_of_memory(e):
            raise MemoryError from None
        if _raised_by_us(e):  # a bug of ours must not pass for a damaged file
            raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
        raise ReadError(str(path), _classify(e), _why(e)) from None
    if log.messages:  # the parser repaired or skipped something: say so beside the results
        doc.read_notes.append(("repaired", f"{len(log.messages)} parser warnings, first: {log.messages[0]}"))
    return doc


def _out_of_memory(e: BaseException | None, depth: int = 0) -> bool:
    """Whether a parser's exception wraps a MemoryError (pdfplumber wraps what pdfminer raises)."""
    if e is None or depth > 5:
        return False
    if isinstance(e, MemoryError):
        return True
    inner = [a for a in e.args if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
    return any(_out_of_memory(x, depth + 1) for x in inner)


def _why(e: BaseException) -> str:
    inner = e.args[0] if isinstance(e, PdfminerException) and e.args and isinstance(e.args[0], BaseException) else e
    text = str(inner).strip().splitlines()[0][:120] if str(inner).strip() else ""
    return f"{type(inner).__name__}: {text}" if text else type(inner).__name__


def _raised_by_us(e: Exception) -> bool:
    """Whether the failure began outside the PDF parsers (pdfminer, pdfplumber, pypdfium2): a bug of ours."""
    tb = e.__traceback__
    last = ""
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return not any(lib in last for lib in PARSERS) and not isinstance(e, RecursionError)


def _classify(e: Exception) -> str:
    text = f"{type(e).__name__} {e} {getattr(e, 'args', '')}".lower()
    return "encrypted" if ("password" in text or "encrypt" in text) else "damaged"


def _read_open_pdf(path: Path, pdf, limits: Limits | None) -> object:
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = n_cid = n_odd = 0
    problem = _page_tree_problem(pdf.doc)
    if problem:  # pdfminer would scan the file for stray pages: what it found would pass for the report
        raise ReadError(str(path), "no_pages", problem)
    report_pages(len(pdf.pages))
    for number, page in enumerate(pdf.pages, start=1):
        pages.append(Page(number, float(page.width), float(page.height)))
        check(str(path), limits, "chars_per_page", len(page.chars), f"on page {number}")
        n_odd += _implausible("".join(c["text"] for c in page.chars if not c["text"].startswith("(cid:")))
        page_lines, page_tables, chars, cids = _read_page(number, page)
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars, n_cid = n_chars + chars, n_cid + cids
        check(str(path), limits, "chars_per_file", n_chars)
        page.close()
    if n_chars == 0 or n_cid > CID_GARBAGE_SHARE * n_chars:
        if getattr(pdf.doc, "encryption", None):  # permissions-only encryption can garble the text layer
            raise ReadError(str(path), "encrypted", "text layer unreadable under encryption")
        raise ReadError(str(path), "no_text", f"{len(pages)} pages")
    if n_odd > GARBLED_SHARE * n_chars:
        raise ReadError(str(path), "garbled", f"{n_odd} of {n_chars} characters are not Chinese, Latin, digits or signs")
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    return builder.build(str(path), "pdf", pages, tables)


def _page_tree_problem(doc) -> str:
    """Why the catalog's page tree holds no page ("" when it holds one): none, empty, or only loops."""
    root = resolve1(doc.catalog.get("Pages")) if isinstance(doc.catalog, dict) else None
    if not isinstance(root, dict):
        return "no page tree"
    seen, todo, leaves, looped = set(), [root], 0, False
    while todo and not leaves:
        node = todo.pop()
        if id(node) in seen:
            looped = True
            continue
        seen.add(id(node))
        if node.get("Type") is LITERAL_PAGE or ("Kids" not in node and "Contents" in node):
            leaves += 1
        kids = resolve1(node.get("Kids"))
        todo.extend(k for k in map(resolve1, kids if isinstance(kids, list) else []) if isinstance(k, dict))
    if leaves:
        return ""
    return "the page tree refers to itself" if looped else "the page tree is empty"


def _implausible(text: str) -> int:
    return len(IMPLAUSIBLE.findall(text)) + len(text) - len(PLAUSIBLE.findall(text))


def _box(c: dict) -> Box:
    return (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))


def _inside(c: dict, bbox: Box) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _to_line(number: int, raw: dict) -> Line | None:
    chars = raw["chars"]
    size = _size(raw)
    return clean_line(number, [(c["text"], _box(c)) for c in chars], size, gap_space=WORD_GAP * size)


def _read_page(number: int, page) -> tuple[list[Line], list[Table], int, int]:
    deduped = page.filter(_first_of_duplicates())
    chars = deduped.chars
    n_cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    found = deduped.find_tables() if deduped.rects or deduped.lines else []
    boxes = [tuple(t.bbox) for t in found]
    tables = [_table(number, deduped, t) for t in found]
    flow = deduped.filter(lambda o: o.get("object_type") != "char" or not any(_inside(o, b) for b in boxes))
    raw_lines = flow.extract_text_lines(return_chars=True)
    unruled, used = find_unruled(number, raw_lines, _size)
    lines = [ln for k, raw in enumerate(raw_lines) if k not in used and (ln := _to_line(number, raw))]
    for t in tables + unruled:
        t.caption = _caption(lines, t)
    return lines, sorted(tables + unruled, key=lambda t: t.bbox[1] if t.bbox else 0), len(chars), n_cid


def _size(raw: dict) -> float:
    return median(float(c.get("size", 10)) for c in raw["chars"]) if raw["chars"] else 10.0


def _caption(lines: list[Line], table: Table) -> str:
    """The line just above a table (its title, or a 单位：万元 note)."""
    if not table.bbox:
        return ""
    above = [ln for ln in lines if ln.bottom <= table.bbox[1] + 1 and ln.bottom >= table.bbox[1] - 3 * ln.size]
    return max(above, key=lambda ln: ln.bottom).text if above else ""


def _first_of_duplicates():
    """A filter keeping one of each set of identical glyphs drawn within DEDUPE_TOLERANCE of each
    other (fake bold). Linear time: glyphs are bucketed by position; pdfplumber's dedupe_chars sorts
    and groups, which cost a quarter of the reading time."""
    seen: dict[tuple, list[tuple[float, float]]] = {}

    def keep(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y, t = obj["x0"], obj["top"], obj["text"]
        bx, by = int(x // DEDUPE_TOLERANCE), int(y // DEDUPE_TOLERANCE)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py in seen.get((t, bx + dx, by + dy), ()):
                    if abs(px - x) <= DEDUPE_TOLERANCE and abs(py - y) <= DEDUPE_TOLERANCE:
                        return False
        seen.setdefault((t, bx, by), []).append((x, y))
        return True

    return keep


def _cell_text(page, bbox: Box) -> str:
    inner = page.filter(lambda o: o.get("object_type") == "char" and _inside(o, bbox))
    texts = []
    for raw in inner.extract_text_lines(return_chars=True):
        ln = _to_line(0, raw)
        if ln:
            texts.append(ln.text)
    joined = ""
    for t in texts:  # multi-line cells: join like paragraph lines
        sep = " " if joined and joined[-1].isascii() and joined[-1].isalpha() and t[0].isascii() and t[0].isalpha() else ""
        joined += sep + t
    return joined


def _table(number: int, page, found) -> Table:
    cells: list[list[Cell | None]] = []
    for r, row in enumerate(found.rows):
        out: list[Cell | None] = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                out.append(None)
            else:
                b = tuple(float(x) for x in bbox)
                out.append(Cell(r, c, _cell_text(page, b), b))
        cells.append(out)
    return Table(number, tuple(float(x) for x in found.bbox), cells, ruled=True)
