"""The user's example report: rebuild its blocks from the copied-out text, render two PDFs.

``corpus/seed/example.txt`` was copied out of a PDF: a hard line break every ~26 characters,
a blank line between lines, and a stray leading space on the first line of each old page.
``parse_seed`` rebuilds the paragraphs, headings and the one score table; every character
is kept as written (typos and inconsistent numbers included: the linter has to find them),
except the stray leading spaces and the line breaks themselves.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from .blocks import Block, Heading, Para, Table, block_texts
from .layout import Layout, render_pdf

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
SEED_TEXT = SEED_DIR / "example.txt"

#: Item / heading numbering at the start of a line: 一、 （一） <一> 1. 1、
MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）"
                    r"|<[一二三四五六七八九十]+>|\d{1,2}(?:[.．](?!\d)|、))")
#: Characters that can only continue a paragraph, never start one (a formula pushed down).
CONTINUATION_START = "=)）%％+"
#: Sentence ends after which a following item marker starts a new paragraph.
PARA_END = "。：；;:"
#: How much shorter than the usual line a line must be to end its paragraph (in CJK widths).
SHORT_BY = 3.0
#: The score table that the copy flattened into lines (its caption, then header and rows).
TABLE_CAPTION = "2022 年度部门整体支出绩效评价综合得分情况"
TABLE_END = "各项指标详细分析如下："


def width(line: str) -> float:
    """Display width in full-width characters (CJK 1, Latin/digits/space ½)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line)


def heading_level(text: str) -> int:
    """0 if ``text`` is not a heading, else 1 (一、), 2 (（一）) or 3 (<一>, 1., 1、)."""
    m = MARKER.match(text)
    if not m or len(text) > 40 or "。" in text:
        return 0
    mark = m.group()
    if mark.endswith("、") and not mark[0].isdigit():
        return 1
    return 2 if mark.startswith("（") else 3


def _lines(text: str) -> list[str]:
    """Non-empty lines with the page-break leading space removed."""
    return [ln.lstrip(" ") for ln in text.split("\n") if ln.strip()]


def _paragraphs(lines: list[str], usual: float) -> list[str]:
    """Join lines into paragraphs (no separator) using line length and item markers."""
    paras: list[str] = []
    cur: list[str] = []
    for i, line in enumerate(lines):
        cur.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or _ends_paragraph(cur, line, nxt, usual):
            paras.append("".join(cur))
            cur = []
    return paras


def _ends_paragraph(cur: list[str], line: str, nxt: str, usual: float) -> bool:
    short = width(line) < usual - SHORT_BY
    next_short = width(nxt) < usual - SHORT_BY
    if nxt[0] in CONTINUATION_START:
        return False
    if MARKER.match(nxt) and (short or line[-1] in PARA_END):
        return True
    if len(cur) == 1 and heading_level(line):
        # a heading runs on to a second line only if that line is short and no sentence
        return not (next_short and "。" not in nxt and heading_level(line + nxt))
    return short


def parse_seed(text: str) -> list[Block]:
    """Blocks of the example report: title, headings, paragraphs and the score table."""
    lines = _lines(text)
    usual = Counter(round(width(ln)) for ln in lines).most_common(1)[0][0]
    n_title = 0
    while width(lines[n_title]) < usual - SHORT_BY:
        n_title += 1
    blocks: list[Block] = [Heading("".join(lines[:n_title]), 0)]
    body = lines[n_title:]
    t0 = body.index(TABLE_CAPTION)
    t1 = body.index(TABLE_END)
    blocks += _text_blocks(body[:t0], usual)
    blocks.append(_table(body[t0:t1]))
    blocks += _text_blocks(body[t1:], usual)
    _check_lossless(text, blocks)
    return blocks


def _check_lossless(text: str, blocks: list[Block]) -> None:
    """Every non-space character of the source, in order, is in the blocks."""
    def squeeze(s: str) -> str:
        return re.sub(r"\s+", "", s)
    if squeeze("".join(block_texts(blocks))) != squeeze(text):
        raise ValueError("seed parsing lost or changed characters")


def _text_blocks(lines: list[str], usual: float) -> list[Block]:
    out: list[Block] = []
    for p in _paragraphs(lines, usual):
        level = heading_level(p)
        out.append(Heading(p, level) if level else Para(p))
    return out


def _table(lines: list[str]) -> Table:
    """The flattened score table: caption, header row split on spaces, then each row as
    label lines followed by one line of space-separated numbers."""
    caption, header, *rest = lines
    rows = [header.split(" ")]
    label: list[str] = []
    for ln in rest:
        if re.fullmatch(r"[\d.%\s]+", ln):
            rows.append(["".join(label)] + ln.split(" "))
            label = []
        else:
            label.append(ln)
    return Table(rows, header_rows=1, ruled=True, caption=caption,
                 col_widths=[1.6, 1, 1, 1, 1])


def title(blocks: list[Block]) -> str:
    return next(b.text for b in blocks if isinstance(b, Heading) and b.level == 0)


def layouts(report_title: str) -> dict[str, Layout]:
    """The two renderings: a word processor's export and a plainer one."""
    return {
        "example-word.pdf": Layout(
            font="ttf", font_size=12, leading=21, justified=True, first_indent=2,
            latin_font="Times-Roman", header_text=report_title, footer="— {n} —"),
        "example-plain.pdf": Layout(
            font="cid", font_size=10.5, leading=17, justified=False, first_indent=2,
            text_width=300, margins=(80, 0, 70, 0), header_text=None,
            footer="第 {n} 页 共 {total} 页", title=report_title),
    }


def render(out_dir: Path = SEED_DIR) -> dict[str, int]:
    """Render the example report's PDFs into ``out_dir``; return {file name: pages}."""
    blocks = parse_seed(SEED_TEXT.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = {}
    for name, layout in layouts(title(blocks)).items():
        pages[name] = render_pdf(blocks, layout, out_dir / name)
    return pages
