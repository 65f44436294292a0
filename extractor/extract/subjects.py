"""Subjects: what a figure is of — an indicator's name, the report's total, or for money its owner
(the whole department, this report's project, or only its paragraph) and a named fund within it."""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import DEPARTMENT, MONEY_FIGURES, PROJECT, TOTAL_SCORE, Kind, Scope, Subject
from . import labels
from .segments import Span

NAME_BEFORE_COLON = compiled(
    r"(?:^|[。；;，,\s])(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])?(?P<name>[\p{Han}A-Za-z]{2,16})(?:[（(][^）)]{0,12}[）)])?[：:]\s*$"
)

NAME_AT_END = compiled(r"[\p{Han}A-Za-z]{2,16}$")


def name_before(text: str, end: int) -> str:
    """The run of characters naming something, ending at `end` (预算执行率 in 预算执行率（10分）)."""
    m = NAME_AT_END.search(text[max(0, end - 16) : end])
    return m.group(0) if m else ""


def name_before_clause(text: str, start: int) -> str:
    """The item a clause answers for: 1.目标完整性（5分）：得分… → 目标完整性."""
    m = NAME_BEFORE_COLON.search(text[max(0, start - 40) : start])
    return m["name"] if m else ""


def named(name: str) -> Subject:
    """A named subject ('' stays empty and falsy)."""
    return Subject(name)


def figure_subject(kind: Kind, label: str, text: str, end: int, span: Span, prev_subject: Subject, ex=None) -> Subject:
    """The subject of a figure of `kind` labelled `label` in the segment `text`."""
    subject = _plain_subject(kind, label, text, end, span, prev_subject, ex)
    if COMPARISON.search(label):
        return Subject(subject.name, subject.scope, subject.where, subject.fund, prior=True)  # 较上年执行率90%
    return subject


def _plain_subject(kind: Kind, label: str, text: str, end: int, span: Span, prev_subject: Subject, ex=None) -> Subject:
    if kind in MONEY_OR_RATE:
        scope = _money_subject(text, span, ex, span.start + end)
        fund = FUND_PREFIX.sub("", labels.strip_label(label, kind)).strip(" ，,：:")
        if scope.name and fund.startswith(scope.name) and scope.scope != Scope.PARAGRAPH:
            fund = fund[len(scope.name) :]  # 东湖县申请补贴 in 东湖县's sentence: its 申请补贴
        if len(fund) >= 4 and FUND_NAME.search(fund) and not GENERIC_FUND.search(fund):
            return Subject(scope.name, scope.scope, scope.where, fund)  # 城乡居民医保财政补助资金预算…: a named fund
        if FUND_LEVEL.match(fund):
            return Subject(scope.name, scope.scope, scope.where, f"{fund}资金")  # 省级下达资金: that level's money
        if unit := UNIT_NAME.match(fund):
            return Subject(scope.name, scope.scope, scope.where, unit["unit"])  # 局机关预算执行率: that unit's
        if (part := COMPONENT.match(fund)) and not (ex is not None and part["part"] in _title(ex.doc.text)):
            return Subject(scope.name, scope.scope, scope.where, part["part"])  # 设备购置年初预算: that part's
        category = SPEND_CATEGORY.search(LINKING_END.sub("", label)) if kind == Kind.SPEND else None
        if category:  # 工资福利支出410万元: that part of the spending, not the total spend again
            return Subject(scope.name, scope.scope, scope.where, category.group(0))
        if scope in (PROJECT, DEPARTMENT) and ex is not None and _after_breakdown(ex.doc.text, span.start + end):
            return Subject(span.heading or "正文", Scope.PARAGRAPH, span.paragraph)  # 其中：项目支出年初预算…: a part's
        return scope
    if kind in (Kind.SCORE, Kind.SCORE_MAX) and TOTAL_WORDS.search(label):
        name = labels.canonical_subject(label)  # 总分, or 甲项目总分
        if (
            ex is not None
            and ex.report_kind == "project"
            and name.endswith("项目总分")
            and name[:-2] in ex.doc.text[:200]
        ):
            return TOTAL_SCORE  # a project report's own project, named in its title
        return named(name)
    if kind in (Kind.SCORE, Kind.SCORE_RATE, Kind.SCORE_MAX, Kind.WEIGHT, Kind.RATE):
        name = labels.canonical_subject(labels.strip_label(label, kind))
        if name:
            return named(name)
        if kind in (Kind.SCORE_RATE, Kind.RATE, Kind.SCORE) and prev_subject:
            return prev_subject  # 决策类指标分值15分，共计得分4分 / 得分率为…
        conclusion = load("subjects")["conclusion_section"].regex.search(span.heading)
        if kind == Kind.SCORE and SUBTOTAL_WORDS.search(label) and conclusion:
            return TOTAL_SCORE  # 二、自评结论 … 经综合评价，共计得分94.75分
        return named(labels.canonical_subject(span.heading) or span.heading)
    if kind == Kind.COUNT:
        return named(labels.count_subject(label, text[end:]))
    if kind in (Kind.TARGET, Kind.ACTUAL):
        return Subject()  # set when targets and actuals are paired (relations)
    return named(labels.strip_label(label, kind))


