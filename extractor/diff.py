"""Two versions of a report compared: the figures that changed, were added or removed, and the findings
that appeared or were resolved.

Figures are aligned in the document's order of facts, in two passes. First every fact is matched on
(kind, subject, unit, value): what did not change anchors the alignment, wherever pages and lines moved.
Then, between two anchors, facts are matched on (kind, subject, unit) alone: such a pair is a figure whose
value changed; of what is left over, a figure with the same kind, unit and value on both sides was only
reworded around (its subject is read from the words before it), and the rest was added or removed. Subjects are compared without the numbers of
the paragraph or table they are confined to (fingerprint.stable_subject). Findings are compared by
their fingerprints without the file name (a resubmission may be named differently), as multisets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from .fingerprint import fingerprint, stable_subject

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
APPEARED, RESOLVED = "appeared", "resolved"


@dataclass
class FigureChange:
    change: str  # changed, added, removed
    old: dict | None  # the fact records
    new: dict | None

    @property
    def fact(self) -> dict:
        return self.new or self.old or {}


@dataclass
class ReportDiff:
    old_path: str
    new_path: str
    figures: list[FigureChange] = field(default_factory=list)
    findings: list[tuple[str, dict]] = field(default_factory=list)  # (appeared | resolved, finding record)

    def count(self, change: str) -> int:
        return sum(1 for c in self.figures if c.change == change) + sum(1 for c, _ in self.findings if c == change)


def _key(fact: dict) -> tuple:
    return (fact["kind"], stable_subject(fact["subject"]), fact["unit"])


def _value(fact: dict) -> tuple:
    try:
        number = Decimal(fact["value"])
    except (InvalidOperation, TypeError):
        number = fact["value"]
    return (number, fact.get("qualifier", ""))


def _matched(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def compare_figures(old: list[dict], new: list[dict]) -> list[FigureChange]:
    """The figures of `new` that differ from `old`, in the new document's order (removed ones where they were)."""
    out: list[FigureChange] = []
    exact = _matched([(*_key(f), _value(f)) for f in old], [(*_key(f), _value(f)) for f in new])
    for tag, i1, i2, j1, j2 in exact:
        if tag != "equal":
            out += _within_gap(old[i1:i2], new[j1:j2])
    return out


def _within_gap(old: list[dict], new: list[dict]) -> list[FigureChange]:
    """Between two anchors: the same figure (kind, subject, unit) with another value has changed; a figure
    left over on both sides with the same kind, unit and value only changed its wording (its subject is read
    from the words around it) and is no difference; the rest were removed or added."""
    out: list[FigureChange] = []
    gone, came = [], []
    for tag, i1, i2, j1, j2 in _matched([_key(f) for f in old], [_key(f) for f in new]):
        if tag == "equal":
            out += [FigureChange(CHANGED, o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            gone += old[i1:i2]
            came += new[j1:j2]
    reworded = _matched([_printed(f) for f in gone], [_printed(f) for f in came])
    for tag, i1, i2, j1, j2 in reworded:
        if tag != "equal":
            out += [FigureChange(REMOVED, o, None) for o in gone[i1:i2]]
            out += [FigureChange(ADDED, None, n) for n in came[j1:j2]]
    return out


def _printed(fact: dict) -> tuple:
    return (fact["kind"], fact["unit"], _value(fact))


def _without_file(record: dict) -> tuple:
    rule, _name, *rest = fingerprint(record)
    return (rule, *rest)


def compare_findings(old: list[dict], new: list[dict]) -> list[tuple[str, dict]]:
    """Findings of `new` not in `old` (appeared) and of `old` not in `new` (resolved), counted as multisets."""
    out: list[tuple[str, dict]] = []
    for label, these, others in ((RESOLVED, old, new), (APPEARED, new, old)):
        left = Counter(_without_file(f) for f in others)
        for f in these:
            key = _without_file(f)
            if left[key] > 0:
                left[key] -= 1
            else:
                out.append((label, f))
    return out


def compare(old, new) -> ReportDiff:
    """Two FileResults (the first version and its resubmission) compared."""
    return ReportDiff(
        old.path, new.path, compare_figures(old.facts, new.facts), compare_findings(old.findings, new.findings)
    )
