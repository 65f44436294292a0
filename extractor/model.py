"""The model every room shares: what extraction finds (Evidence, Fact, StatedRule) and what rules
report (Finding). Plain frozen dataclasses; nothing here reads a file or a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .document import Box
from .numbers import Quantity

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True)
class Evidence:
    page: int
    bbox: Box | None
    quote: str
    start: int  # offsets into Document.text
    end: int
    line: int | None = None  # text files: the source line
    cell: str = ""  # table facts: "row / column"


@dataclass(frozen=True)
class Fact:
    id: int
    kind: str  # budget_initial, budget_adjusted, budget, spend, execution_rate, score, score_max, ...
    subject: str  # canonical: 管理效能, 总分, 部门整体, an indicator's name
    quantity: Quantity
    evidence: Evidence
    label: str = ""  # the words naming the figure, as written
    sentence: int = -1
    segment: int = -1
    paragraph: int = -1
    section: str = ""
    source: str = "text"  # or "table"
    inferred: bool = False  # subject taken from the section heading, not named beside the figure
    refs: tuple[int, ...] = ()  # related facts: a sum's parts, an actual's target, ...
    operands: tuple[Quantity, ...] = ()  # written-out arithmetic
    tree: tuple = ()
    rule: StatedRule | None = None  # a computation rule the text states for this formula (e.g. a cap)
    items: tuple[str, ...] = ()  # items enumerated with a declared count
    items_range: tuple[int, int] = (0, 0)
    open_ended: bool = False


@dataclass(frozen=True)
class StatedRule:
    """A computation rule the text states: 超过100%的按100%计算 is a cap (bound 100, value 100)."""

    kind: str  # "cap" or "floor"
    bound: Decimal
    value: Decimal
    unit: str
    text: str
    start: int  # offset in the text it was found in

    def exceeded_by(self, q: Quantity) -> bool:
        """Whether the figure lies wholly beyond the bound (above a cap, below a floor)."""
        return q.lo > self.bound if self.kind == "cap" else q.hi < self.bound


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
