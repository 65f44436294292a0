"""Which of two conflicting statements of one subject the report's other figures support, so that
restated-value and sum-mismatch, telling of one figure, name the same suspect."""

from __future__ import annotations

from ..model import Fact
from .context import Context, iv


def support(ctx: Context, f: Fact) -> int:
    """How many exact statements of f's kind and subject agree with f (f among them)."""
    return sum(
        1
        for g in ctx.same_subject(f.kind, f.subject, f)
        if g.quantity.base_unit == f.quantity.base_unit and g.quantity.is_exact and not g.inferred
        and iv(g).meets(iv(f))
    )  # fmt: skip


def odd_one_out(x: Fact, y: Fact, x_support: int, y_support: int) -> tuple[Fact, Fact]:
    """(suspect, supported): the statement fewer figures agree with; on a tie, the one stated first."""
    if x_support < y_support or (x_support == y_support and x.id < y.id):
        return x, y
    return y, x
