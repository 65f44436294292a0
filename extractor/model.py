"""The model every room shares: what extraction finds (Evidence, Fact, StatedRule) and what rules
report (Finding). Plain frozen dataclasses; nothing here reads a file or a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from .document import Box

if TYPE_CHECKING:  # annotations only: the model loads without the number patterns (a cached run needs none)
    from .numbers import Quantity


class Kind(StrEnum):
    """What a figure measures (or, for the last six, what a fact about facts relates)."""

    BUDGET_INITIAL = "budget_initial"  # 年初预算
    BUDGET_ADJUSTED = "budget_adjusted"  # 调整后预算, 全年预算
    BUDGET = "budget"  # 预算 (which one is not said)
    SPEND = "spend"  # 实际支出, 执行数
    AMOUNT = "amount"  # money whose label was not read (基本支出, 上级转移支付资金)
    EXECUTION_RATE = "execution_rate"  # 预算执行率
    RATE = "rate"  # any other rate: 完成率, 覆盖率, 满意度
    SCORE_RATE = "score_rate"  # 得分率
    SCORE = "score"  # 得分
    SCORE_MAX = "score_max"  # 分值, 满分
    POINTS_EACH = "points_each"  # 每个指标分值
    WEIGHT = "weight"  # 权重
    COUNT = "count"  # 8个, 3家
    NUMBER = "number"  # a figure without a kind
    TARGET = "target"  # 目标值, 年度指标值
    ACTUAL = "actual"  # 实际完成值
    YEAR = "year"  # 2022年
    ANNIVERSARY = "anniversary"  # 建党100周年, as the year it falls in
    FORMULA = "formula"  # written-out arithmetic: its result
    TERM = "term"  # one operand of a formula
    SUM = "sum"  # a total and its parts (其中…, a 合计 row)
    LISTED_SUM = "listed_sum"  # 13个、2所、5家等20家
    POINTS = "points"  # N items × P points each = a subtotal
    CHANGE_RATE = "change_rate"  # 较上年增加50万元，增长25%: the rate, with this year's level and the change
    SHARE = "share"  # 其中：基本支出300万元，占60%: the share, with the part and its total
    SHARED_WHOLE = "shared_whole"  # 甲X元，占总支出的a% … 乙Y元，占总支出的b%: two shares of one unstated whole
    RESTATEMENT = "restatement"  # 全年开展X清理24次 … 全年开展X清理42次: one count stated twice


MONEY_KINDS = frozenset({Kind.BUDGET_INITIAL, Kind.BUDGET_ADJUSTED, Kind.BUDGET, Kind.SPEND})
BUDGET_KINDS = frozenset({Kind.BUDGET_INITIAL, Kind.BUDGET_ADJUSTED, Kind.BUDGET})
MONEY_FIGURES = MONEY_KINDS | {Kind.AMOUNT}  # every figure in 元
SCORE_KINDS = frozenset({Kind.SCORE, Kind.SCORE_MAX, Kind.POINTS_EACH})
POINT_KINDS = frozenset({Kind.SCORE, Kind.SCORE_MAX, Kind.WEIGHT})  # points that add up to a whole
PERCENT_KINDS = frozenset({Kind.SCORE_RATE, Kind.EXECUTION_RATE, Kind.RATE})


SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}


class Scope(StrEnum):
    """Whose a figure is. Named subjects are compared wherever they are named; money is named by its owner."""

    NAMED = "named"  # an indicator, a dimension, 总分, a table row, a counted thing
    DEPARTMENT = "department"  # 部门整体: the whole department's money
    PROJECT = "project"  # 本项目: the money of the project the report is about
    PARAGRAPH = "paragraph"  # money whose owner cannot be told: this paragraph's only
    TABLE_TOTAL = "table_total"  # a 合计 closing only part of one table's scoring


@dataclass(frozen=True)
class Subject:
    """What a figure is of: a name within a scope, maybe a fund within it, maybe another year's."""

    name: str = ""  # 管理效能, 总分, 部门整体, 本项目; for a paragraph's money, its section heading
    scope: Scope = Scope.NAMED
    where: int | None = None  # PARAGRAPH: the paragraph; TABLE_TOTAL: the table (1-based)
    fund: str = ""  # a named fund (or a breakdown's part) within the scope: 城乡居民医保补助资金
    prior: bool = False  # another year's figure (较上年…): never compared with this year's
    when: str = ""  # a point before the year's end the figure is stated at (截至6月30日): progress, not the year's

    @property
    def local(self) -> bool:
        """Confined to one paragraph or one table: never compared with figures elsewhere."""
        return self.scope in (Scope.PARAGRAPH, Scope.TABLE_TOTAL)

    def __str__(self) -> str:
        """As records show it: 管理效能, 部门整体·X资金, 上年·部门整体, 合计#2, 项目支出#7."""
        text = f"{self.name}#{self.where}" if self.local else self.name
        text = f"{text}·{self.fund}" if self.fund else text
        text = f"{self.when}·{text}" if self.when else text
        return f"上年·{text}" if self.prior else text

    def __bool__(self) -> bool:
        return bool(str(self))


TOTAL_SCORE = Subject("总分")  # the report's own total
DEPARTMENT = Subject("部门整体", Scope.DEPARTMENT)
PROJECT = Subject("本项目", Scope.PROJECT)


@dataclass(frozen=True)
class Evidence:
    page: int
    bbox: Box | None
    quote: str
    start: int  # offsets into Document.text
    end: int
    line: int | None = None  # text files: the source line
    cell: str = ""  # table facts: "row / column"
    place: str = ""  # Word and Excel files: 段12, 表2 行3 列4, Sheet1!C5 (they have no pages or boxes)


