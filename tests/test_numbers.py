"""jixiao.numbers: every case in tests/cases/numbers.toml pins one behaviour or one fixed bug."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import load_cases

from jixiao.numbers import Quantity, chinese_to_int, find_quantities, parse_quantity
from jixiao.reading.text import read_string

DECIMAL_FIELDS = ("base_value", "lo", "hi")  # compared as values: 19000.0 == 19000
EXACT_FIELDS = ("decimals", "unit", "base_unit", "qualifier", "text")


def _found(case: dict) -> list[tuple[int, Quantity]]:
    text = case["text"]
    if case.get("normalise"):
        text = read_string(text).text
    if case.get("via", "find") == "parse":
        q = parse_quantity(text)
        return [] if q is None else [(0, q)]
    return [(start, q) for start, _end, q in find_quantities(text)]


@pytest.mark.parametrize("case", load_cases("numbers.toml"))
def test_quantity_case(case):
    found = _found(case)
    shown = [(s, q.text, str(q.value), q.unit, str(q.lo), str(q.hi)) for s, q in found]
    assert len(found) == len(case["expect"]), f"{case['text']!r} → {shown}"
    for (start, q), want in zip(found, case["expect"]):
        for field in (q.value, q.base_value, q.lo, q.hi):
            assert isinstance(field, Decimal), "no float may enter a Quantity"
        if "value" in want:
            assert str(q.value) == want["value"], shown
        if "start" in want:
            assert start == want["start"], shown
        for name in EXACT_FIELDS:
            if name in want:
                assert getattr(q, name) == want[name], (name, shown)
        for name in DECIMAL_FIELDS:
            if name in want:
                assert getattr(q, name) == Decimal(want[name]), (name, str(getattr(q, name)), shown)


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("五", 5),
        ("十二", 12),
        ("二十三", 23),
        ("一百零五", 105),
        ("三千零五十", 3050),
        ("两千", 2000),
        ("一万二千", 12000),
        ("一亿二千万", 120000000),
        ("二〇二二", 2022),
        ("三五十", None),
        ("万元", None),
    ],
)
def test_chinese_to_int(numeral, value):
    assert chinese_to_int(numeral) == value


def test_interval_property_matches_bounds():
    q = parse_quantity("逾1.9万篇")
    assert q is not None and not q.is_exact
    assert (q.interval.lo, q.interval.hi) == (Decimal(18500), Decimal("Infinity"))
    assert parse_quantity("1.9万篇").is_exact
