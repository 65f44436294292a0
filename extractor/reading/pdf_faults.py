"""What both PDF readers (pdf.py, pdfium.py) judge alike: a text layer that is not text, and whether a
failure is the file's or ours. No parser is imported here: the pdfium path never loads pdfplumber."""

from __future__ import annotations

from jixiao.patterns.precompiled import compiled

from .errors import began_outside

CID_GARBAGE_SHARE = 0.3  # more unmapped (cid:N) glyphs than this: no usable text layer
GARBLED_SHARE = 0.3  # more characters than this outside Han, Latin and the common signs: a garbled text layer
PLAUSIBLE = compiled(r"[\p{Han}\p{Latin}\p{Greek}\p{Cyrillic}\p{Common}\p{Inherited}]")
IMPLAUSIBLE = compiled(r"[\uFFFD\p{Cc}]")  # in the common script, yet never text
PARSERS = ("pdfminer", "pdfplumber", "pypdfium2")


def implausible(text: str) -> int:
    """How many characters of a page's text layer no report would hold."""
    return len(IMPLAUSIBLE.findall(text)) + len(text) - len(PLAUSIBLE.findall(text))


def raised_by_us(e: BaseException) -> bool:
    """Whether the failure began outside the PDF parsers (pdfminer, pdfplumber, pypdfium2): a bug of ours."""
    return began_outside(e, PARSERS) and not isinstance(e, RecursionError)


def classify(e: BaseException) -> str:
    """A parser's failure as a read-error code: a password is asked for, or the file is damaged."""
    text = f"{type(e).__name__} {e} {getattr(e, 'args', '')}".lower()
    return "encrypted" if ("password" in text or "encrypt" in text) else "damaged"
