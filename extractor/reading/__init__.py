"""Readers: one module per input kind, each turning a file into a Document."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from ..document import Document
from .errors import ReadError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HEAD_BYTES = 1024

for _parser in ("pdfminer", "pdfplumber", "pypdfium2"):  # their log lines are never ours to print
    logging.getLogger(_parser).addHandler(logging.NullHandler())
    logging.getLogger(_parser).propagate = False


def read(path: str | Path, limits=None, password: str = "") -> Document:
    """Read a report (PDF or plain text) into a Document; raise ReadError with a clear reason.
    `limits` (a jixiao.limits.Limits) bounds what one file may hold; `password` opens an encrypted PDF."""
    from ..limits import check

    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ReadError(str(p), "missing") from None
    except OSError as e:
        raise ReadError(str(p), "unreadable", e.strerror or type(e).__name__) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(str(p), "is_dir")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block, a device never end
        raise ReadError(str(p), "not_regular")
    if limits is not None:
        check(str(p), limits, "file_mb", st.st_size // (1024 * 1024), "MB")
    try:
        with p.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as e:
        raise ReadError(str(p), "unreadable", e.strerror or type(e).__name__) from None
    is_text = p.suffix.lower() in TEXT_SUFFIXES
    if is_text and not head.lstrip().startswith(b"%PDF-"):
        from .text import read_text

        return read_text(p, limits)
    if b"%PDF-" in head:  # the header may follow some junk within the first 1024 bytes
        from .pdf import read_pdf

        return read_pdf(p, limits, password)
    if p.suffix.lower() == ".pdf":
        raise ReadError(str(p), "not_pdf")
    raise ReadError(str(p), "unsupported")


__all__ = ["read", "ReadError"]
