"""The Document: a report's reflowed text plus a map from every character back to its page and box.

Nothing after reading opens the file again: rules and reporters work from this object only.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (text files: column, line, column, line)
UNBOXED = ("docx", "xlsx")  # kinds whose places are named (段12, 表2 行3 列4, Sheet1!C5), not drawn

INF_ONE, NEG_INF_ONE = (float("inf"),), (float("-inf"),)  # where a box's running min and max start


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    bbox: Box | None
    page: int = 0  # set when a table runs over pages
    place: str = ""  # Word and Excel: where the cell is (表2 行3 列4, Sheet1!C5)


@dataclass
class Table:
    page: int
    bbox: Box | None
    cells: list[list[Cell | None]]  # rows of cells; None where a merged cell continues
    ruled: bool = True
    caption: str = ""
    partial: bool = False  # rows recognised by their shape alone: rows of other shapes may be missing

    @property
    def rows(self) -> list[list[str]]:
        """The cells' texts, row by row ('' where a merged cell continues)."""
        return [[c.text if c else "" for c in row] for row in self.cells]


@dataclass
class Page:
    number: int  # 1-based
    width: float = 0.0
    height: float = 0.0
    furniture: list[str] = field(default_factory=list)  # running headers, footers, page numbers
    name: str = ""  # Excel: the sheet's name (each sheet is a page)


@dataclass
class Document:
    path: str
    kind: str  # "pdf", "text", "docx" or "xlsx"
    text: str
    pages: list[Page]
    tables: list[Table]
    char_page: array  # page number per character of `text`
    char_box: array  # 4 floats per character
    notes: list[tuple[int, int, str, str]] = field(
        default_factory=list
    )  # (page, line, code, quote): what reading skipped
    read_notes: list[tuple[str, str]] = field(default_factory=list)  # (code, detail): what reading overlooked
    places: list[tuple[int, str]] = field(default_factory=list)  # Word, Excel: (offset, place) where each line starts
    # scanned pages: page → (box, confidence) of every recognised character (reading/ocr.py); empty otherwise
    recognised: dict[int, list[tuple[Box, float]]] = field(default_factory=dict)

    def confidence(self, page: int, bbox: Box | None) -> float | None:
        """The lowest recognition confidence of the characters whose centre lies in bbox on page;
        None when nothing there was recognised (a text layer)."""
        if bbox is None or page not in self.recognised:
            return None
        x0, top, x1, bottom = bbox
        inside = [
            c for (a, b, c2, d), c in self.recognised[page] if x0 <= (a + c2) / 2 <= x1 and top <= (b + d) / 2 <= bottom
        ]
        return min(inside) if inside else None

    def locate(self, start: int, end: int) -> tuple[int, Box | None]:
        """Page and bounding box of text[start:end] (the part on the span's first page)."""
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        page = self.char_page[start]
        if self.kind in UNBOXED:
            return page, None
        if "\n" not in self.text[start:end] and self.char_page[start:end].count(page) == end - start:
            boxes = self.char_box[4 * start : 4 * end]  # one line on one page: every character's box at once
            x0, top, x1, bottom = min(boxes[0::4]), min(boxes[1::4]), max(boxes[2::4]), max(boxes[3::4])
            if x0 == x0 and top == top and x1 == x1 and bottom == bottom:  # else a NaN came first: as below
                return page, _rounded_box(x0, top, x1, bottom)
        boxes = [self.char_box[4 * i : 4 * i + 4] for i in range(start, end) if self._boxed_on(i, page)]
        boxes = [v for box in boxes for v in box]
        x0, top = min(chain(INF_ONE, boxes[0::4])), min(chain(INF_ONE, boxes[1::4]))  # as a running min from inf
        x1, bottom = max(chain(NEG_INF_ONE, boxes[2::4])), max(chain(NEG_INF_ONE, boxes[3::4]))
        return page, _rounded_box(x0, top, x1, bottom)

    def _boxed_on(self, i: int, page: int) -> bool:
        return self.char_page[i] == page and self.text[i] != "\n"

    def line_of(self, offset: int) -> int | None:
        """For text files: the 1-based source line of a character."""
        if self.kind != "text":
            return None
        return int(self.char_box[4 * offset + 1])

    def place_of(self, offset: int) -> str:
        """For Word and Excel files: the named place of a character (段12, 表2 行3 列4, Sheet1!C5)."""
        k = bisect_right(self.places, offset, key=lambda p: p[0]) - 1
        return self.places[k][1] if k >= 0 else ""

    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph (text is paragraphs joined by newlines)."""
        spans, start = [], 0
        for line in self.text.split("\n"):
            spans.append((start, start + len(line)))
            start += len(line) + 1
        return [s for s in spans if s[1] > s[0]]


def _rounded_box(x0: float, top: float, x1: float, bottom: float) -> Box | None:
    """The box to a tenth of a point; None when no character had one (the running min is still inf)."""
    if x0 == float("inf"):
        return None
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


class TextBuilder:
    """Accumulates text with a page and box for every character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.char_page = array("H")
        self.char_box = array("f")
        self.length = 0

    def add(self, text: str, page: int, boxes) -> None:
        assert len(text) == len(boxes)
        self.parts.append(text)
        self.length += len(text)
        self.char_page.extend([page] * len(text))
        packed = getattr(boxes, "data", None)  # reflow.PackedBoxes: copy the floats at once
        if packed is not None:
            self.char_box.extend(packed)
        else:
            for b in boxes:
                self.char_box.extend(b)

    def last_char(self) -> str:
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""

    def build(self, path: str, kind: str, pages: list[Page], tables: list[Table], notes=None, places=None) -> Document:
        text = "".join(self.parts)
        return Document(
            path, kind, text, pages, tables, self.char_page, self.char_box, notes or [], places=places or []
        )
