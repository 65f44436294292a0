"""Sections shared by the narrative kinds: the budget paragraph, its parts, unit restatements,
stale years and traps around years."""
from __future__ import annotations

from decimal import Decimal

from . import iv as I
from .build import Ctx, keyed
from .fmt import num, strip_zeros
from .money import Money, money_tok, rate_tok, spend_tok, wrong_number


def year_label(ctx: Ctx, site: str) -> tuple[object, int]:
    """The year a budget sentence or heading is dated: the report year, or (error) the one
    before, as when last year's text is reused."""
    y = ctx.year
    if ctx.mode("stale-reference", site) == "error":
        bad = y - 1
        t = ctx.tok(str(bad), "")
        ctx.err(t, "stale-reference", f"{site} dated {bad} in a {y} report", value=str(bad))
        return t, bad
    return str(y), y


def budget_paragraph(ctx: Ctx, m: Money, scope: str, site: str = "budget") -> list:
    """The year's budget, adjustment, spending and execution rate in one sentence."""
    rng = ctx.rng
    ylab, _ = year_label(ctx, "budget_year")
    unit = "元" if rng.random() < 0.12 else "万元"
    ini = money_tok(ctx, m.initial, "budget_initial", unit)
    adj = money_tok(ctx, m.adjusted, "budget_adjusted", unit)
    sp = spend_tok(ctx, m.spend, unit)
    rate = rate_tok(ctx, sp.num, adj.num, site, d=rng.choice((2, 2, 2, 1)), key="exec_rate")
    same = m.initial == m.adjusted
    form = rng.randrange(4)
    if same and form != 3:
        bud = money_tok(ctx, m.adjusted, "budget", unit)
        return [ylab, f"年度{scope}预算", bud, "，全年", rng.choice(("支出", "实际支出", "累计支出")), sp,
                rng.choice(("，预算执行率", "，预算执行率为", "，执行率为")), rate, "。"]
    if form == 0:
        return [ylab, f"年度{scope}支出情况如下：年初预算", ini, "，全年预算调整为", adj, "，实际支出", sp,
                "，预算执行率", rate, "。"]
    if form == 1:
        return [ylab, f"年{scope}年初批复预算数为", ini, "，经年中追加调整后全年预算数", adj, "，全年执行数", sp,
                "，执行率为", rate, "。"]
    if form == 2:
        return [ylab, f"年度{scope}年初预算", ini, "，调整后预算", adj, "；截至年末累计支出", sp, "，资金支出率",
                rate, "。"]
    return [scope, ylab, "年度年初预算", ini, "，年中调整后为", adj, "，全年实际支出", sp, "，预算执行率为", rate,
            "。"]


def parts_paragraph(ctx: Ctx, m: Money, lead: str, site: str = "budget_parts") -> list:
    """"全年预算数X万元，其中：A a万元，B b万元" with a sum error or trap."""
    total = num(m.adjusted, 2, ctx.rng.random() < 0.5)
    parts_iv = sum((I.iv(num(a, 2)) for _, a in m.parts), I.exact(0))
    mode = ctx.mode("sum-mismatch", site)
    if mode == "error":
        total = wrong_number(ctx.rng, total.replace(",", ""), parts_iv, "budget total")
        tot = ctx.err(keyed(ctx.tok(total, "万元"), "budget_adj"), "sum-mismatch",
                      f"parts add to {num(m.adjusted, 2)}")
    else:
        I.agree(total, parts_iv, "budget parts")
        tot = keyed(ctx.tok(total, "万元", kind="budget_adjusted"), "budget_adj")
        if mode == "trap":
            ctx.trap(tot, "sum-mismatch", "budget parts add up exactly")
    out = [lead, tot, ctx.pick("，其中：", "。其中，", "，其中")]
    parts = []
    for i, (name, a) in enumerate(m.parts):
        parts.append(money_tok(ctx, a, None, "万元"))
        out += [name, parts[-1], "。" if i == len(m.parts) - 1 else "，"]
    ctx.breakdown(tot, parts)
    return out


