"""What a file named as Word or Excel really holds, when it is not a Word or Excel package.

Finance and reporting systems often export a 自评表 as a web page or an Excel 2003 XML table and name it
.xls, and Word saves "single file web pages" (.mht) and RTF that are passed on as .doc. Such a file is read
by what it holds, with a note saying so; the name alone would call it damaged. A real .docx/.xlsx (a zip)
or an old binary file (OLE) is never taken for one of these.
"""

from __future__ import annotations

import re

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
PACKAGE_MAGICS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (.docx/.xlsx), OLE (.doc/.xls)

# kind → (the reader's module:function, the note's words for what the file holds)
KINDS = {
    "rtf": ("office:read_rtf", ("RTF 文档", "an RTF document")),
    "mhtml": ("html:read_html", ("单个文件网页 MHT", "a single-file web page (MHT)")),
    "xml_sheet": ("xml_sheet:read_xml_sheet", ("Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet")),
    "html": ("html:read_html", ("网页 HTML", "a web page (HTML)")),
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
    return None
