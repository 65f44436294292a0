"""rate-mismatch: a stated rate is not numerator ÷ denominator as stated in the same report.

Checks execution rates against spend ÷ budget stated in the same sentence (adjusted budget first, then the
budget, then the initial budget), score rates against score ÷ maximum for the same subject, shares of a 其中
breakdown (占Y%) against part ÷ total, and change rates (较上年增加C，增长Y%) against the change ÷ last year's
figure (this year's ∓ the change; a warning, since last year's figure is derived, not stated), completion
rates (完成率) against the actual ÷ the target of the indicator its sentence states, and arrival rates (到位率)
against the money arrived or come down (下达) ÷ the budget or plan (both warnings). Rounding of every printed
figure is respected: only rates outside the interval the printed figures allow are reported.

Consistent::

    项目预算100.00万元，实际支出95.50万元，预算执行率95.50%。

Inconsistent::

    项目预算100.00万元，实际支出95.50万元，预算执行率99.50%。   (95.50 ÷ 100.00 = 95.50%)
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..interval import Interval
from ..model import Kind
from .context import Context, iv, make, num, where
from .rate_rounding import exact, expected_rate, percent, unless_rounded_off
from .share_rates import shared_wholes, shares

ID = "rate-mismatch"
SEVERITY = "error"
SUMMARY_ZH = "所述比率不等于同一报告所列的分子 ÷ 分母。"  # what it checks (in English: the docstring's first paragraph)
HUNDRED = Decimal(100)
DENOMINATORS = (Kind.BUDGET_ADJUSTED, Kind.BUDGET, Kind.BUDGET_INITIAL)
ARRIVED = load("funds")["arrived"].regex
COMPLETION_RATE = load("measures")["completion_rate"].regex
ARRIVAL_RATE = load("measures")["arrival_rate"].regex
ALLOCATED = compiled(r"^(?!.*拨付).*(?<![向至])下达(?!率)")  # what came down, not what was passed on (拨付)
CHANGED = compiled(r"追加|调增|调减|核减|压减|追减|调整|收回")  # the year's budget changes
# words a spend's label may hold without naming a part of the work (截至12月底累计实际支出)
GENERIC_SPEND = compiled(r"截[至止]|到|\d+|[年月日底末]|全年|本年|年度|累计|共计?|实际|已|合计|本?项目|资金|财政|完成|"
                         r"支出|支付|拨付|使用|执行|数|额|为|了")  # fmt: skip
NAMED_PART = compiled(r"\p{Han}{2}")
PLANNED = compiled(r"^(?!.*(?:总预算|总投资|计划投资)).*(?:预算|计划)")  # the year's plan, not a total over years


def check(ctx: Context):
    yield from _execution_rates(ctx)
    yield from _score_rates(ctx)
    yield from shares(ctx, ID, SEVERITY)
    yield from shared_wholes(ctx)
    yield from _change_rates(ctx)
    yield from _completion_rates(ctx)
    yield from _arrival_rates(ctx)


def _arrival_rates(ctx: Context):
    """预算资金620万元，资金到位580万元，到位率100%: an arrival rate is the money arrived ÷ the budget its
    sentence states. A warning (which budget an office measures against varies): only when no stated budget fits."""
    for rate in ctx.by_kind.get(Kind.RATE, []):
        if rate.source != "text" or not rate.quantity.is_exact or not ARRIVAL_RATE.search(rate.label):
            continue
        before = [f for f in ctx.by_sentence.get(rate.sentence, []) if f.evidence.start < rate.evidence.start]
        arrived = [f for f in before if f.kind == Kind.AMOUNT and ARRIVED.search(f.label) and not f.subject.prior]
        budgets = [f for kind in DENOMINATORS for f in before if f.kind == kind and not f.subject.prior]
        came_down = before and before[-1].quantity.base_unit == "元" and ALLOCATED.search(before[-1].label)
        if not arrived and came_down:  # 预算X，实际下达Y，到位率: Y arrived
            arrived = before[-1:]
            plan = next((f for f in reversed(before[:-1]) if f.quantity.base_unit == "元"), None)
            budgets = [plan] if plan is not None and PLANNED.search(plan.label) else []
        if len(arrived) != 1 or not budgets or any(iv(b).lo <= 0 for b in budgets):
            continue
        got = [percent(iv(arrived[0]), iv(b)) for b in budgets]
        if any(g.meets(iv(rate)) for g in got):
            continue
        money, budget = arrived[0], budgets[0]
        expected = expected_rate(rate, percent(exact(money), exact(budget)), got[0])
        yield make(
            ctx, ID, "warning",
            f"到位率{rate.quantity.text}与所列数字不符：到位{money.quantity.text} ÷ 预算{budget.quantity.text} = {expected}",
            f"arrival rate {rate.quantity.text} does not follow: arrived {money.quantity.text} / budget "
            f"{budget.quantity.text} = {expected}",
            rate.quantity.text, expected, [rate, money, budget],
        )  # fmt: skip


def _completion_rates(ctx: Context):
    """目标值500人次，实际完成450人次，完成率95%: a completion rate is the actual ÷ the target, when its sentence
    states one indicator's target and actual before it. A warning: offices define completion in more than one
    way. 100% for an actual beyond its target (a rate capped at 100%) is consistent."""
    for rate in ctx.by_kind.get(Kind.RATE, []):
        if rate.source != "text" or not rate.quantity.is_exact or not COMPLETION_RATE.search(rate.label):
            continue
        actuals = [
            f
            for f in ctx.by_sentence.get(rate.sentence, [])
            if f.kind == Kind.ACTUAL and f.relation and f.relation.target is not None
            and f.evidence.start < rate.evidence.start
        ]  # fmt: skip
        if len(actuals) != 1:
            continue
        actual, target = actuals[0], ctx.fact(actuals[0].relation.target)
        tq, aq = target.quantity, actual.quantity
        if tq.base_unit != aq.base_unit or tq.direction == "≤" or tq.value <= 0 or not aq.is_exact:
            continue
        stated = Interval.rounded(tq.value, tq.decimals).scale(tq.base_value / tq.value)  # the target as printed
        got = percent(iv(actual), stated)
        if got.meets(iv(rate)) or (rate.quantity.value == HUNDRED and got.hi >= HUNDRED):
            continue
        expected = expected_rate(rate, percent(exact(actual), Interval.exact(tq.base_value)), got)
        yield make(
            ctx, ID, "warning",
            f"完成率{rate.quantity.text}与所列数字不符：实际{aq.text} ÷ 目标{tq.text} = {expected}"
            "（完成率按实际完成值 ÷ 目标值计）",
            f"completion rate {rate.quantity.text} does not follow: actual {aq.text} / target {tq.text} = {expected}",
            rate.quantity.text, expected, [rate, actual, target],
        )  # fmt: skip


def _change_rates(ctx: Context):
    """本年X，较上年增加C，增长Y%: last year is X − C (X + C for a decrease), and Y = C ÷ last year. A
    warning: the text does not state last year's figure, only this year's and the change."""
    for r in ctx.by_kind.get(Kind.CHANGE_RATE, []):
        level, change = ctx.fact(r.relation.total), ctx.fact(r.relation.parts[0])
        if r.relation.stated_change:  # 本年X，较上年Y增长r%: `change` is the stated base
            yield from _rate_of_levels(ctx, r, level, change, r.relation.signs[0])
            continue
        if r.relation.signs[0] == 0:
            yield from _stated_base_rate(ctx, r, level, change)
            continue
        prior = iv(level) - iv(change) if r.relation.signs[0] > 0 else iv(level) + iv(change)
        if prior.lo <= 0:
            continue
        got = percent(iv(change), prior)
        if got.meets(iv(r)):
            continue
        prior_point = exact(level) - exact(change) if r.relation.signs[0] > 0 else exact(level) + exact(change)
        expected = expected_rate(r, percent(exact(change), prior_point), got)
        on_this_year = percent(iv(change), iv(level))
        rounded, why_zh, why_en = unless_rounded_off(r, got, "warning")  # a warning unless rounded twice
        if on_this_year.meets(iv(r)):
            why_zh, why_en = "（像是以本年数为基数算出）", " (it looks computed on this year's figure)"
        yield make(
            ctx, ID, "info" if rounded == "info" else "warning",
            f"增减幅度{r.quantity.text}与所列数字不符：{change.quantity.text} ÷ 上年数（{level.quantity.text}"
            f"{'−' if r.relation.signs[0] > 0 else '+'}{change.quantity.text}）= {expected}{why_zh}",
            f"change rate {r.quantity.text} does not follow: {change.quantity.text} / last year's figure "
            f"({level.quantity.text} {'-' if r.relation.signs[0] > 0 else '+'} {change.quantity.text}) = {expected}{why_en}",
            r.quantity.text, expected, [level, change, r],
        )  # fmt: skip


def _execution_rates(ctx: Context):
    for rate in ctx.by_kind.get(Kind.EXECUTION_RATE, []):
        if not rate.quantity.is_exact or rate.subject.prior:
            continue
        local = [f for f in ctx.by_sentence.get(rate.sentence, []) if not f.subject.prior]
        before = [f for f in local if f.evidence.start < rate.evidence.start or f.source == "table"]
        pool = (
            before if any(f.kind == Kind.SPEND for f in before) else local
        )  # 执行率95%，预算…，支出… names them after
        pool = _own_clause(rate, pool, local)
        spends = [f for f in pool if f.kind == Kind.SPEND]
        dens = _denominators(pool)
        if (
            spends
            and not any(d.kind in DENOMINATORS for d in dens)
            and rate.source == "text"
            and not NAMED_PART.search(GENERIC_SPEND.sub("", spends[0].label))
        ):  # 助餐服务支出300万元，执行率92%: a part's spend, not measured against the budget before
            before = [f for f in ctx.by_sentence.get(rate.sentence - 1, []) if f.paragraph == rate.paragraph
                      and not (f.subject.fund or spends[0].subject.fund) and f.subject.name == spends[0].subject.name
                      or f.subject == spends[0].subject]  # fmt: skip  # whose budget: not another part's
            dens = [
                f for kind in DENOMINATORS for f in before if f.kind == kind
            ] + dens  # 全年预算786.40万元。截止12月末共拨付…，占全年预算的95.38%
        if rate.source == "table" and any(d.kind == Kind.BUDGET_ADJUSTED for d in dens):
            dens = [d for d in dens if d.kind == Kind.BUDGET_ADJUSTED]  # a 自评表's 执行率 is 执行数 ÷ 全年预算数
        if not spends or not dens:
            continue
        stated = iv(rate)
        others = [f for f in pool if f.kind == Kind.AMOUNT]  # money whose label was not read may be the budget
        if any((iv(s) / iv(d)).scale(HUNDRED).meets(stated) for s in spends for d in dens + others):
            yield from _coarse_rate(ctx, rate, spends, dens + others)
            continue  # some stated spend over some stated budget gives the rate: not provably wrong
        prior = [f for f in ctx.by_sentence.get(rate.sentence - 1, []) if f.paragraph == rate.paragraph]
        if not any(d.kind == Kind.BUDGET_ADJUSTED for d in dens) and any(CHANGED.search(f.label) for f in pool + prior):
            continue  # 年中调减120万元 and no adjusted budget stated: the rate may be of the budget so adjusted
        spend, den = spends[0], dens[0]  # the first spend is the total (its 其中 parts follow it)
        got = percent(iv(spend), iv(den))
        expected = expected_rate(rate, percent(exact(spend), exact(den)), got)
        severity, zh, en = unless_rounded_off(rate, got, SEVERITY)
        yield make(
            ctx,
            ID,
            severity,
            f"执行率{rate.quantity.text}与同处所列数字不符：{spend.quantity.text} ÷ {den.quantity.text} = {expected}{zh}",
            f"execution rate {rate.quantity.text} does not follow from {spend.quantity.text} / {den.quantity.text} = {expected}{en}",
            rate.quantity.text,
            expected,
            [rate, spend, den],
        )


def _denominators(pool: list) -> list:
    """What a rate may be measured against: the budgets (adjusted first), then money stated as arrived (到位)."""
    budgets = [f for kind in DENOMINATORS for f in pool if f.kind == kind]
    return budgets + [f for f in pool if f.kind == Kind.AMOUNT and ARRIVED.search(f.label)]


def _own_clause(rate, pool: list, local: list) -> list:
    """中央补助资金预算…，支出…，执行率90%；省级配套资金预算…，支出…，执行率100%: a rate whose own segment
    states its spend and what it is measured against, for a named fund or beside another segment's rate,
    takes those figures, not another fund's."""
    own = [f for f in pool if f.segment == rate.segment]
    if not any(f.kind == Kind.SPEND for f in own) or not _denominators(own):
        return pool
    beside_another = any(f.kind == Kind.EXECUTION_RATE and f.segment != rate.segment for f in local)
    return own if rate.subject.fund or beside_another else pool


