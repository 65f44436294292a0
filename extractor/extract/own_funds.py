"""Money a level puts in itself (本级配套, 自筹) named after the sources that make a total of funds.

上级补助资金X，其中中央A、省级B，本级配套C: money from above holds no money of the level's own, so C is no
part of X. 资金X，其中中央A、省级B，县级配套C with A + B = X: the sources before the matching funds make the
total already; C may lie outside it (the text does not say), so a mismatch is told as a warning that says so."""

from __future__ import annotations

from jixiao.patterns import load

from ..model import MONEY_FIGURES
from .breakdown_gaps import adds_up

FUNDS = load("funds")
SUPERIOR_TOTAL, OWN_LEVEL, MATCHING = (FUNDS[k].regex for k in ("superior_total", "own_level", "matching_funds"))


def without_own_funds(total, parts: list) -> list:
    """The parts of a total of money from above, without the trailing ones of the level's own, unless the
    whole list makes the total (县本级100万元 may be where money from above went)."""
    if total.kind not in MONEY_FIGURES or not SUPERIOR_TOTAL.search(total.label) or adds_up(parts, total):
        return parts
    head = list(parts)
    while head and OWN_LEVEL.match(head[-1].label):
        head.pop()
    return head


def made_before_matching(total, parts: list) -> int:
    """How many leading parts alone make the total when all after them are matching or own funds and the
    whole list does not (0: none such)."""
    if total.kind not in MONEY_FIGURES or len(parts) < 3 or adds_up(parts, total):
        return 0
    for k in range(len(parts) - 1, 1, -1):
        if not MATCHING.match(parts[k].label):
            return 0
        if adds_up(parts[:k], total):
            return k
    return 0
