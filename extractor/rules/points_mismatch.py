"""points-mismatch: number of items × points per item differs from the stated subtotal.

A subtotal that is a maximum (分值) must equal items × points; an earned score (合计得分) may be
lower, but never higher, and is reported as a warning when lower while the text claims every item
was met.

Consistent::

    以上6个指标每个分值2.5分，合计15分。

Inconsistent::

    以上6个指标每个分值2.5分，合计得分20分。      (6 × 2.5 = 15)
"""

from __future__ import annotations

from ..interval import Interval
from ..model import ClaimKind, Kind
from .context import Context, iv, make, num

ID = "points-mismatch"
SEVERITY = "error"
SUMMARY_ZH = "项数 × 每项分值与所述小计不符。"  # what it checks (in English: the docstring's first paragraph)


def check(ctx: Context):
    for p in ctx.by_kind.get(Kind.POINTS, []):
        r = p.relation
        count, each, subtotal = ctx.fact(r.count), ctx.fact(r.each), ctx.fact(r.total)
        if not (count.quantity.is_exact and each.quantity.is_exact and subtotal.quantity.is_exact):
            continue
        expected = iv(count) * Interval.exact(each.quantity.value)  # points per item are a set value, not a measurement
        stated = iv(subtotal)
        if expected.meets(stated):
            continue
        shown = f"{count.quantity.text} × {each.quantity.text} = {num(expected.mid)}分"
        claims = []
        if subtotal.kind == Kind.SCORE and stated.hi < expected.lo:
            a, b = max(0, count.evidence.start), subtotal.evidence.end
            claims = [c for c in ctx.claims_of(ClaimKind.ITEMS_MET) if a <= c.evidence.start and c.evidence.end <= b]
            if not claims:
                continue  # points lost on some items: not an inconsistency
            severity = "warning"
        else:
            severity = SEVERITY
        said_zh = f"；但文中称“{claims[0].text}”" if claims else ""
        said_en = f"; yet the text says “{claims[0].text}”" if claims else ""
        yield make(
            ctx,
            ID,
            severity,
            f"小计{subtotal.quantity.text}与指标数×每项分值不符：{shown}{said_zh}",
            f"subtotal {subtotal.quantity.text} differs from items × points each: {shown}{said_en}",
            subtotal.quantity.text,
            f"{num(expected.mid)}分",
            [count, each, subtotal],
            tuple(claims[:1]),
        )
