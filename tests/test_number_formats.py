"""Excel numbers read as their cells print them: a real workbook with one cell per format, read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from jixiao.reading import read
from jixiao.reading.numformat import format_number

CASES = [  # value, number format, as printed
    (0.9145, "0.00%", "91.45%"),
    (0.9145, "0%", "91%"),
    (0.91456, "0.0%", "91.5%"),
    (12.5, "0.00", "12.50"),
    (1234.5, "#,##0.00", "1,234.50"),
    (1234.5, '#,##0.00"万元"', "1,234.50万元"),
    (98.765, '0.00"分"', "98.77分"),
    (0.1 + 0.2, "General", "0.3"),  # no binary noise
    (3.0, "General", "3"),
    (120, "General", "120"),
    (1 / 3, "General", "0.333333333333333"),
    (1e-06, "General", "0.000001"),
    (1.005, "0.00", "1.01"),  # half away from zero, as Excel rounds
    (2.5, "0", "3"),
    (-12.345, "0.00", "-12.35"),
    (-12.345, "0.00;(0.00)", "(12.35)"),
    (-12.345, "0.00;[Red]-0.00", "-12.35"),
    (0, '0.00;-0.00;"—"', "—"),
    (1234567, "#,##0,", "1,235"),  # a trailing comma prints thousands
    (12.5, "0.00_ ", "12.50"),
    (-12.5, "¥#,##0.00", "-¥12.50"),
    (0.5, "[$-804]0.0%", "50.0%"),
    (12.345, "0.0E+00", "12.345"),  # scientific: left to General
    (12, "@", "12"),
]


@pytest.mark.parametrize("value, fmt, printed", CASES, ids=[f"{v}|{f}" for v, f, _ in CASES])
def test_a_number_prints_as_its_format_says(value, fmt, printed):
    assert format_number(value, fmt) == printed


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("formats") / "formats.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet 1"
    ws.append(["数值", "格式"])
    for value, fmt, _ in CASES:
        ws.append([value, fmt])
        ws.cell(ws.max_row, 1).number_format = fmt
    ws.append([dt.datetime(2023, 12, 31), "日期"])
    ws.append([True, "逻辑值"])
    wb.save(path)
    return read(path)


def test_a_workbook_read_back_prints_every_cell_as_excel_does(workbook):
    (table,) = workbook.tables
    printed = [row[0].text for row in table.cells[1:]]
    assert printed == [p for _, _, p in CASES] + ["2023-12-31", "TRUE"]


def test_a_sheet_name_with_a_space_is_quoted_in_the_place(workbook):
    (table,) = workbook.tables
    assert table.cells[1][0].place == "'Sheet 1'!A2"
