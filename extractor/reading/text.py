"""Plain text (UTF-8 or GB18030) → Document, so snippets and web copies can be checked.

Boxes of text characters are (column, line, column + 1, line); form feeds separate pages.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..document import Page, TextBuilder
from ..reflow import Line, clean_line, join_lines, lead_token_length, paragraph_breaks
from .errors import ReadError
from .flattened import recover
from .indicator_rows import find_indicator_rows

DOUBLE_SPACED_SHARE = 0.4  # if this share of lines is followed by a blank line, blanks are not paragraph marks
UNWRAPPED_WIDTH = 60  # median line width above this: the text is not hard-wrapped, one line per paragraph


def decode(data: bytes, path: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "encoding")


def display_width(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in s)


def read_text(path: Path):
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(str(path), "empty")
    return read_string(decode(data, str(path)), str(path))


def read_string(text: str, path: str = "<text>"):
    """A Document from a string (used for files and for tests of snippets)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    page_of_line, page = [], 1
    for raw in raw_lines:
        page += raw.count("\f")
        page_of_line.append(page)
    plain_lines = [r.replace("\f", "") for r in raw_lines]
    recovered = recover(plain_lines, page_of_line)
    recovered.tables.extend(find_indicator_rows(plain_lines, page_of_line, recovered.tables))
    page_no, lines, blank_before = 1, [], set()
    n_blank_follow = 0
    prev_blank = False
    for lineno, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            page_no += raw.count("\f")
            raw = raw.replace("\f", "")
        if lineno - 1 in recovered.used_lines:
            raw = ""  # a recovered table: its cells are facts of their own, not running text
        if not raw.strip():
            if lines and not prev_blank:
                n_blank_follow += 1
            prev_blank = True
            continue
        chars = [(ch, (float(col), float(lineno), float(col + 1), float(lineno))) for col, ch in enumerate(raw)]
        indent = display_width(raw) - display_width(raw.lstrip())
        ln = clean_line(page_no, chars, 1.0)
        if ln is None:
            continue
        if prev_blank and lines:
            blank_before.add(len(lines))
        prev_blank = False
        width = display_width(ln.text)
        lead = display_width("".join(ln.chars[: lead_token_length(ln.chars)]))
        lines.append(Line(page_no, ln.chars, ln.boxes, indent, indent + width, float(lineno), float(lineno), 1.0, lead))
    pages = [Page(n) for n in range(1, page_no + 1)]
    builder = TextBuilder()
    if lines:
        double_spaced = n_blank_follow >= DOUBLE_SPACED_SHARE * len(lines)
        widths = sorted(ln.x1 for ln in lines)
        if widths[len(widths) // 2] > UNWRAPPED_WIDTH:
            starts = [True] * len(lines)
        else:
            starts = paragraph_breaks(lines, None if double_spaced else blank_before)
        join_lines(lines, starts, builder)
    notes = [(page_of_line[n - 1], n, code, quote) for n, code, quote in recovered.notes]
    return builder.build(path, "text", pages, recovered.tables, notes)
