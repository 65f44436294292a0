"""Gaps between digits are judged against the glyphs' own widths and the line's usual spacing: a table row
set with narrow gaps keeps its cells, a justified line keeps its numbers whole. PDFs are drawn in tmp_path
with reportlab's non-embedded CID font (metrics only: no font file is read), and read by both engines."""

from __future__ import annotations

import pytest

import jixiao as jx

pytest.importorskip("reportlab")
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames, registerFont, stringWidth  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT, SIZE = "STSong-Light", 10.5


@pytest.fixture(params=["pdfium", "pdfplumber"])
def engine(request) -> str:
    return request.param


def _pdf(path, draw, engine: str) -> jx.Document:
    if FONT not in getRegisteredFontNames():
        registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), invariant=1)
    draw(c)
    c.save()
    return jx.read(path, engine=engine)


def _row(c, y: float, cells: list[str], gap: float) -> None:
    x = 72.0
    for text in cells:
        c.setFont(FONT, SIZE)
        c.drawString(x, y, text)
        x += stringWidth(text, FONT, SIZE) + gap


@pytest.mark.parametrize("gap", [2.0, 3.0, 4.0])
def test_narrow_spaced_row_keeps_its_cells(tmp_path, gap, engine):
    def draw(c):
        _row(c, 700, ["产出指标", "30", "28", "93.3%"], gap)
        _row(c, 680, ["效益指标", "50", "45", "92%"], gap)

    doc = _pdf(tmp_path / "rows.pdf", draw, engine)
    assert [doc.text[a:b] for a, b in doc.paragraphs()] == ["产出指标30 28 93.3%", "效益指标50 45 92%"]


@pytest.mark.parametrize("gap", [0.0, 0.5])
def test_digits_set_close_are_one_number(tmp_path, gap, engine):
    doc = _pdf(tmp_path / "close.pdf", lambda c: _row(c, 700, ["得分", "9", "5", ".", "5", "分"], gap), engine)
    assert doc.text == "得分95.5分"


@pytest.mark.parametrize("char_space", [0.0, 1.5, 3.0])
def test_justified_line_keeps_numbers_whole(tmp_path, char_space, engine):
    def draw(c):
        t = c.beginText(72, 700)
        t.setFont(FONT, SIZE)
        t.setCharSpace(char_space)  # a justified line: every glyph spread alike
        t.textOut("预算执行率为107.05%，较上年提高")
        c.drawText(t)

    doc = _pdf(tmp_path / "justified.pdf", draw, engine)
    assert doc.text == "预算执行率为107.05%，较上年提高"
