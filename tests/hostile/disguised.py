"""Hostile inputs of the kinds read by what they hold (OFD, Excel 2003 XML tables, single-file web pages,
delimited tables): a small good one of each, cut at random points and bit-flipped."""

from __future__ import annotations

import io
import random
import zipfile

from .office import mutated

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _ofd(report: str) -> bytes:
    """The report as a one-page OFD: a text object a line, and one rule."""
    objects = "".join(
        f'<ofd:TextObject ID="{k + 10}" Boundary="20 {20 + 7 * k} 170 5" Font="1" Size="3.5">'
        f'<ofd:TextCode X="0" Y="3" DeltaX="g {max(len(line) - 1, 1)} 3.5">{line}</ofd:TextCode></ofd:TextObject>'
        for k, line in enumerate(report.splitlines())
    )
    rule = '<ofd:PathObject ID="9" Boundary="20 10 170 1"><ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>'
    parts = {
        "OFD.xml": f"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document {NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages></ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f"<ofd:Page {NS}><ofd:Content><ofd:Layer>{rule}{objects}</ofd:Layer>"
        "</ofd:Content></ofd:Page>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml.encode())
    return buf.getvalue()


def _xml_sheet(report: str) -> bytes:
    rows = "".join(
        f'<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">{line}</Data></Cell></Row>'
        for line in report.splitlines()
    )
    rows += '<Row><Cell><Data ss:Type="String">执行率</Data></Cell><Cell ss:StyleID="p"><Data ss:Type="Number">0.9145</Data></Cell></Row>'
    return (
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Styles><Style ss:ID="p"><NumberFormat '
        f'ss:Format="Percent"/></Style></Styles><Worksheet ss:Name="自评表"><Table>{rows}</Table></Worksheet></Workbook>'
    ).encode()


def _mht(report: str) -> bytes:
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in report.splitlines()) + "</body></html>"
    return (
        (
            b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
            b'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        )
        + _base64(page.encode("gb2312"))
        + b"\r\n--B--\r\n"
    )


def _base64(data: bytes) -> bytes:
    import base64

    return base64.encodebytes(data)


def _tsv(report: str) -> bytes:
    rows = [
        ["项目", "全年预算数", "全年执行数", "执行率"],
        ["养护", "120.5", "110.2", "91.45%"],
        ["合计", "120.5", "110.2", "91.45%"],
    ]
    return (report.splitlines()[0] + "\n" + "\n".join("\t".join(r) for r in rows) + "\n").encode()  # a title first


def cases(report: str, rng: random.Random, cuts: int, flips: int) -> dict[str, tuple[bytes, list[str]]]:
    """File name → (bytes, accepted outcomes)."""
    bases = {"ofd": _ofd(report), "sheet.xls": _xml_sheet(report), "page.mht": _mht(report), "table.xls": _tsv(report)}
    out: dict[str, tuple[bytes, list[str]]] = {}
    for kind, data in bases.items():
        stem, _, suffix = kind.rpartition(".")
        out.update(mutated(stem or "report", suffix, data, rng, cuts, flips))
    return out
