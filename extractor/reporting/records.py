"""Facts and findings as plain records (dicts of strings and numbers): what reporters, JSON and
pandas consume. Decimals become strings so nothing is lost to float; `figure` and `decimal` give them
back as numbers to the outputs that count (the workbook, the pandas frames).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import repeat

from ..model import Evidence, Fact, Finding

FACT_COLUMNS = [
    "file",
    "id",
    "kind",
    "subject",
    "text",
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
    "place",
    "quote",
    "label",
    "section",
    "source",
    "confidence",
]
FACT_NUMBERS = ("value", "base_value", "lo", "hi")  # decimal strings in records, numbers in frames and workbooks
CELL_COLUMNS = ["file", "table", "page", "place", "row", "col", "row_name", "column", "value"]  # tables as recovered
FINDING_COLUMNS = [
    "file",
    "rule",
    "severity",
    "message",
    "stated",
    "expected",
    "page",
    "line",
    "place",
    "bbox",
    "quote",
    "evidence",
    "subject",  # the subjects of the figures a finding rests on (fingerprint.finding_subject), as baselines name it
]


def _bbox(b) -> list[float] | None:
    return list(map(round, map(float, b), repeat(1))) if b else None  # each side to a tenth


@lru_cache(maxsize=4096)  # a report's figures share a few hundred subjects
def _subject_text(subject) -> str:
    return str(subject)


def evidence_record(e: Evidence) -> dict:
    return {"page": e.page, "bbox": _bbox(e.bbox), "line": e.line, "cell": e.cell, "place": e.place, "quote": e.quote}


def fact_record(path: str, f: Fact) -> dict:
    q = f.quantity
    return {
        "file": path,
        "id": f.id,
        "kind": f.kind,
        "subject": _subject_text(f.subject),
        "text": q.text,
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
        "place": f.evidence.place,
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
        "place": first.place if first else "",
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
                        "place": c.place,
                        "row": c.row,
                        "col": c.col,
                        "row_name": name,
                        "column": header[c.col] if c.col < len(header) else "",
                        "value": c.text,
                    }
                )
    return out


def decimal(s) -> Decimal | None:
    """A record's decimal string as a Decimal; None for what is none (an open bound is ±Infinity)."""
    if s is None or s == "":
        return None
    try:
        return Decimal(str(s))
    except InvalidOperation:
        return None


def figure(text: str) -> tuple[Decimal, int, str] | None:
    """The one figure a finding's stated or expected string holds (91.12%, ≤ 30分, 不低于850套), as
    (value, printed decimals, unit); None for none or more than one (3–4个)."""
    from ..numbers import parse_quantity  # here: a run streamed from the cache compiles no number patterns

    q = parse_quantity(text) if text else None
    return (q.value, q.decimals, q.unit) if q else None


def reason(result) -> str:
    """Why a file could not be read, without its name in front (the row that says so names the file)."""
    return result.error.removeprefix(f"{result.path}: ")


def distinct_evidence(evidence: list[dict]) -> list[dict]:
    """The evidence a reader needs to see: a quote already shown, or a part of one shown at the same place
    (two figures of one sentence quote it twice, the second cut where its window starts), is left out; so is
    the same whole quote on the same page (a sentence run over two lines of a text, quoted from each)."""
    out: list[dict] = []
    for e in evidence or []:
        here = (e.get("page"), e.get("line"), e.get("place"))
        quote = e.get("quote") or ""
        seen = [o for o in out if (o.get("page"), o.get("line"), o.get("place")) == here]
        again = any(o.get("page") == e.get("page") and o.get("quote") == quote for o in out)
        if not again and not any(quote in (o.get("quote") or "") for o in seen):
            out.append(e)
    return out
