"""Readers: one module per input kind, each turning a file into a Document."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from .errors import ReadError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
ENGINES = ("pdfplumber", "pdfium")  # PDF parsers; both feed the same page layout (layout.py)
DEFAULT_ENGINE = "pdfium"  # same findings as pdfplumber on the whole corpus (tests/test_pdfium.py)


def read(path: str | Path, engine: str | None = None) -> Document:
    """Read a report (PDF or plain text) into a Document; raise ReadError with a clear reason.
    `engine` chooses the PDF parser (one of ENGINES; None: DEFAULT_ENGINE); text files ignore it."""
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
    p = Path(path)
    if not p.exists():
        raise ReadError(str(p), "missing")
    if p.is_dir():
        raise ReadError(str(p), "is_dir")
    with p.open("rb") as fh:
        head = fh.read(1024)
    if p.suffix.lower() in TEXT_SUFFIXES:
        from .text import read_text

        return read_text(p)
    if b"%PDF-" in head:  # the header may follow some junk within the first 1024 bytes
        if engine == "pdfium":
            from .pdfium import read_pdf
        else:
            from .pdf import read_pdf

        return read_pdf(p)
    if p.suffix.lower() == ".pdf":
        raise ReadError(str(p), "not_pdf")
    raise ReadError(str(p), "unsupported")


__all__ = ["read", "ReadError", "ENGINES", "DEFAULT_ENGINE"]
