"""Render a list of blocks (``Heading``, ``Para``, ``Table``) to PDF or to plain text.

    from corpus.generate.layout import Heading, Para, Table, Layout, render_pdf, render_txt
    blocks = [Heading("……绩效自评报告", 0), Heading("一、基本情况", 1), Para("……"),
              Table([["评价内容", "得分"], ["履职效能", "50"]], caption="综合得分情况")]
    render_pdf(blocks, Layout(font="ttf", font_size=12, header_text="……"), "out.pdf")
    render_txt(blocks, "out.txt", table_style="pipe")

PDF output is deterministic (reportlab ``invariant=1``): the same blocks and layout give the
same bytes.  TrueType fonts are subset and embedded; 'cid' uses reportlab's non-embedded
Adobe-GB1 font STSong-Light.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Sequence, Union

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import getFont, getRegisteredFontNames, registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer

from .blocks import LEFT, UP, Block, Heading, Para, Table, block_texts
from .tables import BlockTable
from .textflow import TextFlow, TextStyle

__all__ = ["Heading", "Para", "Table", "LEFT", "UP", "Block", "Layout", "FOOTER_STYLES",
           "render_pdf", "render_txt", "TABLE_TEXT_STYLES", "text_width_chars", "missing_glyphs"]

#: TrueType faces bundled under corpus/fonts (subsets of Noto Serif SC and Noto Sans SC, SIL OFL):
#: name -> file.  Nothing is read from the system's fonts.
FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
TTF_FACES = {
    "song": FONT_DIR / "NotoSerifSC-jixiao.ttf",     # 宋体-like body
    "hei": FONT_DIR / "NotoSansSC-jixiao.ttf",       # 黑体-like headings
}
CID_FONT = "STSong-Light"
#: The CID font's CMap (UniGB-UCS2-H) has no code for U+00B7 MIDDLE DOT; GB2312's middle
#: dot is reached through U+30FB, and maps back to U+00B7 when text is extracted.
CID_SUBSTITUTE = {"\u00b7": "\u30fb"}
#: Characters UniGB-UCS2-H cannot encode at all: 'cid' layouts refuse text containing them.
CID_UNENCODABLE = frozenset("•²³¹½£®©™¶")
#: Page-number formats seen in real reports; ``{n}`` is the page, ``{total}`` the page count.
FOOTER_STYLES = ("— {n} —", "第 {n} 页 共 {total} 页", "{n}", "- {n} -")
TABLE_TEXT_STYLES = ("cell-per-line", "pipe", "glued", "space")
MM = 72 / 25.4


@dataclass(frozen=True)
class Layout:
    """Page and type settings for ``render_pdf``.

    font: 'ttf' embeds TrueType faces (body ``ttf_body``, headings ``ttf_heading``, keys of
    ``TTF_FACES``); 'cid' uses the non-embedded STSong-Light for everything.
    font_size / leading in points; margins (top, right, bottom, left) in points;
    text_width (points) narrows the text block, centred on the page, if given.
    first_indent is in characters (2 = the Chinese 首行缩进两字符).
    latin_font: a reportlab font name for ASCII characters (Word's 西文字体), e.g.
    "Times-Roman"; None sets them in the CJK font.
    header_text is the running header (same on every page), None for none.
    footer is one of FOOTER_STYLES (any format with {n} / {total}), None for none.
    break_latin: lines may break inside numbers and Latin words (True, as Word set up for
    Chinese does) or back off to a space / CJK character where possible (False).
    """

    font: str = "ttf"
    ttf_body: str = "song"
    ttf_heading: str = "hei"
    font_size: float = 12.0
    leading: float = 20.0
    page_size: tuple[float, float] = A4
    margins: tuple[float, float, float, float] = (25.4 * MM, 31.7 * MM, 25.4 * MM, 31.7 * MM)
    text_width: Optional[float] = None
    justified: bool = True
    first_indent: float = 2.0
    header_text: Optional[str] = None
    header_font_size: float = 9.0
    footer: Optional[str] = "— {n} —"
    footer_font_size: float = 10.5
    table_font_size: Optional[float] = None
    break_latin: bool = True
    latin_font: Optional[str] = None     # e.g. "Times-Roman" (base-14, not embedded)
    title: Optional[str] = None          # PDF metadata title; default: header_text

    @property
    def frame_box(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the text frame."""
        pw, ph = self.page_size
        top, right, bottom, left = self.margins
        width = pw - left - right
        if self.text_width is not None:
            left, width = (pw - self.text_width) / 2, self.text_width
        return left, bottom, width, ph - top - bottom


def _font_names(layout: Layout) -> tuple[str, str]:
    """Register the layout's fonts with reportlab; return (body, heading) font names."""
    if layout.font == "cid":
        if CID_FONT not in getRegisteredFontNames():
            registerFont(UnicodeCIDFont(CID_FONT))
        return CID_FONT, CID_FONT
    if layout.font != "ttf":
        raise ValueError(f"Layout.font must be 'ttf' or 'cid', not {layout.font!r}")
    names = []
    for face in (layout.ttf_body, layout.ttf_heading):
        name = f"jx-{face}"
        if name not in getRegisteredFontNames():
            registerFont(TTFont(name, str(TTF_FACES[face])))
        names.append(name)
    return names[0], names[1]


def missing_glyphs(text: str, layout: Layout) -> str:
    """The characters of ``text`` that the layout's CJK fonts cannot draw (sorted, once each).
    ASCII is drawn by ``latin_font`` when one is set; line breaks and tabs are never drawn."""
    if layout.font == "cid":
        return "".join(sorted(CID_UNENCODABLE.intersection(text)))
    _font_names(layout)
    drawn = {c for c in text if c not in "\n\t\r" and not (layout.latin_font and c.isascii())}
    missing = set()
    for face in {layout.ttf_body, layout.ttf_heading}:
        cmap = getFont(f"jx-{face}").face.charToGlyph
        missing |= {c for c in drawn if ord(c) not in cmap}
    return "".join(sorted(missing))


def _styles(layout: Layout) -> dict[str, TextStyle]:
    body, head = _font_names(layout)
    size, lead = layout.font_size, layout.leading
    indent = layout.first_indent * size
    base = TextStyle(body, size, lead, first_indent=indent,
                     align="justify" if layout.justified else "left",
                     break_latin=layout.break_latin, latin_font=layout.latin_font,
                     substitute=CID_SUBSTITUTE if layout.font == "cid" else None)
    tsize = layout.table_font_size or max(size - 1.5, 7.5)
    return {
        "body": base,
        "title": replace(base, font=head, size=size * 1.6, leading=size * 2.3, first_indent=0,
                         align="center", bold=layout.font == "cid", space_after=lead * 0.8),
        "h1": replace(base, font=head, bold=layout.font == "cid"),
        "h2": replace(base, bold=True),
        "h3": base,
        "caption": replace(base, font=head, first_indent=0, align="center",
                           bold=layout.font == "cid", space_before=lead * 0.3,
                           space_after=lead * 0.2),
        "cell": replace(base, size=tsize, leading=tsize * 1.35, first_indent=0),
        "head_cell": replace(base, size=tsize, leading=tsize * 1.35, first_indent=0,
                             bold=True, align="center"),
    }


def _heading_style(styles: dict[str, TextStyle], level: int) -> TextStyle:
    return styles["title" if level <= 0 else f"h{min(level, 3)}"]


#: Lines of the following paragraph a heading or caption must share its page with
#: (Word's "与下段同页" keeps a heading with the start of what follows).
KEEP_WITH_NEXT_LINES = 2


def _height(flow, width: float) -> float:
    return flow.wrap(width, 1e6)[1] + flow.getSpaceBefore() + flow.getSpaceAfter()


def _flowables(blocks: Sequence[Block], layout: Layout) -> list:
    """Flowables for ``blocks``.  Instead of reportlab's keepWithNext (which keeps a heading
    with the whole next paragraph), a CondPageBreak before each run of headings asks for
    room for the headings plus the first lines of what follows, as Word does."""
    styles = _styles(layout)
    width = layout.frame_box[2]
    out: list = []
    pending: list = []           # headings (and a caption) waiting for the next block

    def flush(flows: list, first_rows: float) -> None:
        need = sum(_height(f, width) for f in pending) + first_rows
        out.append(CondPageBreak(need))
        out.extend(pending)
        out.extend(flows)
        pending.clear()

    for b in blocks:
        if isinstance(b, Heading):
            pending.append(TextFlow(b.text, _heading_style(styles, b.level)))
        elif isinstance(b, Para):
            flush([TextFlow(b.text, styles["body"])], KEEP_WITH_NEXT_LINES * layout.leading)
        elif isinstance(b, Table):
            if b.caption:
                pending.append(TextFlow(b.caption, styles["caption"]))
            table = BlockTable(b, width, styles["cell"], styles["head_cell"])
            first_rows = sum(table.row_heights()[:b.header_rows + 2])
            flush([table, Spacer(1, layout.leading * 0.3)], first_rows)
        else:
            raise TypeError(f"not a block: {b!r}")
    if pending:
        flush([], 0)
    return out


def _build(blocks: Sequence[Block], layout: Layout, target, total: int) -> int:
    """Build once into ``target`` (path or file object); return the page count."""
    body, _ = _font_names(layout)
    sub = str.maketrans(CID_SUBSTITUTE if layout.font == "cid" else {})
    pw, ph = layout.page_size
    x, y, w, h = layout.frame_box
    top, _, bottom, _ = layout.margins

    def decorate(canv, doc) -> None:
        canv.saveState()
        if layout.header_text:
            canv.setFont(body, layout.header_font_size)
            hy = ph - top * 0.6
            canv.drawCentredString(pw / 2, hy, layout.header_text.translate(sub))
            canv.setLineWidth(0.5)
            canv.line(x, hy - 4, x + w, hy - 4)
        if layout.footer:
            label = layout.footer.format(n=doc.page, total=total).translate(sub)
            canv.setFont(body, layout.footer_font_size)
            canv.drawCentredString(pw / 2, bottom * 0.5, label)
        canv.restoreState()

    doc = BaseDocTemplate(
        target, pagesize=layout.page_size, invariant=1,
        title=layout.title or layout.header_text or "", author="", subject="",
        creator="jixiao corpus generator",
        leftMargin=x, rightMargin=pw - x - w, topMargin=top, bottomMargin=bottom)
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                  id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(_flowables(blocks, layout))
    return doc.page


def render_pdf(blocks: Sequence[Block], layout: Layout, path: Union[str, Path]) -> int:
    """Render ``blocks`` to a PDF at ``path`` with ``layout``; return the page count."""
    text = "".join(block_texts(blocks)) + (layout.header_text or "") + (layout.footer or "")
    bad = missing_glyphs(text, layout)
    if bad and layout.font == "cid":
        raise ValueError(f"font 'cid' cannot encode {bad!r}; use 'ttf'")
    if bad:
        raise ValueError(f"the bundled fonts lack {bad!r}: write them into a test or generator "
                         f"and rebuild the subsets (python -m corpus.fonts.build, see corpus/fonts)")
    total = 0
    if layout.footer and "{total}" in layout.footer:
        total = _build(blocks, layout, io.BytesIO(), 0)
    return _build(blocks, layout, str(path), total)


def _table_lines(t: Table, style: str) -> list[str]:
    rows = t.text_rows()
    flat = [[c.replace("\n", "") for c in r] for r in rows]
    if style == "cell-per-line":
        return [c for r in rows for c in r if c.strip()]
    if style == "pipe":
        return ["|".join(r) for r in flat]
    if style == "glued":
        return ["".join(r) for r in flat]
    if style == "space":
        return [" ".join(c for c in r if c) for r in flat]
    raise ValueError(f"table_style must be one of {TABLE_TEXT_STYLES}, not {style!r}")


def render_txt(blocks: Sequence[Block], path: Union[str, Path],
               table_style: str = "cell-per-line") -> None:
    """Render ``blocks`` as UTF-8 text: one paragraph per line, blank lines between
    paragraphs; a table is its caption then its rows flattened in ``table_style``
    (one of TABLE_TEXT_STYLES), its lines kept together as one paragraph."""
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, (Heading, Para)):
            parts.append(b.text)
        elif isinstance(b, Table):
            if b.caption:
                parts.append(b.caption)
            parts.append("\n".join(_table_lines(b, table_style)))
        else:
            raise TypeError(f"not a block: {b!r}")
    Path(path).write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def text_width_chars(layout: Layout) -> float:
    """How many full-width characters fit on a line (handy for choosing layouts)."""
    body, _ = _font_names(layout)
    return layout.frame_box[2] / stringWidth("中", body, layout.font_size)
