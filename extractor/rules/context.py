"""What every rule reads: the facts and claims extraction found, indexes over them, and the document
(only to quote it: rules never search its text)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.patterns.precompiled import compiled

from ..document import Document
from ..interval import Interval
from ..model import Claim, ClaimKind, Fact, Finding
from ..numbers import MULTIPLIERS, Quantity


@dataclass
class Context:
    doc: Document
    facts: list[Fact]
    claims: list[Claim] = field(default_factory=list)
    year: int | None = None  # the report's year, from its title
    by_kind: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    by_sentence: dict[int, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    by_subject: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))  # (kind, subject)

    def __post_init__(self) -> None:
        for f in self.facts:
            self.by_kind[f.kind].append(f)
            self.by_subject[f.kind, f.subject].append(f)
            if f.sentence >= 0:
                self.by_sentence[f.sentence].append(f)
        if self.year is None:
            self.year = next((c.value for c in self.claims_of(ClaimKind.REPORT_YEAR)), None)

    def claims_of(self, kind: ClaimKind) -> list[Claim]:
        return [c for c in self.claims if c.kind == kind]

    def fact(self, i: int) -> Fact:
        return self.facts[i]

    def same_subject(self, kind: str, subject, near: Fact | None = None) -> list[Fact]:
        """The facts of this kind and subject, in text order (one lookup: rules ask for every fact's); with
        `near`, only those that may be in its project's form (Fact.project: the forms of several projects)."""
        facts = self.by_subject.get((kind, subject), ())
        if near is None or not near.project:
            return list(facts)
        return [f for f in facts if not f.project or f.project == near.project]


def iv(f: Fact | Quantity) -> Interval:
    q = f.quantity if isinstance(f, Fact) else f
    return Interval(q.lo, q.hi)


def num(d: Decimal, places: int = 2) -> str:
    s = f"{d.quantize(Decimal(1).scaleb(-places)):f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def in_unit(q: Quantity, base_value) -> str:
    """A base-unit value shown in the unit `q` was printed in (10468000 元 beside 1,056.80万元 → 1046.8万元)."""
    if q.value:
        scale = q.base_value / q.value
    else:  # 0万元: the scale is the unit's own
        scale = next((v for k, v in MULTIPLIERS.items() if q.unit.startswith(k)), Decimal(1))
    return f"{num(base_value / scale)}{q.unit}"


def where(f: Fact) -> str:
    if f.evidence.place:  # Word, Excel: 段12, 表2 行3 列4, Sheet1!C5
        return f.evidence.place
    if f.evidence.line:
        return f"第{f.evidence.line}行"
    return f"第{f.evidence.page}页" if f.evidence.page else ""


def where_en(f: Fact) -> str:
    if f.evidence.place:
        return f.evidence.place
    if f.evidence.line:
        return f"line {f.evidence.line}"
    return f"p.{f.evidence.page}" if f.evidence.page else ""


LINE_BREAK = compiled(r"\s*\n\s*")


def make(
    ctx, rule: str, severity: str, zh: str, en: str, stated: str, expected: str, facts: list[Fact],
    claims: tuple[Claim, ...] = (),
) -> Finding:  # fmt: skip
    """A finding whose evidence is every fact involved, in text order, then every claim it rests on (whose
    words the message quotes)."""
    ordered = sorted(
        facts, key=lambda f: (f.evidence.page, f.evidence.bbox[1] if f.evidence.bbox else 0, f.evidence.start)
    )
    return Finding(
        ctx.doc.path,
        rule,
        severity,
        LINE_BREAK.sub("", zh),  # words quoted from a hard-broken line read as one
        LINE_BREAK.sub("", en),  # (what is quoted is the report's Chinese)
        stated,
        expected,
        tuple(f.evidence for f in ordered) + tuple(c.evidence for c in claims),
        tuple(f.id for f in ordered),
    )
