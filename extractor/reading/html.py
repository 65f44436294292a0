"""A web page (.html/.htm) → Document: reports are often published as pages of a government site, and an
auditor saves them as they are.

The page is read as a Word file is (word.py): it has no pages, so places are named instead (段N is the N-th
non-empty block of text, 表T 行R 列C a table's cell, on its grid: a cell spanning rows or columns stands in
its top-left grid cell and the cells it covers are None). Block elements (p, div, h1–h6, li, br …) end a
line, but a <br> after a comma goes on with its sentence; scripts, styles and the head (but its title) are
not text. A table nested in a cell is read as part of that cell's text. The encoding is the one the page
declares (<meta charset>), when its bytes decode in it; else it is detected as a text file's is. A single-file
web page (.mht, Word's and browsers' "save as one file") is read by its first text/html part.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
from html.parser import HTMLParser
from pathlib import Path

import regex

from jixiao.patterns.precompiled import compiled

from ..document import Cell, Page, Table
from ..limits import Limits, check, report_pages
from .disguised import disguised_kind
from .errors import ReadError
from .placed import PlacedText, join_cell_lines, normalise
from .text import decode
from .xmlparts import GB_NAMES

PAGE = 1
HEAD_BYTES = 1024
CAPTION_CHARS = 60  # a longer block above a table is body text, not the table's caption
MAX_SPAN = 63  # a wider colspan/rowspan (a damaged page) is cut here
# elements whose text is not printed, and a ruby annotation over characters (a pinyin gloss: 预<rt>yù</rt>算)
SKIPPED = {"script", "style", "noscript", "template", "svg", "object", "iframe", "select", "button", "rt", "rp"}
BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "br", "hr", "section",
    "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center", "form", "fieldset",
    "address", "figure", "figcaption", "title", "caption", "body", "html",
}  # fmt: skip
DECLARED = compiled(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.IGNORECASE)
FRAMESET = compiled(r"<frameset[\s>]", regex.IGNORECASE)
HIDDEN_STYLE = compiled(r"display\s*:\s*none", regex.IGNORECASE)
ENDED_BY = {"tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "li": {"li"}, "p": {"p", "table", "div"}}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
MID_CLAUSE = "，、,"  # a <br> after these is inside a sentence
SPACES = compiled(r"[ \t\r\n\f\u00a0\u3000]+")


def read_html(path: Path, limits: Limits | None = None):
    with path.open("rb") as fh:
        data = fh.read(limits.file_mb * 1024 * 1024 + 1) if limits else fh.read()
    if limits is not None:
        check(str(path), limits, "file_mb", len(data) // (1024 * 1024), "MB")
    if not data.strip():
        raise ReadError(str(path), "empty")
    page = _PageParser()
    named = path.suffix.lower() in (".mht", ".mhtml") and not data.lstrip().startswith(b"<")  # not a plain page
    mime = named or disguised_kind(data[:HEAD_BYTES]) == "mhtml"
    page.feed(_mime_page(data, str(path)) if mime else _decoded(data, str(path)))
    page.close()
    report_pages(PAGE)
    text = PlacedText()
    tables: list[Table] = []
    above = ""  # the block just before the current one, if it may be a caption
    n_para = 0
    for block in page.blocks:
        if isinstance(block, str):
            n_para += 1
            text.add(block, PAGE, f"段{n_para}")
            check(str(path), limits, "chars_per_file", text.builder.length)
            above = normalise(block) if len(block) <= CAPTION_CHARS else ""
            continue
        check(str(path), limits, "chars_per_file", text.builder.length + _grid_size(block))  # spans may be huge
        table = _table(block, len(tables) + 1, block.caption or above, text)
        above = ""
        if table is not None:
            tables.append(table)
    if not text.builder.length and not tables:
        raise ReadError(str(path), "empty")  # markup and no text: nothing the page says
    return text.builder.build(str(path), "html", [Page(PAGE)], tables, places=text.places)


def _mime_page(data: bytes, path: str) -> str:
    """The page of a single-file web page (.mht: MIME parts, the page and its images): its text/html parts
    (Excel's workbook is a frameset part and a part per sheet: the frameset is not text), each decoded as
    the part says."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
        pages = [_part_text(p, path) for p in parts]
    except RecursionError:
        raise ReadError(path, "office_damaged", ("MIME 部分嵌套过深", "MIME parts nested too deep")) from None
    pages = [page for page in pages if not FRAMESET.search(page)] or pages
    if not pages:
        raise ReadError(path, "empty", ("单个文件网页中没有网页部分", "no web page part in the single-file web page"))
    return "\n".join(pages)


def _part_text(part, path: str) -> str:
    if part.get("Content-Transfer-Encoding", "").strip().lower() == "base64":
        try:  # Python's email keeps a part it cannot decode as it is: a cut-off file would read as base64
            body = base64.b64decode(part.get_payload(decode=False), validate=False)
        except (binascii.Error, ValueError, TypeError):
            raise ReadError(
                path, "office_damaged", ("网页部分的 base64 编码不完整", "a page part's base64 is broken")
            ) from None
    else:
        body = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        try:
            return body.decode("gb18030" if charset.lower() in GB_NAMES else charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decoded(body, path)


def _decoded(data: bytes, path: str) -> str:
    """The page's text in the encoding it declares, when its bytes decode in that; else as detected."""
    declared = DECLARED.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in GB_NAMES else name  # supersets, as browsers do
        if name.startswith("utf-16") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            name = "utf-8"  # a page's own meta cannot be read in UTF-16: browsers take it as UTF-8
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)[0]


class _TableBlock:
    """A table as the page gives it: rows of (text lines, colspan, rowspan)."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[list[str], int, int]]] = []
        self.caption = ""


class _PageParser(HTMLParser):
    """Blocks of text (str) and tables (_TableBlock) in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str | _TableBlock] = []
        self.line: list[str] = []  # the text of the block being read
        self.skip = 0  # inside a script, style …
        self.head = False  # inside the head: only its title is text
        self.title = False
        self.tables: list[_TableBlock] = []  # open tables, innermost last
        self.cell: list[str] | None = None  # the lines of the outermost open table's current cell
        self.in_caption = False
        self.hidden: list | None = None  # [tag, depth] of an element not displayed (style display:none)

    def handle_starttag(self, tag, attrs):
        if self.hidden and tag in ENDED_BY.get(self.hidden[0], ()) and self.hidden[1] == 1:
            self.hidden = None  # a row or cell whose end tag was left out ends at its next sibling
        if self.hidden:
            self.hidden[1] += tag == self.hidden[0]
            return
        if tag not in VOID and any(k == "hidden" or (k == "style" and HIDDEN_STYLE.search(v or "")) for k, v in attrs):
            self.hidden = [tag, 1]  # not displayed (Excel's hidden rows): not printed, so not read
            return
        if tag in SKIPPED:
            self.skip += 1
            return
        if tag in ("head", "body"):
            self.head = tag == "head"
            return
        self.title = self.title or tag == "title"  # a head's title is the report's title
        if tag == "br" and _mid_clause("".join(self.line)):
            return  # a break after a comma goes on with its sentence
        if tag == "table":
            self._end_line()
            if not self.tables:
                self.tables.append(_TableBlock())
                self.blocks.append(self.tables[0])
            else:  # a table inside a cell: its text is the cell's
                self.tables.append(self.tables[-1])
            return
        if self.tables and len(self.tables) == 1:
            self._table_tag(tag, dict(attrs))
        elif tag in BLOCKS or tag in ("tr", "td", "th"):
            self._end_line()

    def handle_endtag(self, tag):
        if self.hidden:
            if tag == self.hidden[0]:
                self.hidden[1] -= 1
            if not self.hidden[1] or (tag == "table" and self.hidden[0] in ENDED_BY):
                self.hidden = None
            if tag != "table" or self.hidden:
                return
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "head":
            self.head = False
            return
        if tag == "title":
            self._end_line()
            self.title = False
            return
        if tag == "table" and self.tables:
            self._end_cell()
            self.tables.pop()
            return
        if tag in BLOCKS or tag in ("tr", "td", "th"):
            self._end_line()
        if tag == "caption":
            self.in_caption = False

    def close(self):
        super().close()
        self._end_cell()  # a page cut off inside a table (or a cell) keeps what it held
        self.tables = []
        self._end_line()

    def handle_data(self, data):
        if not self.skip and not self.hidden and (self.title or not self.head):
            self.line.append(data)

    def _table_tag(self, tag: str, attrs: dict) -> None:
        table = self.tables[0]
        if tag == "tr":
            self._end_cell()
            table.rows.append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not table.rows:
                table.rows.append([])
            self.cell = []
            table.rows[-1].append((self.cell, _span(attrs.get("colspan")), _span(attrs.get("rowspan"))))
        elif tag == "caption":
            self._end_line()
            self.in_caption = True
        elif tag in BLOCKS:
            self._end_line()

    def _end_cell(self) -> None:
        self._end_line()
        self.cell = None

    def _end_line(self) -> None:
        text = SPACES.sub(" ", "".join(self.line)).strip()
        self.line = []
        if not text:
            return
        if self.in_caption and self.tables:
            self.tables[0].caption = text
        elif self.tables and self.cell is not None:
            self.cell.append(text)
        elif not self.tables:
            self.blocks.append(text)
        # text in a table but outside its cells (between rows) is not the page's