def _stated_base_rate(ctx: Context, r, base, change):
    """较预算数339万元减少217万元，下降64%: the rate is the change ÷ the figure it is measured against."""
    if base.quantity.lo <= 0:
        return
    got = percent(iv(change), iv(base))
    if got.meets(iv(r)):
        return
    expected = expected_rate(r, percent(exact(change), exact(base)), got)
    yield make(
        ctx, ID, SEVERITY,
        f"增减幅度{r.quantity.text}与所列数字不符：{change.quantity.text} ÷ {base.quantity.text} = {expected}",
        f"change rate {r.quantity.text} does not follow: {change.quantity.text} / {base.quantity.text} = {expected}",
        r.quantity.text, expected, [base, change, r],
    )  # fmt: skip


def _rate_of_levels(ctx: Context, r, level, base, sign: int):
    """本年X，较上年Y增长r% (下降: sign −1): the rate is (X − Y) ÷ Y, or (Y − X) ÷ Y for a fall."""
    if base.quantity.lo <= 0:
        return
    first, second = (level, base) if sign > 0 else (base, level)
    got = percent(iv(first) - iv(second), iv(base))
    if got.meets(iv(r)):
        return
    severity, why_zh, why_en = unless_rounded_off(r, got, SEVERITY)
    expected = expected_rate(r, percent(exact(first) - exact(second), exact(base)), got)
    shown = f"（{first.quantity.text} − {second.quantity.text}）÷ {base.quantity.text} = {expected}"
    yield make(
        ctx, ID, severity,
        f"增减幅度{r.quantity.text}与所列数字不符：{shown}{why_zh}",
        f"change rate {r.quantity.text} does not follow: ({first.quantity.text} - {second.quantity.text}) / "
        f"{base.quantity.text} = {expected}{why_en}",
        r.quantity.text, expected, [level, base, r],
    )  # fmt: skip


