"""A year's money balanced in one sentence: 收入总计X，支出总计Y，年末结转结余Z. 收入总计 holds last year's
carry-over, so what is left at the year's end is X − Y: X is the sum of Y and Z. Read only when X and Y differ
(final accounts that put the year-end balance inside 支出总计 print X = Y, and that balance is not checkable),
and checked as a warning (sum-mismatch): an office may name its totals otherwise."""

from __future__ import annotations

from jixiao.patterns import load

from ..model import MONEY_FIGURES, Kind, Relation

WORDS = load("funds")
INCOME, SPENDING, BALANCE = (WORDS[k].regex for k in ("income_grand_total", "spending_total", "year_end_balance"))


def link_balances(ex, sentences: dict[int, list]) -> None:
    for facts in sentences.values():
        money = [f for f in facts if f.kind in MONEY_FIGURES and not f.subject.prior and not f.subject.when]
        income = [f for f in money if INCOME.search(f.label)]
        spending = [f for f in money if SPENDING.search(f.label)]
        balance = [f for f in money if BALANCE.search(f.label)]
        if len(income) != 1 or len(spending) != 1 or len(balance) != 1:
            continue
        total, spent, left = income[0], spending[0], balance[0]
        if not total.evidence.start < spent.evidence.start < left.evidence.start:
            continue  # 收入总计…，支出总计…，结转结余…, in that order
        if total.quantity.base_value == spent.quantity.base_value:
            continue
        ex.add_about(Kind.SUM, total, relation=Relation(total=total.id, parts=(spent.id, left.id), balance=True))
