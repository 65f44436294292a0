"""OFD files (GB/T 33190) written at test time: office_files.py's report laid out on A4 pages, text as
TextObjects (one a line, glyph gaps in DeltaX with the "g" shorthand) and the indicator table ruled with
PathObjects, a template page drawing a running header on every page."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from office_files import TITLE, indicator_rows, paragraphs

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
SIZE, LEFT, WIDTH, PITCH = 3.7, 25.0, 160.0, 6.5  # mm: 10.5 pt text, margins, line pitch
CELL_W, CELL_H = 40.0, 8.0


def _advance(ch: str) -> float:
    return SIZE if ord(ch) > 0x2E7F else SIZE / 2


def _deltas(text: str) -> str:
    """The gaps after each glyph but the last, runs of one gap written "g N gap"."""
    gaps = [f"{_advance(ch):g}" for ch in text[:-1]]
    out, k = [], 0
    while k < len(gaps):
        n = 1
        while k + n < len(gaps) and gaps[k + n] == gaps[k]:
            n += 1
        out.append(f"g {n} {gaps[k]}" if n > 2 else " ".join(gaps[k : k + n]))
        k += n
    return " ".join(out)


def text_object(oid: int, x: float, y: float, text: str, ctm: str = "") -> str:
    """One line of text whose top is at y (mm), starting at x."""
    width = sum(map(_advance, text))
    extra = f' CTM="{ctm}"' if ctm else ""
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y:g} {width:g} {SIZE * 1.2:g}" Font="3" Size="{SIZE}"{extra}>'
        f'<ofd:TextCode X="0" Y="{SIZE * 0.88:g}" DeltaX="{_deltas(text)}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def path_object(oid: int, x: float, y: float, w: float, h: float, data: str) -> str:
    return (
        f'<ofd:PathObject ID="{oid}" Boundary="{x:g} {y:g} {w:g} {h:g}" LineWidth="0.25">'
        f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _wrapped(text: str, indent: bool) -> list[str]:
    lines, line, width = [], "\u3000\u3000" if indent else "", 2 * SIZE if indent else 0.0
    for ch in text:
        if width + _advance(ch) > WIDTH:
            lines.append(line)
            line, width = "", 0.0
        line += ch
        width += _advance(ch)
    return lines + [line]


def _narrative(faulty: bool) -> list[str]:
    objects, y, oid = [], 30.0, 100
    for k, para in enumerate(paragraphs(faulty)):
        for line in _wrapped(para, indent=k > 0 and not para.startswith(("一、", "二、", "三、"))):
            objects.append(text_object(oid, LEFT, y, line))
            y, oid = y + PITCH, oid + 1
    return objects


def _table(faulty: bool, top: float = 30.0) -> list[str]:
    """The indicator table, its merged cells as office_files draws them (产出指标 over two rows, 合计 over two
    columns), ruled by one path per line."""
    rows, objects, oid = indicator_rows(faulty), [], 500
    n_rows, n_cols = len(rows), len(rows[0])
    for r in range(n_rows + 1):  # horizontal rules; the one inside 产出指标's merged cell skips its column
        x0 = LEFT + (CELL_W if r == 2 else 0)
        objects.append(path_object(oid, x0, top + r * CELL_H, LEFT + n_cols * CELL_W - x0, 0.5,
                                   f"M 0 0 L {LEFT + n_cols * CELL_W - x0:g} 0"))  # fmt: skip
        oid += 1
    for c in range(n_cols + 1):  # vertical rules; the one inside 合计's merged cell stops above its row
        bottom = n_rows - 1 if c == 1 else n_rows
        objects.append(path_object(oid, LEFT + c * CELL_W, top, 0.5, bottom * CELL_H, f"M 0 0 L 0 {bottom * CELL_H:g}"))
        oid += 1
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                objects.append(text_object(oid, LEFT + c * CELL_W + 1, top + r * CELL_H + 2, text))
                oid += 1
    after = top + n_rows * CELL_H + PITCH
    for k, line in enumerate(["四、下一步工作", "\u3000\u3000继续加强日常巡查，及时修补破损路面。"]):
        objects.append(text_object(oid + k, LEFT, after + k * PITCH, line))
    return objects


def _doubled(objects: str) -> str:
    """Objects drawn twice as large in their own space (Boundary doubled, a CTM doubling the rest)."""

    def double(m: re.Match) -> str:
        return 'Boundary="' + " ".join(f"{2 * float(v):g}" for v in m.group(1).split()) + '"'

    objects = re.sub(r'Boundary="([^"]+)"', double, objects)
    return re.sub(r"<ofd:(TextObject|PathObject) ", r'<ofd:\1 CTM="2 0 0 2 0 0" ', objects)


def write_ofd(path: Path, faulty: bool, extra: str = "", template: bool = True, composite: bool = False) -> Path:
    """The report on two A4 pages (the narrative, then the table); `extra`: more objects on page 1;
    `composite`: page 1 draws its objects as a composite graphic unit of the document's resources (as a
    PDF→OFD conversion may), placed by a CTM that halves it and a Boundary that moves it back."""
    pages = ["".join(_narrative(faulty)) + extra, "".join(_table(faulty))]
    unit = ""
    if composite:
        unit = (
            f'<ofd:CompositeGraphicUnit ID="701" Width="420" Height="594"><ofd:Content>{_doubled(pages[0])}'
            "</ofd:Content></ofd:CompositeGraphicUnit>"
        )
        pages[0] = '<ofd:CompositeObject ID="700" Boundary="0 0 210 297" CTM="0.5 0 0 0.5 0 0" ResourceID="701"/>'
    header = text_object(900, LEFT, 12.0, "某县交通运输局  " + TITLE)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
                   "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
                   "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")  # fmt: skip
        tpl = '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
        refs = "".join(f'<ofd:Page ID="{10 + k}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
                   "<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                   f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                   f"{'<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>' if unit else ''}{tpl}</ofd:CommonData>"
                   f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>")  # fmt: skip
        z.writestr("Doc_0/PublicRes.xml", f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
                   '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')  # fmt: skip
        if unit:
            z.writestr("Doc_0/DocumentRes.xml", f"<ofd:Res {NS}><ofd:CompositeGraphicUnits>{unit}"
                       "</ofd:CompositeGraphicUnits></ofd:Res>")  # fmt: skip
        if template:
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f"<ofd:Page {NS}><ofd:Content><ofd:Layer ID=\"3\">{header}"
                       "</ofd:Layer></ofd:Content></ofd:Page>")  # fmt: skip
        for k, objects in enumerate(pages):
            use = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if template else ""
            z.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", f"<ofd:Page {NS}>{use}<ofd:Content>"
                       f'<ofd:Layer ID="{50 + k}" Type="Body"><ofd:PageBlock ID="{60 + k}">{objects}</ofd:PageBlock>'
                       "</ofd:Layer></ofd:Content></ofd:Page>")  # fmt: skip
    return path
