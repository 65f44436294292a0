"""A total of funds followed by its sources, without 其中: 共计X万元，……，财政拨款A万元，……，自筹资金B万元.
The parts are read by their names (where the money comes from); the relation is marked implied, so a
mismatch is at most a warning that says the breakdown was read from the names. Sources not named may make
up the rest, so only parts over the total are reported, unless the sources fill a bracket right after the
total (资金100万元（中央资金60万元、省级资金30万元）): that is the whole breakdown."""

from __future__ import annotations

import regex

from jixiao.patterns import load

from ..model import Kind, Relation
from .ratios import is_money_change

MIN_SOURCES = 2
OPENERS = {"（": "）", "(": ")"}
FLOW_WORDS = regex.compile(r"到位|拨付|支出|使用|完成|执行")  # a part said as money moved, not as a share
ANOTHER_SOURCE = regex.compile(r"[。；;，,\s]*(?:此外|另外|另有|另|还有|同时)")


def link_source_breakdowns(ex, sentences: dict[int, list], text: str) -> None:
    words = load("funds")
    source, total_word = words["funding_source"].regex, words["funds_total"].regex
    summed = {f.relation.total for f in ex.facts if f.kind == Kind.SUM and f.relation}
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        money = [f for f in facts if f.quantity.base_unit == "元" and not is_money_change(f)]
        for k, total in enumerate(money):
            if total.id in summed or source.match(total.label):
                continue
            later = money[k + 1 :]
            if not total_word.search(total.label):  # no 共计/总投资: only sources filling a bracket after it
                _bracketed_sources(ex, text, total, later, source)
                continue
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
                # sources not named may make up the rest, so only a sum over the total is wrong; unless the
                # sources are the whole of a bracket right after the total (X万元（A a万元，B b万元）)
                open_ended=not _bracketed(text, total, parts),
            )
            break


def _bracketed_sources(ex, text: str, total, later: list, source) -> None:
    """资金X万元（中央资金A万元、省级资金B万元）: the sources filling the bracket are the whole breakdown."""
    close = _close(text, total)
    inside = [f for f in later if f.evidence.start < close]
    if len(inside) < MIN_SOURCES or not all(source.match(f.label) for f in inside):
        return
    if len({source.match(f.label).group(0) for f in inside}) < len(inside) or not _bracketed(text, total, inside):
        return  # one source twice, or the bracket says more than its sources
    if regex.search(r"其中|包括", text[total.evidence.end : inside[-1].evidence.start]):
        return  # an explicit breakdown: relations.py reads it
    if any(FLOW_WORDS.search(f.label) for f in inside):
        return  # 本级配套已到位20万元: what has arrived, not the share planned
    after = later[len(inside) :]
    if (after and source.match(after[0].label)) or ANOTHER_SOURCE.match(text, close + 1):
        return  # more money after the bracket (，市级配套10万元 / ，另有… / 。此外，…): the bracket may not be all
    relation = Relation(total=total.id, parts=tuple(p.id for p in inside), implied=True)
    ex.add_about(Kind.SUM, total, relation=relation)


def _close(text: str, total) -> int:
    """Where the bracket opened right after the total's figure closes (-1: none opens there)."""
    opened = text[total.evidence.end : total.evidence.end + 1]
    return text.find(OPENERS[opened], total.evidence.end) if opened in OPENERS else -1


def _bracketed(text: str, total, parts: list) -> bool:
    """Whether the parts, and nothing else, fill a bracket opened right after the total's figure."""
    close = _close(text, total)
    if close < parts[-1].evidence.end or text.find(text[total.evidence.end], total.evidence.end + 1, close) != -1:
        return False  # no bracket, the parts run past it, or it holds a bracket of its own
    return not text[parts[-1].evidence.end : close].strip(" ，,、；;。")
