"""Counts with enumerations, written-out averages, 等N家 lists, anniversaries and years."""
from __future__ import annotations

from decimal import Decimal

from . import iv as I
from .build import Ctx, Tok
from .fmt import cn, num
from .money import wrong_number
from .world import ANNIVERSARIES

COUNT = "count-mismatch"

DENG_NOUNS = {
    "agri": (("个", "乡镇"), ("个", "行政村"), ("家", "合作社"), ("个", "实施主体")),
    "health": (("家", "社区卫生服务中心"), ("家", "乡镇卫生院"), ("个", "村卫生室"), ("家", "机构")),
    "edu": (("所", "中学"), ("所", "小学"), ("所", "幼儿园"), ("所", "学校")),
    "eco": (("个", "工业园区"), ("家", "重点企业"), ("个", "监测站点"), ("个", "点位")),
    "culture": (("个", "乡镇文化站"), ("个", "图书馆分馆"), ("家", "博物馆"), ("个", "场馆")),
    "civil": (("个", "街道"), ("个", "社区"), ("家", "养老机构"), ("个", "单位")),
    "water": (("个", "乡镇"), ("座", "水厂"), ("座", "水库"), ("处", "点位")),
    "market": (("家", "商场超市"), ("个", "农贸市场"), ("家", "餐饮单位"), ("家", "单位")),
}


def join_list(ctx: Ctx, items: list[str]) -> str:
    if len(items) > 2 and ctx.rng.random() < 0.6:
        return "、".join(items[:-1]) + "和" + items[-1]
    return "、".join(items)


def enum_sentence(ctx: Ctx, lead: str, noun: str, items: list[str], site: str, tail: str = "。") -> list:
    """"内设科室N个，分别是A、B和C。" with a count error or a Chinese-numeral trap."""
    mode = ctx.mode(COUNT, site)
    n = len(items)
    arabic = ctx.rng.random() < 0.5
    if mode == "error":
        n = n + ctx.rng.choice((-2, -1, 1, 2) if n > 3 else (1, 2))
    if mode == "trap":
        arabic = False
    printed = str(n) if arabic else cn(n)
    t = ctx.tok(printed, "个", kind="count", value=str(n))
    if mode == "error":
        ctx.err(t, COUNT, f"declared {n}, listed {len(items)}: {'、'.join(items)}")
    elif mode == "trap":
        ctx.trap(t, COUNT, f"{printed}个 with {len(items)} items listed")
    form = ctx.rng.randrange(3)
    listed = join_list(ctx, items)
    if form == 0:
        return [f"{lead}{noun}", t, f"，分别是{listed}{tail}"]
    if form == 1:
        return [f"{lead}", t, f"{noun}：{listed}{tail}"]
    return [f"{lead}{noun}共", t, f"，包括{listed}{tail}"]


def aspects_sentence(ctx: Ctx, aspects: list[str], what: str, site: str = "aspects") -> list:
    """"从A、B、C三个方面……" with the count stated after the list."""
    mode = ctx.mode(COUNT, site)
    n = len(aspects)
    if mode == "error":
        n += ctx.rng.choice((1, -1)) if n > 2 else 1
    printed = cn(n) if ctx.rng.random() < 0.8 else str(n)
    t = ctx.tok(printed, "个", kind="count", value=str(n))
    if mode == "error":
        ctx.err(t, COUNT, f"{printed}个方面 but {len(aspects)} listed")
    elif mode == "trap":
        ctx.trap(t, COUNT, f"{printed}个方面 with {len(aspects)} listed")
    return [f"从{'、'.join(aspects)}", t, f"方面{what}"]


