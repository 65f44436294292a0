"""Our copy of pdfplumber's text lines gives exactly what pdfplumber gives, on hand-placed characters."""

from __future__ import annotations

import pytest
from pdfplumber.utils import chars_to_textmap

from jixiao.reading.textlines import text_lines


def glyph(text: str, x0: float, top: float, width: float = 10.0, size: float = 10.0, upright: bool = True) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "doctop": top,
            "upright": upright, "size": size, "width": width, "height": size}  # fmt: skip


def pdfplumbers(chars: list[dict]) -> list[tuple[str, list[int]]]:
    lines = chars_to_textmap(chars, layout_bbox=(0, 0, 600, 800), layout_width=600, layout_height=800)
    return [
        (ln["text"], [id(c) for c in ln["chars"]]) for ln in lines.extract_text_lines(strip=True, return_chars=True)
    ]


def ours(chars: list[dict]) -> list[tuple[str, list[int]]]:
    return [(ln["text"], [id(c) for c in ln["chars"]]) for ln in text_lines(chars)]


CASES = {
    "one line": [glyph("预", 0, 100), glyph("算", 10, 100), glyph("9", 20, 100)],
    "tops within 3 pt: one line": [glyph("执", 0, 100), glyph("行", 10, 102.5)],
    "tops 4 pt apart: two lines": [glyph("执", 0, 100), glyph("行", 10, 104)],
    "chained tops: one cluster": [glyph("一", 0, 100), glyph("二", 10, 102.5), glyph("三", 20, 105)],
    "gap over 3 pt: two words": [glyph("1", 0, 100), glyph("2", 14, 100), glyph("3", 24, 100)],
    "blank splits words": [glyph("A", 0, 100), glyph(" ", 10, 100), glyph("B", 20, 100)],
    "drawn right to left in the stream": [glyph("C", 20, 100), glyph("B", 10, 100), glyph("A", 0, 100)],
    "ligature letters": [glyph("ﬁ", 0, 100), glyph("x", 10, 100)],
    "overlapping glyph starts a word": [glyph("a", 10, 100), glyph("b", 5, 100.5)],
    "blank lines only": [glyph(" ", 0, 100), glyph(" ", 0, 120)],
    "unmapped glyphs keep their names": [glyph("(cid:5)", 0, 100), glyph("元", 10, 100)],
    "an empty glyph beside one of two letters": [glyph("", 0, 100), glyph("ab", 10, 100), glyph("c", 20, 100)],
    "a glyph with blanks of its own": [glyph(" a ", 0, 100), glyph("b", 10, 100), glyph("c\nd", 20, 100)],
}


@pytest.mark.parametrize("name", CASES)
def test_same_lines_and_characters_as_pdfplumber(name):
    chars = CASES[name]
    assert ours(chars) == pdfplumbers(chars)


def test_two_lines_are_two_and_one_is_one():
    assert [t for t, _ in ours(CASES["tops 4 pt apart: two lines"])] == ["执", "行"]
    assert [t for t, _ in ours(CASES["tops within 3 pt: one line"])] == ["执行"]
    assert [t for t, _ in ours(CASES["gap over 3 pt: two words"])] == ["1 23"]


def test_rotated_glyphs_are_left_to_pdfplumber():
    assert text_lines([glyph("竖", 0, 100, upright=False)]) is None
    assert text_lines([]) == []
