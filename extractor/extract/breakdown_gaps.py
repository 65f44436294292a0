"""Breakdowns we cannot see whole, or money breakdowns net of a change: no sum to judge.

A part whose figure is missing or masked (其中：A 点击查看>> 万元，B 2.42万元…), a list of money or counts
cut off by the end of the text (…其中A 10万元、B 20万元、C), and a list among whose parts stands an adjustment (B调减0.8万元)
that makes the total once signed (A + C + D − B) are told no sum: the parts the reader sees are not all
the total is made of, or are not added as they stand."""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..interval import Interval, interval_sum
from ..model import MONEY_FIGURES, Kind

GAPS = load("gaps")
UNIT_WITHOUT_FIGURE = GAPS["unit_without_figure"].regex
LIST_GOES_ON = GAPS["list_goes_on"].regex
NET_ADJUSTMENT = GAPS["net_adjustment"].regex
DECREASE = compiled(str(GAPS["net_adjustment"].value))
SENTENCE_END = "。！？!?"


def unseen_parts(text: str, facts, at: int, sentence_end: int, total, parts: list) -> bool:
    """Whether a breakdown (its 其中 at `at`) holds parts we cannot read or, for money, add as they stand: a
    part printed without its unit among them or right after the last (…；B 0.17) is one we cannot add."""
    if not parts:
        return False
    after = text[parts[-1].evidence.end : sentence_end]
    if not text[sentence_end:].strip() and after.rstrip()[-1:] not in SENTENCE_END and LIST_GOES_ON.match(after):
        return True  # …、C [the text ends]: the list went on past what we can read (money or counts)
    if total.kind not in MONEY_FIGURES:  # 7人，其中A1人，B馆4员人，C2人: a count torn from its part
        return total.kind == Kind.COUNT and _part_without_unit(text, facts, at, sentence_end, parts, whole=True)
    if UNIT_WITHOUT_FIGURE.search(text, at, sentence_end):
        return True  # 其中：A 点击查看>> 万元: a part without its figure
    if _part_without_unit(text, facts, at, sentence_end, parts):
        return True  # A 3.1万元；B 0.17；C 0.18万元: a part printed without its unit, whose unit we cannot be sure of
    return _net_of_adjustments(facts, at, total, parts)


BARE_PART_BEFORE = compiled(r"^[;；，,、]\s*[\p{Han}（）()]{2,24}[:：]?\s*$")
NAME_BEFORE = compiled(r"[\p{Han}（）()]{1,24}[:：]?\s*$")
NOT_MONEY_NAME = load("measures")["not_money_name"].regex


def _part_without_unit(text: str, facts, at: int, sentence_end: int, parts: list, whole: bool = False) -> bool:
    """A figure with decimals (or, `whole`, any) and no unit among the parts, or named right after the last one
    (…；B 0.17)."""
    last = parts[-1].evidence.end
    bare = [
        f
        for f in facts
        if f.kind == Kind.NUMBER and (f.quantity.decimals or whole) and at <= f.evidence.start < sentence_end
        and not _no_money(text, f)
    ]  # fmt: skip
    if any(f.evidence.start < last for f in bare):
        return True
    after = [f for f in facts if last <= f.evidence.start < sentence_end]
    return bool(after and after[0] in bare and BARE_PART_BEFORE.match(text[last : after[0].evidence.start]))


def _no_money(text: str, f) -> bool:
    """A bare figure named as a rate, share, mean or price (执行率0.95, 占比0.56): no part of money."""
    m = NAME_BEFORE.search(text, max(0, f.evidence.start - 24), f.evidence.start)
    return bool(m and NOT_MONEY_NAME.search(m.group(0)))


def _net_of_adjustments(facts, at: int, total, parts: list) -> bool:
    """其中：A 1.2万元，B调减0.8万元，C 2.6万元…: the total is the parts with the adjustment signed."""
    last = parts[-1].evidence.end
    changes = [
        f for f in facts if at <= f.evidence.start < last and f.kind in MONEY_FIGURES and NET_ADJUSTMENT.search(f.label)
    ]
    if not changes:
        return False
    net = interval_sum(_span(p) for p in parts)
    for c in changes:
        change = _span(c)
        net = net - change if DECREASE.search(c.label) else net + change
    return net.meets(_span(total))


def before_adjustment(facts, at: int, total, parts: list) -> list:
    """其中A 100万元、B 11万元，调减40万元，实际下达71万元: parts that add up to the total before an adjustment
    are the breakdown; the adjustment and what it leaves are a change of the total, not more parts."""
    if total.kind not in MONEY_FIGURES or len(parts) < 3:
        return parts
    change = next(
        (f for f in facts if f.evidence.start > at and f.kind in MONEY_FIGURES and NET_ADJUSTMENT.search(f.label)),
        None,
    )
    if change is None:
        return parts
    head = [p for p in parts if p.evidence.start < change.evidence.start]
    if len(head) < 2 or len(head) == len(parts):
        return parts
    return head if adds_up(head, total) else parts


def adds_up(parts: list, total) -> bool:
    """Whether the parts' sum meets the total, within the rounding of every printed figure."""
    return interval_sum(_span(p) for p in parts).meets(_span(total))


def _span(f) -> Interval:
    return Interval(f.quantity.lo, f.quantity.hi)
