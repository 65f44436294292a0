"""Plain text (UTF-8 or GB18030; Big5 read with a note; others refused) → Document, so snippets and
web copies can be checked.

Boxes of text characters are (column, line, column + 1, line); form feeds separate pages.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import charset_normalizer

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..document import Page, TextBuilder
from ..limits import Limits, check
from ..reflow import TRADITIONAL, Line, clean_line, join_lines, lead_token_length, paragraph_breaks
from .cell_lines import CELL_END, ROW_END, recover_cell_lines
from .errors import ReadError
from .flattened import recover
from .indicator_rows import find_indicator_rows
from .inline_tables import find_inline_tables

DOUBLE_SPACED_SHARE = 0.4  # if this share of lines is followed by a blank line, blanks are not paragraph marks
UNWRAPPED_WIDTH = 60  # median line width above this: the text is not hard-wrapped, one line per paragraph
PINYIN_GLOSS = load("reading")["pinyin_gloss"].regex
SIMPLIFIED = str.maketrans(TRADITIONAL)


def decode(data: bytes, path: str) -> tuple[str, str | tuple[str, str]]:
    """The text, and the encoding it was read in when that is not UTF-8 or GB18030 (else ""; its name in
    Chinese and in English).
    The encoding is detected, not assumed: GB18030 would decode almost any bytes into wrong characters."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:  # no cut-off character forgiven here: an odd length is not UTF-16
                return data.decode(enc), ("" if enc == "utf-8-sig" else (enc.upper(), enc.upper()))
            except UnicodeDecodeError:
                raise ReadError(
                    path,
                    "encoding",
                    (f"以 {enc.upper()} 开头，却无法按它解码", f"it starts like {enc.upper()} but does not decode"),
                ) from None
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    if b"\x00" in data or controls > BINARY_SHARE * len(data):
        raise ReadError(path, "binary")
    try:
        return _decode_cut(data, "utf-8"), ""
    except UnicodeDecodeError:
        pass
    found = {m.encoding: m.chaos for m in charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES))}
    least = min(found.values(), default=0.0)
    # GB18030 unless another encoding reads the bytes with less chaos (short texts are often a tie)
    enc = "gb18030" if found.get("gb18030", 1.0) <= least or not found else min(found, key=found.get)
    if CANDIDATES.get(enc) is None:
        return _strict(data, "gb18030", path), ""
    *name, accepted = CANDIDATES[enc]
    if not accepted:
        raise ReadError(path, "encoding", (f"看起来是{name[0]} 编码", f"it looks like {name[1]}"))
    return _strict(data, enc, path), tuple(name)


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A}))
UNTEXT = compiled(r"[\p{Cn}\p{Co}\p{Cs}\uFFFD]")
UNTEXT_SHARE = 0.01
BINARY_SHARE = 0.01  # more control bytes than this: not a text file
# encodings told apart when a file is not UTF-8: (name shown in Chinese, in English, whether its text is read)
CANDIDATES = {"gb18030": None, "big5": ("繁体中文 Big5", "Big5 (traditional Chinese)", True),
              "shift_jis": ("日文 Shift-JIS", "Shift-JIS (Japanese)", False),
              "euc_kr": ("韩文 EUC-KR", "EUC-KR (Korean)", False)}  # fmt: skip


def _strict(data: bytes, enc: str, path: str) -> str:
    try:
        return _decode_cut(data, enc)
    except UnicodeDecodeError:
        raise ReadError(path, "encoding") from None


