"""Word (.docx) and Excel (.xlsx) files: what both readers share.

A file is looked at as a package before a reader opens it: an OLE container is a password-protected Office
file (its `EncryptedPackage` stream) or an old binary .doc/.xls; a zip without a document part is damaged.
The package's content decides the reader (a workbook named .docx is read as a workbook). A fault the
libraries raise on a broken part is the file's; one raised in our own code stays an internal error.

An old binary .doc/.xls is converted by LibreOffice when it is installed, else refused with the advice to
save it as .docx/.xlsx (this reader takes those names too: a package saved under an old name is read all the
same).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from ..limits import Limits
from . import excel, legacy, word
from .errors import ReadError, began_outside

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc/.xls, or an encrypted .docx/.xlsx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML package is kept in
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream of an old binary .doc (else it is a workbook)
DOCUMENT_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}  # else the folder decides (word/, xl/)
LIBRARIES = ("/docx/", "/openpyxl/", "/lxml/", "/zipfile", "/xml/", "/et_xmlfile/")
SCAN_CHUNK = 1 << 20


def read_office(path: Path, limits: Limits | None = None, password: str = ""):
    """A .docx or .xlsx file → Document (the package's content decides which); `password` is not used:
    an encrypted Office file is refused with the advice to remove its password. An old binary .doc/.xls is
    converted by LibreOffice when it is installed (legacy.py)."""
    try:
        kind = package_kind(path)
    except ReadError as e:
        if e.code != "office_legacy":
            raise
        return _read_legacy(path, limits)
    return _read_package(path, kind, limits)


def read_rtf(path: Path, limits: Limits | None = None):
    """An RTF document (Word's, often named .doc) read as the .docx LibreOffice converts it to."""
    return _read_legacy(path, limits, "rtf")


def _read_legacy(path: Path, limits: Limits | None, source: str | None = None):
    source = source or ("docx" if _holds(path, WORD_STREAM) else "xlsx")
    kind = "xlsx" if source == "xlsx" else "docx"
    converted = legacy.convert(path, source, limits)
    try:
        doc = _read_package(converted, kind, limits)
    except ReadError as e:
        raise ReadError(str(path), e.code, e.detail) from None
    finally:
        shutil.rmtree(converted.parent, ignore_errors=True)
    if not doc.text.strip() and not doc.tables:
        raise ReadError(str(path), "office_damaged", "LibreOffice found nothing in it")
    doc.path = str(path)
    if source != "rtf":
        doc.read_notes.append(("converted", ""))
    return doc


def _read_package(path: Path, kind: str, limits: Limits | None):
    try:
        return (word.read_docx if kind == "docx" else excel.read_xlsx)(path, limits)
    except (ReadError, MemoryError):
        raise
    except Exception as e:
        if began_outside(e, LIBRARIES):
            raise ReadError(str(path), "internal", f"{type(e).__name__}: {e}") from None
        raise ReadError(str(path), "office_damaged", _why(e)) from None


def package_kind(path: Path) -> str:
    """ "docx" or "xlsx" by the package's parts; ReadError for anything else."""
    with path.open("rb") as fh:
        head = fh.read(len(OLE_MAGIC))
    if not head:
        raise ReadError(str(path), "empty")
    if head == OLE_MAGIC:
        raise ReadError(str(path), "office_encrypted" if _holds(path, ENCRYPTED_STREAM) else "office_legacy")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise ReadError(str(path), "office_damaged", f"not a zip package: {e}") from None
    found = [kind for part, kind in DOCUMENT_PARTS.items() if part in names]
    found += [kind for part, kind in DOCUMENT_PARTS.items() if any(n.startswith(part.split("/")[0]) for n in names)]
    if not found:
        raise ReadError(str(path), "office_damaged", "no word/document.xml or xl/workbook.xml in the package")
    return found[0]


def _holds(path: Path, needle: bytes) -> bool:
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(SCAN_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _why(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
