"""A sentence that opens by naming a whole stated before it (“三公”经费支出决算中，A支出a万元，占x%；B支出b万元，
占y%): its money figures are parts of that whole's figure, so they are summed against it and their shares
(占x%) are taken of it. The whole's figure is the last money figure of the parts' kind before the sentence,
in a sentence that names the whole the same way, at most a few paragraphs back. The link is inferred, so
the relation is marked implied: what it shows is at most a warning."""

from __future__ import annotations

from jixiao.patterns import load

from ..model import MONEY_FIGURES, Kind, Relation
from .ratios import is_money_change
from .segments import bracket_depth

LOOK_BACK = 800  # characters before the sentence in which the whole's figure is stated
QUOTES = '“”"「」'


def _plain(s: str) -> str:
    return s.translate({ord(c): None for c in QUOTES})


def link_named_wholes(ex, sentences: dict[int, list], text: str) -> None:
    words = load("funds")
    opener, core_of = words["named_whole"].regex, words["whole_core"].regex
    summed = {p for f in ex.facts if f.kind == Kind.SUM and f.relation for p in f.relation.parts}
    ordered = sorted(sentences.values(), key=lambda fs: min(f.evidence.start for f in fs))
    for facts in ordered:
        facts = sorted(facts, key=lambda f: f.evidence.start)
        parts = [f for f in facts if f.kind in MONEY_FIGURES and not is_money_change(f) and f.id not in summed]
        depths = [bracket_depth(text, p.evidence.start) for p in parts]  # a bracketed figure is its own figure's
        parts = [p for p, d in zip(parts, depths) if d == min(depths, default=0)]  # part (A a（其中 b、c）)
        if len(parts) < 2 or len({p.kind for p in parts}) != 1:
            continue
        start = text.rfind("。", 0, facts[0].evidence.start) + 1
        m = opener.search(text, start, parts[0].evidence.start)
        if m is None:
            continue
        core = core_of.search(m["whole"])
        name = _plain(core.group(0)) if core else ""
        total = _whole_figure(ex, parts[0].kind, name, start, text)
        if total is None:
            continue
        ex.add_about(Kind.SUM, total, relation=Relation(total=total.id, parts=tuple(p.id for p in parts), implied=True))


def _whole_figure(ex, kind, name: str, before: int, text: str):
    """The last figure of `kind` stated before `before` whose sentence names the whole."""
    if not name:
        return None
    for f in reversed(ex.facts):
        if f.source != "text" or f.evidence.start >= before or f.evidence.start < before - LOOK_BACK:
            continue
        if f.kind != kind or is_money_change(f) or f.subject.prior:
            continue
        sentence_start = text.rfind("。", 0, f.evidence.start) + 1
        return f if name in _plain(text[sentence_start : f.evidence.start]) else None
    return None