def subcount_sentence(ctx: Ctx, parts: list[tuple[str, int]], site: str = "subcounts") -> list:
    """"设置绩效指标N个，其中产出指标a个、效益指标b个" with a sum error."""
    mode = ctx.mode(COUNT, site)
    total = sum(n for _, n in parts)
    shown = total
    if mode == "error":
        shown = total + ctx.rng.choice((-2, -1, 1, 2, 3))
    arabic = ctx.rng.random() < 0.7 and mode != "trap"
    t = ctx.tok(str(shown) if arabic else cn(shown), "个", kind="count", value=str(shown))
    if mode == "error":
        ctx.err(t, COUNT, f"sub-counts add to {total}, declared {shown}")
    elif mode == "trap":
        ctx.trap(t, COUNT, f"{cn(shown)}个 = " + "+".join(cn(n) for _, n in parts))
    whole = "本部门" if ctx.kind == "department" or ctx.flavour == "department" else "本项目"
    out = [ctx.pick("设置绩效指标", "共设三级指标", f"{whole}设绩效指标"), t, "，其中"]
    for i, (name, n) in enumerate(parts):
        out += [f"{name}{n if arabic else cn(n)}个", "。" if i == len(parts) - 1 else ctx.pick("、", "，")]
    return out


def hierarchy_sentence(ctx: Ctx, n1: int, n2: int, n3: int) -> list:
    """一级指标3个，二级指标9个，三级指标12个: a hierarchy, not a sum (a trap when planned)."""
    t3 = ctx.tok(str(n3) if ctx.rng.random() < 0.6 else cn(n3), "个", kind="count", value=str(n3))
    if ctx.mode(COUNT, "hierarchy") == "trap":
        ctx.trap(t3, COUNT, f"hierarchy {n1}/{n2}/{n3} is not a sum")
    return [f"评价指标体系共设一级指标{n1}个、二级指标{n2}个、三级指标", t3, "。"]


def deng_sentence(ctx: Ctx, domain: str, what: str, site: str = "deng") -> list:
    """"组织13个乡镇、2所学校、5家医院等20家单位……" with a sum error or trap."""
    (u1, n1), (u2, n2), (u3, n3), whole = DENG_NOUNS[domain]
    a, b, c = ctx.rng.randint(3, 18), ctx.rng.randint(2, 12), ctx.rng.randint(2, 25)
    mode = ctx.mode("sum-mismatch", site)
    if mode == "error":
        total = a + b + c - ctx.rng.randint(2, 6)
    elif mode == "trap" or ctx.rng.random() < 0.5:
        total = a + b + c + ctx.rng.choice((0, 0, 3, 5))
    else:
        total = a + b + c
    t = ctx.tok(str(total), whole[0])
    if mode == "error":
        ctx.err(t, "sum-mismatch", f"{a}+{b}+{c} = {a + b + c} exceeds 等{total}")
    elif mode == "trap":
        ctx.trap(t, "sum-mismatch", f"{a}+{b}+{c} ≤ 等{total}: 等 allows others")
    return [f"{what}覆盖{a}{u1}{n1}、{b}{u2}{n2}、{c}{u3}{n3}等", t, whole[1] + "。"]


MONTHS12 = [f"{m}月" for m in range(1, 13)]


