"""sum-mismatch: a total is not the sum of its stated parts.

Totals with a 其中 breakdown (a total score and its dimensions, a budget and its parts), lists
such as 13个、2所、5家等20家 (with 等 the list may be incomplete, but it never exceeds its total),
a table's 合计 row, weights that should add up, and a budget adjusted during the year (调整后预算 = 年初预算
+ 追加 − 调减; a warning, since other adjustments may go unstated), and a change measured from a base stated in
its sentence (本年X，较上年Y增加C: C = X − Y). When a part is stated elsewhere
with another value, the total is also tried with that value, so the finding says which one fits.

Consistent::

    总体自评得分92.5分，其中：产出指标得分48分，效益指标得分44.5分。

Inconsistent::

    总体自评得分96.5分，其中：产出指标得分48分，效益指标得分44.5分。   (48 + 44.5 = 92.5)
"""

from __future__ import annotations

from jixiao.patterns import load

from ..interval import Interval, interval_sum
from ..model import Kind
from .agreement import odd_one_out, support
from .context import Context, in_unit, iv, make, where, where_en

ID = "sum-mismatch"
SEVERITY = "error"
SUMMARY_ZH = "合计数不等于所列各分项之和。"  # what it checks (in English: the docstring's first paragraph)
EXHAUSTIVE_KINDS = {Kind.SCORE, Kind.SCORE_MAX, Kind.WEIGHT}
COMPLETE = load("subjects")["exhaustive_parts"].regex


def check(ctx: Context):
    unfilled = _unfilled_total_rows(ctx)
    yield from (_unfilled_row(ctx, sums) for sums in unfilled.values())
    for s in ctx.by_kind.get(Kind.SUM, []):
        total, parts = ctx.fact(s.relation.total), [ctx.fact(i) for i in s.relation.parts]
        if s.relation.adjusts:
            yield from _check_adjusted(ctx, s.relation.signs, total, parts)
            continue
        if s.relation.stated_change:
            yield from _check_stated_change(ctx, s.relation.signs[1], total, *parts)
            continue
        if total.kind == Kind.COUNT or total.sentence in unfilled:
            continue  # count-mismatch handles declared sub-counts; an unfilled row is told once above
        yield from _check_sum(ctx, s, total, parts)
    for s in ctx.by_kind.get(Kind.LISTED_SUM, []):  # 13个、2所、5家等20家
        total, parts = ctx.fact(s.relation.total), [ctx.fact(i) for i in s.relation.parts]
        yield from _check_sum(ctx, s, total, parts)


def _unfilled_total_rows(ctx: Context) -> dict[int, list]:
    """Table rows whose totals all read 0 while parts under them are filled in: one story per row."""
    rows: dict[int, list] = {}
    for s in ctx.by_kind.get(Kind.SUM, []):
        total = ctx.fact(s.relation.total)
        if s.source == "table" and total.kind != Kind.COUNT:
            rows.setdefault(total.sentence, []).append(s)
    return {
        row: sums
        for row, sums in rows.items()
        if all(ctx.fact(s.relation.total).quantity.value == 0 for s in sums)
        and any(ctx.fact(i).quantity.value > 0 for s in sums for i in s.relation.parts)
    }


def _unfilled_row(ctx: Context, sums: list):
    totals = [ctx.fact(s.relation.total) for s in sums]
    parts = [ctx.fact(i) for s in sums for i in s.relation.parts]
    filled = [p for p in parts if p.quantity.value > 0]
    first = totals[0]
    got = interval_sum(iv(ctx.fact(i)) for i in sums[0].relation.parts)
    columns = "、".join(t.evidence.cell.split(" / ")[-1] for t in totals)
    shown = "、".join(f"{p.evidence.cell or p.label} {p.quantity.text}" for p in filled)
    return make(
        ctx,
        ID,
        "warning",
        f"合计行{first.evidence.cell.split(' / ')[0]}（{columns}）均为0，而其下分项已填：{shown}；合计行未填写或有误",
        f"the total row {first.evidence.cell.split(' / ')[0]} ({columns}) reads 0 while its parts are filled in: "
        f"{shown}; the total row is not filled in or wrong",
        first.quantity.text,
        in_unit(first.quantity, got.mid),
        [*totals, *parts],
    )


