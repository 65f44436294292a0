"""Findings: what a rule reports, with severity, stated vs expected values and evidence."""

from __future__ import annotations

from dataclasses import dataclass

from .extract.textfacts import Evidence, Fact

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True)
class Finding:
    file: str
    rule: str
    severity: str  # error: provably inconsistent; warning: likely; info: worth a look
    message_zh: str
    message_en: str
    stated: str
    expected: str
    evidence: tuple[Evidence, ...]
    facts: tuple[int, ...] = ()  # ids of the facts involved

    @property
    def page(self) -> int:
        return self.evidence[0].page if self.evidence else 0

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


def make(ctx, rule: str, severity: str, zh: str, en: str, stated: str, expected: str, facts: list[Fact]) -> Finding:
    """A finding whose evidence is every fact involved, in text order."""
    ordered = sorted(facts, key=lambda f: (f.evidence.page, f.evidence.bbox[1] if f.evidence.bbox else 0, f.evidence.start))
    return Finding(
        ctx.doc.path, rule, severity, zh, en, stated, expected,
        tuple(f.evidence for f in ordered), tuple(f.id for f in ordered),
    )  # fmt: skip