def _coarse_rate(ctx: Context, rate, spends: list, dens: list):
    """支出决算0.53万元，预算1万元，完成预算的47%: the rate fits only if 1万元 is a rounded figure. With each
    operand printed with fewer decimals than the other taken as exact, no pair fits: a warning that says so."""

    def at_finer(f, other):
        coarse = f.quantity.decimals < other.quantity.decimals and f.quantity.unit == other.quantity.unit
        return Interval.exact(f.quantity.base_value) if coarse and f.quantity.is_exact else iv(f)

    stated = iv(rate)
    if any((at_finer(s, d) / at_finer(d, s)).scale(HUNDRED).meets(stated) for s in spends for d in dens):
        return
    spend, den = spends[0], dens[0]
    loose = spend if spend.quantity.decimals < den.quantity.decimals else den
    expected = (at_finer(spend, den) / at_finer(den, spend)).scale(HUNDRED)
    yield make(
        ctx, ID, "warning",
        f"执行率{rate.quantity.text}与同处所列数字不符：{spend.quantity.text} ÷ {den.quantity.text} = {num(expected.mid)}%"
        f"（按较多的小数位计）；只有当{loose.quantity.text}是四舍五入后的数时才可能相符",
        f"execution rate {rate.quantity.text} does not follow from {spend.quantity.text} / {den.quantity.text} = "
        f"{num(expected.mid)}% at the finer figure's decimals; it fits only if {loose.quantity.text} is rounded",
        rate.quantity.text, f"{num(expected.mid)}%", [rate, spend, den],
    )  # fmt: skip