def average_block(ctx: Ctx, we: str, score_max: int) -> list[list]:
    """Monthly execution rates and the written-out average with a cap rule; may carry a
    rule-not-applied or formula-mismatch error (or trap).  Returns paragraphs (lists of parts)."""
    rng = ctx.rng
    rna = ctx.mode("rule-not-applied", "cap")
    fm = ctx.mode("formula-mismatch", "avg")
    assert not (rna == "error" and fm == "error"), "one error per average"
    n = rng.choice((12, 12, 4))
    d = rng.choice((1, 2))
    raw = [Decimal(str(rng.uniform(82, 99.9))) for _ in range(n)]
    with_cap = rna != "clean" or rng.random() < 0.6
    if rna != "clean":
        for i in rng.sample(range(n), rng.randint(2, max(2, n // 3))):
            raw[i] = Decimal(str(rng.uniform(104, 140)))
    raw_p = [num(x, d) for x in raw]
    capped_p = [p if Decimal(p) <= 100 else "100" for p in raw_p]
    period = "各月" if n == 12 else "各季度"
    rule_text = rng.choice(("每月执行率超过100%的，按100%计算", "月度执行率高于100%的按100%计",
                            "单月执行率超过100%的按100%计入")) if n == 12 else "季度执行率超过100%的，按100%计算"
    intro = [f"预算执行率（{score_max}分）：根据评分规则，平均执行率=∑{period}执行率÷{n}"]
    intro += [f"（{rule_text}）。" if with_cap else "。"]
    paras = [intro]
    terms = raw_p if rna == "error" else capped_p
    if fm == "error" and rng.random() < 0.4:
        drop = rng.randrange(n)
        terms = terms[:drop] + terms[drop + 1:]       # a month forgotten, divisor kept
    right = num(sum(Decimal(t) for t in terms) / n, 2)
    shown_mean = I.mean(terms, n)
    capped_mean = I.mean(capped_p, n)
    result = right
    if fm == "error" and len(terms) == n:
        result = wrong_number(rng, right, shown_mean, "average", lo=Decimal(50), hi=Decimal(100))
    res = ctx.tok(result, "%", kind="execution_rate")
    if rna == "error":
        I.conflict(result, capped_mean, "uncapped mean vs capped")
        I.agree(result, shown_mean, "uncapped mean is right arithmetic")
        ctx.err(res, "rule-not-applied", f"capped mean is {num(sum(Decimal(t) for t in capped_p) / n, 2)}%")
    elif fm == "error":
        if len(terms) < n:
            I.agree(result, shown_mean, "sum over divisor")
            ctx.err(res, "formula-mismatch", f"{len(terms)} terms divided by {n}")
        else:
            I.conflict(result, shown_mean, "average")
            ctx.err(res, "formula-mismatch", f"terms give {right}%, stated {result}%")
    else:
        I.agree(result, shown_mean, "average")
        I.agree(result, capped_mean, "capped average")
        if rna == "trap":
            ctx.trap(res, "rule-not-applied", "months above 100% entered as 100%")
        if fm == "trap":
            ctx.trap(res, "formula-mismatch", "average right within rounding")
    if rna == "trap" or (with_cap and rng.random() < 0.5):
        months = [ctx.trap(ctx.tok(p, "%"), "out-of-range", "a month's execution progress above 100% is normal")
                  if Decimal(p) > 100 else p + "%" for p in raw_p]
        para = [f"{we}{period}执行率分别为"]
        for i, m in enumerate(months):
            para += [m, "、" if i < len(months) - 1 else "。"]
        paras.append(para)
    formula = "(" + "+".join(t + "%" for t in terms) + f")/{n}="
    paras.append([ctx.pick("计算如下：平均执行率=", "据此计算，平均执行率=", "平均执行率="), formula, res,
                  ctx.pick("。", "，该项按比例计分。")])
    return paras


def anniversary(ctx: Ctx, year: int, site: str = "anniversary") -> list:
    """A phrase naming an anniversary among this year's work: right for the year, or (error)
    one that fell one to three years earlier."""
    mode = ctx.mode("stale-reference", site)
    backs = (1, 2, 3) if mode == "error" else (0,)
    cands = [(key, event, pattern, back) for key, event, pattern in ANNIVERSARIES for back in backs]
    round_ = [c for c in cands if (year - c[3] - c[1]) % 5 == 0]
    key, event, pattern, back = ctx.rng.choice(round_ or cands)
    n = year - back - event
    t = ctx.tok(str(n), "周年")
    phrase = pattern.format(n=n)
    pre, post = phrase.split(str(n) + "周年")
    if mode == "error":
        ctx.err(t, "stale-reference", f"{phrase} was {event + n}, report year {year}", value=f"{n}周年")
    elif mode == "trap":
        ctx.trap(t, "stale-reference", f"{phrase} is {year}: right year")
    return [pre, t, post]


def year_tok(ctx: Ctx, y: int, kind: bool = True) -> Tok:
    return ctx.tok(str(y), "", kind="year" if kind else None)
