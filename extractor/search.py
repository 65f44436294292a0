"""What a folder search finds: the reports in it, never jixiao's own files. A workbook, text report or
annotated PDF that jixiao wrote into a folder it then searches would be read as a report, and its quoted
figures found again (a second run into findings.xlsx inside the folder had seven times the errors of the
first). Left out of a folder search:

- this run's outputs, by path: the `-o` target, its journal, the `--annotate` folder (when it lies inside
  the folder searched);
- files jixiao wrote, by the mark it writes into them (marks.py): a workbook's document properties, an
  annotated copy's document information, an HTML report's generator tag, and for text outputs their own
  shape (the closing summary line of `check`, the header of `extract`'s table);
- the temporary file of an output a killed run left (`.findings.xlsx.k3j9x_2a.tmp.xlsx`).

JSON and CSV outputs are never read: folders are searched for reports' suffixes only. A file named
on the command line is always read, with a note when it is one of jixiao's own.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .marks import ANNOTATED_KEY, HTML_GENERATOR, WORKBOOK_KEYWORD
from .reading import SEARCHED_SUFFIXES

HEAD_BYTES = 4096  # how much of a text file's start and end is looked at
TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp(\.[A-Za-z0-9]+)?$")  # journal.atomic_path's names


@dataclass
class Found:
    files: list[str] = field(default_factory=list)  # to read, in order
    skipped: list[str] = field(default_factory=list)  # found in folders, jixiao's own (recognised by their mark)
    named_own: list[str] = field(default_factory=list)  # named on the command line, jixiao's own (read)


def search(paths: Iterable[str], exclude: Iterable[str | Path] = ()) -> Found:
    """Files named, and the reports found in folders named (recursively, sorted), leaving out `exclude`
    (this run's outputs: files, or folders whose files are left out) and what jixiao wrote."""
    out = Found()
    excluded = [Path(p).resolve() for p in exclude if p]
    for p in map(Path, paths):
        if not p.is_dir():
            out.files.append(str(p))
            if p.is_file() and own_output(p):
                out.named_own.append(str(p))
            continue
        root = p.resolve()
        skip = [x for x in excluded if x != root and x not in root.parents]  # never the folder searched
        for f in sorted(p.rglob("*")):
            if f.suffix.lower() not in SEARCHED_SUFFIXES or f.name.startswith("~$") or f.is_dir():
                continue  # Word's and Excel's lock files (~$报告.docx, left while one is open) are not reports
            resolved = f.resolve()
            if any(resolved == x or x in resolved.parents for x in skip):
                continue
            if TEMPORARY.match(f.name) or (f.is_file() and own_output(f)):  # a FIFO is never opened here
                out.skipped.append(str(f))
                continue
            out.files.append(str(f))
    return out


def own_output(path: Path) -> bool:
    """Whether jixiao wrote this file (by the mark in it; see marks.py)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _marked_workbook(path)
        if suffix == ".pdf":
            return _annotated_copy(path)
        if suffix == ".txt":
            return _text_output(path)
        if suffix in (".html", ".htm"):
            return _html_report(path)
    except (OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error):
        return False  # unreadable (cut off, a part that will not inflate): the reader says why, as for any report
    return False


def _marked_workbook(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        if "docProps/core.xml" not in z.namelist():
            return False
        with z.open("docProps/core.xml") as fh:
            return WORKBOOK_KEYWORD.encode() in fh.read(64 * 1024)


def _annotated_copy(path: Path) -> bool:
    """The document information of the PDF, found as pypdf writes it (one classic cross-reference table):
    the trailer names the object, the table gives its place. Anything else is not jixiao's copy."""
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
        start = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
        info = re.search(rb"/Info\s+(\d+)\s+0\s+R", tail[tail.rfind(b"trailer") :])
        if not (start and info) or b"trailer" not in tail:
            return False
        fh.seek(int(start[1]))
        table = re.match(rb"xref\s+0\s+(\d+)\s*?\n", fh.read(64))
        if not table or int(info[1]) >= int(table[1]):
            return False
        fh.seek(int(start[1]) + table.end() + 20 * int(info[1]))  # entries are 20 bytes
        offset = re.match(rb"(\d{10}) \d{5} n", fh.read(20))
        if not offset:
            return False
        fh.seek(int(offset[1]))
        obj = fh.read(HEAD_BYTES)
    return ANNOTATED_KEY.encode() in obj.split(b"endobj", 1)[0]


def _html_report(path: Path) -> bool:
    with open(path, "rb") as fh:
        return HTML_GENERATOR.encode() in fh.read(HEAD_BYTES)


def _text_output(path: Path) -> bool:
    """A text report of `check` (its closing summary line) or the facts table of `extract` (its header)."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
        size = fh.seek(0, 2)
        fh.seek(max(0, size - HEAD_BYTES))
        tail = fh.read()
    lines = [ln for ln in tail.decode("utf-8", "replace").splitlines() if ln.strip()]
    if lines and _summary_line().fullmatch(lines[-1].strip()):
        return True
    first = head.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0].split()
    return _table_header(tuple(first))


@cache
def _summary_line() -> re.Pattern:
    """The closing line of `check`'s text in either language, its numbers any numbers (from the function
    that writes it, so the two cannot drift apart)."""
    from .reporting.text import summary_line

    numbers = {"error": 1001, "warning": 1002, "info": 1003}
    shapes = []
    for lang in ("zh", "en"):
        for unreadable in (0, 1005):
            shape = re.escape(summary_line(Counter(numbers), 1004, unreadable, lang))
            shapes.append(re.sub(r"100[1-5]", r"\\d+", shape))
    return re.compile("|".join(f"(?:{s})" for s in shapes))


def _table_header(words: tuple[str, ...]) -> bool:
    """The header of `extract`'s table, in either language (with or without its place column)."""
    from .reporting.names import HEADERS, say
    from .reporting.tabular import TABLE_COLUMNS

    shapes = [TABLE_COLUMNS, [c for c in TABLE_COLUMNS if c != "place"]]
    return any(words == tuple(say(HEADERS, c, lang) for c in cols) for cols in shapes for lang in ("zh", "en"))


def notes(found: Found, lang: str, quiet: bool = False) -> list[str]:
    """One line for the files left out as jixiao's own (not with `quiet`), one per file named that is
    jixiao's own (always: reading it is likely a slip)."""
    lines = []
    if found.skipped and not quiet:
        shown = "、".join(found.skipped[:5]) + ("等" if len(found.skipped) > 5 else "")
        listed = ", ".join(found.skipped[:5]) + (", ..." if len(found.skipped) > 5 else "")
        lines.append(
            f"not read: {len(found.skipped)} files jixiao wrote itself: {listed}"
            if lang == "en"
            else f"未读取 jixiao 自己写出的 {len(found.skipped)} 个文件：{shown}"
        )
    for path in found.named_own:
        lines.append(
            f"{path}: a file jixiao wrote; read as named"
            if lang == "en"
            else f"{path}: 这是 jixiao 写出的文件，因在命令中列出，仍按报告读取"
        )
    return lines