def unit_restatement(ctx: Ctx, m: Money, site: str = "unit") -> list:
    """The adjusted budget again in 元 or 亿元: a trap for restated-value (same amount)."""
    if ctx.peek("restated-value", site) != "trap":
        return []
    ctx.mode("restated-value", site)
    if m.adjusted >= 10000 and ctx.rng.random() < 0.6:
        yi = strip_zeros(num(m.adjusted / 10000, 2))
        I.agree(I.iv(yi) * I.exact(10000), I.iv(num(m.adjusted, 2)), "亿元 restatement")
        t = ctx.trap(keyed(ctx.tok(yi, "亿元", pre="约"), "budget_adj", 10000), "restated-value",
                     f"{yi}亿元 ≈ {m.adjusted}万元")
        return ["折合", t, "。"]
    yuan = num(m.adjusted * 10000, 2, True)
    t = ctx.trap(keyed(ctx.tok(yuan, "元"), "budget_adj", "0.0001"), "restated-value",
                 f"{yuan}元 = {m.adjusted}万元")
    return ["全年预算数按元计为", t, "。"]


def last_year_sentence(ctx: Ctx, m: Money, site: str = "last_year") -> list:
    """A comparison with the year before: a year that is fine (trap when planned)."""
    mode = ctx.mode("stale-reference", site)
    if mode == "clean" and ctx.rng.random() < 0.5:
        return []
    prev = m.adjusted * Decimal(str(ctx.rng.uniform(0.85, 1.1)))
    diff = m.adjusted - prev
    y = ctx.tok(str(ctx.year - 1), "")
    if mode == "trap":
        ctx.trap(y, "stale-reference", "comparison with the previous year")
    word = "增加" if diff >= 0 else "减少"
    why = (("新增重点项目资金所致。", "上级转移支付资金增加所致。", "人员经费政策性调整所致。") if diff >= 0 else
           ("部分项目完成后资金需求下降所致。", "压减一般性支出所致。", "人员经费政策性调整所致。"))
    return ["与上年（", y, f"年）相比，全年预算{word}{num(abs(diff), 2)}万元，主要是", ctx.pick(*why)]


def award_sentence(ctx: Ctx, what: str, site: str = "award") -> list:
    mode = ctx.mode("stale-reference", site)
    if mode == "clean":
        return []
    y = ctx.tok(str(ctx.year - 1), "")
    ctx.trap(y, "stale-reference", "an award named after the previous year")
    return [f"{what}被评为", y, ctx.pick("年度全市绩效管理先进单位。", "年度预算管理工作优秀单位。")]


def achievements(ctx: Ctx) -> str:
    """A paragraph of work done, with 约/近/逾/余 figures and a vague 两三个."""
    from .texts import ACHIEVEMENTS
    r = ctx.rng
    vals = dict(a=r.randint(120, 3000), b=r.choice((1.2, 2.5, 3.6, 4.8, 12)), c=r.randint(300, 9000),
                d=r.randint(20, 800), e=r.randint(500, 6000))
    ctx.loose_trap("count-mismatch", "vague counts (两三个) and 约/近/逾/余 figures are no declared counts")
    return "；".join(s.format(**vals) for s in ACHIEVEMENTS[ctx.dept.domain]) + "。"


def management(ctx: Ctx, level: int, heading: str) -> None:
    """A section on how the work was organised: two to five paragraphs of prose."""
    from .texts import MANAGEMENT
    from .world import office_word
    ctx.heading(level, heading)
    for p in ctx.rng.sample(MANAGEMENT, ctx.rng.randint(2, 5)):
        ctx.para(p.format(ow=office_word(ctx.dept)))


def plan_heading(ctx: Ctx, level: int, number: str, site: str = "plan") -> None:
    """A heading for next year's plan (a year that is fine)."""
    mode = ctx.mode("stale-reference", site)
    y = ctx.tok(str(ctx.year + 1), "")
    if mode == "trap":
        ctx.trap(y, "stale-reference", "next year's plan")
    if mode == "trap" or ctx.rng.random() < 0.5:
        ctx.heading(level, number, y, "年工作计划")
    else:
        ctx.heading(level, number + "下一步工作计划")
