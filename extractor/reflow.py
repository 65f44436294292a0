"""Turn positioned lines into paragraphs: character normalisation, CJK line joining,
running header/footer removal. Shared by the PDF and plain-text readers.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from struct import pack

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from .document import Box, Page, TextBuilder

# Tolerances, in units of the line's font size unless stated.
INDENT_TOLERANCE = 1.2  # a line starting this far right of the body margin opens a paragraph
SHORT_LINE_TOLERANCE = 1.6  # a line ending this far left of the right margin is short
GAP_FACTOR = 1.8  # a vertical gap this many times the usual line pitch separates paragraphs
DIGIT_GAP = 0.3  # PDF: two digits (or letters) this share of the narrower glyph's width further apart than
#                  the line's usual gap stand in different cells (效益指标 50 45 92%, narrow-spaced table rows)
CENTRED_INDENT = 4.0  # a short line starting this far right of the margin is centred: a title line
CONTINUATION = "=＝)）,，。；;、%+＋×÷*/"  # a line starting with these never opens a paragraph
PARAGRAPH_END = "。！？!?；;：:"  # a short line ending with these ends its paragraph (；/： too: lines typed as items)
NOT_IN_HEADING = "。！？!?；;，,"  # a short numbered line with these is an item's text, not a heading
SOFT_END = "；;：:"  # a line ending with these ends its paragraph only if the next one opens like a paragraph
SENTENCE_END = "。！？!?"
INDENT_EVIDENCE = 3  # sentence ends seen before a document's paragraph indentation is trusted
CLAUSE_END = "，,、"  # a line ending with these runs on, even into an item marker (inline enumerations)
OPERATORS = "+＋-－×÷*/=＝"
FIGURE_ROW_RE = compiled(r"\d[\d.,]*%? [\d.,]*\d[\d.,]*%?$")  # ends with figures set apart by a space
EXPRESSION_SPAN = 300  # characters of a paragraph looked back over for an open arithmetic expression
ARITHMETIC_RE = compiled(r"[\d.,%\s+＋\-－×÷*/=＝()（）]+")
NO_LINE_START = "，。、；：！？）》」』】’”%,.;:!?)"
FURNITURE_ZONE = 0.10  # top and bottom share of the page where headers and footers live
FURNITURE_MIN_SHARE = 0.5  # a margin line repeated on this share of pages is a running header/footer

PAGE_NUMBER_RE = compiled(
    r"^\s*(?:[-—–－~]\s*\d+\s*[-—–－~]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?|\d{1,4})\s*$"
)
HEADING_RE = load("headings")["numbering"].regex
TITLE_LINE = load("headings")["title_line"].regex  # …年度…情况说明 / …自评报告: a title restated in the body
LINE_END = "。！？；：:;!?"  # punctuation that may end a paragraph's last line (not only sentences)

UNMAPPED_GLYPH = "\ufffd"  # stands for a glyph without a Unicode mapping
_FULLWIDTH_KEEP = set("，；：（）！？、。“”‘’《》【】")


def _pairs(text: str) -> dict[str, str]:
    chars = "".join(text.split())
    return dict(zip(chars[0::2], chars[1::2]))


TRADITIONAL = _pairs(load("traditional")["traditional"].value)  # 萬 → 万: the simplified form


def normalize_char(ch: str) -> str:
    """Full-width ASCII, Kangxi radicals and CJK compatibility forms → ordinary characters; traditional
    characters that simplified text never uses → simplified ones (patterns/traditional.toml).
    Chinese punctuation (，；：（）) stays as it is: patterns rely on it."""
    o = ord(ch)
    if ch in _FULLWIDTH_KEEP:
        return ch
    if 0xFF01 <= o <= 0xFF5E or 0x2F00 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2E80 <= o <= 0x2EFF:
        n = unicodedata.normalize("NFKC", ch)
        return TRADITIONAL.get(n, n) if len(n) == 1 else ch
    if 0x4E00 <= o <= 0x9FFF:
        return TRADITIONAL.get(ch, ch)
    if ch in "\u3000\u00a0\u2002\u2003\u2009":
        return " "
    if ch in "−–":
        return "-"
    return ch


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def keep_space(left: str, right: str) -> bool:
    """Spaces matter only between Latin words and between numbers (`30 30 28.5`)."""
    return (_ascii_alnum(left) or left in "%.") and _ascii_alnum(right)


class PackedBoxes:
    """A line's character boxes in one float array (16 bytes a character instead of a tuple of floats):
    a whole document's lines are held until its running headers are known."""

    __slots__ = ("data",)

    def __init__(self, boxes) -> None:
        values = tuple(chain.from_iterable(boxes))
        try:  # struct packs floats far faster than array converts them one by one; the same rounding
            self.data = array("f", pack(f"{len(values)}f", *values))
        except OverflowError:  # beyond float32 (a hostile file): the array's own conversion, to infinity
            self.data = array("f", values)

    def __len__(self) -> int:
        return len(self.data) // 4

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return tuple(self.data[4 * i : 4 * i + 4])

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


