"""Readers: one module per input kind, each turning a file into a Document, found by suffix.

A new input kind is one module here and one `Reader` in READERS. `suffixes` are accepted when a file is
named; `searched` are looked for when a folder is named; `sniff` marks content that decides the reader
whatever the name. A kind may have several engines (the first is the default).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from .errors import ReadError


@dataclass(frozen=True)
class Reader:
    kind: str
    suffixes: tuple[str, ...]
    searched: tuple[str, ...]
    engines: dict[str, str]  # engine name → "module:function" in this package, imported when used
    sniff: bytes = b""  # found in the first 1024 bytes: this reader, whatever the suffix

    def read(self, path: Path, engine: str | None = None) -> Document:
        if engine is not None and engine not in ENGINES:
            raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
        module, function = self.engines.get(engine or "", next(iter(self.engines.values()))).split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)(path)


READERS = [
    Reader("text", (".txt", ".text", ".md"), (".txt",), {"text": "text:read_text"}),
    # PDF engines, the default first. pdfium gives the same findings as pdfplumber on the whole corpus
    # (tests/test_pdfium.py), but with a non-embedded CID font its glyph boxes are not the glyphs' widths,
    # so digits set a few points apart run together (tests/test_digit_gaps.py): not the default yet.
    Reader("pdf", (".pdf",), (".pdf",), {"pdfplumber": "pdf:read_pdf", "pdfium": "pdfium:read_pdf"}, sniff=b"%PDF-"),
]
SUFFIXES = {s: r for r in READERS for s in r.suffixes}
ENGINES = ("pdfplumber", "pdfium")  # PDF parsers; both feed the same page layout (layout.py)
DEFAULT_ENGINE = ENGINES[0]
SEARCHED_SUFFIXES = {s for r in READERS for s in r.searched}  # what a folder is searched for


def read(path: str | Path, engine: str | None = None) -> Document:
    """Read a report (PDF or plain text) into a Document; raise ReadError with a clear reason."""
    p = Path(path)
    if not p.exists():
        raise ReadError(str(p), "missing")
    if p.is_dir():
        raise ReadError(str(p), "is_dir")
    with p.open("rb") as fh:
        head = fh.read(1024)
    named = SUFFIXES.get(p.suffix.lower())
    if named is not None and not named.sniff:
        return named.read(p, engine)
    sniffed = next((r for r in READERS if r.sniff and r.sniff in head), None)  # the header may follow some junk
    if sniffed is not None:
        return sniffed.read(p, engine)
    if named is not None:
        raise ReadError(str(p), f"not_{named.kind}")
    raise ReadError(str(p), "unsupported")


__all__ = ["read", "ReadError", "READERS", "SEARCHED_SUFFIXES", "ENGINES", "DEFAULT_ENGINE"]
