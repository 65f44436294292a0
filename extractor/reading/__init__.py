"""Readers: one module per input kind, each turning a file into a Document, found by suffix.

A new input kind is one module here and one `Reader` in READERS. `suffixes` are accepted when a file is
named; `searched` are looked for when a folder is named; `sniff` marks content that decides the reader
whatever the name. A kind may have several engines (the first is the default). Every reader takes
`limits` (a jixiao.limits.Limits: what one file may hold) and `password` (for encrypted files).
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from .disguised import KINDS as DISGUISED
from .disguised import PACKAGE_MAGICS, disguised_kind
from .errors import ReadError

HEAD_BYTES = 1024
SNIFF_BYTES = 16 * 1024  # how far into a file named as Word/Excel its content is looked for

for _parser in ("pdfminer", "pdfplumber", "pypdfium2"):  # their log lines are never ours to print
    logging.getLogger(_parser).addHandler(logging.NullHandler())
    logging.getLogger(_parser).propagate = False


@dataclass(frozen=True)
class Reader:
    kind: str
    suffixes: tuple[str, ...]
    searched: tuple[str, ...]
    engines: dict[str, str]  # engine name → "module:function" in this package, imported when used
    sniff: bytes = b""  # found in the first 1024 bytes: this reader, whatever the suffix

    def read(
        self,
        path: Path,
        engine: str | None = None,
        limits=None,
        password: str = "",
        ocr: str = "auto",
        readers: int = 1,
    ) -> Document:
        if engine is not None and engine not in ENGINES:
            raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
        module, function = self.engines.get(engine or "", next(iter(self.engines.values()))).split(":")
        reader = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        accepted = inspect.signature(reader).parameters  # an engine may not take limits or a password yet
        given = (("limits", limits), ("password", password), ("ocr", ocr), ("readers", readers))
        options = {k: v for k, v in given if k in accepted}
        return reader(path, **options)


READERS = [
    Reader("text", (".txt", ".text", ".md"), (".txt",), {"text": "text:read_text"}),
    # PDF engines, the default first: pdfium gives the same findings as pdfplumber on the whole corpus
    # (tests/test_pdfium.py) at about twice the speed; pdfplumber stays available.
    Reader("pdf", (".pdf",), (".pdf",), {"pdfium": "pdfium:read_pdf", "pdfplumber": "pdf:read_pdf"}, sniff=b"%PDF-"),
    # Word and Excel: the package's content decides which (office.py); an old binary .doc/.xls is named
    # with the advice to save it as .docx/.xlsx (folders are searched for them too, so none goes unsaid)
    # (one that holds a web page, an Excel 2003 XML table or RTF is read as what it holds: disguised.py)
    # (WPS's own .wps/.et are Word's and Excel's binary formats with extensions of its own: read as .doc/.xls)
    Reader("docx", (".docx", ".doc", ".wps"), (".docx", ".doc", ".wps"), {"python-docx": "office:read_office"}),
    Reader(
        "xlsx", (".xlsx", ".xlsm", ".xls", ".et"), (".xlsx", ".xlsm", ".xls", ".et"), {"openpyxl": "office:read_office"}
    ),
    Reader("rtf", (".rtf",), (".rtf",), {"libreoffice": "office:read_rtf"}),  # converted to .docx by LibreOffice
    # a table as delimited text; named files only: a folder's .csv may be jixiao's own output
    Reader("csv", (".csv", ".tsv"), (), {"csv": "csv_sheet:read_csv"}),
    # OFD (GB/T 33190), the national fixed-layout format: its pages through the PDF page layout
    Reader("ofd", (".ofd",), (".ofd",), {"ofd": "ofd:read_ofd"}),
    # a web page as a government site publishes it (saved from the browser, as one file too: .mht)
    Reader(
        "html", (".html", ".htm", ".xhtml", ".mht", ".mhtml"), (".html", ".htm", ".mht"), {"html": "html:read_html"}
    ),
    # scanned pages saved as images, read by OCR (jixiao[ocr]); named files only, folders are not searched for them
    Reader("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), (), {"ocr": "ocr:read_image"}),
]
SUFFIXES = {s: r for r in READERS for s in r.suffixes}
OFFICE_KINDS = ("docx", "xlsx")
ENGINES = ("pdfium", "pdfplumber")  # PDF parsers; both feed the same page layout (layout.py)
DEFAULT_ENGINE = ENGINES[0]
SEARCHED_SUFFIXES = {s for r in READERS for s in r.searched}  # what a folder is searched for


def read(
    path: str | Path, engine: str | None = None, limits=None, password: str = "", ocr: str = "auto", readers: int = 1
) -> Document:
    """Read a report (PDF, Word, Excel, plain text or a scanned image) into a Document; raise ReadError with a
    clear reason. `ocr` (auto, always, never) says which PDF pages are recognised from their image (reading/ocr.py);
    `readers`: how many processes may read a long PDF's pages (reading/page_parts.py)."""
    p = Path(path)
    head = _head(p, limits)
    named = SUFFIXES.get(p.suffix.lower())
    options = {"limits": limits, "password": password, "ocr": ocr, "readers": readers}
    if named is not None and not named.sniff:
        opened = next((r for r in READERS if r.sniff and head.lstrip().startswith(r.sniff)), named)  # a PDF named .txt
        kind = disguised_kind(_more(p, head)) if opened is named and named.kind in OFFICE_KINDS else None
        if kind and (kind != "csv" or named.kind == "xlsx"):  # a delimited table named as a workbook, not Word
            return _read_disguised(p, kind, limits)  # a web page named .xls, say
        return opened.read(p, engine if opened is named and named.kind != "image" else None, **options)
    sniffed = next((r for r in READERS if r.sniff and r.sniff in head), None)  # the header may follow some junk
    if sniffed is not None:
        return sniffed.read(p, engine, **options)
    if named is None and (kind := disguised_kind(head)):
        return _read_disguised(p, kind, limits)
    if named is not None:
        raise ReadError(str(p), f"not_{named.kind}")
    raise ReadError(str(p), "unsupported")


def _more(path: Path, head: bytes) -> bytes:
    """More of a file named as Word/Excel that is no package, for what it holds (a page may open with a long
    comment or blank lines)."""
    if head.startswith(PACKAGE_MAGICS) or len(head) < HEAD_BYTES:
        return head
    with path.open("rb") as fh:
        return fh.read(SNIFF_BYTES)


def _read_disguised(path: Path, kind: str, limits) -> Document:
    """A file read by what it holds (disguised.py), with a note that its name says otherwise."""
    module, function = DISGUISED[kind][0].split(":")
    doc = getattr(importlib.import_module(f"{__name__}.{module}"), function)(path, limits=limits)
    doc.read_notes.append(("disguised", DISGUISED[kind][1]))
    return doc


def _head(p: Path, limits) -> bytes:
    """The first bytes of a regular file within the size limit; a pipe would block, a device never end."""
    from ..limits import check

    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ReadError(str(p), "missing") from None
    except OSError as e:
        raise ReadError(str(p), "unreadable", e.strerror or type(e).__name__) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(str(p), "is_dir")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(str(p), "not_regular")
    check(str(p), limits, "file_mb", st.st_size // (1024 * 1024), ("MB", "MB"))
    try:
        with p.open("rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as e:
        raise ReadError(str(p), "unreadable", e.strerror or type(e).__name__) from None


__all__ = ["read", "ReadError", "READERS", "SEARCHED_SUFFIXES", "ENGINES", "DEFAULT_ENGINE"]
