"""Changes stated respectively (各 / 分别): 收、支总计各是A、B万元，与上年相比各减少C、D万元，各下降c%、d%.

Three runs of figures, each opened by 各 or 分别 and joined only by 、，和及与: this year's levels, their
changes, their change rates. The i-th rate is the i-th change over last year's i-th level (this year's ∓ the
change), as a change rate said in full (ratios.py). The levels stand before the changes in the same sentence
or in an earlier sentence of the paragraph; each run shares one unit (written after its last figure, 4125.49、
4143.91万元), and all three runs are as long: else nothing is paired.
"""

from __future__ import annotations

from jixiao.patterns import load

from ..model import Kind, Relation
from .ratios import DECREASE

PATTERNS = load("changes")
JOINED = PATTERNS["respective_joint"].regex


def link_respective_changes(ex, sentences: dict[int, list]) -> None:
    """Change rates of figures stated respectively (facts of each sentence in text order)."""
    text = ex.doc.text
    levels_of_paragraph: dict[int, list] = {}
    for s in sorted(sentences):
        runs = joined_runs(sentences[s], text)
        for k, run in enumerate(runs):
            what = _opened_by(run[0])
            if what == "level" and run[-1].quantity.base_unit not in ("", "%"):
                levels_of_paragraph[run[0].paragraph] = run
            elif what == "change" and k + 1 < len(runs) and _opened_by(runs[k + 1][0]) == "rate":
                levels = levels_of_paragraph.get(run[0].paragraph)
                if levels and levels[0].evidence.start < run[0].evidence.start:
                    _pair(ex, levels, run, runs[k + 1])


def joined_runs(facts: list, text: str) -> list[list]:
    """Runs of two or more figures joined only by 、，和及与 (not years), each a list in text order."""
    runs: list[list] = []
    for f in facts:
        if f.kind in (Kind.YEAR, Kind.TERM, Kind.FORMULA) or f.relation is not None:
            continue
        if runs and JOINED.fullmatch(text[runs[-1][-1].evidence.end : f.evidence.start]):
            runs[-1].append(f)
        else:
            runs.append([f])
    return [r for r in runs if len(r) >= 2]


def _opened_by(f) -> str:
    """'level', 'change' or 'rate' when the figure's label ends in 各/分别 and the run's verb; else ''."""
    for what in ("rate", "change", "level"):
        if (what == "rate") == (f.quantity.base_unit == "%") and PATTERNS[f"respective_{what}"].regex.search(f.label):
            return what
    return ""


def _pair(ex, levels: list, changes: list, rates: list) -> None:
    if not len(levels) == len(changes) == len(rates) or rates[-1].quantity.base_unit != "%":
        return
    if levels[-1].quantity.unit != changes[-1].quantity.unit:
        return  # 各是A、B万元 … 各减少C、D元: the unwritten units need not be one
    pairs = list(zip(levels, changes, rates))
    if any(lv.quantity.base_unit != ch.quantity.base_unit or not r.quantity.is_exact for lv, ch, r in pairs):
        return
    sign = -1 if DECREASE.search(changes[0].label) else 1  # 各减少: last year is this year + the change
    for level, change, rate in pairs:
        ex.add_about(
            Kind.CHANGE_RATE,
            rate,
            quantity=rate.quantity,
            relation=Relation(total=level.id, parts=(change.id,), signs=(sign,)),
        )
