"""A finding that rests on recognised text is at most a warning, and says so: a post-step over every rule.

OCR can misread a digit (8 for 6, a lost decimal point), so an inconsistency between recognised figures
is not proven by the document itself; the message names the lowest confidence among its evidence.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..model import SEVERITY_RANK, Finding
from .context import Context

CAP = "warning"


def cap_recognised(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Findings whose evidence or facts were recognised from a scan: at most CAP, with the confidence."""
    if not ctx.doc.recognised:
        return findings
    confidence_of = {f.id: f.confidence for f in ctx.facts if f.confidence is not None}
    out = []
    for finding in findings:
        known = [c for i in finding.facts if (c := confidence_of.get(i)) is not None]  # the figures themselves
        if not finding.facts:  # a finding without facts: what its evidence shows
            known = [c for e in finding.evidence if (c := ctx.doc.confidence(e.page, e.bbox)) is not None]
        if not known:
            out.append(finding)
            continue
        lowest = math.floor(min(known) * 100) / 100  # never shown higher than it is (0.999 is 0.99)
        severity = CAP if SEVERITY_RANK[finding.severity] > SEVERITY_RANK[CAP] else finding.severity
        out.append(
            replace(
                finding,
                severity=severity,
                message_zh=f"{finding.message_zh}（识别自扫描件，置信度{lowest:.2f}）",
                message_en=f"{finding.message_en} (recognised from a scan, confidence {lowest:.2f})",
            )
        )
    return out