def _mid_clause(text: str) -> bool:
    tail = text.rstrip(" \t\r\n\u00a0\u3000")
    return bool(tail) and tail[-1] in MID_CLAUSE


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _grid_size(block: _TableBlock) -> int:
    """How many grid cells the table's spans lay out, at most (they count as a sheet's grid cells do)."""
    width = max((sum(span for _, span, _ in row) for row in block.rows), default=0)
    height = max((r + max((down for _, _, down in row), default=1) for r, row in enumerate(block.rows)), default=0)
    spanned = sum(across * down for row in block.rows for _, across, down in row)  # what the spans cover
    return max(width * height, spanned)


def _table(block: _TableBlock, number: int, caption: str, text: PlacedText) -> Table | None:
    """The table's grid, with rowspans and colspans laid out; prose cells become lines of the text."""
    covered: set[tuple[int, int]] = set()
    rows: list[list[Cell | None]] = []
    for r, given in enumerate(block.rows):
        row: list[Cell | None] = []
        for lines, colspan, rowspan in given:
            while (r, len(row)) in covered:
                row.append(None)
            col = len(row)
            place = f"表{number} 行{r + 1} 列{col + 1}"
            row.append(Cell(r, col, join_cell_lines(lines), None, place=place))
            row.extend([None] * (colspan - 1))
            covered |= {(r + dr, col + dc) for dr in range(rowspan) for dc in range(colspan) if dr or dc}
            text.add_prose(lines, PAGE, place)
        while (r, len(row)) in covered:
            row.append(None)
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    if not width or not any(c is not None and c.text for row in rows for c in row):
        return None
    return Table(PAGE, None, [row + [None] * (width - len(row)) for row in rows], ruled=True, caption=caption)
