"""Budgets, spending and rates: the figures, the sentences that state them, injected errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from random import Random

from . import iv as I
from .build import Ctx, Tok, keyed
from .fmt import num, plain, q

RATE = "rate-mismatch"


def amount(rng: Random, lo: float, hi: float) -> Decimal:
    """An amount in 万元 with two decimals."""
    return Decimal(rng.randint(int(lo * 100), int(hi * 100))) / 100


@dataclass
class Money:
    """A budget in 万元: initial, adjusted, spent, and the parts of the adjusted budget."""

    initial: Decimal
    adjusted: Decimal
    spend: Decimal
    parts: list = field(default_factory=list)   # [(name, amount)], summing to adjusted

    @property
    def rate(self) -> Decimal:
        return self.spend * 100 / self.adjusted


def boundary_spend(rng: Random, den: Decimal, near: float) -> Decimal | None:
    """A spend (万元, 2 decimals) whose ratio to ``den`` lies just above an x.xx5% boundary,
    so the rate may be printed either way within rounding; None if there is none nearby."""
    start = int(den * Decimal(str(near)) * 100)
    for k in range(start - 4000, start + 4000):
        s = Decimal(k) / 100
        r = s * 100 / den
        thousandths = (r * 1000) % 10
        if Decimal(5) <= thousandths < Decimal("5.3") and r < 100:
            low = num(r, 2, rounding=ROUND_DOWN)
            if q(r, 2) != Decimal(low) and I.pct(I.iv(num(s)), I.iv(num(den))).meets(I.iv(low)):
                return s
    return None


def make_money(ctx: Ctx, lo: float, hi: float, site: str = "budget", parts=("基本支出", "项目支出"),
               adjust_p: float = 0.7) -> Money:
    rng = ctx.rng
    initial = amount(rng, lo, hi)
    adjusted = initial if rng.random() > adjust_p else q(initial * Decimal(str(rng.uniform(0.9, 1.3))), 2)
    spend = None
    if ctx.peek(RATE, site) == "trap":
        spend = boundary_spend(rng, adjusted, rng.uniform(0.9, 0.995))
    if spend is None:
        spend = q(adjusted * Decimal(str(rng.uniform(0.86, 0.998))), 2)
    shares = [Decimal(str(rng.uniform(0.25, 0.6)))] + [Decimal(str(rng.uniform(0.05, 0.3)))
                                                        for _ in parts[2:]]
    amounts = [q(adjusted * s, 2) for s in shares]
    amounts.insert(1, adjusted - sum(amounts))
    return Money(initial, adjusted, spend, list(zip(parts, amounts)))


def wrong_number(rng: Random, printed: str, bound, what: str, lo=None, hi=None) -> str:
    """A plausible misprint of ``printed`` (transposed digits or a slip) that conflicts with
    the interval ``bound``, kept within [lo, hi] when given."""
    d = len(printed.split(".")[1]) if "." in printed else 0
    v = Decimal(plain(printed))
    for attempt in range(200):
        how = rng.random()
        if how < 0.35 and attempt < 50:
            digits = [c for c in printed if c.isdigit()]
            i = rng.randrange(max(1, len(digits) - 2), len(digits))
            j = i - 1
            if digits[i] == digits[j]:
                continue
            digits[i], digits[j] = digits[j], digits[i]
            s = "".join(digits)
            cand = Decimal(s[:len(s) - d] + ("." + s[len(s) - d:] if d else ""))
        elif how < 0.55:
            cand = v + rng.choice((-1, 1)) * Decimal(10) ** rng.randint(0, 1)
        else:
            step = Decimal(1).scaleb(-d)
            cand = v + rng.choice((-1, 1)) * step * rng.randint(7, 300)
        if (lo is not None and cand < lo) or (hi is not None and cand > hi) or cand <= 0:
            continue
        out = f"{cand:.{d}f}"
        if not I.iv(out).meets(bound) and out != printed:
            return out
    raise AssertionError(f"no misprint found for {what} {printed}")


def rate_tok(ctx: Ctx, num_p: str, den_p: str, site: str, kind: str = "execution_rate",
             subject: str | None = None, d: int = 2, unit: str = "%", key: str | None = None) -> Tok:
    """The rate num/den as printed, with the error or trap planned for ``site``."""
    t = _rate_tok(ctx, num_p, den_p, site, kind, subject, d, unit)
    if key:
        keyed(t, key)
    return t


def _rate_tok(ctx: Ctx, num_p, den_p, site, kind, subject, d, unit) -> Tok:
    exact = Decimal(plain(num_p)) * 100 / Decimal(plain(den_p))
    bound = I.pct(I.iv(num_p), I.iv(den_p))
    printed = num(exact, d)
    mode = ctx.mode(RATE, site)
    if mode == "error":
        wrong = wrong_number(ctx.rng, printed, bound, "rate", lo=Decimal(1), hi=Decimal(100))
        I.conflict(wrong, bound, f"{num_p}/{den_p} stated {wrong}")
        t = ctx.tok(wrong, unit, kind=kind, subject=subject)
        return ctx.err(t, RATE, f"{num_p}÷{den_p} gives {printed}%, stated {wrong}%")
    if mode == "trap":
        low = num(exact, d, rounding=ROUND_DOWN)
        if low != printed and I.iv(low).meets(bound):
            t = ctx.tok(low, unit, kind=kind, subject=subject)
            return ctx.trap(t, RATE, f"rounding: {exact:.5f} printed as {low}% is within ±0.005")
        shorter = num(exact, d - 1)
        I.agree(shorter, bound, "shorter rate")
        t = ctx.tok(shorter, unit, kind=kind, subject=subject)
        return ctx.trap(t, RATE, f"rate {exact:.4f} printed with {d - 1} decimal(s) as {shorter}%")
    I.agree(printed, bound, "rate")
    return ctx.tok(printed, unit, kind=kind, subject=subject)


def money_tok(ctx: Ctx, x: Decimal, kind: str | None, unit: str = "万元", sep=None,
              pre: str = "", subject=None) -> Tok:
    """An amount given in 万元 printed in ``unit`` (万元 with 2 decimals, 元 whole or .00,
    the same for the whole report); separators as the report writes them unless ``sep``."""
    sep = ctx.sep if sep is None else sep
    if unit == "元":
        printed = num(x * 10000, ctx.yuan_decimals, sep)
    else:
        printed = num(x, 2, sep)
    t = ctx.tok(printed, unit, pre=pre, kind=kind, subject=subject)
    if kind in ("budget_adjusted", "budget"):
        keyed(t, "budget_adj", unit_scale(unit))
    return t


def unit_scale(unit: str) -> Decimal:
    """Factor from an amount in ``unit`` to 万元."""
    return {"元": Decimal("0.0001"), "亿元": Decimal(10000)}.get(unit, Decimal(1))


def spend_tok(ctx: Ctx, x: Decimal, unit: str = "万元", sep=None) -> Tok:
    """The year's whole spending (keyed, so every statement of it must agree)."""
    return keyed(money_tok(ctx, x, "spend", unit, sep), "spend", unit_scale(unit))
