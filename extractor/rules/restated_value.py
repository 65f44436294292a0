"""restated-value: the same quantity of the same subject is stated with values that cannot both be true.

Compares scores, score rates, maxima, weights, budgets, spend and execution rates of one subject
wherever they are stated, in the text or in a table. Values that meet once each is read as the
interval its printed decimals allow are consistent (30.0 and 30 agree; 28.46 and 26.46 do not).
A count of one action on one object stated twice (restated_counts.py pairs them) is compared too: an error
when nothing else is said around either, a warning when the words leave room for two things.

Consistent::

    产出指标得分38.5分。……产出指标共计得分38.50分。
    全年开展河道垃圾集中清理24次。全年开展河道垃圾集中清理24次，清理河段15公里。

Inconsistent::

    效益指标综合自评得分28.46分。……效益指标共计得分26.46分。
    全年开展河道垃圾集中清理24次。全年开展河道垃圾集中清理42次，清理河段15公里。
"""

from __future__ import annotations

from collections import defaultdict

from jixiao.patterns import load

from ..interval import interval_sum
from ..model import MONEY_FIGURES, MONEY_KINDS, PERCENT_KINDS, TOTAL_SCORE, Kind, Scope
from .agreement import odd_one_out, support
from .context import Context, iv, make, where, where_en

ID = "restated-value"
SEVERITY = "error"
SUMMARY_ZH = (
    "同一主体的同一数量前后所述数值不可能同时成立。"  # what it checks (in English: the docstring's first paragraph)
)
KINDS = (
    Kind.SCORE,
    Kind.SCORE_RATE,
    Kind.SCORE_MAX,
    Kind.WEIGHT,
    Kind.BUDGET_INITIAL,
    Kind.BUDGET_ADJUSTED,
    Kind.BUDGET,
    Kind.SPEND,
    Kind.EXECUTION_RATE,
)


PROJECT_HEADING = load("measures")["project_heading"].regex
TWIN_TOTALS = {p.value for p in load("breakdowns").values()}


def _comparable(f) -> bool:
    return bool(f.subject) and not f.subject.local and f.quantity.is_exact and not f.inferred


def check(ctx: Context):
    breakdowns = _breakdowns_by_part(ctx)
    groups = defaultdict(list)
    for kind in KINDS:
        for f in ctx.by_kind.get(kind, []):
            if _comparable(f):
                groups[(kind, f.subject)].append(f)
    for (kind, subject), facts in groups.items():
        span = {f.id: iv(f) for f in facts}  # each fact's interval once: a subject's facts are compared pairwise
        for i, a in enumerate(facts):
            conflicts = [
                b
                for b in facts[i + 1 :]
                if a.quantity.base_unit == b.quantity.base_unit
                and not span[a.id].meets(span[b.id])
                and _same_scope(a, b)
                and not _parallel_rates(ctx, a, b)
            ]
            if not conflicts:
                continue
            b = conflicts[0]
            if any(
                not span[x.id].meets(span[y.id])
                for x in facts[:i]
                for y in (a, b)
                if _same_scope(x, y) and x.quantity.base_unit == y.quantity.base_unit
            ):
                continue  # reported once, from the first statement of the subject
            story = _total_story(ctx, a, b, breakdowns)
            # the odd one out is the suspect: 93.16 once against 91.36 in the text and the table; a total
            # that fits one of the two counts for it (so sum-mismatch names the same suspect)
            fits = story[1] if story else None
            backing = {x.id: support(ctx, x) + _table_support(ctx, x, y) + (fits is x) for x, y in ((a, b), (b, a))}
            suspect, _ = odd_one_out(a, b, backing[a.id], backing[b.id])
            if suspect is b:
                a, b = b, a
                conflicts = [b]
            fits_zh, fits_en = _fits(story, b, backing[b.id])
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"{subject}的{_kind_zh(kind)}前后不一致：{_at(a)}为{a.quantity.text}，"
                f"{_at(b)}为{b.quantity.text}{fits_zh}{_twin_note_zh(ctx, a, b)}",
                f"{subject}: {_kind_en(kind)} stated as {a.quantity.text} ({_at_en(a)}) and as "
                f"{b.quantity.text} ({_at_en(b)}){fits_en}{_twin_note_en(ctx, a, b)}",
                a.quantity.text,
                b.quantity.text,
                [a, *conflicts],
            )
    yield from _restated_counts(ctx)