@dataclass
class Line:
    """One printed line: its characters with boxes, and its geometry."""

    page: int
    chars: str
    boxes: PackedBoxes
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size (text files: 1)
    lead_width: float = 0.0  # width of the first word: a CJK character, or a run of digits/Latin letters

    @property
    def text(self) -> str:
        return self.chars if isinstance(self.chars, str) else "".join(self.chars)


def lead_token_length(chars: list[str]) -> int:
    """How many leading characters would have to move up together (a number or Latin word)."""
    n = 1
    if chars and (_ascii_alnum(chars[0]) or chars[0] in ".%"):
        while n < len(chars) and (_ascii_alnum(chars[n]) or chars[n] in ".,%"):
            n += 1
    while n < len(chars) and chars[n] in NO_LINE_START:  # 禁则: these never start a line, so they carry
        n += 1
    return n


@lru_cache(maxsize=20_000)  # asked for every glyph of every line, of a few thousand distinct ones a report
def glyph_text(raw: str) -> str:
    """One glyph's text, normalised. pdfminer gives `(cid:N)` for a glyph it cannot map (kept as one U+FFFD,
    so that neighbouring digits do not run together) and several characters for a ligature (ﬁ → fi)."""
    if len(raw) == 1:
        return normalize_char(raw)
    if raw.startswith("(cid:") and raw.endswith(")"):
        return UNMAPPED_GLYPH
    return "".join(normalize_char(ch) for ch in raw)


@lru_cache(maxsize=20_000)
def _letters(raw: str) -> tuple[tuple[str, bool, bool], ...]:
    """A glyph's normalised characters, each with whether it is a blank and whether an ASCII letter or digit."""
    return tuple((ch, ch.isspace(), _ascii_alnum(ch)) for ch in glyph_text(raw))


def clean_line(page: int, chars: list[tuple[str, Box]], size: float, gap_space: float | None = None) -> Line | None:
    """Normalise characters, drop layout spaces (keeping those between Latin words and numbers)."""
    if not chars:
        return None
    texts, boxes = zip(*chars)
    return clean_glyphs(page, texts, boxes, size, gap_space)


def clean_glyphs(page: int, texts, boxes, size: float, gap_space: float | None = None) -> Line | None:
    """clean_line of glyph texts and their boxes given apart. With gap_space (PDF), a gap wider than it is a
    space, and so is a gap between digits (or letters) wider than the line's usual one by DIGIT_GAP."""
    out_c: list[str] = []
    out_b: list[Box] = []
    pending_space = False
    prev_box: Box | None = None
    prev_alnum = False  # whether out_c[-1] is an ASCII letter or digit
    gaps = gap_space is not None
    usual_gap = _usual_gap(boxes) if gaps else 0.0
    for raw, box in zip(texts, boxes):
        for ch, blank, alnum in _letters(raw):
            if blank:
                pending_space = True
                continue
            if gaps and prev_box is not None:
                gap = box[0] - prev_box[2]
                if gap > gap_space:
                    pending_space = True
                elif prev_alnum and alnum:  # digits set apart: a narrow gap
                    narrower = min(box[2] - box[0], prev_box[2] - prev_box[0])
                    pending_space = pending_space or gap - usual_gap > DIGIT_GAP * narrower
            if pending_space and out_c and keep_space(out_c[-1], ch):
                out_c.append(" ")
                out_b.append((out_b[-1][2], box[1], box[0], box[3]))
            pending_space = False
            out_c.append(ch)
            out_b.append(box)
            prev_box, prev_alnum = box, alnum
    if not out_c:
        return None
    lead = out_b[lead_token_length(out_c) - 1][2] - out_b[0][0]
    top, bottom = min(map(_second, out_b)), max(map(_fourth, out_b))
    return Line(page, "".join(out_c), PackedBoxes(out_b), out_b[0][0], out_b[-1][2], top, bottom, size, lead)