def _decode_cut(data: bytes, enc: str) -> str:
    """Strict decoding, except that a character cut off at the very end (a truncated copy) is dropped."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        if e.start < len(data) - 3:
            raise
        return data[: e.start].decode(enc)


def display_width(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in s)


def read_text(path: Path, limits: Limits | None = None, password: str = ""):  # a text file has no password
    with path.open("rb") as fh:
        data = fh.read(limits.file_mb * 1024 * 1024 + 1) if limits else fh.read()
    if limits is not None:
        check(str(path), limits, "file_mb", len(data) // (1024 * 1024), ("MB", "MB"))
    if not data.strip():
        raise ReadError(str(path), "empty")
    text, encoding = decode(data, str(path))
    odd = len(UNTEXT.findall(text))
    if odd > UNTEXT_SHARE * len(text):  # the bytes decode, but to characters no text holds
        raise ReadError(
            str(path), "encoding",
            (f"{len(text)} 个字符中有 {odd} 个是未分配、私用或无效字符", f"{odd} of {len(text)} characters are unassigned, private or invalid"),
        )  # fmt: skip
    doc = read_string(text, str(path), limits)
    if encoding:
        doc.read_notes.append(("decoded", encoding))
    return doc


def read_string(text: str, path: str = "<text>", limits: Limits | None = None):
    """A Document from a string (used for files and for tests of snippets)."""
    check(path, limits, "chars_per_file", len(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # 预(yù)算: a gloss for reading aloud, no character of the report; 預算 → 预算 before tables are looked for
    text = PINYIN_GLOSS.sub("", text).translate(SIMPLIFIED)
    raw_lines = text.split("\n")
    check(path, limits, "lines", len(raw_lines))
    check(path, limits, "line_chars", max(len(r) - r.count("\f") for r in raw_lines))
    page_of_line, page = [], 1
    for raw in raw_lines:
        page += raw.count("\f")
        page_of_line.append(page)
    plain_lines = [r.replace("\f", "") for r in raw_lines]
    recovered = recover(plain_lines, page_of_line)
    by_cell_lines = recover_cell_lines(plain_lines, page_of_line, recovered.used_lines)
    recovered.tables.extend(by_cell_lines.tables)
    recovered.used_lines |= by_cell_lines.used_lines
    recovered.notes.extend(by_cell_lines.notes)
    recovered.tables.extend(find_inline_tables(plain_lines, page_of_line, recovered.used_lines))
    recovered.tables.extend(find_indicator_rows(plain_lines, page_of_line, recovered.tables))
    lines, blank_before, n_blank_follow, cut_before, page_no = _running_lines(raw_lines, recovered.used_lines)
    pages = [Page(n) for n in range(1, page_no + 1)]
    builder = TextBuilder()
    if lines:
        double_spaced = n_blank_follow >= DOUBLE_SPACED_SHARE * len(lines)
        widths = sorted(ln.x1 for ln in lines)
        if widths[len(widths) // 2] > UNWRAPPED_WIDTH:
            starts = [True] * len(lines)
        else:
            starts = paragraph_breaks(lines, None if double_spaced else blank_before)
        for k in cut_before:  # a web table's cell or row ended there (… |, ||||): no paragraph runs on
            starts[k] = True
        join_lines(lines, starts, builder)
    notes = [(page_of_line[n - 1], n, code, quote) for n, code, quote in recovered.notes]
    return builder.build(path, "text", pages, recovered.tables, notes)


def _running_lines(raw_lines: list[str], used: set[int]):
    """The lines of running text (those no table took), the indexes of those after a blank line, how many
    blank lines follow text, the indexes of those after a web table's cell or row end (a line ending in a
    lone pipe, or made of pipes only), and the page count."""
    page_no, lines, blank_before, cut_before = 1, [], set(), set()
    n_blank_follow, prev_blank, cut = 0, False, False
    for lineno, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            page_no += raw.count("\f")
            raw = raw.replace("\f", "")
        if lineno - 1 in used:
            raw = ""  # a recovered table: its cells are facts of their own, not running text
        if ROW_END.match(raw):
            cut = True
            continue
        if not raw.strip():
            if lines and not prev_blank:
                n_blank_follow += 1
            prev_blank = True
            continue
        ends_cell = bool(CELL_END.search(raw))
        raw = raw.rstrip()[:-1] if ends_cell else raw
        chars = [(ch, (float(col), float(lineno), float(col + 1), float(lineno))) for col, ch in enumerate(raw)]
        indent = display_width(raw) - display_width(raw.lstrip())
        ln = clean_line(page_no, chars, 1.0)
        if ln is None:
            continue
        if prev_blank and lines:
            blank_before.add(len(lines))
        if cut and lines:
            cut_before.add(len(lines))
        prev_blank, cut = False, ends_cell
        width = display_width(ln.text)
        lead = display_width("".join(ln.chars[: lead_token_length(ln.chars)]))
        lines.append(Line(page_no, ln.chars, ln.boxes, indent, indent + width, float(lineno), float(lineno), 1.0, lead))
    return lines, blank_before, n_blank_follow, cut_before, page_no
