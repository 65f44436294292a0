"""Rates the text states beside money: a change's rate (较上年增加50万元，增长25%) and a part's share of its
total (其中：基本支出300万元，占60%). Each becomes a fact about the figures it is computed from, so the
rate rule only compares.

- A change rate follows its change at once (增长/下降 Y%) and the change follows this year's level figure
  in the same sentence, with no other money between them: last year = this year ∓ the change, and
  Y = change ÷ last year; or the change follows the figure it is measured against (较上年1174万元减少40万元,
  较预算数339万元减少217万元): Y = change ÷ that figure.
- A share follows a part of a 其中 breakdown at once (，占Y% / 占收入合计的Y% / 占基本支出预算Y%): Y = part ÷ total.
- A payment rate after what was paid and what was not (已支付X，未支付Y，支付率Z%), with no budget in the
  sentence: Z = X ÷ (X + Y).
"""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import MONEY_FIGURES, Kind, Relation

RATE_AFTER_CHANGE = compiled(
    r"^[，,]?\s*(?:同比)?(?:增长|下降|减少|增加|上升|降低|增幅|降幅|减幅|增减率|增减幅度?|变动率|变动幅度)(?:了|为|达)?\s*$"
)
OWN_TARGET = compiled(r"占(?:其|本|各自|自身)?(?:年度|全年)?(?:任务|计划|目标)")  # 占任务数的: each part's own
RATE_WORD = compiled(r"(?:增长|下降|上升|降低)(?:了|为)?$")
CHANGE_AFTER_RATE = compiled(r"^[，,]\s*(?:同比)?(?:增收|减收|增支|减支|增加|减少)(?:了|为)?\s*$")
SHARE_AFTER_PART = compiled(
    r"^[，,（(]?\s*(?:占|占比|占比为|占比重)(?:[^，,。；;%\d]{0,8}?的?)?(?:比重|比例)?(?:为|是)?\s*$"
)
DECREASE = compiled(r"减少|下降|降低|节约|节省|减")
LINKING = compiled(r"[的为是]?")  # all that is left of a label whose words a year figure took
COMPARISON_SPAN = 12  # characters before such a figure in which its comparison is read
CHANGE_WORD = load("changes")["change_figure"].regex
BUDGET_GAP = load("changes")["budget_gap"].regex
EARLIER = 2  # sentences back in which a change's named level is looked for
UNPAID = compiled(r"(?:未支|未支付|尚未支付|未拨付|尚未拨付|未使用)$")


def link_ratios(ex, sentences: dict[int, list]) -> None:
    """Change rates and shares of every sentence (facts in text order)."""
    text = ex.doc.text
    rated: set[int] = set()  # changes followed by their rate: a comparison said in full
    order = sorted(sentences)
    for n, s in enumerate(order):
        facts = sentences[s]
        for k, f in enumerate(facts[:-1]):
            nxt = facts[k + 1]
            if nxt.quantity.base_unit != "%" or not nxt.quantity.is_exact:
                continue
            between = text[f.evidence.end : nxt.evidence.start]
            if is_money_change(f) and RATE_AFTER_CHANGE.match(between) and not BUDGET_GAP.search(f.label):
                before = facts[:k]
                if not any(g.kind in MONEY_FIGURES and not is_money_change(g) for g in before):
                    before = _named_level(f, [sentences[e] for e in order[max(0, n - EARLIER) : n]])
                _change_rate(ex, before, f, nxt, rated)
                rated.add(f.id)
            elif nxt.kind == Kind.EXECUTION_RATE and k >= 1:
                _paid_share(ex, facts, k, nxt)
        _rates_before_changes(ex, facts, rated)
    for total_fact in [f for f in ex.facts if f.kind == Kind.SUM and f.relation]:
        _shares(ex, total_fact, sentences, text)


def is_comparison_base(f, text: str = "") -> bool:
    """较上年1174万元 / 较预算数339万元: the figure a change is measured against, not this year's level. With the
    text, also one whose comparison a year figure took (较2024年的2190万元: the label left is 的)."""
    if f.kind not in MONEY_FIGURES:
        return False
    label = f.label
    if text and LINKING.fullmatch(label):
        label = text[max(0, f.evidence.start - COMPARISON_SPAN) : f.evidence.start]
    return bool(load("changes")["comparison_base"].regex.search(label)) or is_share_base(f)


def is_change_base(f, text: str = "") -> bool:
    """较上年1174万元: the base a change after it is measured from (not a budget a level is a share of)."""
    return is_comparison_base(f, text) and not is_share_base(f)


def is_share_base(f) -> bool:
    """占年度预算X万元的 / 完成年初预算数X万元的: the budget a level is a share of, no level of its own."""
    return f.kind in MONEY_FIGURES and bool(load("changes")["share_base"].regex.search(f.label))


