"""自评表: reports that are mostly tables (funds, then indicators), with a short explanation."""
from __future__ import annotations

from decimal import Decimal

from . import iv as I
from ..blocks import LEFT
from .build import Ctx, keyed
from .claims import anniversary, average_block, deng_sentence, subcount_sentence, year_tok
from .common import achievements, management, budget_paragraph, unit_restatement, year_label
from .fmt import num, strip_zeros
from .money import make_money, money_tok, rate_tok, spend_tok, unit_scale, wrong_number
from .scoring import DEPT_FRAMEWORKS, points_sentence, score_tok
from .targets import CLAIMS, make_target
from .texts import ACTUALS_TEXT, GOALS
from .world import INDICATORS, Ind

KIND = "table"
SITES = {
    "rate-mismatch": ("table_rate", "total_rate"),
    "restated-value": ("budget_text", "rate_text"),
    "sum-mismatch": ("table_total", "score_sum", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("subcounts",),
    "points-mismatch": ("points",),
    "target-not-met": ("claim", "table_full"),
    "out-of-range": ("table_over", "sat_cell"),
    "stale-reference": ("anniversary", "budget_year", "heading"),
}
TRAP_SITES = {
    "rate-mismatch": ("table_rate",),
    "restated-value": ("unit",),
    "sum-mismatch": ("table_total", "deng"),
    "formula-mismatch": ("avg",),
    "rule-not-applied": ("cap",),
    "count-mismatch": ("subcounts",),
    "points-mismatch": ("points",),
    "target-not-met": ("row1", "row2", "row3"),
    "out-of-range": ("full_row",),
    "stale-reference": ("anniversary", "plan_doc"),
}
#: Indicators for the 投入 / 过程 items of a department's 自评表 (name, unit, direction, lo, hi).
GENERIC = {
    "预算编制科学性": ("预算编制准确率", "%", ">=", 90, 98), "目标设置合理性": ("绩效目标完整率", "%", ">=", 95, 100),
    "预算调整率": ("预算调整率", "%", "<=", 10, 20), "资金使用合规性": ("资金使用合规率", "%", ">=", 98, 100),
    "政府采购规范性": ("政府采购执行率", "%", ">=", 90, 100), "资产管理规范性": ("资产账实相符率", "%", ">=", 95, 100),
    "目标完整性": ("绩效目标完整率", "%", ">=", 95, 100), "预算细化程度": ("预算细化率", "%", ">=", 85, 95),
    "项目入库规范性": ("项目入库率", "%", ">=", 95, 100), "结转结余控制": ("结转结余率", "%", "<=", 5, 12),
    "三公经费控制": ("三公经费变动率", "%", "<=", 0, 3), "资金支付合规性": ("支付合规率", "%", ">=", 98, 100),
    "预算管理规范性": ("预算管理制度健全率", "%", ">=", 95, 100), "资产管理": ("资产账实相符率", "%", ">=", 95, 100),
    "预算执行率": ("资金执行进度达标率", "%", ">=", 90, 100),
}


def build(ctx: Ctx) -> None:
    d, y, rng = ctx.dept, ctx.year, ctx.rng
    dept_flavour = ctx.flavour == "department"
    subject = d.name if dept_flavour else ctx.project
    yt = year_tok(ctx, y)
    what = "部门整体支出绩效自评表" if dept_flavour else "项目支出绩效自评表"
    ctx.heading(0, *rng.choice(([yt, f"年度{subject}{what}"], [subject, yt, f"年度{what}"])))
    ctx.heading(1, "一、" + ("部门整体支出绩效自评表" if dept_flavour else "项目支出绩效自评表"))
    scale = d.scale if dept_flavour else (d.scale[0] * 0.03, d.scale[1] * 0.12)
    parts = ("基本支出", "项目支出") if dept_flavour else ("当年财政拨款", "上年结转资金", "其他资金")
    m = make_money(ctx, *scale, site="table_rate", parts=parts)
    unit = "元" if rng.random() < 0.2 else "万元"
    score10, rate_p = _funds_table(ctx, m, unit, dept_flavour)
    rows = _indicator_rows(ctx, dept_flavour)
    total = _indicator_table(ctx, rows, score10, dept_flavour)

    ylab, _ = year_label(ctx, "heading")
    ctx.heading(1, "二、", ylab, "年度自评情况说明")
    ctx.para(*budget_paragraph(ctx, m, "部门整体" if dept_flavour else "项目"), *unit_restatement(ctx, m),
             *_budget_note(ctx, m))
    if any(t["rule"] == "rate-mismatch" for mk in ctx.marks for t in mk.tok.traps):
        ctx.loose_trap("restated-value", "the table's rate and the text's differ only by rounding")
    if ctx.peek("restated-value", "rate_text") != "clean":
        ctx.para(*_rate_text(ctx, m, rate_p))
    counts = {}
    for l1, _, _, _ in rows:
        counts[l1] = counts.get(l1, 0) + 1
    ctx.para(*subcount_sentence(ctx, list(counts.items())))
    first = next(iter(counts))
    maxes = [mx for l1, _, _, mx in rows if l1 == first]
    if len(set(maxes)) == 1:
        ctx.para(*points_sentence(ctx, len(maxes), maxes[0], int(sum(maxes)),
                                  first if first.endswith("指标") else first + "类指标"))
    elif ctx.peek("points-mismatch", "points") != "clean":
        ctx.para(*points_sentence(ctx, 5, Decimal(2), 10, "预算执行指标"))
    tt = keyed(score_tok(ctx, total.num, None), "total_score")
    rt = rate_tok(ctx, total.num, "100", "total_rate", "score_rate")
    ctx.para(ctx.pick("经自评，", "综上，"), f"{subject}自评得分", tt, "，得分率", rt, "。")
    if ctx.claim_needed or (not ctx.shortfall and rng.random() < 0.6):
        ctx.para(rng.choice(CLAIMS))
    if ctx.peek("rule-not-applied", "cap") != "clean" or ctx.peek("formula-mismatch", "avg") != "clean" \
            or rng.random() < 0.3:
        for para in average_block(ctx, d.we, 10):
            ctx.para(*para)
    extra: list = []
    if ctx.peek("stale-reference", "anniversary") != "clean" or rng.random() < 0.3:
        extra = ["年内结合", *anniversary(ctx, y), "开展了主题活动，"]
    if ctx.peek("sum-mismatch", "deng") != "clean" or rng.random() < 0.4:
        extra += deng_sentence(ctx, d.domain, "监督检查")
    if rng.random() < 0.4:
        extra.append(achievements(ctx))
    if rng.random() < 0.4:
        management(ctx, 2, "（一）组织实施情况")
    if extra:
        ctx.para(*extra)
    if ctx.mode("stale-reference", "plan_doc") == "trap":
        ny = ctx.trap(ctx.tok(str(y + 1), ""), "stale-reference", "next year's work plan cited by title")
        ctx.para("下一步将按照《关于做好", ny, "年预算绩效管理工作的通知》要求，持续跟踪整改。")


def _split_parts(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    s = sum(weights)
    out = [(total * w / s).quantize(Decimal("0.01")) for w in weights[1:]]
    return [total - sum(out)] + out


def _funds_table(ctx: Ctx, m, unit: str, dept_flavour: bool):
    """The funds rows; returns (budget execution score, printed rate)."""
    rng = ctx.rng
    weights = [a for _, a in m.parts]
    ini = _split_parts(m.initial, weights)
    spd = _split_parts(m.spend, weights)
    adj = [a for _, a in m.parts]
    sum_mode = ctx.mode("sum-mismatch", "table_total")

    sep = rng.random() < 0.7

    def cell(x, kind=None):
        t = money_tok(ctx, x, kind, unit, sep=sep)
        t.text = t.num
        return t

    ta, ts = cell(m.adjusted, "budget_adjusted"), keyed(cell(m.spend, "spend"), "spend", unit_scale(unit))
    rate = rate_tok(ctx, ts.num, ta.num, "table_rate", key="exec_rate")
    exact = min(Decimal(rate.num), Decimal(100))
    score10 = strip_zeros(num(exact / 10, 2))
    part_rows = []
    cells = [cell(x) for x in adj]
    if sum_mode == "error":
        others = sum((I.iv(c.num) for j, c in enumerate(cells) if j != 1), I.exact(0))
        need = I.iv(ta.num) - others
        orig = cells[1].num
        bad = wrong_number(rng, orig.replace(",", ""), need, "part")
        if "," in orig:
            d = len(bad.split(".")[1]) if "." in bad else 0
            bad = f"{Decimal(bad):,.{d}f}"
        cells[1] = ctx.tok(bad, "")
        I.conflict(I.iv(ta.num), others + I.iv(bad), "funds total vs parts")
        printed_sum = sum(Decimal(c.num.replace(",", "")) for c in cells)
        ctx.err(ta, "sum-mismatch", f"parts {' + '.join(c.num for c in cells)} = {printed_sum}, total {ta.num}")
    else:
        I.agree(I.iv(ta.num), sum((I.iv(c.num) for c in cells), I.exact(0)), "funds parts")
    for k, (name, _) in enumerate(m.parts):
        label = ("其中：" if k == 0 else "") + name
        part_rows.append([label, cell(ini[k]), cells[k], cell(spd[k])])
    ti = cell(m.initial, "budget_initial")
    ctx.breakdown(ti, [r[1] for r in part_rows])
    ctx.breakdown(ta, cells)
    ctx.breakdown(ts, [r[3] for r in part_rows])
    if sum_mode == "trap":
        ctx.trap(ta, "sum-mismatch", "funds parts add up to the total")
    head = f"（{unit}）"
    if dept_flavour:
        rows = [["项目", "年初预算数" + head, "全年预算数" + head, "全年执行数" + head, "执行率"],
                ["部门预算总额", ti, ta, ts, rate]]
        rows += [r + ["—"] for r in part_rows]
        ctx.table(rows, caption="部门预算资金执行情况", col_widths=[2, 1.4, 1.4, 1.4, 1])
        return score10, rate.num
    info = [["项目名称", ctx.project, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
            ["主管部门", ctx.dept.name, LEFT, LEFT, "实施单位", ctx.dept.short, LEFT, LEFT],
            ["项目资金" + head, "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            [None, "年度资金总额", ti, ta, ts,
             ctx.tok("10", kind="score_max", subject="预算执行"), rate, ctx.tok(score10, kind="score", subject="预算执行")]]
    info += [[None] + r + ["—", "—", "—"] for r in part_rows]
    goal = "；".join(rng.sample(GOALS[ctx.dept.domain], 2))
    info += [["年度总体目标", "预期目标", LEFT, LEFT, "实际完成情况", LEFT, LEFT, LEFT],
             [None, goal, LEFT, LEFT, rng.choice(ACTUALS_TEXT), LEFT, LEFT, LEFT]]
    ctx.table(info, header_rows=0, caption=f"（{ctx.year}年度）", col_widths=[1.3, 1.6, 1.1, 1.1, 1.1, .7, .9, .8])
    return score10, rate.num


def _indicator_rows(ctx: Ctx, dept_flavour: bool) -> list:
    """(一级, 二级, Ind, 分值) rows."""
    rng = ctx.rng
    inds = list(INDICATORS[ctx.dept.domain])
    rng.shuffle(inds)
    if dept_flavour:
        fw = rng.choice(DEPT_FRAMEWORKS)
        pool = iter(inds)
        rows = []
        for dim, _, items in fw:
            for item, mx in items:
                g = GENERIC.get(item)
                if "满意度" in item:
                    ind = next(i for i in inds if "满意度" in i.name)
                elif g:
                    ind = Ind(dim, item, g[0], g[1], g[2], g[3], g[4])
                else:
                    ind = next(i for i in pool if "满意度" not in i.name)
                rows.append((dim, item, ind, Decimal(mx)))
        return rows
    rows = []
    for l1, total, counts in (("产出指标", 50, (2, 4, 5)), ("效益指标", 30, (2, 3, 4, 5)), ("满意度指标", 10, (1,))):
        mine = [i for i in inds if i.l1 == l1]
        n = min(rng.choice(counts), len(mine))
        while (Decimal(total) * 2 / n) % 1:
            n -= 1
        rows += [(l1, i.l2, i, Decimal(total) / n) for i in sorted(mine[:n], key=lambda i: i.l2)]
    return rows


def _indicator_table(ctx: Ctx, rows: list, score10: str, dept_flavour: bool):
    """The indicator table; returns the total-score token (as printed in the 总分 row)."""
    rng = ctx.rng
    body, scores = [], []
    prev = (None, None)
    claim_row = rng.randrange(len(rows))
    for k, (l1, l2, ind, mx) in enumerate(rows):
        site = {0: "row1", 1: "row2", 2: "row3"}.get(k % 3 if k < 9 else -1, "")
        if k == claim_row and ctx.peek("target-not-met", "claim") == "error":
            site = "claim"
        elif ctx.peek("target-not-met", "table_full") == "error" and ind.direction == ">=":
            site = "table_full"
        tg = make_target(ctx, ind, site, table=True)
        mx_p = strip_zeros(num(mx, 1))
        if tg.short:
            ratio = (Decimal(tg.actual.num) / Decimal(tg.target.num) if ind.direction == ">="
                     else Decimal(tg.target.num or 1) / Decimal(tg.actual.num)) if Decimal(tg.target.num) else Decimal("0.5")
            sc = strip_zeros(num(mx * min(ratio, Decimal(1)), 2))
            if site == "table_full":
                sc = mx_p
            elif site == "claim":
                ctx.claim_needed = True
            else:
                ctx.shortfall = True
        else:
            sc = mx_p
        st = ctx.tok(sc, kind="score", subject=ind.name)
        if not tg.short and ctx.mode("out-of-range", "table_over") == "error":
            sc = strip_zeros(num(mx + Decimal(rng.choice(("1.5", "2", "3"))), 1))
            I.conflict(sc, I.Iv(Decimal(0), I.iv(mx_p).hi), "row over max")
            st = ctx.err(ctx.tok(sc, kind="score", subject=ind.name), "out-of-range", f"{ind.name} {sc} above {mx_p}")
        elif not tg.short and ctx.mode("out-of-range", "full_row") == "trap":
            ctx.trap(st, "out-of-range", "full marks")
        if "满意度" in ind.name and not tg.short and ctx.mode("out-of-range", "sat_cell") == "error":
            v = num(Decimal(str(rng.uniform(100.8, 106))), 1)
            I.conflict(v, I.Iv(Decimal(0), Decimal(100)), "satisfaction cell")
            tg.actual = ctx.err(ctx.tok(v, "%", kind="actual", subject=ind.name), "out-of-range", f"{ind.name} {v}%")
        scores.append(sc)
        note = ("—" if not tg.short else rng.choice(("受天气影响工期延后", "部分任务跨年实施", "统计口径调整")))
        c1 = l1 if l1 != prev[0] else None
        c2 = l2 if (l1, l2) != prev else None
        prev = (l1, l2)
        tgt = tg.target
        body.append([c1, c2, ind.name, tgt, tg.actual, ctx.tok(mx_p, kind="score_max", subject=ind.name), st, note])
    excess = sum(Decimal(s) for s in scores) + (0 if dept_flavour else Decimal(score10)) - 100
    if excess > 0:     # a row scored above its maximum: another row loses marks, the total stays ≤ 100
        j = max((i for i, r in enumerate(body) if not r[6].findings and not r[6].traps),
                key=lambda i: Decimal(scores[i]))
        scores[j] = strip_zeros(num(Decimal(scores[j]) - excess - 1, 2))
        body[j][6] = ctx.tok(scores[j], kind="score", subject=body[j][2])
    true_total = sum(Decimal(s) for s in scores) + (0 if dept_flavour else Decimal(score10))
    d = max(len(s.split(".")[1]) if "." in s else 0 for s in scores + ([] if dept_flavour else [score10]))
    total_p = num(true_total, d)
    shown = total_p
    mode = ctx.mode("sum-mismatch", "score_sum")
    parts_iv = sum((I.iv(s) for s in scores + ([] if dept_flavour else [score10])), I.exact(0))
    if mode == "error":
        shown = wrong_number(rng, total_p, parts_iv, "table total", lo=Decimal(50), hi=Decimal(100))
        tot = ctx.err(keyed(ctx.tok(shown, kind="score"), "total_score"), "sum-mismatch", f"column adds to {total_p}")
    else:
        I.agree(shown, parts_iv, "table total")
        tot = keyed(ctx.tok(shown, kind="score"), "total_score")
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    foot = ["总分", LEFT, LEFT, LEFT, LEFT, "100", tot, ""]
    ctx.breakdown(tot, [r[6] for r in body] + ([] if dept_flavour else [score10]))
    ctx.table([head] + body + [foot], header_rows=1, caption="绩效指标完成情况",
              col_widths=[1, 1.1, 1.8, 1, 1, .6, .6, 1.6])
    return tot


def _budget_note(ctx: Ctx, m) -> list:
    mode = ctx.mode("restated-value", "budget_text")
    right = num(m.adjusted, 2)
    if mode != "error":
        return []
    bad = wrong_number(ctx.rng, right, I.iv(right), "budget restated")
    t = ctx.err(keyed(ctx.tok(bad, "万元", kind="budget_adjusted"), "budget_adj"), "restated-value",
                f"table and text say {right}万元")
    return ["（说明：全年预算数以财政批复为准，共", t, "。）"]


def _rate_text(ctx: Ctx, m, rate_p: str) -> list:
    """The table's execution rate restated wrongly, alone or with the budget and spend (then
    ``finalize`` labels it a rate-mismatch too when they prove it)."""
    ctx.mode("restated-value", "rate_text")
    bad = wrong_number(ctx.rng, rate_p, I.iv(rate_p), "rate restated", lo=Decimal(60), hi=Decimal(100))
    t = ctx.err(keyed(ctx.tok(bad, "%", kind="execution_rate"), "exec_rate"), "restated-value", f"table says {rate_p}%")
    if ctx.rng.random() < 0.5:
        return ["全年预算", money_tok(ctx, m.adjusted, "budget_adjusted", "万元"), "，实际执行",
                spend_tok(ctx, m.spend, "万元"), "，预算执行率为", t, "，资金使用总体规范。"]
    return ["全年预算执行率为", t, "，资金使用总体规范。"]
