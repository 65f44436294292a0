"""A table exported as delimited text (.csv, .tsv, or the tab-separated "Excel" file many systems export and
name .xls) → Document, read as a one-sheet workbook is (excel.py): the sheet is named after the file, a cell
is placed by its address (报表!C5), each cell's text as written. The encoding is detected as a text file's
is; the delimiter is the one (tab, comma, semicolon) that splits the first lines alike.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..limits import Limits, check
from .disguised import delimiter_of
from .errors import ReadError
from .excel import build_grid, workbook_document
from .text import decode


def read_csv(path: Path, limits: Limits | None = None):
    data = path.read_bytes()
    if limits is not None:
        check(str(path), limits, "file_mb", len(data) // (1024 * 1024), "MB")
    text, _ = decode(data, str(path))
    delimiter = delimiter_of(text, min_lines=2)  # a header and a row
    if delimiter is None:
        raise ReadError(str(path), "empty", ("不是以分隔符排列的表格", "no delimited table in it"))
    texts: dict[tuple[int, int], list[str]] = {}
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            for c, value in enumerate(row, start=1):
                if value.strip():
                    texts[(r, c)] = value.replace("\r\n", "\n").split("\n")
            check(str(path), limits or Limits(), "chars_per_file", len(texts), ("个单元格", "cells"))
    except csv.Error as e:  # a field past the csv module's limit (128 KiB), a NUL
        raise ReadError(str(path), "office_damaged", f"CSV: {e}") from None
    title = path.stem or "Sheet1"
    return workbook_document(
        path, 1, [(title, build_grid(title, texts, set(), (set(), set()), str(path), limits))], limits
    )
