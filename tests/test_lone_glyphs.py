"""Reading the strings a content stream shows (how the pdfium reader gets back a glyph its text page drops)."""

from __future__ import annotations

import pytest

from jixiao.reading.lone_glyphs import Unreadable, shown


def test_each_text_showing_operator_gives_its_font_and_bytes():
    stream = b"BT /F1 12 Tf 72 700 Td (abc) Tj /F2 10.5 Tf <4E07> Tj [(1) -250 (2)] TJ (x) ' 1 2 (y) \" ET"
    assert shown(stream) == [("F1", b"abc"), ("F2", b"\x4e\x07"), ("F2", b"12"), ("F2", b"x"), ("F2", b"y")]


def test_escapes_and_nested_parentheses_are_read_as_the_string_holds_them():
    stream = rb"BT /F1 9 Tf (a\(b\)\\c\101\n) Tj (outer (inner) end) Tj (split\
line) Tj <4e0 7> Tj ET"
    assert shown(stream) == [
        ("F1", b"a(b)\\cA\n"),
        ("F1", b"outer (inner) end"),
        ("F1", b"splitline"),
        ("F1", b"\x4e\x07"),  # whitespace inside a hex string is ignored
    ]


def test_q_and_Q_save_and_restore_the_font():
    stream = b"BT /F1 9 Tf ET q BT /F2 9 Tf (a) Tj ET Q BT (b) Tj ET"
    assert shown(stream) == [("F2", b"a"), ("F1", b"b")]


def test_empty_strings_make_no_text_object():
    """pdfium makes no text object for an empty string, so none is listed (the k-th listed string is the
    page's k-th text object)."""
    stream = b"BT /F1 9 Tf () Tj [() 120 ()] TJ (a) Tj ET"
    assert shown(stream) == [("F1", b"a")]


@pytest.mark.parametrize(
    "stream, expected",
    [
        # a string in a marked-content property list ends at its operator, not in the next string shown
        (b"BT /F1 9 Tf /Span <</ActualText (zz)>> BDC (a) Tj EMC ET", [("F1", b"a")]),
        (b"BT /F1 9 Tf (zz) Td (a) Tj ET", [("F1", b"a")]),  # a malformed operand: dropped at any operator
        # path operators and numbers passed over in a run, the font kept across them
        (b"BT /F1 9 Tf ET 0 0 m 10 10 l S 1 0 0 1 5 5 cm 0 0 10 10 re f* BT (b) Tj ET", [("F1", b"b")]),
        (b"BT /F1 9 Tf (a) Tj ET 0 0 m 1 1 l S", [("F1", b"a")]),  # a stream may end with operators passed over
        (b"BT /F1 9 Tf (a)Tj(b)Tj ET", [("F1", b"a"), ("F1", b"b")]),  # no whitespace between tokens
    ],
    ids=["property-list-string", "operand-of-another-operator", "path-operators", "trailing-path", "no-blanks"],
)
def test_operators_passed_over_end_their_operands(stream, expected):
    assert shown(stream) == expected


def test_an_inline_image_s_bytes_are_skipped():
    """Binary image data may hold anything, a `(x) Tj` too; it is not read as operators."""
    stream = b"BT /F1 9 Tf (a) Tj ET BI /W 2 /H 1 /BPC 8 /CS /G ID \x00(x) Tj\xff EI BT (b) Tj ET"
    assert shown(stream) == [("F1", b"a"), ("F1", b"b")]


@pytest.mark.parametrize(
    "stream",
    [b"BT /F1 9 Tf (never closed Tj ET", b"BI /W 2 ID \x00\x01 no end", b"BT /F1 9 Tf \x01 (a) Tj ET"],
    ids=["open-string", "inline-image-without-EI", "stray-byte"],
)
def test_a_stream_this_reading_does_not_follow_is_unreadable(stream):
    with pytest.raises(Unreadable):
        shown(stream)
