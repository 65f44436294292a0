"""Facts and findings as plain records (dicts of strings and numbers): what reporters, JSON and
pandas consume. Decimals become strings so nothing is lost to float.
"""

from __future__ import annotations

from ..model import Evidence, Fact, Finding

FACT_COLUMNS = [
    "file",
    "id",
    "kind",
    "subject",
    "value",
    "unit",
    "decimals",
    "qualifier",
    "base_value",
    "base_unit",
    "lo",
    "hi",
    "page",
    "bbox",
    "line",
    "cell",
    "quote",
    "label",
    "section",
    "source",
    "confidence",
]
CELL_COLUMNS = ["file", "table", "page", "row", "col", "row_name", "column", "value"]  # tables as recovered
FINDING_COLUMNS = [
    "file",
    "rule",
    "severity",
    "message",
    "stated",
    "expected",
    "page",
    "line",
    "bbox",
    "quote",
    "evidence",
]


def _bbox(b) -> list[float] | None:
    return [round(float(x), 1) for x in b] if b else None


def evidence_record(e: Evidence) -> dict:
    return {"page": e.page, "bbox": _bbox(e.bbox), "line": e.line, "cell": e.cell, "quote": e.quote}


def fact_record(path: str, f: Fact) -> dict:
    q = f.quantity
    return {
        "file": path,
        "id": f.id,
        "kind": f.kind,
        "subject": str(f.subject),
        "value": str(q.value),
        "unit": q.unit,
        "decimals": q.decimals,
        "qualifier": q.qualifier,
        "base_value": str(q.base_value),
        "base_unit": q.base_unit,
        "lo": str(q.lo),
        "hi": str(q.hi),
        "page": f.evidence.page,
        "bbox": _bbox(f.evidence.bbox),
        "line": f.evidence.line,
        "cell": f.evidence.cell,
        "quote": f.evidence.quote,
        "label": f.label,
        "section": f.section,
        "source": f.source,
        "confidence": f.confidence,  # read from a scan: the recognition confidence; None from a text layer
    }


def finding_record(f: Finding, lang: str = "zh") -> dict:
    first = f.evidence[0] if f.evidence else None
    return {
        "file": f.file,
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message(lang),
        "stated": f.stated,
        "expected": f.expected,
        "page": f.page,
        "line": first.line if first else None,
        "bbox": _bbox(first.bbox) if first else None,
        "quote": first.quote if first else "",
        "evidence": [evidence_record(e) for e in f.evidence],
    }


def table_records(doc) -> list[dict]:
    """Every cell of every table as recovered: one record per cell, with its row's name and its column."""
    out = []
    for t_index, t in enumerate(doc.tables):
        header = [c.text if c else "" for c in t.cells[0]] if t.cells else []
        for row in t.cells[1:]:
            name = next((c.text for c in row if c and c.text), "")
            for c in row:
                if c is None:
                    continue
                out.append(
                    {
                        "file": doc.path,
                        "table": t_index + 1,
                        "page": t.page,
                        "row": c.row,
                        "col": c.col,
                        "row_name": name,
                        "column": header[c.col] if c.col < len(header) else "",
                        "value": c.text,
                    }
                )
    return out
