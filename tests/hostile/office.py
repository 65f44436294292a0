"""Hostile Word and Excel inputs: a small report in each, cut at random points and bit-flipped, plus what
is not a package at all (text named .docx, an OLE container with an EncryptedPackage stream, an old .xls)."""

from __future__ import annotations

import io
import random
import re
import zipfile

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def bases(report: str) -> dict[str, bytes]:
    """The report as a .docx (paragraphs and a table with a merged cell) and as a one-sheet .xlsx."""
    import docx
    import openpyxl

    d = docx.Document()
    for line in report.splitlines():
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "分值", "得分"], ["产出指标", "50", "48"], ["合计", "50", "48"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))
    docx_bytes = io.BytesIO()
    d.save(docx_bytes)
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in report.splitlines():
        ws.append([line])
    ws.append(["执行率", 0.9145, 120.5])
    ws.cell(ws.max_row, 2).number_format = "0.00%"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    xlsx_bytes = io.BytesIO()
    wb.save(xlsx_bytes)
    return {"docx": _pinned(docx_bytes.getvalue()), "xlsx": _pinned(xlsx_bytes.getvalue())}


def _pinned(package: bytes) -> bytes:
    """The package with its members' dates and the created/modified times in docProps/core.xml fixed: the
    same bytes on every run, so that a flip lands on the same byte (a failure in CI is one you can rerun)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def mutated(stem: str, suffix: str, data: bytes, rng: random.Random, cuts: int, flips: int) -> dict:
    """A good file and copies of it cut at random points and bit-flipped: name → (bytes, accepted outcomes)."""
    out: dict[str, tuple[bytes, list[str]]] = {f"base-{stem}.{suffix}": (data, ["ok"])}
    for _ in range(cuts):
        at = rng.randrange(1, len(data))
        out[f"cut-{stem}-{at}.{suffix}"] = (data[:at], ["any"])
    for k in range(flips):
        at = rng.randrange(len(data))
        flipped = bytearray(data)
        flipped[at] ^= 1 << rng.randrange(8)
        out[f"flip-{stem}-{at}-{k}.{suffix}"] = (bytes(flipped), ["any"])
    return out


def cases(report: str, rng: random.Random, cuts: int, flips: int) -> dict[str, tuple[bytes, list[str]]]:
    """File name → (bytes, accepted outcomes)."""
    out: dict[str, tuple[bytes, list[str]]] = {}
    for kind, data in bases(report).items():
        out.update(mutated(kind, kind, data, rng, cuts, flips))
        out[f"text-named.{kind}"] = (report.encode(), ["office_damaged"])
        out[f"password.{kind}"] = (OLE + "EncryptedPackage".encode("utf-16-le"), ["office_encrypted"])
        out[f"empty.{kind}"] = (b"", ["empty"])
        out[f"no-part.{kind}"] = (_zip({"readme.txt": report.encode()}), ["office_damaged"])
    out["old.xls"] = (
        OLE + "Workbook".encode("utf-16-le"),
        ["office_legacy", "office_damaged"],
    )  # without, with LibreOffice
    return out


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()
