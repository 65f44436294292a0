"""Text and cells of files without pages (Word, Excel): each line and cell carries a named place
(段12, 表2 行3 列4, Sheet1!C5) instead of a page box. Cells holding prose (a 自评结论 written into a merged
cell) are also lines of the text, so text rules see them.
"""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..document import TextBuilder
from ..reflow import clean_line

PROSE_CHARS = 16  # a cell this long with a clause mark in it is prose, not a name or a figure
HAN = compiled(r"\p{Han}")
CLAUSE_MARKS = compiled(r"[，。；：！？,;:]")
PINYIN_GLOSS = load("reading")["pinyin_gloss"].regex


def normalise(text: str) -> str:
    """A cell's or paragraph's text as a PDF line of it reads: full-width forms mapped, layout spaces
    dropped (those between Latin words and numbers kept)."""
    text = PINYIN_GLOSS.sub("", text)  # 预(yù)算: a gloss for reading aloud, no character of the report
    chars = [(ch, (float(k), 0.0, float(k + 1), 0.0)) for k, ch in enumerate(text.replace("\n", " "))]
    line = clean_line(1, chars, 1.0)
    return line.text if line else ""


def join_cell_lines(lines: list[str]) -> str:
    """A cell's lines joined as a PDF cell's are: no space, except between Latin letters or digits."""
    joined = ""
    for t in filter(None, map(normalise, lines)):
        if joined and joined[-1].isascii() and joined[-1].isalnum() and t[0].isascii() and t[0].isalnum():
            joined += " "
        joined += t
    return joined


def is_prose(text: str) -> bool:
    return len(text) >= PROSE_CHARS and bool(HAN.search(text)) and bool(CLAUSE_MARKS.search(text))


class PlacedText:
    """The text of a file without pages: lines, each with its page (an Excel sheet; Word: 1) and place."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.places: list[tuple[int, str]] = []

    def add(self, text: str, page: int, place: str) -> None:
        text = normalise(text)
        if not text:
            return
        if self.builder.length:
            self.builder.add("\n", page, [(0.0, 0.0, 0.0, 0.0)])
        self.places.append((self.builder.length, place))
        self.builder.add(text, page, [(float(k), 0.0, float(k + 1), 0.0) for k in range(len(text))])

    def add_prose(self, paragraphs: list[str], page: int, place: str) -> None:
        """A cell that holds sentences: each of its paragraphs a line of the text."""
        if is_prose("".join(paragraphs)):
            for p in paragraphs:
                self.add(p, page, place)
