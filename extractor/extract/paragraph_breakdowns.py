"""A total followed by 其中：, its parts opening the sentences after it, each part a paragraph of its own:

    基本支出911.7万元，其中：
    人员经费489.18万元，主要包括……
    公用经费46.89万元，主要包括……

Each sentence from 其中： on that opens with a short name and a figure of the total's unit is a part; the first
that does not (a heading, a note, a sentence of another kind) ends the list, and so does one numbered as the
total's own sentence is (its sibling). The list must run past 其中's paragraph: one within it is read by
relations.py."""

from __future__ import annotations

from bisect import bisect_left

import regex

from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation
from .items import marker_style
from .ratios import is_comparison_base, is_money_change

BREAKDOWN = compiled(r"其中\s*[：:]")
WHOLE = compiled(r"合计|总计|共计|小计|总额|累计|全年|本年|以上|上述")
GENERIC = {Kind.AMOUNT, Kind.NUMBER}
PART_NAME = compiled(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?[\p{Han}“”\"（）()]{2,20}(?:为|是|[：:])?$"
)
SENTENCE = compiled(r"[^。\n]+[。\n]?")  # a sentence, or a line without one
MIN_PARTS = 2


def link_paragraph_breakdowns(ex, part_kinds: dict) -> None:
    text = ex.doc.text
    facts = sorted(
        (f for f in ex.facts if f.source == "text" and f.kind not in (Kind.YEAR, Kind.FORMULA, Kind.TERM)),
        key=lambda f: f.evidence.start,
    )
    starts = [f.evidence.start for f in facts]  # facts looked up by position (bisect), not scanned
    summed = {f.relation.total for f in ex.facts if f.kind == Kind.SUM and f.relation}
    for m in BREAKDOWN.finditer(text):
        opens = text.rfind("\n", 0, m.start()) + 1  # the paragraph of 其中
        total = _last_before(facts, starts, opens, m.start(), part_kinds)
        if total is None or total.id in summed:
            continue
        between = text[total.evidence.end : m.start()]
        if "\n" in between or between.count("。") > (1 if between.rstrip().endswith("。") else 0):
            continue  # the total stands in 其中's own sentence, or in the one 其中 opens after
        if runs_on_from_a_part(text, total, m.start()):
            continue
        parts = _opening_parts(text, facts, starts, m.end(), total, part_kinds[total.kind])
        parts = _before_sibling(text, opens, total, parts)
        if len(parts) >= MIN_PARTS and any(f.paragraph != total.paragraph for f in parts):
            ex.add_about(Kind.SUM, total, relation=Relation(total=total.id, parts=tuple(f.id for f in parts)))


def runs_on_from_a_part(text: str, total, at: int) -> bool:
    """其中：一般公共预算300万元其中：基本支出…: a figure that is itself a part, run on into the next 其中 with no
    mark between (two columns of a form flattened together), is no total of what follows."""
    clause = max(text.rfind(c, 0, total.evidence.start) for c in "。；;，,\n") + 1
    return "其中" in text[clause : total.evidence.start] and not regex.search(
        r"[，,。；;]", text[total.evidence.end : at]
    )


def _before_sibling(text: str, opens: int, total, parts: list) -> list:
    """The parts before one opening with the numbering the total's own sentence opens with (1. 基本支出…其中：…。
    2. 项目支出…: the total's sibling, not its part)."""
    style = marker_style(text, opens)
    if not style:
        return parts
    for k, p in enumerate(parts):
        start = max(text.rfind(c, 0, p.evidence.start) for c in "。\n") + 1
        if marker_style(text, start) == style:
            return parts[:k]
    return parts


def _last_before(facts: list, starts: list[int], lo: int, hi: int, part_kinds: dict):
    """The last fact of a kind a breakdown totals that starts at or after `lo` and ends by `hi`, passing over
    changes and rates after it (基本支出X元，占…96.74%，同比减少A元，下降15.87%。其中：…: X)."""
    for k in range(bisect_left(starts, hi) - 1, bisect_left(starts, lo) - 1, -1):
        f = facts[k]
        if f.evidence.end > hi:
            continue
        if f.kind in part_kinds and not is_money_change(f) and not is_comparison_base(f):
            return f
        if f.quantity.base_unit != "%" and not is_money_change(f):
            return None  # another figure stands between: not passed over
    return None


def _opening_parts(text: str, facts: list, starts: list[int], at: int, total, kinds) -> list:
    """The figures that open the sentences from `at` on, each after a short name, up to the first sentence
    that does not open so (a heading, a note, a sentence of another kind, a whole: 支出合计…)."""
    parts: list = []
    for m in SENTENCE.finditer(text, at):
        k = bisect_left(starts, m.start())
        first = facts[k] if k < len(facts) and starts[k] < m.end() else None
        if first is None or not PART_NAME.match(text[m.start() : first.evidence.start]):
            break
        if first.quantity.base_unit != total.quantity.base_unit or is_money_change(first) or WHOLE.search(first.label):
            break
        if first.kind not in kinds and first.kind != Kind.NUMBER:
            break
        if first.quantity.base_value > total.quantity.base_value > 0:
            break  # 其中：税收收入…。⏎全市支出完成372037万元…: a figure above the whole is no part of it
        if parts and GENERIC.isdisjoint({first.kind, parts[0].kind}) and first.kind != parts[0].kind:
            break  # 其中：财政拨款收入…。支出合计…: another kind of figure, not one more part
        parts.append(first)
    return parts