@dataclass(frozen=True)
class Relation:
    """How a fact about facts relates other facts, by role (fact ids)."""

    total: int | None = None  # SUM, LISTED_SUM: the stated total; POINTS: the stated subtotal
    parts: tuple[int, ...] = ()  # SUM, LISTED_SUM: what the total should be the sum of
    count: int | None = None  # POINTS: the number of items
    each: int | None = None  # POINTS: the points each item is worth
    target: int | None = None  # ACTUAL: the target the actual is measured against
    signs: tuple[int, ...] = ()  # SUM of a net change: +1 a part adds, -1 takes away, 0 either way (退休);
    # CHANGE_RATE: +1/-1 the change from this year's level (total), 0 the total is the change's stated base;
    # with stated_change, +1/-1 a rise or fall from the stated base (the part) to this year's level (total)
    implied: bool = False  # SUM read from the parts' names (sources of funds), the text says no 其中
    adjusts: bool = False  # SUM: an adjusted budget = the initial one ± the year's adjustments (adjustments.py)
    made_by: int = 0  # SUM: the leading parts that alone make the total, the rest matching funds (own_funds.py)
    priced: bool = False  # SUM: items' scores, each after its points, the points making the full marks (no 其中)
    balance: bool = False  # SUM: 收入总计 = 支出总计 + 年末结转结余, stated in one sentence (balances.py)
    stated_change: bool = False  # SUM: this year's level = the stated base ± the change; CHANGE_RATE: the rate
    # is measured from the two levels (stated_changes.py)


@dataclass(frozen=True)
class Fact:
    id: int
    kind: Kind
    subject: Subject
    quantity: Quantity
    evidence: Evidence
    label: str = ""  # the words naming the figure, as written
    sentence: int = -1  # the locality rules compare within: a sentence, or a table row (numbered after them)
    segment: int = -1
    paragraph: int = -1  # text facts only
    table: int = 0  # table facts: which table (1-based); 0 in the text
    section: str = ""
    item: int = -1  # text facts in an enumerated item (1、 一是 ①): where the item's marker stands; -1 outside
    source: str = "text"  # or "table"
    inferred: bool = False  # subject taken from the section heading, not named beside the figure
    relation: Relation | None = None  # a sum's total and parts, an actual's target, items × points
    operands: tuple[Quantity, ...] = ()  # written-out arithmetic
    tree: tuple = ()
    rule: StatedRule | None = None  # a computation rule the text states for this formula (e.g. a cap)
    items: tuple[str, ...] = ()  # items enumerated with a declared count
    items_range: tuple[int, int] = (0, 0)
    open_ended: bool = False
    glued: bool = False  # another figure starts right where this one ends (cells of a table run together)
    project: int = 0  # a file holding the forms of several projects: which project's form (1-based); 0: one, or unknown
    confidence: float | None = None  # read from a scan: the lowest recognition confidence of its characters


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


class ClaimKind(StrEnum):
    REPORT_YEAR = "report_year"  # the year in the title: the period the report is about
    TITLE_YEAR = "title_year"  # another year the title's line names (…2023年预算执行情况和2024年预算草案的报告)
    ALL_TARGETS_MET = "all_targets_met"  # 各项指标均已完成, about the whole report
    SECTION_TARGETS_MET = "section_targets_met"  # 产出指标均已完成, about one paragraph and its section
    ITEMS_MET = "items_met"  # 均已完成 / 满分 at one place (a subtotal's items)
    HUNDRED_POINT_SCALE = "hundred_point_scale"  # 百分制
    SCORING_RULE = "scoring_rule"  # 得分=分值×执行率
    HEADING_YEAR = "heading_year"  # a heading dated a year (headings carry no facts)
    BUDGET_YEAR = "budget_year"  # a year fact dating budget or spending (2021年度部门整体支出…)
    TARGET_UNMET = "target_unmet"  # an indicator's actual cell says 未完成 (no figure): fact = the target
    RECALLED = "recalled"  # an anniversary named as past: its sentence gives its year or looks back
    DATE = "date"  # a calendar date as written: parts = (year, month, day), 0 where not written
    REPEATED_NUMBER = "repeated_number"  # numbered items 1…4, 4, 5: parts = (number, items, last number)


@dataclass(frozen=True)
class Claim:
    """What the report says about itself (not a figure): found by extraction so rules never read text."""

    kind: ClaimKind
    text: str  # as written (a heading: the whole heading)
    evidence: Evidence
    value: int | None = None  # a year
    fact: int | None = None  # the fact the claim is about
    reach: tuple[int, int] = (0, 0)  # SECTION_TARGETS_MET: the paragraph it speaks for (offsets)
    lead: str = ""  # SECTION_TARGETS_MET: the text just before that paragraph (where its section is named);
    # REPEATED_NUMBER: the run's last number as written
    about_plans: bool = False  # HEADING_YEAR: a heading about plans (计划, 展望…)
    prior_accounts: bool = False  # HEADING_YEAR: final accounts (决算) in a document setting a budget (预算公开)
    follows_up: bool = False  # HEADING_YEAR: a heading about following up an earlier year's evaluation (整改)
    of_a_project: bool = False  # REPORT_YEAR: the title's year names a project set up that year (2023年…建设项目)
    parts: tuple[int, int, int] = (0, 0, 0)  # DATE: year, month, day; REPEATED_NUMBER: see ClaimKind

    def covers(self, f: Fact) -> bool:
        """A section claim covers a fact in its paragraph or in the section named just before it."""
        a, b = self.reach
        return a <= f.evidence.start < b or bool(f.section and f.section in self.lead)


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
