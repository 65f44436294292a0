"""What a file named as Word or Excel really holds, when it is not a Word or Excel package.

Finance and reporting systems often export a 自评表 as a web page, an Excel 2003 XML table or tab-separated
text and name it .xls, and Word saves "single file web pages" (.mht) and RTF that are passed on as .doc. Such a file is read
by what it holds, with a note saying so; the name alone would call it damaged. A real .docx/.xlsx (a zip)
or an old binary file (OLE) is never taken for one of these.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a cell may hold a long note; files are bounded anyway
BOMS = (b"\xef\xbb\xbf",)  # UTF-8; a page in UTF-16 would show its markers spaced by NULs (not sniffed)
# a page: its first tag (after an XML declaration and comments) one that begins an HTML document or a table
HTML_START = re.compile(
    rb"(?:<\?xml[^>]*\?>|<!--.*?-->|\s)*<(?:!doctype\s+html|html|head|body|table|meta|title|style)[\s>/]", re.S
)
# a single-file web page: MIME headers first (a browser's may run long before MIME-Version)
MIME_START = re.compile(rb"(?:from|subject|date|mime-version|content-type|snapshot-content-location|content-location"
                        rb"|message-id|x-[a-z0-9-]+)\s*:")  # fmt: skip
MIME_MARKERS = (b"mime-version:", b"multipart/related", b"snapshot-content-location:")
SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003 XML (SpreadsheetML)
DELIMITERS = "\t,;"  # a delimited table's (tab first: what systems export as .xls)
SAMPLE_LINES = 20  # lines that decide the delimiter
MIN_LINES = 3  # fewer rows are no table
PACKAGE_MAGICS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (.docx/.xlsx), OLE (.doc/.xls)

# kind → (the reader's module:function, the note's words for what the file holds)
KINDS = {
    "rtf": ("office:read_rtf", ("RTF 文档", "an RTF document")),
    "mhtml": ("html:read_html", ("单个文件网页 MHT", "a single-file web page (MHT)")),
    "xml_sheet": ("xml_sheet:read_xml_sheet", ("Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet")),
    "html": ("html:read_html", ("网页 HTML", "a web page (HTML)")),
    "csv": ("csv_sheet:read_csv", ("CSV 或制表符分隔的表格", "a delimited table (CSV or tab-separated)")),
}


def disguised_kind(head: bytes) -> str | None:
    """The kind of KINDS that a file's first bytes show, or None (a package, or anything else)."""
    if head.startswith(PACKAGE_MAGICS):
        return None
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
    start = head.lstrip()
    lower = start.lower()
    if start.startswith(b"{\\rtf"):
        return "rtf"
    if MIME_START.match(lower) and any(m in lower for m in MIME_MARKERS):
        return "mhtml"
    if SPREADSHEET_XML in lower and b"workbook" in lower:  # <Workbook>, or <ss:Workbook>
        return "xml_sheet"
    if HTML_START.match(lower):
        return "html"
    if b"\x00" not in head and not start.startswith((b"<", b"{")):
        text = head.decode("utf-8", "ignore") if _utf8ish(head) else head.decode("gb18030", "ignore")
        lines = text.splitlines()
        if delimiter_of("\n".join(lines[:-1] if len(head) >= 1024 else lines)):  # a cut last line left out
            return "csv"
    return None


def _utf8ish(head: bytes) -> bool:
    """Whether the bytes are UTF-8 but for a character cut at the end."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start >= len(head) - 3
    return True


def delimiter_of(text: str, min_lines: int = MIN_LINES) -> str | None:
    """The delimiter that splits most of the first non-empty lines (at least MIN_LINES, and half of them: a
    title or a note may stand on a line of its own) into the same number of fields, two or more; None: the
    text is no delimited table."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:SAMPLE_LINES]
    if len(lines) < min_lines or sum("。" in ln for ln in lines) * 2 > len(lines):
        return None  # too short, or sentences: prose with commas is no table
    for delimiter in DELIMITERS:
        try:
            counts = Counter(len(next(csv.reader([ln], delimiter=delimiter))) for ln in lines)
        except csv.Error:
            continue
        fields, lines_alike = max(((n, k) for n, k in counts.items() if n >= 2), key=lambda c: c[1], default=(0, 0))
        if fields and lines_alike >= min_lines and 2 * lines_alike >= len(lines):
            return delimiter
    return None
