"""A part's share of a whole the text names but states elsewhere: 对个人和家庭补助支出预算73200元，占基本支出
预算6.45% (基本支出 stated in another section). The whole's figure is the one money figure of the document
whose label names the whole (several different values: which one is meant cannot be told, and none is
taken). The link is inferred, so the share is marked implied: what it shows is at most a warning.
A whole named by two shares and stated nowhere (基本支出X元，占一般公共预算支出的a%；项目支出Y元，占一般公共预算支出的
b%) is each share's part ÷ its share: two shares that give wholes apart beyond rounding cannot both be right."""

from __future__ import annotations

from decimal import Decimal

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..interval import Interval
from ..model import MONEY_FIGURES, Kind, Relation
from .ratios import is_comparison_base, is_money_change
from .respective_changes import joined_runs

NAMED_SHARE = compiled(r"^[，,（(]?\s*占(?P<whole>[\p{Han}“”\"]{2,14}?)(?:的)?(?:比重|比例)?(?:为|是)?\s*$")
WHOLE_SUFFIX = compiled(r"(?:预算|决算)?(?:数|额|总额)?$")
MIN_CORE = 3  # characters: a whole named shorter than this (占总的) names nothing to look up
OWN_WHOLE = load("funds")["own_whole"].regex


def link_named_shares(ex, sentences: dict[int, list], text: str) -> None:
    shared = {f.evidence.start for f in ex.facts if f.kind == Kind.SHARE}
    money = [f for f in ex.facts if f.source == "text" and f.kind in MONEY_FIGURES and _level(f)]
    unstated: dict[tuple[str, str], list] = {}  # shares of a whole stated nowhere, by its name and section
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        for part, share, said in _part_share_pairs(facts, text):
            if share.quantity.base_unit != "%" or not share.quantity.is_exact or share.evidence.start in shared:
                continue
            if part.kind not in MONEY_FIGURES or not _level(part):
                continue
            m = NAMED_SHARE.match(said)
            core = WHOLE_SUFFIX.sub("", m["whole"].strip('“”"')) if m else ""
            if len(core) < MIN_CORE:
                continue
            wholes = [f for f in money if f.id != part.id and core in f.label and f.quantity.base_unit == "元"]
            if not wholes and part.quantity.base_unit == "元" and not OWN_WHOLE.search(m["whole"]):
                unstated.setdefault((m["whole"], part.section), []).append((part, share))
            if len({f.quantity.base_value for f in wholes}) != 1 or wholes[0].quantity.base_value <= 0:
                continue
            ex.add_about(
                Kind.SHARE,
                share,
                quantity=share.quantity,
                relation=Relation(total=wholes[0].id, parts=(part.id,), implied=True),
            )
    _shared_wholes(ex, unstated)


def _part_share_pairs(facts: list, text: str):
    """Each figure with the one after it; but parts and shares stated respectively (分别为A和B，占…的a%和b%) pair
    in order, a with A and b with B."""
    # (part, share, the words between them that name the whole)
    pairs = [(a, b, text[a.evidence.end : b.evidence.start]) for a, b in zip(facts, facts[1:])]
    runs = joined_runs(facts, text)
    for parts, shares in zip(runs, runs[1:]):
        last, first = parts[-1], shares[0]
        if len(parts) != len(shares) or not all(f.quantity.base_unit == "%" for f in shares):
            continue
        if facts.index(first) != facts.index(last) + 1:
            continue  # a figure stands between the two runs
        words = text[last.evidence.end : first.evidence.start]
        pairs = [p for p in pairs if p[:2] != (last, first)] + [(a, b, words) for a, b in zip(parts, shares)]
    return pairs


def _shared_wholes(ex, unstated: dict[tuple[str, str], list]) -> None:
    """Shares of one unstated whole that give it apart: each against the share most others agree with."""
    for shares in unstated.values():
        if len(shares) < 2:
            continue
        if len({part.label for part, _ in shares}) < len(shares):
            continue  # 2023年基本支出…，2022年基本支出…: one measure of two things (years, budget and accounts)
        wholes = [_whole(part, share) for part, share in shares]
        agree = [sum(w.meets(o) for o in wholes) for w in wholes]
        group = _common_whole(wholes, agree)  # the shares that give one whole together, not only pairwise
        common = _intersection([wholes[k] for k in group])
        for k, (part, share) in enumerate(shares):
            if k not in group and not wholes[k].meets(common):
                ref = next(j for j in group if not wholes[k].meets(wholes[j]))  # one of them it contradicts
                first, second = sorted((shares[ref], (part, share)), key=lambda ps: ps[1].evidence.start)
                if _beyond_whole(first, second):
                    continue  # by the first share the second part would exceed the whole: not parts of one
                relation = Relation(parts=(first[0].id, first[1].id, second[0].id, second[1].id), implied=True)
                ex.add_about(Kind.SHARED_WHOLE, share, quantity=share.quantity, relation=relation)


def _common_whole(wholes: list[Interval], agree: list[int]) -> list[int]:
    """The shares, most agreed first, whose wholes all meet in one: each joins while the whole they give together
    still meets its own (shares that meet pairwise may still give no whole together: 78.33% and 6.90% of one
    budget both meet 10.73%'s, not each other's)."""
    group: list[int] = []
    common = None
    for k in sorted(range(len(wholes)), key=lambda j: -agree[j]):
        if common is None or wholes[k].meets(common):
            group.append(k)
            common = wholes[k] if common is None else _intersection([common, wholes[k]])
    return group


def _intersection(intervals: list[Interval]) -> Interval:
    return Interval(max(i.lo for i in intervals), min(i.hi for i in intervals))


def _beyond_whole(first: tuple, second: tuple) -> bool:
    """Whether the second part exceeds the whole the first part and its share give (Y > X ÷ a%)."""
    (part_a, share_a), (part_b, _) = first, second
    return part_b.quantity.base_value * share_a.quantity.base_value > 100 * part_a.quantity.base_value


def _whole(part, share) -> Interval:
    """The whole a part and its share give: part ÷ share, over the rounding of both."""
    lo, hi = share.quantity.lo / 100, share.quantity.hi / 100
    if lo <= 0:
        return Interval(Decimal(0), Decimal("Infinity"))
    return Interval(part.quantity.lo / hi, part.quantity.hi / lo)


def _level(f) -> bool:
    return not is_money_change(f) and not is_comparison_base(f) and not f.subject.prior and not f.quantity.qualifier
