"""Facts and findings as plain records (dicts of strings and numbers): what reporters, JSON and
pandas consume. Decimals become strings so nothing is lost to float.
"""

from __future__ import annotations

from ..model import Evidence, Fact
from ..model import Finding

FACT_COLUMNS = [
    "file", "id", "kind", "subject", "value", "unit", "decimals", "qualifier", "base_value", "base_unit", "lo", "hi",
    "page", "bbox", "line", "cell", "quote", "label", "section", "source",
]  # fmt: skip
FINDING_COLUMNS = ["file", "rule", "severity", "message", "stated", "expected", "page", "line", "bbox", "quote", "evidence"]


def _bbox(b) -> list[float] | None:
    return [round(float(x), 1) for x in b] if b else None


def evidence_record(e: Evidence) -> dict:
    return {"page": e.page, "bbox": _bbox(e.bbox), "line": e.line, "cell": e.cell, "quote": e.quote}


def fact_record(path: str, f: Fact) -> dict:
    q = f.quantity
    return {
        "file": path, "id": f.id, "kind": f.kind, "subject": str(f.subject), "value": str(q.value), "unit": q.unit,
        "decimals": q.decimals, "qualifier": q.qualifier, "base_value": str(q.base_value), "base_unit": q.base_unit,
        "lo": str(q.lo), "hi": str(q.hi), "page": f.evidence.page, "bbox": _bbox(f.evidence.bbox),
        "line": f.evidence.line, "cell": f.evidence.cell, "quote": f.evidence.quote, "label": f.label,
        "section": f.section, "source": f.source,
    }  # fmt: skip


def finding_record(f: Finding, lang: str = "zh") -> dict:
    first = f.evidence[0] if f.evidence else None
    return {
        "file": f.file, "rule": f.rule, "severity": f.severity, "message": f.message(lang), "stated": f.stated,
        "expected": f.expected, "page": f.page, "line": first.line if first else None,
        "bbox": _bbox(first.bbox) if first else None, "quote": first.quote if first else "",
        "evidence": [evidence_record(e) for e in f.evidence],
    }  # fmt: skip