def point_in_time(before: str, report_year: int | None = None) -> str:
    """When the words `before` a figure date it, if not at the report year's end: another year (2022年实际支出…
    in a 2023 report → 2022年), or a point before the year's end (截至6月30日，支出… → 6月30日); '' when nothing
    dates it otherwise, or words naming the whole year come last (全年, 截至12月31日). Titles in 《》 date nothing."""
    before = BOOK_TITLE.sub("", before)
    if report_year:
        years = [int(m.group(1)) for m in YEAR_MENTION.finditer(before)]
        if years and years[-1] != report_year:
            return f"{years[-1]}年"
    last = next(reversed(list(POINT_IN_TIME.finditer(before))), None)
    if last is None or last["year"]:
        return ""
    return PROGRESS_WORDS.sub("", last["when"])


MONEY_OR_RATE = MONEY_FIGURES | {Kind.EXECUTION_RATE}  # figures whose subject is whose money
POINT_IN_TIME = load("subjects")["point_in_time"].regex
YEAR_MENTION = load("claims")["year"].regex
BOOK_TITLE = compiled(r"《[^》]{0,60}》")
PROGRESS_WORDS = compiled(r"^(?:截[至止]|到)\s*(?:\d{4}年)?\s*")  # 截至2023年6月30日 → 6月30日
COMPARISON = load("subjects")["comparison"].regex
TOTAL_WORDS = load("subjects")["total"].regex
SUBTOTAL_WORDS = load("subjects")["subtotal_words"].regex
SEGMENT_TOPIC = load("subjects")["segment_topic"].regex
FUND_PREFIX = load("funds")["fund_prefix"].regex
LEAD_FUND = load("funds")["lead_fund"].regex
FUND_NAME = load("funds")["fund_name"].regex
GENERIC_FUND = load("funds")["generic_fund"].regex
FUND_LEVEL = load("funds")["fund_level"].regex
UNIT_NAME = load("funds")["unit_name"].regex
COMPONENT = load("funds")["component"].regex
SPEND_CATEGORY = load("funds")["spend_category"].regex
LINKING_END = compiled(r"(?:为|是|共计|合计|总计|达到?|决算(?:数)?|[：:，,\s])+$")  # 工资福利支出为 → 工资福利支出
WHOLE_YEAR = load("funds")["whole_year"].regex
BUDGET_SECTION = load("funds")["budget_section"].regex


