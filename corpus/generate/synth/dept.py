"""部门整体支出绩效自评报告: a narrative report on a department's whole budget."""
from __future__ import annotations

from decimal import Decimal

from . import iv as I
from .build import Ctx, keyed
from .claims import aspects_sentence, anniversary, average_block, deng_sentence, enum_sentence, \
    hierarchy_sentence, year_tok
from .common import achievements, management, award_sentence, budget_paragraph, last_year_sentence, parts_paragraph, \
    plan_heading, unit_restatement, year_label
from .fmt import cn, num
from .money import amount, make_money, money_tok, rate_tok, spend_tok, wrong_number
from .fmt import q
from .scoring import DEPT_FRAMEWORKS, dim_summary, grade, make_dims, points_sentence, \
    score_table, score_tok, total_of, total_sentence
from .targets import CLAIMS, make_target, target_sentence
from .texts import GOALS, MEASURES, OPENINGS, PROBLEMS, city_of
from .world import INDICATORS, office_word

KIND = "department"
SITES = {
    "rate-mismatch": ("budget", "score_rate", "project_rate"),
    "restated-value": ("score_detail", "total_again", "rate_again"),
    "sum-mismatch": ("score_total", "budget_parts", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("offices", "units", "aspects"),
    "points-mismatch": ("points",),
    "target-not-met": ("claim", "shortfall"),
    "out-of-range": ("item_over", "satisfaction"),
    "stale-reference": ("anniversary", "budget_year", "heading"),
}
TRAP_SITES = {
    "rate-mismatch": ("budget", "project_rate"),
    "restated-value": ("unit", "score_detail"),
    "sum-mismatch": ("score_total", "budget_parts", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("offices", "hierarchy", "units"),
    "points-mismatch": ("points",),
    "target-not-met": ("claim", "shortfall", "t2"),
    "out-of-range": ("full_score", "satisfaction_ok"),
    "stale-reference": ("anniversary", "award", "plan", "last_year"),
}


def build(ctx: Ctx) -> None:
    d, y, rng = ctx.dept, ctx.year, ctx.rng
    we, ow = d.we, office_word(d)
    yt = year_tok(ctx, y)
    ctx.heading(0, *rng.choice(([yt, f"年度{d.name}部门整体支出绩效自评报告"],
                                [d.name, yt, "年度部门整体支出绩效自评报告"],
                                [yt, f"年{d.name}整体支出绩效自评报告"])))
    ctx.para(rng.choice(OPENINGS).format(city=city_of(d.name), year=y, we=we, scope="部门整体支出", ow=ow))

    ctx.heading(1, "一、部门基本情况")
    ctx.heading(2, "（一）主要职能")
    duties = rng.sample(d.duties, rng.randint(3, len(d.duties)))
    ctx.para(f"{we}的主要职能是：" + "；".join(duties) + "。")
    ctx.heading(2, "（二）机构设置及人员情况")
    offices = rng.sample(d.offices, rng.randint(4, len(d.offices)))
    units = rng.sample(d.units, rng.randint(2, len(d.units)))
    staff = rng.randint(40, 260)
    ctx.para(*enum_sentence(ctx, we + "内设", ow, offices, "offices", "；"),
             *enum_sentence(ctx, "下属", "事业单位", units, "units", "。"),
             f"年末核定编制{staff}名，实有在职人员{staff - rng.randint(0, 12)}名。")

    ctx.heading(2, "（三）年度预算及执行情况")
    m = make_money(ctx, *d.scale)
    ctx.para(*budget_paragraph(ctx, m, rng.choice(("部门整体", "部门", ""))), *unit_restatement(ctx, m))
    ctx.para(*parts_paragraph(ctx, m, rng.choice(("按支出性质分，全年预算数", "从支出结构看，调整后预算"))))
    ly = last_year_sentence(ctx, m)
    if ly:
        ctx.para(*ly)
    if ctx.peek("rate-mismatch", "project_rate") != "clean" or rng.random() < 0.6:
        _key_projects(ctx, m)

    ctx.heading(2, "（四）年度绩效目标")
    goals = rng.sample(GOALS[d.domain], 3)
    p: list = [f"{we}{y}年度整体绩效目标为：" + "；".join(goals)]
    if ctx.peek("stale-reference", "anniversary") != "clean" or rng.random() < 0.4:
        p += ["；围绕", *anniversary(ctx, y), "，组织开展系列主题活动"]
    ctx.para(*p, "。")
    if ctx.peek("sum-mismatch", "deng") != "clean" or rng.random() < 0.5:
        ctx.para(*deng_sentence(ctx, d.domain, rng.choice(("全年绩效监控", "年内专项督导", "重点工作调度"))))

    if rng.random() < 0.7:
        management(ctx, 2, "（五）绩效管理工作开展情况")
    ylab, _ = year_label(ctx, "heading")
    ctx.heading(1, "二、", ylab, "年度绩效自评结论")
    dims = make_dims(rng, rng.choice(DEPT_FRAMEWORKS))
    total = total_of(dims)
    n2 = sum(len(x.items) for x in dims)
    ctx.para(*hierarchy_sentence(ctx, len(dims), n2, n2 + rng.randint(3, 15)))
    parts, _ = total_sentence(ctx, dims, total, rng.choice((
        f"经自评，{we}{y}年度部门整体支出绩效自评得分", "部门整体支出绩效综合得分为", "经综合评价，共计得分")))
    ctx.para(*parts, f"评价等级为“{grade(Decimal(total))}”。")
    if rng.random() < 0.7:
        score_table(ctx, dims, total, f"{y}年度部门整体支出绩效评价得分情况", rng.random() < 0.5)

    ctx.heading(1, "三、绩效指标分析")
    inds = list(INDICATORS[d.domain])
    rng.shuffle(inds)
    points_at = rng.randrange(len(dims))
    for i, x in enumerate(dims):
        ctx.heading(2, f"（{cn(i + 1)}）{x.name}")
        ctx.para(*dim_summary(ctx, x))
        if "预算执行率" in dict(x.items):
            for para in average_block(ctx, we, dict(x.items)["预算执行率"]):
                ctx.para(*para)
            if ctx.peek("restated-value", "rate_again") != "clean" or rng.random() < 0.4:
                ctx.para(*_rate_again(ctx, m))
        if i == points_at:
            n, each = _split(rng, x.max)
            ctx.para(*points_sentence(ctx, n, each, x.max, "三级指标"))
        if x.name in ("产出", "履职产出", "履职效能"):
            _targets(ctx, inds[:rng.randint(3, 5)])
            inds = inds[5:]
        if x.name in ("效益", "履职效益", "社会满意度"):
            ctx.para(*_satisfaction(ctx))
        _items(ctx, x)
    if ctx.claim_needed or (not ctx.shortfall and rng.random() < 0.5):
        ctx.para(rng.choice(CLAIMS))
    if ctx.peek("restated-value", "total_again") != "clean" or rng.random() < 0.5:
        ctx.para(*_total_again(ctx, total))

    if rng.random() < 0.7:
        ctx.para(rng.choice(("全年主要工作成效：", "从工作成效看，", "")) + achievements(ctx))
    ctx.heading(1, "四、存在的问题")
    if ctx.peek("count-mismatch", "aspects") != "clean" or rng.random() < 0.4:
        lead = aspects_sentence(ctx, rng.sample(["预算编制", "执行进度", "绩效管理", "资产管理"], rng.randint(2, 4)),
                                "看，仍存在一些不足：")
    else:
        lead = ["对照评价结果，仍存在以下不足："]
    vague = "此外，仍有两三个项目年中调整幅度较大。" if rng.random() < 0.3 else ""
    if vague:
        ctx.loose_trap("count-mismatch", "vague count 两三个")
    ctx.para(*lead, "；".join(rng.sample(PROBLEMS, 3)) + "。" + vague)
    ctx.heading(1, "五、改进措施")
    ctx.para("；".join(rng.sample(MEASURES, 3)) + "。")
    aw = award_sentence(ctx, we)
    if aw:
        ctx.para(*aw)
    plan_heading(ctx, 1, "六、")
    ctx.para(f"{we}将继续" + "，".join(rng.sample(GOALS[d.domain], 2)) + "，进一步提高财政资金使用效益。")


def _key_projects(ctx: Ctx, m) -> None:
    """Two or three projects with budget, spend and rate, as a list or a small table."""
    rng = ctx.rng
    names = rng.sample(ctx.dept.projects, rng.randint(2, min(3, len(ctx.dept.projects))))
    rows = []
    for k, name in enumerate(names):
        b = amount(rng, float(m.adjusted) * 0.03, float(m.adjusted) * 0.2)
        sp = q(b * Decimal(str(rng.uniform(0.8, 1.0))), 2)
        bt = keyed(money_tok(ctx, b, "budget_adjusted"), f"project:{name}")
        st = money_tok(ctx, sp, "spend")
        rt = rate_tok(ctx, st.num, bt.num, "project_rate" if k == 0 else f"project_rate{k}")
        rows.append((name, bt, st, rt))
    if rng.random() < 0.5:
        parts: list = [ctx.pick("重点项目支出方面：", "主要项目资金执行情况如下：")]
        for k, (name, bt, st, rt) in enumerate(rows):
            parts += [f"{name}全年预算", bt, "，支出", st, "，执行率", rt, "；" if k < len(rows) - 1 else "。"]
        ctx.para(*parts)
    else:
        ctx.table([["项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率"]]
                  + [[name, _bare(bt), _bare(st), rt] for name, bt, st, rt in rows],
                  caption="重点项目支出情况表", col_widths=[2.6, 1.3, 1.3, 1])


def _bare(t):
    """A money figure in a table cell: the number only (the unit is in the header)."""
    t.text = t.num
    return t


def _split(rng, mx: int):
    """(n, each) with n × each = mx, each a multiple of ½."""
    options = [(n, Decimal(mx) / n) for n in range(2, 11) if (Decimal(mx) * 2 / n) % 1 == 0]
    return rng.choice(options)


def _targets(ctx: Ctx, inds) -> None:
    """Target sentences: the first may fall short with a claim following (error), the second
    fall short plainly (warning), others may carry traps."""
    parts: list = [ctx.pick("主要绩效指标完成情况如下：", "从年度指标看：", "具体指标完成情况：")]
    for k, ind in enumerate(inds):
        site = ("claim", "shortfall")[k] if k < 2 else f"t{k}"
        tg = make_target(ctx, ind, site)
        if tg.short and site == "claim":
            ctx.claim_needed = True
        elif tg.short:
            ctx.shortfall = True
        parts += target_sentence(ctx, tg, lead=f"{k + 1}.")
    ctx.para(*parts)


def _satisfaction(ctx: Ctx) -> list:
    mode = ctx.mode("out-of-range", "satisfaction")
    ok_mode = ctx.mode("out-of-range", "satisfaction_ok")
    who = ctx.pick("服务对象", "群众", "受益群体")
    if mode == "error":
        v = num(Decimal(str(ctx.rng.uniform(100.8, 109))), ctx.rng.choice((1, 2)))
        I.conflict(v, I.Iv(Decimal(0), Decimal(100)), "satisfaction above 100%")
        t = ctx.err(ctx.tok(v, "%"), "out-of-range", f"满意度 {v}% above 100%")
    elif ok_mode == "trap":
        t = ctx.trap(ctx.tok("100", "%"), "out-of-range", "满意度 exactly 100%")
    else:
        t = ctx.tok(num(Decimal(str(ctx.rng.uniform(88, 99.6))), 1), "%")
    n = ctx.rng.randint(150, 900)
    return [f"通过发放问卷{n}份开展满意度调查，{who}满意度为", t, "。"]


def _items(ctx: Ctx, x) -> None:
    """Sub-items with their maxima and scores adding up to the dimension's score; one may
    exceed its maximum (error) or reach it exactly (trap)."""
    if not x.items or (ctx.peek("out-of-range", "item_over") == "clean"
                       and ctx.peek("out-of-range", "full_score") == "clean" and ctx.rng.random() < 0.4):
        return
    full = ctx.peek("out-of-range", "full_score") if len(x.items) > 1 else "clean"
    fixed = {1} if full == "trap" else set()
    rest = Decimal(x.max) - x.value
    room = sum(mx for k, (_, mx) in enumerate(x.items) if k not in fixed)
    free = [k for k in range(len(x.items)) if k not in fixed]
    deficits = {}
    for k, (_, mx) in enumerate(x.items):
        if k in fixed:
            deficits[k] = Decimal(0)
            continue
        dk = rest if k == free[-1] else min(Decimal(mx), (rest * mx / room).quantize(Decimal("0.01")))
        deficits[k] = dk
        rest -= dk
        room -= mx
    if any(not 0 <= deficits[k] <= mx for k, (_, mx) in enumerate(x.items)):
        return
    over = ctx.mode("out-of-range", "item_over")
    if fixed:
        ctx.mode("out-of-range", "full_score")
    parts: list = []
    for k, (name, mx) in enumerate(x.items):
        sc = num(Decimal(mx) - deficits[k], 2).rstrip("0").rstrip(".")
        if k == 0 and over == "error":
            sc = num(Decimal(mx) + Decimal(str(ctx.rng.choice((1, 1.5, 2, 3)))), 1)
            I.conflict(sc, I.Iv(Decimal(0), I.iv(str(mx)).hi), "item over max")
            t = ctx.err(score_tok(ctx, sc, name), "out-of-range", f"{name} {sc} above its {mx}")
        elif k in fixed:
            t = ctx.trap(score_tok(ctx, str(mx), name), "out-of-range", f"{name} scored its full {mx}")
        else:
            t = score_tok(ctx, sc, name)
        parts += [f"{k + 1}.{name}（{mx}分）：", ctx.pick("该项得", "得分", "评分"), t, "。"]
    ctx.para(*parts)


def _rate_again(ctx: Ctx, m) -> list:
    """The execution rate restated, alone or (a third of the time) with the spend and budget it
    comes from, in 万元 whatever unit the budget sentence used; may carry the restated-value error
    (in the second form ``finalize`` finds it is a rate-mismatch too)."""
    right = num(m.rate, 2)
    mode = ctx.mode("restated-value", "rate_again")
    if mode == "error":
        bad = wrong_number(ctx.rng, right, I.pct(I.iv(num(m.spend, 2)), I.iv(num(m.adjusted, 2))),
                           "restated rate", lo=Decimal(60), hi=Decimal(100))
        t = ctx.err(ctx.tok(bad, "%", kind="execution_rate"), "restated-value", f"execution rate {right}% earlier")
    else:
        t = ctx.tok(right, "%", kind="execution_rate")
    keyed(t, "exec_rate")
    scope = "部门" if ctx.kind == "department" else "项目"
    if ctx.rng.random() < 1 / 3:
        return [f"从全年看，{scope}实际支出", spend_tok(ctx, m.spend, "万元"), "，占全年预算",
                money_tok(ctx, m.adjusted, "budget_adjusted", "万元"), "的", t, "。"]
    return [ctx.pick(f"从全年看，{scope}预算执行率为", "全年整体预算执行率", "年度预算执行率达到"), t, "。"]


def _total_again(ctx: Ctx, total: str) -> list:
    mode = ctx.mode("restated-value", "total_again")
    if mode == "error":
        bad = wrong_number(ctx.rng, total, I.iv(total), "restated total", lo=Decimal(60), hi=Decimal(100))
        t = ctx.err(score_tok(ctx, bad, None), "restated-value", f"total score {total} earlier")
    else:
        t = score_tok(ctx, total, None)
    scope = "部门整体支出" if ctx.kind == "department" else "项目支出"
    return [ctx.pick(f"综上，{scope}绩效自评总得分", "综合以上各项，本年度自评总分为", "全部指标合计得分"),
            keyed(t, "total_score"), "。"]
