"""What a written-out formula gives as the report means it, shared by formula-mismatch and rule-not-applied,
so the two tell one story about one formula.

The report's own stated rule (超过100%的按100%计算) is applied; a term printed coarser than its siblings
(100% among 96.39%) is judged at the list's precision as well. A formula then either holds, holds only if
its coarse terms are rounded figures, fits only its terms left unadjusted by the rule (the rule was not
applied), or is wrong under every reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ..interval import Interval
from ..numbers import Quantity
from .formulas import (
    Tree,
    in_base_units,
    is_count,
    mean_shape,
    only_adds,
    operand_interval,
    rule_transform,
    stated,
    value_of,
)

HOLDS, LOOSE, UNRULED, WRONG = "holds", "loose", "unruled", "wrong"


@dataclass(frozen=True)
class Reading:
    verdict: str  # HOLDS, LOOSE (only if the coarse terms are rounded), UNRULED (only without the rule), WRONG
    shown: Decimal = Decimal(0)  # what the printed figures give as the report means them (for the message)
    unruled: Decimal | None = None  # what they give without the stated rule, when the rule changes a term
    capped: tuple[Quantity, ...] = ()  # the terms the rule moves (above a cap, below a floor)
    exact_by_rule: tuple[Quantity, ...] = ()  # terms the rule makes exact (printed as the rule's value)
    coarse: tuple[Quantity, ...] = ()  # terms printed coarser than their siblings
    decimals: int = 0  # the siblings' decimals
    needed: tuple[Decimal, Decimal] | None = None  # what one coarse term must stand for to give the result


def read_formula(f) -> Reading:
    """How a formula fact's printed result stands to its terms (see the module's docstring)."""
    result, rule = stated(f), rule_transform(f)
    base = in_base_units(f.operands, f.quantity)
    capped, exact = _moved_by_rule(f, rule, base)
    if value_of(f, rule).meets(result):
        return _at_list_precision(f, rule, base, result)
    unruled = value_of(f, point=True).mid if capped else None
    if capped and value_of(f).meets(result):
        return Reading(UNRULED, value_of(f, rule, point=True).mid, unruled, capped, exact)
    return Reading(WRONG, value_of(f, rule, point=True).mid, unruled, capped, exact)


def _moved_by_rule(f, rule, base: bool) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    if rule is None:
        return (), ()
    capped, exact = [], []
    for q in f.operands:
        v = operand_interval(q, base)
        moved = rule(v, q)
        if f.rule.exceeded_by(q) and moved != v:
            capped.append(q)
        elif moved != v and moved.lo == moved.hi:
            exact.append(q)
    return tuple(capped), tuple(exact)


def coarse_terms(f, rule=None) -> tuple[tuple[Quantity, ...], int]:
    """Terms printed with fewer decimals than the finest term of their unit (100% among 96.39%), and those
    decimals; counts (÷3, ×8) and terms the stated rule makes exact are no coarse terms."""
    counts = _counts(f.tree, f.operands)
    base = in_base_units(f.operands, f.quantity)
    terms = [q for k, q in enumerate(f.operands) if k not in counts and q.is_exact]
    finest = {}
    for q in terms:
        finest[q.base_unit] = max(finest.get(q.base_unit, 0), q.decimals)
    coarse = []
    for q in terms:
        v = operand_interval(q, base)
        made_exact = rule is not None and rule(v, q).lo == rule(v, q).hi
        if q.decimals < finest[q.base_unit] and not made_exact:
            coarse.append(q)
    return tuple(coarse), max((finest[q.base_unit] for q in coarse), default=0)


def _counts(tree: Tree, operands) -> set[int]:
    """The operands a formula divides or multiplies by as counts (÷3 months)."""
    if tree[0] == "num":
        return set()
    out = _counts(tree[1], operands) | _counts(tree[2], operands)
    if tree[0] in ("mul", "div") and is_count(tree[2], operands):
        out.add(tree[2][1])
    return out


def _at_list_precision(f, rule, base: bool, result: Interval) -> Reading:
    """A result that holds on the terms' rounding: does it hold with the coarse terms taken as printed?"""
    coarse, decimals = coarse_terms(f, rule)
    if not coarse:
        return Reading(HOLDS)
    if value_of(f, _printed(coarse, base, rule)).meets(result):
        return Reading(HOLDS)
    needed = _needed(f, coarse[0], base, rule, result, decimals) if len(coarse) == 1 else None
    shown = value_of(f, rule, point=True).mid
    return Reading(LOOSE, shown, coarse=coarse, decimals=decimals, needed=needed)


def _printed(coarse, base: bool, rule=None, at: dict | None = None):
    """Coarse terms as printed (or at the value `at` gives them); the stated rule after."""

    def transform(v: Interval, q) -> Interval:
        if any(q is c for c in coarse):
            v = Interval.exact(at[id(q)]) if at else operand_interval(q, base, point=True)
        return rule(v, q) if rule else v

    return transform


def _needed(f, term: Quantity, base: bool, rule, result: Interval, decimals: int):
    """What one coarse term of a sum or mean must stand for to give the printed result (the result is
    then linear in it, rising), within its own rounding; at the siblings' decimals."""
    tree = f.tree
    if not (only_adds(tree) or mean_shape(tree)):
        return None
    own = operand_interval(term, base)
    low = value_of(f, _printed((term,), base, rule, {id(term): own.lo}))
    high = value_of(f, _printed((term,), base, rule, {id(term): own.hi}))
    slope = (high.lo - low.lo) / (own.hi - own.lo)
    if slope <= 0:
        return None
    a = max(own.lo, own.lo + (result.lo - low.hi) / slope)
    b = min(own.hi, own.lo + (result.hi - low.lo) / slope)
    step = Decimal(1).scaleb(-decimals)
    a, b = a.quantize(step, ROUND_CEILING), b.quantize(step, ROUND_FLOOR)
    return (a, b) if a <= b and not math.isinf(a) else None
