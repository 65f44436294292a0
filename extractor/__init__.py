"""jixiao: lint Chinese government performance self-evaluation reports (绩效自评报告).

>>> import jixiao as jx
>>> doc = jx.read("report.pdf")
>>> facts = jx.extract(doc)
>>> findings = jx.check(doc, facts)
>>> jx.facts_frame(["a.pdf", "b.pdf"])      # pandas DataFrames, one row per fact / finding
>>> jx.findings_frame(["reports/"])
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .extract import extract  # eager: the name is also the subpackage's, which would shadow a lazy one

if TYPE_CHECKING:
    from .document import Document
    from .model import Fact, Finding

# Names loaded on first use, so that `jixiao --help` (and any one submodule) imports only what it needs.
_LAZY = {
    "read": ".reading",
    "ReadError": ".reading",
    "Document": ".document",
    "Fact": ".model",
    "Finding": ".model",
    "Evidence": ".model",
    "Quantity": ".numbers",
    "find_quantities": ".numbers",
    "parse_quantity": ".numbers",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(doc: Document, facts: list[Fact] | None = None, select=None, ignore=None) -> list[Finding]:
    """Findings of every selected rule on a Document (facts are extracted when not given)."""
    from .extract.claims import find_claims
    from .rules import run, select_rules
    from .rules.context import Context

    facts = extract(doc) if facts is None else facts
    return run(Context(doc, facts, find_claims(doc, facts)), select_rules(select, ignore))


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
