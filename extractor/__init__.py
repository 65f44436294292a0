"""jixiao: lint Chinese government performance self-evaluation reports (绩效自评报告).

>>> import jixiao as jx
>>> doc = jx.read("report.pdf")
>>> facts = jx.extract(doc)
>>> findings = jx.check(doc, facts)
>>> jx.facts_frame(["a.pdf", "b.pdf"])      # pandas DataFrames, one row per fact / finding, figures as
>>> jx.findings_frame(["reports/"])          # float64 (or Decimal: numbers="decimal") beside the exact strings
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document
    from .model import Fact, Finding

# Names loaded on first use, so that `jixiao --help` (and any one submodule) imports only what it needs.
_LAZY = {
    "extract": ".extract",
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


class _Package(ModuleType):
    """`jixiao.extract` is the function, though a subpackage has the same name: importing the subpackage
    (which sets it as an attribute of this package) leaves the function in place."""

    def __setattr__(self, name: str, value) -> None:
        if not (name == "extract" and isinstance(value, ModuleType)):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(doc: Document, facts: list[Fact] | None = None, select=None, ignore=None) -> list[Finding]:
    """Findings of every selected rule on a Document (facts are extracted when not given)."""
    from .extract import extract
    from .extract.claims import find_claims
    from .rules import run, select_rules
    from .rules.context import Context

    facts = extract(doc) if facts is None else facts
    return run(Context(doc, facts, find_claims(doc, facts)), select_rules(select, ignore))


def facts_frame(paths, jobs: int = 1, numbers: str = "float"):
    """A pandas DataFrame of every fact in the files (folders are searched), one row per fact.

    `value`, `base_value`, `lo` and `hi` are numbers: float64 (NaN where there is none, ±inf for an open
    bound such as 不少于), or `Decimal` objects with numbers="decimal". Beside them the exact strings:
    `text` is the figure as printed (1,056.80万元), `decimals` its printed decimals, `unit` and `base_unit`
    what the numbers are in (a percent stays 91.12 with unit %). `id`, `decimals`, `page`, `line` are
    nullable integers (Int64). A file that could not be read is one row: kind "unreadable", the reason in
    `quote`, its code in `source`.
    """
    from .batch import expand, in_order
    from .reporting.frames import facts_frame as frame

    return frame([r for res in in_order(expand(paths), jobs=jobs) for r in _rows(res, "facts")], numbers)


def findings_frame(paths, jobs: int = 1, lang: str = "zh", select=None, ignore=None, numbers: str = "float"):
    """A pandas DataFrame of every finding in the files (folders are searched), one row per finding.

    `stated` and `expected` are the strings the finding says (≤ 30分, 不低于850套); `stated_value` and
    `expected_value` beside them the one figure each holds, as float64 (NaN when there is none or a range,
    such as 3–4个) or `Decimal` with numbers="decimal". `page` and `line` are nullable integers. A file that
    could not be read is one row: `rule` is the reason's code (damaged, missing, limit-exceeded, ...),
    `message` the reason.
    """
    from .batch import expand, in_order
    from .reporting.frames import findings_frame as frame

    results = in_order(expand(paths), jobs=jobs, lang=lang, select=select, ignore=ignore)
    return frame([r for res in results for r in _rows(res, "findings")], numbers)


def _rows(result, what: str) -> list[dict]:
    from .outputs import unreadable_record

    return [unreadable_record(result, what)] if result.error else getattr(result, what)


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
