"""count-mismatch: a declared count differs from the items enumerated with it, or from the sum of
its declared sub-counts.

Items split on 、，； and, where needed, on 和/及/以及/与 — never inside quotes or brackets — so an
enumeration allows a range of counts (网络安全和信息化协调处 may be one name); only a count outside
that range is reported. Hierarchies (一级3个，二级9个，三级12个) are not sums. Items that carry counts of
the declared unit (…12个：产出指标8个、效益指标4个) are sub-counts and must add up; items marked one per
clause or one per line (一是…，二是… / ⏎（1）…⏎（2）…) after a count of kinds are counted exactly; a net
change's parts carry signs (增加2人（其中：新录用3人，调入1人，辞职2人）is 3 + 1 − 2).

Consistent::

    内设处室三个，分别是办公室、财务科和业务科。
    设产出指标8个，其中数量指标6个，质量指标2个。
    设绩效指标12个：产出指标8个、效益指标4个。
    设考核维度两个，一是工作实绩，二是群众评议。

Inconsistent::

    内设处室四个，分别是办公室、财务科和业务科。      (three are listed)
    设产出指标8个，其中数量指标5个，质量指标2个。      (5 + 2 = 7)
    设绩效指标12个：产出指标7个、效益指标4个。        (7 + 4 = 11)
    设考核维度三个，一是工作实绩，二是群众评议。      (two are marked)

Sub-counts of people (人, 名, 位) that fall short of their headcount are a warning: staff of no listed kind (编外,
临时) may make the difference, and a note only when each is an establishment kind (行政编制, 事业编制) of staff
counted without 编制; named by posts or titles (所长, 高级职称) they pick out some people and are not judged.
Sub-counts above the headcount are an error.

Numbered items whose numbers repeat one (1.…2.…3.…3.…4.…: five items, numbered to 4) are told as a warning:
the numbers declare one count fewer than the items, and which of the two is meant cannot be told.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.patterns import load

from ..extract import labels
from ..extract.ratios import DECREASE
from ..interval import interval_sum
from ..model import ClaimKind, Finding, Kind
from .context import Context, iv, make, num

SELECTION_PART = load("counts")["selection_part"].regex
HEADCOUNT = load("counts")["headcount_unit"].regex
ESTABLISHMENT = load("counts")["establishment_part"].regex

ID = "count-mismatch"
SEVERITY = "error"
SUMMARY_ZH = (
    "所述个数与随之列举的项数、或与其分项个数之和不符。"  # what it checks (in English: the docstring's first paragraph)
)


def check(ctx: Context):
    yield from _repeated_numbers(ctx)
    for f in ctx.by_kind.get(Kind.COUNT, []):
        if not f.items or not f.quantity.is_exact:
            continue
        declared = f.quantity.value
        fewest, most = f.items_range
        listed = "、".join(f.items)
        too_few = declared > most and not f.open_ended  # (…等: a list may stop short, never run over)
        if too_few or declared < fewest:
            verb = "只列出" if too_few else "列出了"
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"声明{f.quantity.text}，但{verb}{_range(fewest, most)}项：{listed}",
                f"declares {f.quantity.text} but lists {_range(fewest, most)} items: {listed}",
                f.quantity.text,
                _range(fewest, most) + (f.quantity.unit or "项"),
                [f],
            )
    for s in ctx.by_kind.get(Kind.SUM, []):
        total, parts = ctx.fact(s.relation.total), [ctx.fact(i) for i in s.relation.parts]
        if total.kind != Kind.COUNT or not total.quantity.is_exact or s.relation.adjusts:
            continue  # a count adjusted during the year: sum-mismatch tells it
        if s.relation.signs:
            yield from _net_change(ctx, s.relation.signs, total, parts)
            continue
        got = interval_sum(iv(p) for p in parts)
        short = got.hi < total.quantity.lo
        if got.meets(iv(total)) or (short and (_selection(parts) or s.open_ended)):
            continue  # 编制42名，其中站长1名，副站长2名: posts and titles pick out some; a bracket may list some kinds
        shown = " + ".join(p.quantity.text for p in parts)
        expected = f"{num(got.mid, 0)}{total.quantity.unit}"
        people = short and HEADCOUNT.match(total.quantity.unit or "")
        yield make(
            ctx,
            ID,
            ("info" if _establishment(total, parts) else "warning") if people else SEVERITY,
            f"声明{total.quantity.text}，但分项合计为{shown} = {expected}"
            + ("（分项或未列全：编外、临时等人员）" if people else ""),
            f"declares {total.quantity.text} but its sub-counts add up to {shown} = {expected}"
            + (" (the parts may leave out staff of other kinds: 编外, temporary)" if people else ""),
            total.quantity.text,
            expected,
            [total, *parts],
        )


def _selection(parts) -> bool:
    """Parts of a headcount each named by a post or a title (所长1名，副所长3名 / 高级职称4人，中级职称9人)."""
    return all(SELECTION_PART.search(labels.strip_label(p.label, p.kind)) for p in parts)


def _establishment(total, parts) -> bool:
    """Parts each an establishment kind (行政编制25人、事业编制26人) of a total of staff that is no count of 编制."""
    named = [labels.strip_label(p.label, p.kind) for p in parts]
    return all(ESTABLISHMENT.search(n) for n in named) and "编制" not in total.label


def _repeated_numbers(ctx: Context):
    for c in ctx.claims_of(ClaimKind.REPEATED_NUMBER):
        _, items, last = c.parts
        yield Finding(
            ctx.doc.path, ID, "warning",
            f"编号“{c.text}”重复：所列{items}项，编号只到{c.lead}（多半是编号笔误，须核对项数）",
            f"the number “{c.text}” is given twice: {items} items, numbered to {last} (most likely a slip of "
            "numbering; check how many items are meant)",
            c.lead, f"{items}项", (c.evidence,),
        )  # fmt: skip


def _net_change(ctx, signs, total, parts):
    """A net change is the parts that add minus those that take away; a part that may go either way
    (退休) is tried both ways, and only a change no reading gives is reported."""
    values = {Decimal(0)}
    for sign, p in zip(signs, parts):
        v = p.quantity.base_value
        values = {x + k * v for x in values for k in ((sign,) if sign else (1, -1))}
    stated = total.quantity.base_value
    if stated in values or -stated in values:  # 减少3人 may be written as the size of the change
        return
    marks = {1: " + ", -1: " − ", 0: " ± "}
    shown = "".join(
        ("" if sg > 0 else marks[sg].lstrip()) + p.quantity.text if i == 0 else marks[sg] + p.quantity.text
        for i, (sg, p) in enumerate(zip(signs, parts))
    )
    decrease = bool(DECREASE.search(total.label))  # 减少3人: the change is −3
    nearest = min(values, key=lambda x: abs(x - (-stated if decrease else stated)))
    unit = total.quantity.unit
    result = " / ".join(f"{num(v, 0)}{unit}" for v in sorted(values))  # 退休 either way: every reading
    zh = f"{'减少' if nearest < 0 else '增加'}{num(abs(nearest), 0)}{unit}" if nearest else f"不变（0{unit}）"
    en = f"{'a decrease' if nearest < 0 else 'an increase'} of {num(abs(nearest), 0)}{unit}" if nearest else "no change"
    said = "减少" if decrease else "增加"
    yield make(
        ctx,
        ID,
        SEVERITY,
        f"声明{said}{total.quantity.text}，但分项增减为{shown} = {result}，最接近的是{zh}",
        f"declares a net change of {total.quantity.text} but its parts give {shown} = {result}, at nearest {en}",
        total.quantity.text,
        zh,
        [total, *parts],
    )


def _range(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"