def _restated_counts(ctx):
    """One count stated twice with values that differ (restated_counts.py pairs them): an error when the
    two statements say nothing else, a warning when their words leave room for two different things."""
    reported = set()
    for r in ctx.by_kind.get(Kind.RESTATEMENT, []):
        a, b = ctx.fact(r.relation.total), ctx.fact(r.relation.parts[0])
        if a.id in reported or iv(a).meets(iv(b)):
            continue
        reported.add(a.id)  # once a subject: from its first statement
        doubt_zh = "；两处所指可能不是同一时段、范围或单位，请核对" if r.relation.implied else ""
        doubt_en = "; the two may be of different periods, areas or units" if r.relation.implied else ""
        yield make(
            ctx,
            ID,
            "warning" if r.relation.implied else SEVERITY,
            f"{a.subject}的数量前后不一致：{where(a)}为{a.quantity.text}，{where(b)}为{b.quantity.text}{doubt_zh}",
            f"{a.subject}: count stated as {a.quantity.text} ({where_en(a)}) and as {b.quantity.text} "
            f"({where_en(b)}){doubt_en}",
            a.quantity.text,
            b.quantity.text,
            [a, b],
        )


def _breakdowns_by_part(ctx) -> dict[int, list[int]]:
    """For each fact, where the breakdowns (sums) it is a part of stand in ctx.by_kind[SUM]: a conflict's
    breakdowns are looked up, not searched for among every sum of the report."""
    out: dict[int, list[int]] = defaultdict(list)
    for n, s in enumerate(ctx.by_kind.get(Kind.SUM, [])):
        for part in dict.fromkeys(ctx.fact(i).id for i in s.relation.parts):
            out[part].append(n)
    return out


def _total_story(ctx, a, b, breakdowns: dict[int, list[int]]):
    """A breakdown one of the two statements is a part of, whose total fits one of them only: (the total,
    the statement it fits), so that this finding and sum-mismatch's tell one story; () otherwise."""
    sums = ctx.by_kind.get(Kind.SUM, [])
    for n in sorted({*breakdowns.get(a.id, ()), *breakdowns.get(b.id, ())}):
        s = sums[n]
        parts = [ctx.fact(i) for i in s.relation.parts]
        k = next((j for j, p in enumerate(parts) if p.id in (a.id, b.id)), None)
        if k is None:
            continue
        total = ctx.fact(s.relation.total)
        fits = [
            x for x in (a, b) if interval_sum(iv(x) if j == k else iv(p) for j, p in enumerate(parts)).meets(iv(total))
        ]
        if len(fits) == 1:
            return (total, fits[0])
    return ()


def _fits(story, supported, backing: int) -> tuple[str, str]:
    """What the breakdown's total fits; when it fits the suspect, how often the other value is stated."""
    if not story:
        return "", ""
    total, fits = story
    zh, en = (
        f"；{total.subject}{total.quantity.text}只与{fits.quantity.text}相符",
        f"; {total.subject} {total.quantity.text} fits only {fits.quantity.text}",
    )
    if fits is not supported:
        zh += f"，而{supported.quantity.text}见于{backing}处"
        en += f", while {supported.quantity.text} is stated {backing} times"
    return zh, en


def _twins(a, b) -> bool:
    """Two breakdowns of one total (按收入性质分, 按支出性质分): the label says which breakdown."""
    return a.label != b.label and a.subject.name in TWIN_TOTALS


def _at(f) -> str:
    return f"{f.label}（{where(f)}）" if f.subject.name in TWIN_TOTALS and f.label else where(f)


def _at_en(f) -> str:
    return f"{f.label}, {where_en(f)}" if f.subject.name in TWIN_TOTALS and f.label else where_en(f)


def _twin_note_zh(ctx, a, b) -> str:
    if not _twins(a, b):
        return ""
    cell = _agreeing_cell(ctx, b, a)
    return "；两种分法的合计应为同一数" + (
        f"，表中{cell.evidence.cell or cell.label}为{cell.quantity.text}，与{b.label}相符" if cell else ""
    )