def _coarse_mismatch(ctx, total, parts, shown: str):
    """A breakdown that adds up only because some parts are printed with fewer decimals than the rest
    (30万元 beside 29.99万元): judged at the list's precision, with a warning that says so. (A total may
    round its own sum: 85.7 for 42.33 + 43.33.)"""
    figures = [total, *parts]
    if any(f.quantity.unit != total.quantity.unit or not f.quantity.is_exact for f in figures):
        return
    most = max(f.quantity.decimals for f in figures)
    coarse = [p for p in parts if p.quantity.decimals < most]
    if not coarse:
        return
    fine = interval_sum(Interval.exact(p.quantity.base_value) if p in coarse else iv(p) for p in parts)
    if fine.meets(iv(total)):
        return
    loose = "、".join(dict.fromkeys(p.quantity.text for p in coarse))
    yield make(
        ctx,
        ID,
        "warning",
        f"合计{total.quantity.text}与分项之和不符：{shown} = {in_unit(total.quantity, fine.mid)}"
        f"（按其余数字的{most}位小数计）；只有当{loose}是四舍五入后的数时才可能相符",
        f"total {total.quantity.text} is not the sum of its parts: {shown} = "
        f"{in_unit(total.quantity, fine.mid)} at the list's {most} decimals; it fits only if {loose} is rounded",
        total.quantity.text,
        in_unit(total.quantity, fine.mid),
        [total, *parts],
    )


def _restatement_that_fits(ctx, total, parts):
    """A part stated elsewhere with another value with which the breakdown adds up: (part, other
    statement, the suspect of the two, as restated-value names it), or None."""
    for k, part in enumerate(parts):
        if not part.subject or part.kind not in EXHAUSTIVE_KINDS or part.subject == total.subject or part.inferred:
            continue
        for other in ctx.same_subject(part.kind, part.subject, part):
            if iv(other).meets(iv(part)) or not other.quantity.is_exact or other.inferred:
                continue
            if interval_sum(iv(other) if j == k else iv(p) for j, p in enumerate(parts)).meets(iv(total)):
                suspect, _ = odd_one_out(part, other, support(ctx, part), support(ctx, other) + 1)
                return part, other, suspect
    return None


def _restated_parts(ctx, total, parts):
    """The breakdown adds up; does it still add up with the other value a part is given elsewhere?
    (Only for parts named by what they measure: money is named by its scope, shared by its parts.)"""
    for k, part in enumerate(parts):
        if not part.subject or part.kind not in EXHAUSTIVE_KINDS or part.subject == total.subject:
            continue
        own = iv(part)  # once, against every other statement of its subject
        others = [
            f
            for f in ctx.same_subject(part.kind, part.subject, part)
            if not iv(f).meets(own) and f.quantity.is_exact and not f.inferred and not part.inferred
        ]
        for other in others:
            alt = interval_sum(iv(other) if j == k else iv(p) for j, p in enumerate(parts))
            if alt.meets(iv(total)):
                continue
            alt_shown = " + ".join(other.quantity.text if j == k else p.quantity.text for j, p in enumerate(parts))
            name, got = total.subject or "合计", in_unit(total.quantity, alt.mid)
            # the total is the suspect only if the other value is the better supported (restated-value agrees)
            suspect, _ = odd_one_out(part, other, support(ctx, part) + 1, support(ctx, other))
            if suspect is part:
                stated, expected = total.quantity.text, got
            else:
                stated, expected = other.quantity.text, part.quantity.text
            yield make(
                ctx,
                ID,
                "warning",
                f"{name}{total.quantity.text}与{part.subject}另处所列{other.quantity.text}（{where(other)}）不符："
                f"{alt_shown} = {got}；只有{part.quantity.text}（{where(part)}）能得出合计",
                f"{total.subject or 'total'} {total.quantity.text} does not fit {part.subject} = {other.quantity.text} "
                f"({where_en(other)}): {alt_shown} = {got}; it fits only {part.quantity.text} ({where_en(part)})",
                stated,
                expected,
                [total, other, part],
            )
            break


def _fix_words(fix, stated: str, expected: str) -> tuple[str, str, str, str]:
    """所述, 应为 and the words a restatement that fits adds to a breakdown's finding (see above)."""
    if not fix:
        return stated, expected, "", ""
    part, other, suspect = fix
    zh = f"；{part.subject}另处所列{other.quantity.text}（{where(other)}）能得出合计"
    en = f"; {part.subject} = {other.quantity.text} as stated elsewhere ({where_en(other)}) fits the total"
    if suspect is part:  # the total and the other statement agree: the part is the odd one out
        stated, expected = part.quantity.text, other.quantity.text
    return stated, expected, zh, en