def is_money_change(f) -> bool:
    """比上年增加50万元: a change in money, neither a total nor a part of one (its rate may follow)."""
    return f.kind in MONEY_FIGURES and bool(CHANGE_WORD.search(f.label))


def _rates_before_changes(ex, facts: list, rated: set[int]) -> None:
    """收入X万元，同比增长r%，增收C万元: the rate said before its change, measured as a change rate is."""
    text = ex.doc.text
    for k, (rate, change) in enumerate(zip(facts, facts[1:])):
        if rate.quantity.base_unit != "%" or not rate.quantity.is_exact or not RATE_WORD.search(rate.label):
            continue
        if not is_money_change(change) or BUDGET_GAP.search(change.label) or change.id in rated:
            continue
        if CHANGE_AFTER_RATE.match(text[rate.evidence.end : change.evidence.start]):
            _change_rate(ex, facts[:k], change, rate, rated)
            rated.add(change.id)


def _named_level(change, earlier: list[list]) -> list:
    """The level a change names when its own sentence states none (…收入918.16万元，支出918.16万元。与上年相比，收入
    减少15.2万元，下降1.63%): the last money of the paragraph's sentences before whose label ends with the
    change's name (收入减少 → 收入)."""
    name = CHANGE_WORD.sub("", change.label).strip(" ，,：:")
    if len(name) < 2:
        return []
    found = [
        f
        for facts in earlier
        for f in facts
        if f.paragraph == change.paragraph
        and f.kind in MONEY_FIGURES
        and not is_money_change(f)
        and f.label.rstrip("为是：:").endswith(name)
    ]
    return found[-1:]


def _change_rate(ex, before: list, change, rate, rated: set[int]) -> None:
    """this year's level … 增加/减少 change … 增长/下降 rate; comparisons said in full before this one
    (较预算数减少A，下降a%，较上年减少B…) are passed over: each is measured from the same level figure."""
    money = [f for f in before if f.kind in MONEY_FIGURES]
    while money and (money[-1].id in rated or is_share_base(money[-1]) or BUDGET_GAP.search(money[-1].label)):
        money.pop()  # comparisons said in full, budgets of a share, gaps to the budget (短收): not this change's
    text = ex.doc.text
    if not money or is_money_change(money[-1]) or (money[-1].subject.prior and not is_comparison_base(money[-1], text)):
        return  # 各减少A、B万元: paired changes; or no level figure to start from
    level = money[-1]
    if level.quantity.base_unit != change.quantity.base_unit or level.quantity.qualifier:
        return
    # 较上年1174万元减少40万元: the base is stated (sign 0); else 本年X，较上年增加C: last year is X ∓ C
    sign = 0 if is_change_base(level, text) else -1 if DECREASE.search(change.label) else 1
    ex.add_about(
        Kind.CHANGE_RATE,
        rate,
        quantity=rate.quantity,
        relation=Relation(total=level.id, parts=(change.id,), signs=(sign,)),
    )


def _paid_share(ex, facts: list, k: int, rate) -> None:
    """资金支付X万元，未支Y万元，支付率Z%: the whole is what was paid and what was not."""
    paid, unpaid = facts[k - 1], facts[k]
    if paid.kind != Kind.SPEND or unpaid.kind not in MONEY_FIGURES or not UNPAID.search(unpaid.label):
        return
    if any(f.kind in (Kind.BUDGET, Kind.BUDGET_ADJUSTED, Kind.BUDGET_INITIAL) for f in facts):
        return  # a stated budget is the rate's own denominator (execution rates)
    ex.add_about(Kind.SHARE, rate, quantity=rate.quantity, relation=Relation(parts=(paid.id, unpaid.id)))


def _shares(ex, s, sentences: dict[int, list], text: str) -> None:
    """A percentage right after a part of a money breakdown (，占Y%) is that part's share of the total."""
    total = ex.facts[s.relation.total]
    if total.kind not in MONEY_FIGURES:
        return
    for part_id in s.relation.parts:
        part = ex.facts[part_id]
        facts = sentences.get(part.sentence, [])
        k = next((j for j, g in enumerate(facts) if g.id == part_id), None)
        if k is None or k + 1 >= len(facts):
            continue
        share = facts[k + 1]
        if share.quantity.base_unit != "%" or not share.quantity.is_exact:
            continue
        between = text[part.evidence.end : share.evidence.start]
        if SHARE_AFTER_PART.match(between) and not OWN_TARGET.search(between):
            ex.add_about(
                Kind.SHARE,
                share,
                quantity=share.quantity,
                relation=Relation(total=total.id, parts=(part_id,), implied=s.relation.implied),
            )