def _twin_note_en(ctx, a, b) -> str:
    if not _twins(a, b):
        return ""
    cell = _agreeing_cell(ctx, b, a)
    return "; both breakdowns total the same figure" + (
        f"; the form's {cell.evidence.cell or cell.label} {cell.quantity.text} agrees with {b.label}" if cell else ""
    )


def _agreeing_cell(ctx, f, other):
    return next(iter(_agreeing_cells(ctx, f, other)), None)


def _table_support(ctx, f, other) -> int:
    """For two breakdowns of one total: the form's money cells that agree with `f` and not with `other`."""
    return len(_agreeing_cells(ctx, f, other)) if _twins(f, other) else 0


def _agreeing_cells(ctx, f, other) -> list:
    cells = [
        g
        for kind in MONEY_KINDS
        for g in ctx.by_kind.get(kind, [])
        if g.source == "table" and iv(g).meets(iv(f)) and not iv(g).meets(iv(other))
    ]
    return sorted(cells, key=lambda g: g.id)  # in the form's order (MONEY_KINDS is a set)


def _same_scope(a, b) -> bool:
    """Rows of one table are different things; so are totals under different project headings or in
    different projects' forms, and the
    items of a list (1、… 2、…, 一是… 二是…): for money of no named owner, also a list's item and a total.
    The whole department's money (部门整体) is the department's in any item."""
    if a.source == b.source == "table" and a.table == b.table or a.project and b.project and a.project != b.project:
        return False
    in_items = a.item >= 0 and b.item >= 0
    if a.item != b.item and a.subject.scope != Scope.DEPARTMENT and (in_items or a.subject.scope != Scope.NAMED):
        return False
    if a.subject != TOTAL_SCORE or a.section == b.section or a.source != b.source:
        return True
    return not any(PROJECT_HEADING.search(s) for s in (a.section, b.section))


def _parallel_rates(ctx, a, b) -> bool:
    """Two rates each after a different sum of money in its sentence (A完成x万元，执行率r1，B完成y万元，执行率r2; or
    a fund's 完成x万元，执行率r1 and later 全年执行y万元，执行率r2): each the rate of the money just before it, not
    one rate stated twice. Across sentences, only when the two sums are not one figure stated twice (of one kind
    and subject: 共支付520万元，执行率65% … 共支付502万元，执行率62.75% is one figure restated, and its rate)."""
    if a.kind not in PERCENT_KINDS or a.source != "text" or b.source != "text" or min(a.sentence, b.sentence) < 0:
        return False
    before_a, before_b = _money_before(ctx, a), _money_before(ctx, b)
    if before_a is None or before_b is None or iv(before_a).meets(iv(before_b)):
        return False
    one_figure = before_a.kind == before_b.kind and before_a.subject == before_b.subject
    return a.sentence == b.sentence or not one_figure


def _money_before(ctx, rate):
    """The last figure in 元 before the rate in its sentence, if any."""
    money = [
        f
        for f in ctx.by_sentence.get(rate.sentence, ())
        if f.kind in MONEY_FIGURES and f.source == "text" and f.evidence.start < rate.evidence.start
    ]
    return max(money, key=lambda f: f.evidence.start, default=None)


def _kind_zh(kind: str) -> str:
    return {
        Kind.SCORE: "得分",
        Kind.SCORE_RATE: "得分率",
        Kind.SCORE_MAX: "分值",
        Kind.WEIGHT: "权重",
        Kind.BUDGET_INITIAL: "年初预算",
        Kind.BUDGET_ADJUSTED: "调整后预算",
        Kind.BUDGET: "预算",
        Kind.SPEND: "实际支出",
        Kind.EXECUTION_RATE: "执行率",
    }.get(kind, "数值")


def _kind_en(kind: str) -> str:
    return {
        Kind.SCORE: "score",
        Kind.SCORE_RATE: "score rate",
        Kind.SCORE_MAX: "maximum score",
        Kind.WEIGHT: "weight",
        Kind.BUDGET_INITIAL: "initial budget",
        Kind.BUDGET_ADJUSTED: "adjusted budget",
        Kind.BUDGET: "budget",
        Kind.SPEND: "spending",
        Kind.EXECUTION_RATE: "execution rate",
    }.get(kind, "figure")
