"""项目支出绩效自评报告: a narrative report on one project."""
from __future__ import annotations

from decimal import Decimal

from . import iv as I
from .build import Ctx, keyed
from .claims import aspects_sentence, anniversary, average_block, deng_sentence, subcount_sentence, year_tok
from .common import achievements, management, award_sentence, budget_paragraph, parts_paragraph, plan_heading, unit_restatement, year_label
from .dept import _rate_again, _satisfaction, _targets, _total_again
from .fmt import cn, num
from .money import make_money, money_tok, rate_tok, unit_scale, wrong_number
from .scoring import PROJECT_FRAMEWORKS, Dim, dim_summary, grade, make_dims, points_sentence, score_table, \
    total_of, total_sentence
from .targets import CLAIMS
from .texts import GOALS, MEASURES, OPENINGS, PROBLEMS, city_of
from .world import INDICATORS, office_word

KIND = "project"
SITES = {
    "rate-mismatch": ("budget", "score_rate", "table_rate"),
    "restated-value": ("score_detail", "total_again", "budget_again"),
    "sum-mismatch": ("score_total", "budget_parts", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("subcounts", "aspects"),
    "points-mismatch": ("points",),
    "target-not-met": ("claim", "shortfall"),
    "out-of-range": ("dim_over", "satisfaction"),
    "stale-reference": ("anniversary", "budget_year", "heading"),
}
TRAP_SITES = {
    "rate-mismatch": ("budget", "table_rate"),
    "restated-value": ("unit", "unit_table", "score_detail"),
    "sum-mismatch": ("score_total", "budget_parts", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("subcounts", "aspects"),
    "points-mismatch": ("points",),
    "target-not-met": ("claim", "shortfall", "t2"),
    "out-of-range": ("satisfaction_ok",),
    "stale-reference": ("anniversary", "award", "plan", "project_name"),
}
SOURCES = (("中央补助资金", "省级补助资金", "本级配套资金"), ("上级转移支付资金", "本级财政资金"),
           ("一般公共预算资金", "政府性基金预算资金", "上年结转资金"))


def build(ctx: Ctx) -> None:
    d, y, rng, proj = ctx.dept, ctx.year, ctx.rng, ctx.project
    we = d.we
    yt = year_tok(ctx, y)
    ctx.heading(0, *rng.choice(([yt, f"年度{proj}绩效自评报告"], [d.name, yt, f"年{proj}支出绩效自评报告"],
                                [proj, yt, "年度绩效自评报告"])))
    ctx.para(rng.choice(OPENINGS).format(city=city_of(d.name), year=y, we=we, scope=proj, ow=office_word(d)))

    ctx.heading(1, "一、项目基本情况")
    ctx.heading(2, "（一）项目概况")
    goals = rng.sample(GOALS[d.domain], 2)
    intro: list = [f"{proj}由{d.short}负责组织实施，实施期为{y}年1月至12月，主要用于" + "、".join(goals) + "。"]
    if ctx.peek("stale-reference", "project_name") == "trap":
        ctx.mode("stale-reference", "project_name")
        py = ctx.trap(ctx.tok(str(y - 1), ""), "stale-reference", "a project named after the year it began")
        intro += ["本项目延续实施“", py, f"年{proj[:4]}提升行动”，"]
        intro.append("相关建设内容已于年内全部完成。")
    ctx.para(*intro)
    if ctx.peek("sum-mismatch", "deng") != "clean" or rng.random() < 0.5:
        ctx.para(*deng_sentence(ctx, d.domain, rng.choice(("项目实施范围", "项目", "年内项目建设"))))

    ctx.heading(2, "（二）项目资金情况")
    sources = rng.choice(SOURCES)
    m = make_money(ctx, d.scale[0] * 0.03, d.scale[1] * 0.12, parts=sources)
    ctx.para(*budget_paragraph(ctx, m, rng.choice(("项目", "本项目", ""))), *unit_restatement(ctx, m))
    ctx.para(*parts_paragraph(ctx, m, rng.choice(("按资金来源分，全年预算数", "项目资金"))))
    if ctx.peek("rate-mismatch", "table_rate") != "clean" or ctx.peek("restated-value", "unit_table") != "clean" \
            or rng.random() < 0.4:
        _funds_table(ctx, m)

    fw = rng.choice(PROJECT_FRAMEWORKS)
    dims = make_dims(rng, fw)
    over = _maybe_over(ctx, dims)
    total = total_of(dims)
    if rng.random() < 0.7:
        management(ctx, 2, "（三）项目组织实施情况")
    ylab, _ = year_label(ctx, "heading")
    ctx.heading(1, "二、", ylab, "年度项目绩效目标")
    inds = list(INDICATORS[d.domain])
    rng.shuffle(inds)
    outs = [i for i in inds if i.l1 == "产出指标"][:rng.choice((2, 4, 4, 5))]
    effs = [i for i in inds if i.l1 == "效益指标"][:rng.randint(2, 3)]
    sats = [i for i in inds if i.l1 == "满意度指标"][:1]
    goal: list = [f"项目年度绩效目标为：" + "；".join(rng.sample(GOALS[d.domain], 2))]
    if ctx.peek("stale-reference", "anniversary") != "clean" or rng.random() < 0.3:
        goal += ["，并结合", *anniversary(ctx, y), "开展主题宣传"]
    goal.append("。")
    if ctx.peek("restated-value", "budget_again") != "clean" or rng.random() < 0.4:
        goal += _budget_again(ctx, m)
    ctx.para(*goal)
    ctx.para(*subcount_sentence(ctx, [("产出指标", len(outs)), ("效益指标", len(effs)), ("满意度指标", len(sats))]))
    out_dim = next(x for x in dims if x.name.startswith("产出"))
    ctx.para(*points_sentence(ctx, len(outs), Decimal(out_dim.max) / len(outs), out_dim.max,
                              "产出指标" if ctx.rng.random() < 0.5 else "指标"))

    ctx.heading(1, "三、自评结论")
    if ctx.peek("count-mismatch", "aspects") != "clean" or rng.random() < 0.5:
        ctx.para(*aspects_sentence(ctx, [x.name.replace("指标", "") for x in dims], "对项目进行了综合评价。"))
    parts, _ = total_sentence(ctx, dims, total, rng.choice((
        f"经自评，{proj}得分", "项目绩效自评综合得分为", "本项目自评得分")))
    ctx.para(*parts, f"自评等级为“{grade(Decimal(total))}”。")
    if rng.random() < 0.5:
        score_table(ctx, dims, total, "项目绩效自评得分汇总", rng.random() < 0.5)

    ctx.heading(1, "四、绩效指标完成情况")
    for i, x in enumerate(dims):
        ctx.heading(2, f"（{cn(i + 1)}）{x.name}" + ("完成情况" if x.name.endswith("指标") else ""))
        ctx.para(*dim_summary(ctx, x, over=(x is over)))
        if x.name in ("产出指标", "产出"):
            _targets(ctx, outs)
        elif x.name in ("效益指标", "效益"):
            _targets(ctx, effs + (sats if len(dims) == 4 and fw is PROJECT_FRAMEWORKS[1] else []))
            if fw is PROJECT_FRAMEWORKS[1]:
                ctx.para(*_satisfaction(ctx))
        elif x.name == "满意度指标":
            ctx.para(*_satisfaction(ctx))
        elif x.name in ("预算执行率", "过程"):
            for para in average_block(ctx, we, x.max if x.name == "预算执行率" else 10):
                ctx.para(*para)
            if ctx.peek("restated-value", "rate_again") != "clean" or rng.random() < 0.3:
                ctx.para(*_rate_again(ctx, m))
        else:
            ctx.para(ctx.pick("项目立项依据充分，绩效目标明确，资金分配合理。", "项目论证程序规范，预算编制与实施内容匹配。"))
    if ctx.claim_needed or (not ctx.shortfall and rng.random() < 0.6):
        ctx.para(rng.choice(CLAIMS))
    if ctx.peek("restated-value", "total_again") != "clean" or rng.random() < 0.4:
        ctx.para(*_total_again(ctx, total))

    if rng.random() < 0.7:
        ctx.para(rng.choice(("项目实施以来，", "从实施效果看，", "")) + achievements(ctx))
    ctx.heading(1, "五、存在的问题及改进措施")
    ctx.para("；".join(rng.sample(PROBLEMS, 2)) + "。下一步，将" + "；".join(rng.sample(MEASURES, 2)) + "。")
    aw = award_sentence(ctx, "项目实施单位")
    if aw:
        ctx.para(*aw)
    plan_heading(ctx, 1, "六、")
    ctx.para(f"继续做好{proj}实施管理，" + "，".join(rng.sample(GOALS[d.domain], 2)) + "。")


def _maybe_over(ctx: Ctx, dims: list[Dim]):
    """Plan a dimension scored above its maximum (out-of-range), keeping the total ≤ 100."""
    if ctx.peek("out-of-range", "dim_over") != "error":
        return None
    small = min(dims, key=lambda x: x.max)
    small.score = num(Decimal(small.max) + Decimal(ctx.rng.choice(("1", "1.5", "2", "2.5"))), 1)
    others = [x for x in dims if x is not small]
    excess = sum(Decimal(x.score) for x in dims) - 99
    if excess > 0:
        big = max(others, key=lambda x: x.max)
        big.score = num(Decimal(big.score) - excess, 1)
    return small


def _budget_again(ctx: Ctx, m) -> list:
    right = num(m.adjusted, 2)
    mode = ctx.mode("restated-value", "budget_again")
    if mode == "error":
        bad = wrong_number(ctx.rng, right, I.iv(right), "restated budget")
        t = ctx.err(ctx.tok(bad, "万元", kind="budget_adjusted"), "restated-value", f"adjusted budget {right}万元 earlier")
    else:
        t = ctx.tok(right, "万元", kind="budget_adjusted")
    return [ctx.pick("项目全年预算", "全年安排项目资金", "项目调整后预算"), keyed(t, "budget_adj"), "。"]


def _funds_table(ctx: Ctx, m) -> None:
    """The funds by source in 元 (a restatement of the 万元 text) or 万元."""
    in_yuan = ctx.mode("restated-value", "unit_table") == "trap" or ctx.rng.random() < 0.3
    unit = "元" if in_yuan else "万元"
    rows = [["资金来源", f"全年预算数（{unit}）", f"全年执行数（{unit}）", "执行率"]]
    spend_left = m.spend
    bparts, sparts = [], []
    for k, (name, a) in enumerate(m.parts):
        sp = spend_left if k == len(m.parts) - 1 else (a * m.spend / m.adjusted).quantize(Decimal("0.01"))
        spend_left -= sp
        bt, st = _cell(ctx, a, unit), _cell(ctx, sp, unit)
        bt.key = st.key = None
        bparts.append(bt)
        sparts.append(st)
        rows.append([name, bt, st, rate_tok(ctx, st.num, bt.num, f"part_rate{k}")])
    tb, ts = _cell(ctx, m.adjusted, unit, "budget_adjusted"), _cell(ctx, m.spend, unit, "spend")
    keyed(ts, "spend", unit_scale(unit))
    ctx.breakdown(tb, bparts)
    ctx.breakdown(ts, sparts)
    if in_yuan:
        ctx.trap(tb, "restated-value", f"{tb.num}元 = {num(m.adjusted, 2)}万元")
    rows.append(["合计", tb, ts, rate_tok(ctx, ts.num, tb.num, "table_rate", key="exec_rate")])
    ctx.table(rows, caption="项目资金收支情况表", col_widths=[2, 1.5, 1.5, 1])


def _cell(ctx: Ctx, x: Decimal, unit: str, kind=None):
    t = money_tok(ctx, x, kind, unit, sep=True)
    t.text = t.num
    return t
