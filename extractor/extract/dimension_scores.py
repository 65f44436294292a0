"""Scores stated one after another, each right after the points its item is worth, whose points make up the full
marks (决策指标（20分）：…得18分。过程指标（20分）：…得19分。…综合得分95分): the total score that follows them is
their sum, though no 其中 says so.

Only a strict run counts: each item's points, then its own score, with no other points or score between; two
points in a row (an item and its sub-items) or a score of another item start the run again. The points must add
up to exactly the full marks (100, or the 满分 stated for the total), so the run covers every point there is.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import TOTAL_SCORE, Kind, Relation

FULL_MARKS = Decimal(100)


def link_dimension_scores(ex) -> None:
    """A sum relation from the first total score after a run of items' points and scores that make up the full
    marks to the run's scores (sum-mismatch checks it as any other breakdown)."""
    facts = sorted(
        (f for f in ex.facts if f.source == "text" and f.kind in (Kind.SCORE, Kind.SCORE_MAX)),
        key=lambda f: f.evidence.start,
    )
    summed = {f.relation.total for f in ex.facts if f.kind == Kind.SUM and f.relation is not None}
    full = _full_marks(facts)
    run: list[tuple] = []
    pending = None
    for f in facts:
        if f.subject == TOTAL_SCORE:
            if f.kind == Kind.SCORE and pending is None and _covers(run, full) and f.id not in summed:
                ex.add_about(Kind.SUM, f, relation=Relation(total=f.id, parts=tuple(s.id for _, s in run), priced=True))
            run, pending = [], None
        elif f.kind == Kind.SCORE_MAX:
            if pending is not None or f.inferred or not f.subject:
                run = []  # an item's points, then its sub-items' (or points of no named item): no run
            pending = f if not f.inferred and f.subject else None
        elif pending is not None and f.subject == pending.subject and not f.inferred:
            run.append((pending, f))
            pending = None
        else:
            run, pending = [], None  # a score of no item just priced: the run is broken


def _full_marks(facts: list) -> Decimal:
    """The total's stated maximum (满分100分) when there is one and only one, else 100."""
    stated = {f.quantity.value for f in facts if f.kind == Kind.SCORE_MAX and f.subject == TOTAL_SCORE}
    return stated.pop() if len(stated) == 1 else FULL_MARKS


def _covers(run: list[tuple], full: Decimal) -> bool:
    """At least two items, named apart, whose points add up to exactly the full marks."""
    names = {str(m.subject) for m, _ in run}
    return len(run) >= 2 and len(names) == len(run) and sum(m.quantity.value for m, _ in run) == full
