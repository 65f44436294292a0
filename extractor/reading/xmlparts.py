"""XML parts of the formats read here (OFD's, an Excel 2003 XML table), parsed safely: a document type
declaration is refused (entities are how XML is made to expand without bound; an export has none), the
declared encoding is honoured where expat cannot (GB2312 and GBK, read as GB18030), and a part in GB18030
that declares nothing (so claims UTF-8) is read as what its bytes are."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from .errors import ReadError

DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
GB_NAMES = ("gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80")
UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")


def parse_xml(data: bytes, path: str, code: str, name: str = "") -> ElementTree.Element:
    """The root of an XML part; ReadError `code` naming the part (`name`) when it cannot be read."""
    part = f"{name} " if name else ""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ReadError(path, code, (f"{part}含文档类型声明", f"a document type declaration in {name or 'it'}"))
    try:
        return ElementTree.fromstring(_decoded(data))
    except (ElementTree.ParseError, UnicodeDecodeError, LookupError) as e:
        if not DECLARED.match(data) and not _utf8(data):
            try:
                return ElementTree.fromstring(data.decode("gb18030"))
            except (ElementTree.ParseError, UnicodeDecodeError):
                pass
        raise ReadError(path, code, (f"{part}不是完整的 XML", f"{name}: {e}".lstrip(": "))) from None


def _decoded(data: bytes) -> bytes | str:
    """The part as expat can take it: bytes as they are in UTF-8, else decoded in the encoding declared."""
    declared = DECLARED.match(data)
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if encoding in UTF8_NAMES or encoding.startswith("utf-16"):
        return data  # expat reads UTF-16 itself
    return data.decode("gb18030" if encoding in GB_NAMES else encoding)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
