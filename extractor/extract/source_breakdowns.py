"""A total of funds followed by its sources, without 其中: 共计X万元，……，财政拨款A万元，……，自筹资金B万元.
The parts are read by their names (where the money comes from); the relation is marked implied, so a
mismatch is at most a warning that says the breakdown was read from the names."""

from __future__ import annotations

import regex

from jixiao.patterns import load

from ..model import Kind, Relation
from .ratios import is_money_change

MIN_SOURCES = 2


def link_source_breakdowns(ex, sentences: dict[int, list], text: str) -> None:
    words = load("funds")
    source, total_word = words["funding_source"].regex, words["funds_total"].regex
    summed = {f.relation.total for f in ex.facts if f.kind == Kind.SUM and f.relation}
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        money = [f for f in facts if f.quantity.base_unit == "元" and not is_money_change(f)]
        for k, total in enumerate(money):
            if total.id in summed or not total_word.search(total.label) or source.match(total.label):
                continue
            later = money[k + 1 :]
            if regex.search(r"其中|包括", text[total.evidence.end : later[-1].evidence.start] if later else ""):
                break  # an explicit breakdown: relations.py reads it
            parts = [f for f in later if source.match(f.label)]
            names = {source.match(f.label).group(0) for f in parts}
            if len(parts) < MIN_SOURCES or len(names) < len(parts) or len(parts) < len(later):
                break  # another kind of money in between, or one source twice: not a list of sources
            ex.add_about(
                Kind.SUM,
                total,
                relation=Relation(total=total.id, parts=tuple(p.id for p in parts), implied=True),
                open_ended=True,  # sources not named may make up the rest: only a sum over the total is wrong
            )
            break
