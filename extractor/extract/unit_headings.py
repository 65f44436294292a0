"""A unit in brackets after a heading of figures (补助资金(万元)年度预算资金总额:763.00其中:中央补助502.00…): the
bare figures after it, up to the end of its line or sentence or the next such unit, are in that unit, as a
table column's figures are in the unit of its header. Only a figure whose label names money takes it (a
money unit says nothing about a count). Each such stretch is a block of its own, as an enumerated item is:
its heading names whose money it is (计划生育转移支付资金合计(万元) … 特别扶助制度补助资金(万元) …)."""

from __future__ import annotations

from bisect import bisect_right

from jixiao.patterns.precompiled import compiled

MONEY_UNIT = r"[（(](?P<unit>万元|元|亿元|千元)[)）]"
UNIT_HEADING = compiled(MONEY_UNIT)
DIGIT = compiled(r"\d")
SCOPE_END = compiled(rf"[。\n]|{MONEY_UNIT}")  # a stretch ends at its line or sentence, or at the next heading


def _in_header_row(text: str, marks: list, k: int) -> bool:
    """A unit beside another with no figure between (年初预算数（万元）全年预算数（万元）…) heads a table's
    columns, whose cells the table readers read: no heading of figures in running text."""
    before = k and not DIGIT.search(text, marks[k - 1].end(), marks[k].start())
    after = k + 1 < len(marks) and not DIGIT.search(text, marks[k].end(), marks[k + 1].start())
    return bool(before or after)


class UnitHeadings:
    """The stretches of a document's text under a bracketed money unit, found once."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.scopes: list[tuple[int, int, str]] = []
        if "元)" not in text and "元）" not in text:
            return
        marks = list(UNIT_HEADING.finditer(text))
        for k, m in enumerate(marks):
            if _in_header_row(text, marks, k):
                continue
            end = SCOPE_END.search(text, m.end())
            self.starts.append(m.end())
            self.scopes.append((m.end(), end.start() if end else len(text), m["unit"]))

    def unit_at(self, at: int) -> str:
        """The unit the heading before `at` gives its bare figures, or '' outside every such stretch."""
        scope = self._scope(at)
        return scope[2] if scope else ""

    def block_at(self, at: int) -> int:
        """Where the stretch `at` stands in starts, or -1 outside every such stretch."""
        scope = self._scope(at)
        return scope[0] if scope else -1

    def _scope(self, at: int) -> tuple[int, int, str] | None:
        k = bisect_right(self.starts, at) - 1
        if k < 0:
            return None
        scope = self.scopes[k]
        return scope if scope[0] <= at < scope[1] else None
