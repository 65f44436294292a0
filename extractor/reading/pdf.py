"""PDF → Document via pdfplumber, one page at a time (each page released once read)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Page, Table, TextBuilder
from ..reflow import Line, join_lines, paragraph_breaks, split_furniture
from .errors import ReadError
from .layout import Sheet, read_sheet

CID_GARBAGE_SHARE = 0.3  # more unmapped (cid:N) glyphs than this: no usable text layer


def read_pdf(path: Path):
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as e:
        raise ReadError(str(path), _classify(e)) from None
    except Exception as e:  # pdfminer raises many kinds on broken files
        raise ReadError(str(path), _classify(e), type(e).__name__) from None
    with pdf:
        try:
            return _read_open_pdf(path, pdf)
        except ReadError:
            raise
        except Exception as e:
            if _raised_by_us(e):  # a bug of ours must not pass for a damaged file
                raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
            raise ReadError(str(path), _classify(e), type(e).__name__) from None


def _raised_by_us(e: Exception) -> bool:
    """Whether the failure began outside the PDF parsers (pdfminer, pdfplumber, pypdfium2): a bug of ours."""
    tb = e.__traceback__
    last = ""
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return not any(lib in last for lib in ("pdfminer", "pdfplumber", "pypdfium2"))


def _classify(e: Exception) -> str:
    text = f"{type(e).__name__} {e} {getattr(e, 'args', '')}".lower()
    return "encrypted" if ("password" in text or "encrypt" in text) else "damaged"


def _read_open_pdf(path: Path, pdf) -> object:
    pages: list[Page] = []
    lines: list[Line] = []
    tables: list[Table] = []
    n_chars = n_cid = 0
    for number, page in enumerate(pdf.pages, start=1):
        pages.append(Page(number, float(page.width), float(page.height)))
        page_lines, page_tables, chars, cids = _read_page(number, page)
        lines.extend(page_lines)
        tables.extend(page_tables)
        n_chars, n_cid = n_chars + chars, n_cid + cids
        page.close()
    if n_chars == 0 or n_cid > CID_GARBAGE_SHARE * n_chars:
        if getattr(pdf.doc, "encryption", None):  # permissions-only encryption can garble the text layer
            raise ReadError(str(path), "encrypted", "text layer unreadable under encryption")
        raise ReadError(str(path), "no_text", f"{len(pages)} pages")
    body = split_furniture(lines, pages)
    builder = TextBuilder()
    join_lines(body, paragraph_breaks(body), builder)
    return builder.build(str(path), "pdf", pages, tables)


def _read_page(number: int, page) -> tuple[list[Line], list[Table], int, int]:
    return read_sheet(number, Sheet.of_plumber(page))
