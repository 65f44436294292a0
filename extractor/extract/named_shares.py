"""A part's share of a whole the text names but states elsewhere: 对个人和家庭补助支出预算73200元，占基本支出
预算6.45% (基本支出 stated in another section). The whole's figure is the one money figure of the document
whose label names the whole (several different values: which one is meant cannot be told, and none is
taken). The link is inferred, so the share is marked implied: what it shows is at most a warning."""

from __future__ import annotations

from jixiao.patterns.precompiled import compiled

from ..model import MONEY_FIGURES, Kind, Relation
from .ratios import is_comparison_base, is_money_change

NAMED_SHARE = compiled(r"^[，,（(]?\s*占(?P<whole>[\p{Han}“”\"]{2,14}?)(?:的)?(?:比重|比例)?(?:为|是)?\s*$")
WHOLE_SUFFIX = compiled(r"(?:预算|决算)?(?:数|额|总额)?$")
MIN_CORE = 3  # characters: a whole named shorter than this (占总的) names nothing to look up


def link_named_shares(ex, sentences: dict[int, list], text: str) -> None:
    shared = {f.evidence.start for f in ex.facts if f.kind == Kind.SHARE}
    money = [f for f in ex.facts if f.source == "text" and f.kind in MONEY_FIGURES and _level(f)]
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        for part, share in zip(facts, facts[1:]):
            if share.quantity.base_unit != "%" or not share.quantity.is_exact or share.evidence.start in shared:
                continue
            if part.kind not in MONEY_FIGURES or not _level(part):
                continue
            m = NAMED_SHARE.match(text[part.evidence.end : share.evidence.start])
            core = WHOLE_SUFFIX.sub("", m["whole"].strip('“”"')) if m else ""
            if len(core) < MIN_CORE:
                continue
            wholes = [f for f in money if f.id != part.id and core in f.label and f.quantity.base_unit == "元"]
            if len({f.quantity.base_value for f in wholes}) != 1 or wholes[0].quantity.base_value <= 0:
                continue
            ex.add_about(
                Kind.SHARE,
                share,
                quantity=share.quantity,
                relation=Relation(total=wholes[0].id, parts=(part.id,), implied=True),
            )


def _level(f) -> bool:
    return not is_money_change(f) and not is_comparison_base(f) and not f.subject.prior and not f.quantity.qualifier
