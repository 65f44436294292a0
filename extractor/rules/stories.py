"""One finding per story: a post-step over every rule.

A rule may reach one inconsistency twice, from the text and from a table's row that restates the same
figures (a total stated in a sentence and in the 合计 row of the 自评表). The two findings say the same
thing, but for the places they name; the auditor gets it once, with the evidence of both places. Two
findings tell one story when they come from one rule, state and expect the same values, and rest on the
same figures: each the same fact, or a restatement of it (its kind, subject and value).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import SEVERITY_RANK, Evidence, Finding
from .context import Context


def one_story(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Findings that tell one story merged into the first of them: its place in the list and its message,
    the most severe severity, every place's evidence once."""
    first: dict[tuple, int] = {}
    out: list[Finding] = []
    for finding in findings:
        key = _story(ctx, finding)
        if key not in first:
            first[key] = len(out)
            out.append(finding)
            continue
        k = first[key]
        out[k] = _merged(out[k], finding)
    return out


def _story(ctx: Context, finding: Finding) -> tuple:
    if not finding.facts:  # about a place, not a figure (a table not read): each place is its own story
        return (id(finding),)
    figures = sorted(((f.kind, f.subject, f.quantity.text) for f in map(ctx.fact, finding.facts)), key=repr)
    return (finding.rule, finding.stated, finding.expected, tuple(figures))  # facts come in text order


def _merged(kept: Finding, other: Finding) -> Finding:
    seen = {_place(e) for e in kept.evidence}
    evidence = sorted(kept.evidence + tuple(e for e in other.evidence if _place(e) not in seen), key=_text_order)
    severity = max(kept.severity, other.severity, key=lambda s: SEVERITY_RANK.get(s, 0))
    facts = kept.facts + tuple(i for i in other.facts if i not in kept.facts)
    return replace(kept, severity=severity, evidence=tuple(evidence), facts=facts)


def _text_order(e: Evidence) -> tuple:
    """As a rule orders its evidence (context.make): by page, then top of the box, then place in the text."""
    return (e.page, e.bbox[1] if e.bbox else 0, e.start)


def _place(e: Evidence) -> tuple:
    return (e.page, e.start, e.end, e.line, e.cell, e.place, e.quote)