def _score_rates(ctx: Context):
    for rate in ctx.by_kind.get(Kind.SCORE_RATE, []):
        if not rate.subject or not rate.quantity.is_exact:
            continue
        local = ctx.by_sentence.get(rate.sentence, [])
        scores = [f for f in local if f.kind == Kind.SCORE and f.subject == rate.subject]
        scores = scores or ctx.same_subject(Kind.SCORE, rate.subject, rate)
        maxima = [f for f in local if f.kind == Kind.SCORE_MAX and f.subject == rate.subject and not f.inferred]
        maxima = maxima or [m for m in ctx.same_subject(Kind.SCORE_MAX, rate.subject, rate) if not m.inferred]
        if not scores or not maxima:
            continue
        score = min(
            scores, key=lambda f: abs(f.evidence.start - rate.evidence.start) if f.source == rate.source else 10**9
        )
        maxima_values = {(m.quantity.lo, m.quantity.hi) for m in maxima}
        if len(maxima_values) != 1:
            continue  # the maximum itself is disputed; restated-value reports that
        top = maxima[0]
        got = (iv(score) / iv(top)).scale(HUNDRED)
        if got.meets(iv(rate)):
            continue
        expected = expected_rate(rate, percent(exact(score), exact(top)), got)
        severity, zh, en = unless_rounded_off(rate, got, SEVERITY)
        yield make(
            ctx,
            ID,
            severity,
            f"{rate.subject}得分率{rate.quantity.text}与得分不符：{score.quantity.text} ÷ {top.quantity.text} = {expected}（{where(score)}）{zh}",
            f"{rate.subject} score rate {rate.quantity.text} does not follow from {score.quantity.text} / {top.quantity.text} = {expected}{en}",
            rate.quantity.text,
            expected,
            [rate, score, top],
        )
