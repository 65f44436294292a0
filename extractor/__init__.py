"""jixiao: lint Chinese government performance self-evaluation reports (绩效自评报告).

>>> import jixiao as jx
>>> doc = jx.read("report.pdf")
>>> facts = jx.extract(doc)
>>> findings = jx.check(doc, facts)
>>> jx.facts_frame(["a.pdf", "b.pdf"])      # pandas DataFrames, one row per fact / finding
>>> jx.findings_frame(["reports/"])
"""

from __future__ import annotations

from .document import Document
from .extract import extract
from .extract.claims import find_claims
from .model import Evidence, Fact, Finding
from .numbers import Quantity, find_quantities, parse_quantity
from .reading import ReadError, read
from .rules import run as _run_rules
from .rules import select_rules
from .rules.context import Context


def check(doc: Document, facts: list[Fact] | None = None, select=None, ignore=None) -> list[Finding]:
    """Findings of every selected rule on a Document (facts are extracted when not given)."""
    facts = extract(doc) if facts is None else facts
    return _run_rules(Context(doc, facts, find_claims(doc, facts)), select_rules(select, ignore))


def facts_frame(paths, jobs: int = 1):
    """A DataFrame of every fact in the files (folders are searched); unreadable files are skipped."""
    import pandas as pd

    from .batch import expand, run
    from .reporting.records import FACT_COLUMNS

    rows = [r for res in run(expand(paths), jobs=jobs) for r in res.facts]
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def findings_frame(paths, jobs: int = 1, lang: str = "zh", select=None, ignore=None):
    """A DataFrame of every finding in the files (folders are searched)."""
    import pandas as pd

    from .batch import expand, run
    from .reporting.records import FINDING_COLUMNS

    rows = [r for res in run(expand(paths), jobs=jobs, lang=lang, select=select, ignore=ignore) for r in res.findings]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


__all__ = [
    "read",
    "extract",
    "check",
    "Document",
    "Fact",
    "Finding",
    "Evidence",
    "Quantity",
    "ReadError",
    "find_quantities",
    "parse_quantity",
    "facts_frame",
    "findings_frame",
]