def _check_stated_change(ctx, sign: int, level, base, change):
    """本年X，较上年Y增加C: X = Y ± C, all three in one sentence; the change is the suspect (told with its value)."""
    got = iv(level) - iv(base) if sign > 0 else iv(base) - iv(level)
    if got.meets(iv(change)):
        return
    word_zh = "增加" if sign > 0 else "减少"
    first, second = (level, base) if sign > 0 else (base, level)
    expected = in_unit(change.quantity, got.mid)
    yield make(
        ctx, ID, SEVERITY,
        f"{word_zh}{change.quantity.text}与前后两数之差不符：{first.quantity.text} − {second.quantity.text} = {expected}",
        f"the change {change.quantity.text} is not the difference of the figures it compares: "
        f"{first.quantity.text} - {second.quantity.text} = {expected}",
        change.quantity.text, expected, [change, level, base],
    )  # fmt: skip


def _check_adjusted(ctx, signs, total, parts):
    """调整后预算 = 年初预算 ± the year's adjustments (a count too); a warning: others may go unstated."""
    got = Interval.exact(0)
    for sign, p in zip(signs, parts):
        got = got + iv(p) if sign > 0 else got - iv(p)
    if got.meets(iv(total)):
        return
    shown = "".join(
        ("" if k == 0 else " + " if sg > 0 else " − ") + p.quantity.text for k, (sg, p) in enumerate(zip(signs, parts))
    )
    expected = in_unit(total.quantity, got.mid)
    yield make(
        ctx, ID, "warning",
        f"{total.label.rstrip('为：:') or '调整后预算'}{total.quantity.text}与年初之数及年中增减不符：{shown} = {expected}"
        "（除非另有未列明的调整）",
        f"{total.quantity.text} does not follow from the initial figure and the year's adjustments: "
        f"{shown} = {expected} (unless other adjustments went unstated)",
        total.quantity.text, expected, [total, *parts],
    )  # fmt: skip


def _check_sum(ctx, s, total, parts):
    got = interval_sum(iv(p) for p in parts)
    shown = " + ".join(p.quantity.text for p in parts)
    if not got.meets(iv(total)):
        over = got.lo > total.quantity.hi
        if s.open_ended and not over:
            return  # 其中A、B等: the list names only some parts
        exhaustive = (
            total.kind in EXHAUSTIVE_KINDS or all(COMPLETE.search(p.label) for p in parts)
        ) and not s.open_ended
        uncertain = s.relation.implied or s.relation.made_by or s.relation.balance
        severity = "error" if (over or exhaustive) and not uncertain else "warning"
        implied_zh, implied_en = _uncertain_words(s.relation, parts)
        fix = _restatement_that_fits(ctx, total, parts)
        stated, expected, fix_zh, fix_en = _fix_words(fix, total.quantity.text, in_unit(total.quantity, got.mid))
        yield make(
            ctx,
            ID,
            severity,
            f"合计{total.quantity.text}与分项之和不符：{shown} = {in_unit(total.quantity, got.mid)}{implied_zh}{fix_zh}",
            f"total {total.quantity.text} is not the sum of its parts: {shown} = {in_unit(total.quantity, got.mid)}"
            f"{implied_en}{fix_en}",
            stated,
            expected,
            [total, *parts, *([fix[1]] if fix else [])],
        )
        return
    coarse = list(_coarse_mismatch(ctx, total, parts, shown))
    if coarse:
        yield from coarse
        return
    yield from _restated_parts(ctx, total, parts)


def _uncertain_words(relation, parts) -> tuple[str, str]:
    """Why a mismatch is only a warning: the parts read by their names, or matching funds perhaps outside."""
    if relation.implied:
        return "（原文未写“其中”，分项按其名称认定）", " (no 其中 in the text: the parts are read by their names)"
    if relation.balance:
        return (
            "（收入总计含上年结转，应等于支出加年末结转结余）",
            " (收入总计 holds last year's carry-over: it should be the spending plus the year-end balance)",
        )
    if relation.priced:
        return (
            "（各项分值之和即满分，总分应为各项得分之和）",
            " (the items' points make up the full marks: the total is the sum of their scores)",
        )
    if not relation.made_by:
        return "", ""
    k = relation.made_by
    head = " + ".join(p.quantity.text for p in parts[:k])
    rest = "、".join(f"{p.label}{p.quantity.text}" for p in parts[k:])
    return (
        f"；前{k}项之和{head}恰为合计，{rest}可能不在合计之内",
        f"; the first {k} parts ({head}) make the total exactly: {rest} may lie outside it",
    )