def _money_subject(text: str, span: Span, ex, at: int | None = None) -> Subject:
    """Whose money: a numbered project (2、绿化提升项目：预算…), the whole department (部门整体), this report's
    project (本项目), or — when that cannot be told — only this paragraph's (never compared elsewhere)."""
    local = Subject(span.heading or "正文", Scope.PARAGRAPH, span.paragraph)
    project = _numbered_project(ex.doc.text, span.start if at is None else at) if ex is not None else ""
    if project:
        return named(project)
    place = (_place_sentence(ex, span) or _place_heading(ex, span)) if ex is not None else ""
    if place:
        return named(place)  # 青阳县申请补贴…，实际支出…: that county's money, not the report's
    scope = labels.money_scope(text)
    if span.project and scope != "部门整体" and ex is not None and not _own_project(ex, span.project):
        return named(span.project)  # 1.河道保洁项目 on a line of its own: its money is that project's
    if ex is not None and scope != "项目":  # 主要项目资金执行情况如下：A全年预算…；B全年预算…
        doc_text = ex.doc.text
        sentence_start = max(doc_text.rfind("。", 0, span.start), doc_text.rfind("\n", 0, span.start)) + 1
        if labels.money_scope(doc_text[sentence_start : span.start]) == "项目":
            scope = "项目"
    kind = ex.report_kind if ex else ""
    if scope == "部门整体":
        if ex is not None:
            ex.paragraph_scope[span.paragraph] = DEPARTMENT
        return DEPARTMENT
    if scope == "项目":
        return PROJECT if kind == "project" and text.count("项目") == 1 else local
    if ex is not None and span.paragraph in ex.paragraph_scope:
        return ex.paragraph_scope[span.paragraph]
    if kind == "department" and WHOLE_YEAR.search(text):
        return DEPARTMENT  # 全年预算执行率为98.22%: in a department's report, with no project named
    heading_scope = labels.money_scope(span.heading)
    if heading_scope == "部门整体" or (
        kind == "department" and not heading_scope and BUDGET_SECTION.search(span.heading)
    ):
        return DEPARTMENT
    if kind == "project" and heading_scope != "部门整体":
        return PROJECT
    return local


NUMBERED_PROJECT = load("subjects")["numbered_project"].regex
PLACE_SENTENCE = load("subjects")["place_sentence"].regex
THAT_PLACE = compiled(r"\s*该(?:县|区|市|镇|乡|街道|社区|村)")
CLAUSE_REACH = 300  # characters looked back for the start of a figure's clause (a list of places may run long)


def _place_sentence(ex, span: Span) -> str:
    """The place the figure's clause after ；, or else its sentence, opens with (青阳县申请…；西园县…), unless
    the report's title names it (its own county)."""
    text = ex.doc.text
    lo = max(0, span.start - CLAUSE_REACH)
    for marks in ("\n。；;", "\n。"):
        start = max(text.rfind(c, lo, span.start) for c in marks) + 1
        if not start and lo:
            return ""  # no clause start near: a place, if any, is too far back to own this money
        if THAT_PLACE.match(text, start):  # 该县执行率85%: the place the sentence before opened with
            start = max(text.rfind(c, lo, start - 1) for c in "\n。") + 1
        m = PLACE_SENTENCE.match(text, start, min(len(text), start + 40))
        if m:
            return m["name"] if m["name"] not in _title(text) else ""
    return ""


def _place_heading(ex, span: Span) -> str:
    """A heading that is only a place (（一）东湖县): the money under it is that place's."""
    heading = span.heading.strip()
    m = PLACE_SENTENCE.match(f"{heading}：") if heading else None
    return m["name"] if m and m.end("name") == len(heading) and m["name"] not in _title(ex.doc.text) else ""


def _after_breakdown(text: str, at: int) -> bool:
    """Whether the sentence (or clause after ；) before `at` has opened a breakdown (其中): what it names
    is a part of a whole."""
    lo = max(0, at - CLAUSE_REACH)
    start = max(max(text.rfind(c, lo, at) for c in "。\n；;") + 1, lo)
    return "其中" in text[start:at]


def _title(text: str) -> str:
    """The document's first line (at most 200 characters): where a report names its own unit and project."""
    return text[: text.find("\n") if "\n" in text[:200] else 200]


def _own_project(ex, name: str) -> bool:
    """A project report's own project, named in its title: its money is the report's (本项目)."""
    return ex.report_kind == "project" and name in ex.doc.text[:200]


def _numbered_project(text: str, at: int) -> str:
    """The numbered project (1、道路维修项目：…) whose part of the paragraph `at` stands in, or ''."""
    start = text.rfind("\n", 0, at) + 1
    last = None
    for m in NUMBERED_PROJECT.finditer(text, start, at):
        last = m
    return last["name"].strip() if last else ""
