"""A rate printed as a fraction in a table's rate column (执行率 0.958 for 95.8%): read so when the row's own
spend ÷ budget fits the fraction and not the figure as a percentage (or fits neither: a rate column's bare
0.958 is not 0.958%). The figure keeps its printed text and says how it was read: 0.958（即95.8%）."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..interval import Interval
from ..model import BUDGET_KINDS, Kind

HUNDRED = Decimal(100)


def read_fractions(ex, row_facts: list) -> None:
    """Rewrite the row's execution rates printed bare (no %) at most 1 as fractions, where the row says so."""
    spends = [f for f in row_facts if f.kind == Kind.SPEND]
    budgets = [f for f in row_facts if f.kind in BUDGET_KINDS]
    bare = [f for f in row_facts if f.kind == Kind.EXECUTION_RATE and _bare_fraction(f)]
    if not spends or not budgets or not bare:
        return
    ratios = [(_iv(s) / _iv(b)).scale(HUNDRED) for s in spends for b in budgets]
    for f in bare:
        if any(r.meets(_iv(f)) for r in ratios):
            continue  # 0.5 where spend ÷ budget is 0.5%: a percentage after all
        ex.facts[f.id] = replace(f, quantity=_as_fraction(f.quantity))


def _bare_fraction(f) -> bool:
    printed = f.evidence.quote.split(": ", 1)[-1].strip()
    q = f.quantity
    return "%" not in printed and "％" not in printed and 0 < q.value <= 1 and q.is_exact and q.base_unit == "%"


def _as_fraction(q):
    span = Interval.rounded(q.value, q.decimals).scale(HUNDRED)
    decimals = max(0, q.decimals - 2)
    value = (q.value * HUNDRED).quantize(Decimal(1).scaleb(-decimals))
    shown = f"{value.normalize():f}"
    return replace(
        q, text=f"{q.text.rstrip('%％')}（即{shown}%）", value=value, decimals=decimals, base_value=value,
        lo=span.lo, hi=span.hi,
    )  # fmt: skip


def _iv(f) -> Interval:
    return Interval(f.quantity.lo, f.quantity.hi)