_second, _fourth = itemgetter(1), itemgetter(3)


def _usual_gap(boxes) -> float:
    """The line's usual gap between neighbouring glyphs (a justified line spreads every glyph alike)."""
    gaps = [b[0] - a[2] for a, b in zip(boxes, boxes[1:])]
    gaps.sort()
    return gaps[len(gaps) // 2] if gaps else 0.0


def split_furniture(lines: list[Line], pages: list[Page]) -> list[Line]:
    """Remove running headers, footers and page numbers; record them on their Page."""
    by_page = {p.number: p for p in pages}
    n_pages = max(1, len(pages))

    def in_margin(ln: Line) -> bool:
        p = by_page[ln.page]
        if not p.height:
            return False
        return ln.bottom < p.height * FURNITURE_ZONE or ln.top > p.height * (1 - FURNITURE_ZONE)

    def shape(ln: Line) -> tuple[str, int]:
        return regex.sub(r"\d+", "#", ln.text), round(ln.top / 5)

    repeated = Counter(shape(ln) for ln in lines if in_margin(ln))
    pages_seen: dict[tuple[str, int], set[int]] = {}
    for ln in lines:
        if in_margin(ln):
            pages_seen.setdefault(shape(ln), set()).add(ln.page)
    body = []
    for ln in lines:
        is_furniture = in_margin(ln) and (
            PAGE_NUMBER_RE.match(ln.text)
            or (
                n_pages >= 2
                and repeated[shape(ln)] >= 2
                and len(pages_seen[shape(ln)]) >= max(2, FURNITURE_MIN_SHARE * n_pages)
            )
        )
        if is_furniture:
            by_page[ln.page].furniture.append(ln.text)
        else:
            body.append(ln)
    return body


def _margins(lines: list[Line]) -> tuple[dict[int, float], dict[int, float], float]:
    """Per-page body left margin and right margin; usual line pitch."""
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    all_x0 = Counter(round(ln.x0) for ln in lines)
    common_left = all_x0.most_common(1)[0][0] if all_x0 else 0
    x1s = sorted(ln.x1 for ln in lines)
    common_right = x1s[int(len(x1s) * 0.9)] if x1s else 0
    for ln in lines:
        left[ln.page] = common_left
        right[ln.page] = common_right
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top]
    pitch = sorted(pitches)[len(pitches) // 2] if pitches else 0.0
    return left, right, pitch


def paragraph_breaks(lines: list[Line], blank_before: set[int] | None = None) -> list[bool]:
    """For each line, whether a new paragraph starts at it.

    The page says so (the line is indented, set apart by more than the line spacing, or after a blank
    line), or the text does (the line before ends a sentence, is a heading or a row of figures, or this
    one opens an item) — never the shortness of the line before alone: lines typed with returns, or re-flowed
    into a narrower column, are short in mid-sentence. A line never ends inside a number or an open
    arithmetic expression."""
    left, right, pitch = _margins(lines)
    indents = _indents_paragraphs(lines, left)
    starts: list[bool] = []
    para = ""  # the end of the current paragraph's text so far
    quoted = 0  # 《 opened and not closed in the current paragraph so far
    for i, ln in enumerate(lines):
        if i == 0:
            starts.append(True)
            para, quoted = ln.text, _opened(ln.text)
            continue
        prev = lines[i - 1]
        size = ln.size or 1
        marker = HEADING_RE.match(ln.text) is not None
        indented = ln.x0 > left[ln.page] + INDENT_TOLERANCE * size
        gap = ln.page == prev.page and pitch and (ln.top - prev.top) > GAP_FACTOR * pitch
        blank = blank_before is not None and i in blank_before
        if ln.text[0] in CONTINUATION:
            new = False
        elif indented or gap or blank or (starts[i - 1] and not quoted and TITLE_LINE.match(prev.text)):
            new = True  # ... or the line before is a title standing alone (a blank line lost in a copy)
        elif not marker and (_splits_number(prev.text, ln.text) or _open_expression(para)):
            new = False
        elif not marker and indents and prev.text[-1] in SOFT_END:
            new = False  # paragraphs here open indented: after ；/： an unindented line goes on
        else:
            # the line ended early only if the next line's first word would have fitted after it
            room = right[prev.page] - prev.x1 - max(ln.lead_width, prev.size or 1)
            short = room > (SHORT_LINE_TOLERANCE - 1) * (prev.size or 1)
            new = _text_ends(prev, left[prev.page], short, marker, quoted > 0)
        starts.append(bool(new))
        para = ln.text if new else (para + ln.text)[-EXPRESSION_SPAN:]
        quoted = _opened(ln.text) if new else max(0, quoted + _opened(ln.text))
    return starts


def _opened(text: str) -> int:
    return text.count("《") - text.count("》")


def _indents_paragraphs(lines: list[Line], left: dict[int, float]) -> bool:
    """Whether the document opens its paragraphs indented: most lines after a sentence end (not an item
    marker) start right of the margin."""
    after = [
        ln.x0 > left[ln.page] + INDENT_TOLERANCE * (ln.size or 1)
        for prev, ln in zip(lines, lines[1:])
        if prev.text[-1] in SENTENCE_END and HEADING_RE.match(ln.text) is None
    ]
    return len(after) >= INDENT_EVIDENCE and sum(after) > len(after) / 2


def _text_ends(prev: Line, left: float, short: bool, next_is_item: bool, quoted: bool = False) -> bool:
    """Whether the words of `prev` (with the next line's item marker) end a paragraph; inside a title quoted
    in 《》 a line that reads as a title does not."""
    last = prev.text[-1]
    if next_is_item:  # an item or heading opens the next line: after a sentence, a colon, or a short line
        return last in LINE_END or (short and last not in CLAUSE_END)
    if FIGURE_ROW_RE.search(prev.text):  # a row of figures (30 28 93.3%) ends its line of a table
        return True
    if not short:
        return False
    if last in PARAGRAPH_END:
        return True
    heading = HEADING_RE.match(prev.text) is not None and not any(c in prev.text for c in NOT_IN_HEADING)
    heading = heading or (not quoted and TITLE_LINE.match(prev.text) is not None)
    centred = prev.x0 > left + CENTRED_INDENT * (prev.size or 1)
    return heading or centred


def _splits_number(before: str, after: str) -> bool:
    """Whether a line break between `before` and `after` falls inside a number (10⏎7.05%, 23,434.⏎12)."""
    a, b = before[-1], after[0]
    if a.isdigit():
        return b.isdigit() or (b in ".,%" and len(after) > 1 and (b == "%" or after[1].isdigit()))
    return a in ".," and len(before) > 1 and before[-2].isdigit() and b.isdigit()


def _open_expression(para: str) -> bool:
    """Whether the paragraph so far ends inside written-out arithmetic: after an operator, or inside
    parentheses opened around figures and operators ((147.27%+…+10⏎7.05%…)/10)."""
    tail = para.rstrip()
    if tail and tail[-1] in OPERATORS:
        return True
    depth_at = max(tail.rfind("("), tail.rfind("（"))
    if depth_at < 0 or any(c in tail[depth_at:] for c in ")）"):
        return False
    inside = tail[depth_at + 1 :]
    return bool(inside) and ARITHMETIC_RE.fullmatch(inside) is not None and any(c in inside for c in OPERATORS)


def join_lines(lines: list[Line], starts: list[bool], builder: TextBuilder) -> None:
    """Append lines to the builder: no space inside a paragraph between CJK characters or digits."""
    for ln, new_para in zip(lines, starts):
        last = builder.last_char()
        if builder.length:
            if new_para:
                builder.add("\n", ln.page, [ln.boxes[0]])
            elif last.isascii() and last.isalpha() and ln.chars[0].isascii() and ln.chars[0].isalpha():
                builder.add(" ", ln.page, [ln.boxes[0]])
        builder.add(ln.text, ln.page, ln.boxes)
