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


def test_figures_are_looked_for_only_where_one_can_begin_and_none_is_missed():
    """find_quantities tries its pattern only at characters a figure can begin with; over sentences with
    qualifiers, spaces, signs, Chinese numerals and random strings of such characters it finds exactly the
    matches of trying the pattern everywhere."""
    import random

    from jixiao.numbers import QUANTITY_RE, _quantity_matches

    sentences = [
        "全年预算不少于1,234.50万元，执行率约为 95.5%，较上年 −3.2个百分点。",
        "完成培训三四期，覆盖两千三百人次以上，百分之九十五点五的满意度。",
        "超过 12 家、近五成、低于＜5%、≥ 24500人、一是加强管理、十分重视。",
    ]
    alphabet = list(
        "0123456789.,，-−%％ 　\n万亿千百十一二两三四五六七八九零〇第数几约近超过不少于低于以上余多个项家次人分元（）≥≤<>"
    )
    rng = random.Random(12)
    sentences += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(3000)]
    for text in sentences:
        everywhere = [(m.span(), m.groupdict()) for m in QUANTITY_RE.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _quantity_matches(text)] == everywhere, text
