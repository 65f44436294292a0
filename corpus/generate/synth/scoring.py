"""Scores: frameworks of dimensions with maxima, the scores earned, and how reports state them."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

from . import iv as I
from .build import Ctx, Tok, keyed
from .fmt import cn, num, strip_zeros
from .money import rate_tok, wrong_number

#: Department frameworks: (dimension, maximum, sub-items as (name, maximum)).
DEPT_FRAMEWORKS = (
    (("投入", 15, (("预算编制科学性", 5), ("目标设置合理性", 5), ("预算调整率", 5))),
     ("过程", 25, (("预算执行率", 10), ("资金使用合规性", 5), ("政府采购规范性", 5), ("资产管理规范性", 5))),
     ("产出", 35, (("重点工作完成率", 15), ("工作质量达标率", 10), ("工作完成及时性", 10))),
     ("效益", 25, (("社会效益", 10), ("可持续影响", 5), ("服务对象满意度", 10)))),
    (("预算编制", 20, (("目标完整性", 5), ("预算细化程度", 5), ("项目入库规范性", 10))),
     ("预算执行", 30, (("预算执行率", 12), ("结转结余控制", 6), ("三公经费控制", 6), ("资金支付合规性", 6))),
     ("履职产出", 30, (("年度任务完成率", 12), ("履职质量", 10), ("履职时效", 8))),
     ("履职效益", 20, (("社会效益", 10), ("群众满意度", 10)))),
    (("履职效能", 60, (("重点任务完成", 30), ("履职质量", 15), ("社会效益", 15))),
     ("管理效能", 30, (("预算执行率", 10), ("预算管理规范性", 10), ("资产管理", 10))),
     ("社会满意度", 10, (("服务对象满意度", 10),))),
)

PROJECT_FRAMEWORKS = (
    (("产出指标", 50, ()), ("效益指标", 30, ()), ("满意度指标", 10, ()), ("预算执行率", 10, ())),
    (("决策", 15, ()), ("过程", 20, ()), ("产出", 40, ()), ("效益", 25, ())),
)


@dataclass
class Dim:
    name: str
    max: int
    score: str          # printed score, e.g. "47.5"
    items: tuple = ()

    @property
    def value(self) -> Decimal:
        return Decimal(self.score)


def grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def make_dims(rng: Random, framework) -> list[Dim]:
    dims = []
    for name, mx, items in framework:
        d = rng.choice((0, 1, 1, 2))
        share = Decimal(str(rng.uniform(0.86, 1.0)))
        score = num(mx * share, d)
        if rng.random() < 0.2:
            score = str(mx) if d == 0 else num(mx, d)
        dims.append(Dim(name, mx, strip_zeros(score) if rng.random() < 0.5 else score, items))
    return dims


def total_of(dims: list[Dim]) -> str:
    d = max(len(x.score.split(".")[1]) if "." in x.score else 0 for x in dims)
    return num(sum(x.value for x in dims), d)


def score_tok(ctx: Ctx, printed: str, subject: str | None, pre: str = "", kind="score") -> Tok:
    return ctx.tok(printed, "分", pre=pre, kind=kind, subject=subject)


def total_sentence(ctx: Ctx, dims: list[Dim], total: str, lead: str, site="score_total") -> list:
    """"……自评得分T分，其中：A a分，B b分……" with a sum error or trap planned at ``site``."""
    parts_sum = sum((I.iv(x.score) for x in dims), I.exact(0))
    shown = total
    mode = ctx.mode("sum-mismatch", site)
    tot = None
    if mode == "error":
        shown = wrong_number(ctx.rng, total, parts_sum, "total score", lo=Decimal(50), hi=Decimal(100))
        I.conflict(shown, parts_sum, "total vs parts")
        tot = ctx.err(keyed(score_tok(ctx, shown, None), "total_score"), "sum-mismatch",
                      f"parts add up to {total}, total stated {shown}")
    else:
        I.agree(shown, parts_sum, "total vs parts")
        tot = keyed(score_tok(ctx, shown, None), "total_score")
        if mode == "trap":
            ctx.trap(tot, "sum-mismatch", "total fits its parts: " + "+".join(x.score for x in dims))
    out = [lead, tot, ctx.pick("，其中：", "。其中，", "，其中")]
    parts = []
    for i, x in enumerate(dims):
        verb = ctx.pick("", "得分", "部分得分", "得分" if x.name.endswith("指标") else "指标得分")
        parts.append(keyed(score_tok(ctx, x.score, x.name), "dim:" + x.name))
        out += [x.name + verb, parts[-1]]
        out.append("。" if i == len(dims) - 1 else ctx.pick("，", "；", "，"))
    ctx.breakdown(tot, parts)
    return out, shown


def score_table(ctx: Ctx, dims: list[Dim], total: str, caption: str, with_rate: bool) -> None:
    head = ["评价内容", "分值", "得分"] + (["得分率"] if with_rate else [])
    rows = [head]
    for x in dims:
        row = [x.name, keyed(ctx.tok(str(x.max), kind="score_max", subject=x.name), "max:" + x.name),
               keyed(ctx.tok(x.score, kind="score", subject=x.name), "dim:" + x.name)]
        if with_rate:
            row.append(rate_tok(ctx, x.score, str(x.max), "score_table_rate", "score_rate", x.name,
                                key="srate:" + x.name))
        rows.append(row)
    tot = keyed(ctx.tok(total), "total_score")
    last = ["合计", "100", tot] + ([num(Decimal(total), 2) + "%"] if with_rate else [])
    rows.append(last)
    ctx.breakdown(tot, [r[2] for r in rows[1:-1]])
    ctx.table(rows, caption=caption, col_widths=[2.2, 1, 1] + ([1.2] if with_rate else []))


def dim_summary(ctx: Ctx, x: Dim, site_suffix: str = "", over: bool = False) -> list:
    """"履职效能指标60分，自评得分56.5分，得分率94.17%。" with restated / rate / range errors;
    ``over``: the dimension was scored above its maximum (the planned out-of-range error)."""
    mx = keyed(ctx.tok(str(x.max), "分", kind="score_max", subject=x.name), "max:" + x.name)
    shown = x.score
    mode = "over" if over else ctx.mode("restated-value", "score_detail" + site_suffix)
    if mode == "over":
        assert ctx.mode("out-of-range", "dim_over") == "error"
        I.conflict(x.score, I.Iv(Decimal(0), I.iv(str(x.max)).hi), "score above max")
        sc = ctx.err(score_tok(ctx, x.score, x.name), "out-of-range", f"{x.name} {x.score} above its {x.max}")
    elif mode == "error":
        shown = wrong_number(ctx.rng, x.score, I.iv(x.score), "restated score", lo=Decimal(1),
                             hi=Decimal(x.max))
        sc = ctx.err(score_tok(ctx, shown, x.name), "restated-value",
                     f"{x.name} scored {x.score} elsewhere, here {shown}")
    else:
        sc = score_tok(ctx, shown, x.name)
        if mode == "trap":
            same = x.score + ("0" if "." in x.score else ".0")
            sc = ctx.trap(score_tok(ctx, same, x.name), "restated-value",
                          f"{x.score} and {same} are the same score")
    keyed(sc, "dim:" + x.name)
    base = x.name[:-2] if x.name.endswith("指标") else x.name
    lead = ctx.pick(f"{base}指标", f"{base}部分满分", f"{base}类指标分值")
    verb = ctx.pick("，自评得分", "，实际得分", "，评分为", "，共计得分")
    out = [lead, mx, verb, sc]
    if mode not in ("error", "over") and (ctx.rng.random() < 0.7 or ctx.peek("rate-mismatch", "score_rate") != "clean"):
        rt = rate_tok(ctx, sc.num, str(x.max), "score_rate", "score_rate", x.name, key="srate:" + x.name)
        out += [ctx.pick("，得分率", "，得分率为", "，得分率达"), rt]
    out.append("。")
    return out


def points_sentence(ctx: Ctx, n: int, each: Decimal, subtotal: int, what: str = "指标") -> list:
    """"以上N个指标每个分值X分，合计Y分" with a points error or trap."""
    mode = ctx.mode("points-mismatch", "points")
    arabic = ctx.rng.random() < 0.6
    shown_n, shown_each = n, each
    for _ in range(100):
        if mode != "error":
            break
        shown_n, shown_each = n, each
        if ctx.rng.random() < 0.5:
            shown_n = n + ctx.rng.choice((-3, -2, 2, 3, 4))
        else:
            shown_each = each + ctx.rng.choice((Decimal(-2), Decimal(2), Decimal(3), Decimal("2.5")))
        if shown_n > 0 and shown_each > 0 and not (
                I.exact(shown_n) * I.iv(strip_zeros(f"{shown_each:.1f}"))).meets(I.iv(str(subtotal))):
            break
    each_p = strip_zeros(f"{shown_each:.1f}")
    prod = I.exact(shown_n) * I.iv(each_p)
    ntext = count_text(shown_n, arabic)
    sub = ctx.tok(str(subtotal), "分", kind="score_max")
    if mode == "error":
        I.conflict(prod, I.iv(str(subtotal)), "points")
        ctx.err(sub, "points-mismatch", f"{shown_n}×{each_p} = {shown_n * shown_each}, stated {subtotal}")
    else:
        I.agree(prod, I.iv(str(subtotal)), "points")
        if mode == "trap":
            ctx.trap(sub, "points-mismatch", f"{ntext}×{each_p} = {subtotal}")
    form = ctx.rng.randrange(3)
    if form == 0:
        return [f"以上{ntext}个{what}每个分值{each_p}分，合计", sub, "。"]
    if form == 1:
        return [f"共设{what}{ntext}个，每个{what}{each_p}分，满分", sub, "。"]
    return [f"该部分{ntext}项{what}各占{each_p}分，分值合计", sub, "。"]


def count_text(n: int, arabic: bool) -> str:
    return str(n) if arabic else cn(n)
