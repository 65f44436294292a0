"""Indicator targets and actuals: values, how they are phrased, shortfalls and traps."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import iv as I
from .build import Ctx, Tok
from .fmt import num, strip_zeros
from .world import Ind

RULE = "target-not-met"
GE_WORDS = ("≥{v}", "不少于{v}", "不低于{v}", "{v}以上", "达到{v}")
LE_WORDS = ("≤{v}", "不超过{v}", "不高于{v}", "控制在{v}以内", "{v}以下")
COUNTING = {"人次", "人", "户", "批次", "台次", "家次", "剂次"}


@dataclass
class Target:
    ind: Ind
    target: Tok          # the target figure (with its qualifier in .text)
    actual: Tok
    op_text: str         # "≥" / "≤" as printed in a table cell
    short: bool          # falls short (a finding)
    max: Decimal = Decimal(0)
    score: str = ""


def _value(ctx: Ctx, ind: Ind) -> Decimal:
    v = Decimal(str(ctx.rng.uniform(ind.lo, ind.hi)))
    if ind.unit == "%" and ind.direction == ">=" and ctx.rng.random() < 0.25:
        v = Decimal(100 if ind.hi >= 100 else int(ind.hi))
    return Decimal(num(v, ind.decimals))


def make_target(ctx: Ctx, ind: Ind, site: str, table: bool = False) -> Target:
    """A target and its actual; ``site`` decides whether it carries a shortfall (error) or a
    trap (a ≤ target met by a smaller actual, an approximate target, a 万 restatement)."""
    rng = ctx.rng
    mode = ctx.mode(RULE, site)
    t = _value(ctx, ind)
    d = ind.decimals
    pct = ind.unit == "%"
    ge = ind.direction == ">="
    if mode == "error" and t == 0:
        a_p = num(t + rng.randint(1, 3), d)
    elif mode == "error":
        dd = max(d, 1) if pct else d
        for k in range(400):
            if k < 200:
                f = Decimal(str(rng.uniform(0.75, 0.985))) if ge else Decimal(str(rng.uniform(1.05, 1.4)))
                a_p = num(t * f, dd)
            else:   # small targets: step away by whole units
                a_p = num(t + (-1 if ge else 1) * Decimal(rng.randint(2, 4)), dd)
            if Decimal(a_p) > 0 and not I.iv(a_p).meets(I.iv(num(t, d))) and (
                    (Decimal(a_p) < t) == ge):
                break
        else:
            raise AssertionError(f"no shortfall for {ind.name} {t}")
    else:
        if ge:
            f = Decimal(str(rng.uniform(1.0, 1.12)))
            a = t * f
            if pct:
                a = min(a, Decimal(100))
            a_p = num(a, rng.choice((d, max(d, 1))) if pct else d)
        else:
            a_p = num(t * Decimal(str(rng.uniform(0.3, 0.97))), d)
        if Decimal(a_p) < t if ge else Decimal(a_p) > t:
            a_p = num(t, d)
    t_p = num(t, d)
    words = GE_WORDS if ge else LE_WORDS
    word = rng.choice(words) if not table else ("≥{v}" if ge else "≤{v}")
    pre, post = word.split("{v}")
    unit = ind.unit
    trap_note = None
    a_text_pre, a_unit = "", unit
    if mode == "trap":
        if not ge:
            trap_note = f"≤ target {t_p}{unit} met by smaller actual {a_p}{unit}"
        elif unit in COUNTING and t >= 5000 and not table:
            t_p, unit_t = strip_zeros(num(t / 10000, 2)), "万" + unit
            I.agree(I.iv(t_p) * I.exact(10000), I.iv(num(t, d)), "万 restatement")
            trap_note = f"target in 万{unit} ({t_p}), actual in {unit}"
            tgt = ctx.tok(t_p, unit_t, pre=pre, kind="target", subject=ind.name)
            act = ctx.tok(num(Decimal(a_p), 0, sep=True), unit, kind="actual", subject=ind.name)
            ctx.trap(act, RULE, trap_note)
            return Target(ind, tgt, act, pre if table else ("≥" if ge else "≤"), False)
        else:
            pre = rng.choice(("约", "不少于")) if not table else pre
            a_text_pre = rng.choice(("逾", "超过", "")) if not table else ""
            trap_note = f"approximate target {pre}{t_p}{unit}, actual {a_text_pre}{a_p}{unit} reaches it"
    tgt = ctx.tok(t_p, unit, pre=pre if not table else pre, kind="target", subject=ind.name)
    if post:
        tgt.text += post
    act = ctx.tok(a_p, a_unit, pre=a_text_pre, kind="actual", subject=ind.name)
    short = mode == "error"
    if short:
        ctx.err(act, RULE, f"{ind.name}: target {pre}{t_p}{unit}, actual {a_p}{unit}")
    elif trap_note:
        ctx.trap(act, RULE, trap_note)
    return Target(ind, tgt, act, "≥" if ge else "≤", short)


def target_sentence(ctx: Ctx, tg: Target, lead: str = "") -> list:
    name = tg.ind.name
    form = ctx.rng.randrange(5)
    if form == 0:
        out = [f"{lead}{name}：预计", tg.target, "，实际完成", tg.actual]
    elif form == 1:
        out = [f"{lead}{name}，目标值为", tg.target, "，实际完成值", tg.actual]
    elif form == 2:
        out = [f"{lead}{name}计划", tg.target, "，实际", tg.actual]
    elif form == 3:
        out = [f"{lead}{name}年度指标值", tg.target, "，实际完成值", tg.actual]
    else:
        out = [f"{lead}{name}年初设定目标", tg.target, "，全年实际达到", tg.actual]
    if tg.short:
        out.append(ctx.pick("，未达到预期", "，与目标存在差距", "，未完成年度目标"))
    else:
        out.append(ctx.pick("", "，已完成", "，达到预期目标", "，完成年度目标"))
    out.append("。")
    return out


CLAIMS = ("综上，本年度设定的各项绩效指标均已完成。", "总体来看，各项绩效目标已全部完成。",
          "年初设定的绩效目标均已达成，未出现偏差。", "各项指标均已完成，绩效目标实现情况良好。")
