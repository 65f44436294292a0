"""jixiao.reflow through jixiao.reading.text.read_string, and split_furniture on PDF-free lines.

Cases live in tests/cases/reflow.toml.
"""

from __future__ import annotations

import pytest
from conftest import load_cases

from jixiao.document import Page
from jixiao.reading.text import read_string
from jixiao.reflow import Line, clean_line, keep_space, normalize_char, split_furniture

PAGE_W, PAGE_H = 595.0, 842.0
CHAR_W, SIZE = 10.5, 10.5


@pytest.mark.parametrize("case", load_cases("reflow.toml"))
def test_reflow_case(case):
    doc = read_string(case["text"])
    paragraphs = [doc.text[a:b] for a, b in doc.paragraphs()]
    if "paragraphs" in case:
        assert paragraphs == case["paragraphs"]
    for s in case.get("contains", []):
        assert s in doc.text, paragraphs
    for s in case.get("absent", []):
        assert s not in doc.text, paragraphs
    assert len(doc.char_page) == len(doc.text) and len(doc.char_box) == 4 * len(doc.text)


def _line(page: int, top: float, text: str) -> Line:
    """A printed line as the PDF reader would build it: one box per character from x = 90 pt."""
    chars = [(ch, (90 + i * CHAR_W, top, 90 + (i + 1) * CHAR_W, top + SIZE)) for i, ch in enumerate(text)]
    line = clean_line(page, chars, SIZE)
    assert line is not None
    return line


@pytest.mark.parametrize("case", load_cases("reflow.toml", "furniture"))
def test_split_furniture_case(case):
    n_pages = max(p for p, _top, _text in case["lines"])
    pages = [Page(n, PAGE_W, PAGE_H) for n in range(1, n_pages + 1)]
    lines = [_line(p, top, text) for p, top, text in case["lines"]]
    body = split_furniture(lines, pages)
    assert [ln.text for ln in body] == case["body"]
    assert [p.furniture for p in pages] == case["furniture"]


def test_pages_without_height_keep_every_line():
    """Text files have no geometry: nothing is in a margin, so nothing is furniture."""
    pages = [Page(1), Page(2)]
    lines = [_line(1, 800, "— 1 —"), _line(2, 800, "— 2 —")]
    assert split_furniture(lines, pages) == lines
    assert pages[0].furniture == pages[1].furniture == []


@pytest.mark.parametrize(
    "raw, normal",
    [
        ("１", "1"),
        ("９", "9"),
        ("％", "%"),
        ("Ａ", "A"),
        ("ｚ", "z"),
        ("．", "."),
        ("\u2f00", "一"),
        ("\u2f08", "人"),
        ("\uf9b2", "\u96f6"),
        ("\u3000", " "),
        ("\u00a0", " "),
        ("\u2212", "-"),
        ("\u2013", "-"),
        ("，", "，"),
        ("；", "；"),
        ("：", "："),
        ("（", "（"),
        ("）", "）"),
        ("、", "、"),
        ("。", "。"),
        ("中", "中"),
    ],
)
def test_normalize_char(raw, normal):
    assert normalize_char(raw) == normal


@pytest.mark.parametrize(
    "left, right, kept",
    [
        ("0", "5", True),
        ("a", "b", True),
        ("%", "5", True),
        (".", "5", True),
        ("中", "5", False),
        ("5", "中", False),
        ("中", "文", False),
        ("，", "5", False),
    ],
)
def test_keep_space(left, right, kept):
    assert keep_space(left, right) is kept


@pytest.mark.parametrize(
    "glyphs, text",
    [
        (["1", "(cid:3)", "5"], "1\ufffd5"),  # unmapped glyph: one placeholder keeps the digits apart
        (["of", "fi", "ce"], "office"),  # a ligature's glyph carries several characters
        (["预", "", "算"], "预算"),
        (["９", "５", "％"], "95%"),
    ],
)
def test_clean_line_glyph_texts(glyphs, text):
    """Regression: a (cid:N) or ligature glyph made normalize_char raise, and the whole PDF read as damaged."""
    line = clean_line(1, [(g, (i * 10.0, 0.0, i * 10.0 + 10, 10.0)) for i, g in enumerate(glyphs)], 10.0)
    assert line is not None and line.text == text
    assert len(line.boxes) == len(line.chars) == len(text)
