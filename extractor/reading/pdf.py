"""PDF → Document via pdfplumber, one page at a time (each page released once read)."""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Page, Table, TextBuilder
from ..limits import Limits, check, report_pages
from ..reflow import Line, join_lines, paragraph_breaks, split_furniture
from .errors import ReadError
from .layout import Sheet, read_sheet
from .ocr import Scanner
from .pdf_faults import CID_GARBAGE_SHARE, GARBLED_SHARE, PARSERS, classify, implausible, raised_by_us

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


def read_pdf(path: Path, limits: Limits | None = None, password: str = "", ocr: str = "auto"):
    log = _quiet_parsers()
    try:
        pdf = pdfplumber.open(path, password=password)
    except MemoryError:
        raise
    except Exception as e:  # pdfminer raises many kinds on broken files
        if _out_of_memory(e):
            raise MemoryError from None
        raise ReadError(str(path), classify(e), _why(e)) from None
    try:
        with pdf, closing(Scanner(path, ocr, password, len(pdf.pages))) as scanner:  # closing walks the pages again
            doc = _read_open_pdf(path, pdf, limits, scanner)
    except (ReadError, MemoryError):
        raise
    except Exception as e:
        if _out_of_memory(e):
            raise MemoryError from None
        if raised_by_us(e):  # a bug of ours must not pass for a damaged file
            raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
        raise ReadError(str(path), classify(e), _why(e)) from None
    if log.messages:  # the parser repaired or skipped something: say so beside the results
        warned = len(log.messages)
        doc.read_notes.append(
            ("repaired", (f"解析器警告 {warned} 条", f"{warned} parser warnings, first: {log.messages[0]}"))
        )
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


def _read_open_pdf(path: Path, pdf, limits: Limits | None, scanner: Scanner) -> object:
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
        check(str(path), limits, "chars_per_page", len(page.chars), (f"第 {number} 页", f"on page {number}"))
        sheet = Sheet.of_plumber(page)
        if scanner.wants(number, sheet.chars):  # no usable text layer (or --ocr always): read the page's image
            sheet = scanner.sheet(number) or sheet
        else:
            n_odd += implausible("".join(c["text"] for c in page.chars if not c["text"].startswith("(cid:")))
        page_lines, page_tables, chars, cids = read_sheet(number, sheet)
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars, n_cid = n_chars + chars, n_cid + cids
        check(str(path), limits, "chars_per_file", n_chars)
        page.close()
    if n_chars == 0 or n_cid > CID_GARBAGE_SHARE * n_chars:
        if getattr(pdf.doc, "encryption", None):  # permissions-only encryption can garble the text layer
            raise ReadError(str(path), "encrypted", ("加密的文字层无法读取", "text layer unreadable under encryption"))
        raise scanner.no_text_error(len(pages))
    if n_odd > GARBLED_SHARE * n_chars:
        raise ReadError(
            str(path), "garbled",
            (f"{n_chars} 个字符中有 {n_odd} 个不是汉字、拉丁字母、数字或符号",
             f"{n_odd} of {n_chars} characters are not Chinese, Latin, digits or signs"),
        )  # fmt: skip
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    doc = builder.build(str(path), "pdf", pages, tables)
    scanner.finish(doc)
    return doc


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
