"""rate-mismatch's shares: a part's share of its whole (其中：A 300万元，占60%), and two shares of one whole
the text never states (甲X元，占总支出的a% … 乙Y元，占总支出的b%)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Kind
from .context import Context, in_unit, iv, make, where, where_en
from .rate_rounding import exact, expected_rate, percent, unless_rounded_off


def shares(ctx: Context, rule_id: str, severity_stated: str):
    """其中：A 300万元，占60%: the share is the part ÷ its total. 已支付X，未支付Y，支付率Z%: the whole is X + Y
    (a warning: the text does not state the whole)."""
    for s in ctx.by_kind.get(Kind.SHARE, []):
        part = ctx.fact(s.relation.parts[0])
        if s.relation.total is not None:
            whole, whole_text, severity = (
                iv(ctx.fact(s.relation.total)),
                ctx.fact(s.relation.total).quantity.text,
                "warning" if s.relation.implied else severity_stated,  # a whole named in another sentence
            )
        else:
            rest = ctx.fact(s.relation.parts[1])
            whole, whole_text = iv(part) + iv(rest), f"（{part.quantity.text} + {rest.quantity.text}）"
            severity = "warning"
        if whole.lo <= 0:
            continue
        got = percent(iv(part), whole)
        if got.meets(iv(s)):
            continue
        whole_point = exact(ctx.fact(s.relation.total if s.relation.total is not None else s.relation.parts[1]))
        whole_point = whole_point if s.relation.total is not None else whole_point + exact(part)
        expected = expected_rate(s, percent(exact(part), whole_point), got)
        label = s.label.lstrip("，,（(、和及与 ")  # 8.1%和91.9%: the second share's label is only the joint
        name = "占比" if not label or label.startswith("占") else label
        facts = [part, s] + (
            [ctx.fact(s.relation.total)] if s.relation.total is not None else [ctx.fact(s.relation.parts[1])]
        )
        elsewhere = s.relation.implied and s.relation.total is not None
        note_zh = f"（{whole_text}见{where(ctx.fact(s.relation.total))}）" if elsewhere else ""
        note_en = f" ({whole_text}: {where_en(ctx.fact(s.relation.total))})" if elsewhere else ""
        if severity == severity_stated:
            severity, cut_zh, cut_en = unless_rounded_off(s, got, severity_stated)
            note_zh, note_en = note_zh + cut_zh, note_en + cut_en
        yield make(
            ctx, rule_id, severity,
            f"{name}{s.quantity.text}与所列数字不符：{part.quantity.text} ÷ {whole_text} = {expected}{note_zh}",
            f"share {s.quantity.text} does not follow: {part.quantity.text} / {whole_text} = {expected}{note_en}",
            s.quantity.text, expected, facts,
        )  # fmt: skip


def shared_wholes(ctx: Context, rule_id: str = "rate-mismatch"):
    """甲X元，占总支出的a% … 乙Y元，占总支出的b%, the whole stated nowhere: X ÷ a% and Y ÷ b% must meet. A
    warning: which of the two shares is wrong cannot be told."""
    for s in ctx.by_kind.get(Kind.SHARED_WHOLE, []):
        part_a, share_a, part_b, share_b = (ctx.fact(i) for i in s.relation.parts)
        whole_a, whole_b = (
            exact(p) / exact(r).scale(Decimal("0.01")) for p, r in ((part_a, share_a), (part_b, share_b))
        )
        name = share_b.label.lstrip("，,（(").removeprefix("占").removesuffix("的") or "总数"
        shown_a = f"{part_a.quantity.text} ÷ {share_a.quantity.text} = {in_unit(part_a.quantity, whole_a.lo)}"
        shown_b = f"{part_b.quantity.text} ÷ {share_b.quantity.text} = {in_unit(part_b.quantity, whole_b.lo)}"
        expected = expected_rate(
            share_b,
            percent(exact(part_b), whole_a),
            percent(iv(part_b), iv(part_a) / iv(share_a).scale(Decimal("0.01"))),
        )
        yield make(
            ctx, rule_id, "warning",
            f"两处占{name}的比例所指的{name}不一致：{shown_a}，{shown_b}（{name}未列出，两个占比至少一个有误；"
            f"按前者应为{expected}）",
            f"two shares of {name} give it apart: {shown_a}, {shown_b} ({name} is not stated; at least one share "
            f"is wrong; by the first, {expected})",
            share_b.quantity.text, expected, [part_a, share_a, part_b, share_b],
        )  # fmt: skip
