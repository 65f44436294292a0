"""Run the patterns over a Document and produce Facts: every figure, typed, with its subject and evidence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex

from jixiao.patterns import load

from ..document import Document
from ..model import MONEY_FIGURES, PERCENT_KINDS, SCORE_KINDS, Evidence, Fact, Kind
from ..numbers import Quantity, chinese_to_int, find_quantities
from .segments import Span, clause_start, split_sentences
from . import labels
from .formulas import find_equations, find_rules

QUOTE_RADIUS = 60  # characters of context either side of a figure in its quote


@dataclass
class Extraction:
    doc: Document
    facts: list[Fact] = field(default_factory=list)
    report_kind: str = ""  # department or project, from the title
    paragraph_scope: dict[int, str] = field(default_factory=dict)  # 部门整体 once a paragraph says so

    def add(self, **kw) -> Fact:
        f = Fact(id=len(self.facts), **{**kw, "kind": Kind(kw["kind"])})
        self.facts.append(f)
        return f

    def evidence(self, start: int, end: int, span: Span | None = None) -> Evidence:
        page, bbox = self.doc.locate(start, end)
        lo = max(span.start if span else 0, start - QUOTE_RADIUS)
        hi = min(span.end if span else len(self.doc.text), end + QUOTE_RADIUS)
        quote = self.doc.text[lo:hi].replace("\n", " ").strip()
        return Evidence(page, bbox, quote, start, end, self.doc.line_of(start))


def extract_span(ex: Extraction, span: Span) -> None:
    text = ex.doc.text[span.start : span.end]
    equations = find_equations(text)
    taken = [(eq.start, eq.end) for eq in equations] + [(r.start, r.start + len(r.text)) for r in find_rules(text)]
    for eq in equations:
        label_start = clause_start(text, eq.start, 0)
        label = text[label_start : eq.start].rstrip("=＝ ")
        ex.add(
            kind=Kind.FORMULA, subject=labels.canonical_subject(label) or label, quantity=eq.result,
            evidence=ex.evidence(span.start + eq.start, span.start + eq.end, span), label=label,
            sentence=span.sentence, segment=span.segment, paragraph=span.paragraph, section=span.heading,
            operands=eq.operands, tree=eq.tree,
        )  # fmt: skip
        for q, at in zip(eq.operands, eq.operand_starts):  # each term is a figure of its own
            ex.add(
                kind=Kind.TERM, subject=labels.canonical_subject(label) or label, quantity=q,
                evidence=ex.evidence(span.start + at, span.start + at + len(q.text), span), label=label,
                sentence=span.sentence, segment=span.segment, paragraph=span.paragraph, section=span.heading,
            )  # fmt: skip
    prev_end, prev_subject, prev_points_subject = 0, "", ""
    lead = LEAD_FUND.match(text)
    fund = lead["fund"] if lead else ""  # 县级配套资金拨付进度偏慢，执行率为89.90%: the fund's rate
    for s, e, q in find_quantities(text):
        if any(a <= s < b for a, b in taken):
            continue
        label = text[clause_start(text, s, prev_end) : s]
        kind = labels.kind_of(label, q)
        if kind == Kind.AMOUNT and len(label.strip()) <= 2:  # （说明：全年预算数以…为准，共1068.19万元）
            kind = labels.topic_kind(text[:s], q) or kind
        inferred = False
        bracketed = kind == Kind.NUMBER and q.base_unit == "分" and text[s - 1 : s] in "（(" and text[e : e + 1] in "）)"
        if bracketed:
            kind = Kind.SCORE_MAX  # 目标完整性（5分）: the points an item is worth
            label = _name_before(text, s - 1)
        subject = _subject(kind, label, text, e, span, prev_points_subject if kind == Kind.SCORE else prev_subject, ex)
        topic = SEGMENT_TOPIC.match(text)
        if kind in (Kind.SCORE, Kind.SCORE_MAX) and topic and not labels.canonical_subject(labels.strip_label(label, kind)):
            subject = labels.canonical_subject(topic["name"]) or subject  # 产出指标共设置8个…，得40分
        own_name = labels.canonical_subject(labels.strip_label(label, kind))
        if not own_name and kind in (Kind.SCORE, Kind.SCORE_MAX, Kind.SCORE_RATE) and not subject.endswith("总分"):
            named = _name_before_clause(text, clause_start(text, s, 0))
            if named:
                subject = labels.canonical_subject(named) or named  # 1.目标完整性（5分）：得分4.75分
            elif subject != prev_subject:
                inferred = True
        if kind == Kind.SCORE and ex.report_kind == "project" and subject.endswith("项目") and subject in ex.doc.text[:200]:
            subject = "总分"  # a project report scoring its own project (named in the title)
        if load("subjects")["comparison"].regex.search(text[clause_start(text, s, 0) : s]) and not subject.startswith("上年·"):
            subject = f"上年·{subject}"  # 较2021年…得分40分: another year's figure
        if kind in MONEY_FIGURES | {Kind.EXECUTION_RATE}:
            if "·" in subject:
                fund = subject.split("·", 1)[1]  # 城乡居民医保财政补助资金全年预算…，实际支出…，执行率…: all the fund's
            elif fund and not FUND_PREFIX.sub("", labels.strip_label(label, kind)).strip(" ，,：:"):
                subject = f"{subject}·{fund}"  # an unnamed figure after a named fund belongs to it
        if kind in SCORE_KINDS | PERCENT_KINDS and subject:
            prev_subject = subject
        if kind in SCORE_KINDS and subject and not inferred:
            prev_points_subject = subject
        ex.add(
            kind=kind, subject=subject, quantity=q, evidence=ex.evidence(span.start + s, span.start + e, span),
            label=label.strip(), sentence=span.sentence, segment=span.segment, paragraph=span.paragraph,
            section=span.heading, inferred=inferred,
        )  # fmt: skip
        prev_end = e


NAME_BEFORE_COLON = regex.compile(r"(?:^|[。；;，,\s])(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])?(?P<name>[\p{Han}A-Za-z]{2,16})(?:[（(][^）)]{0,12}[）)])?[：:]\s*$")


def _name_before(text: str, end: int) -> str:
    """The run of characters naming something, ending at `end` (预算执行率 in 预算执行率（10分）)."""
    m = regex.search(r"[\p{Han}A-Za-z]{2,16}$", text[max(0, end - 16) : end])
    return m.group(0) if m else ""


def _name_before_clause(text: str, start: int) -> str:
    """The item a clause answers for: 1.目标完整性（5分）：得分… → 目标完整性."""
    m = NAME_BEFORE_COLON.search(text[max(0, start - 40) : start])
    return m["name"] if m else ""


def _subject(kind: str, label: str, text: str, end: int, span: Span, prev_subject: str, ex=None) -> str:
    subject = _plain_subject(kind, label, text, end, span, prev_subject, ex)
    if load("subjects")["comparison"].regex.search(label):
        return f"上年·{subject}"  # 较上年执行率90%: another year's figure, never this year's
    return subject


def _plain_subject(kind: str, label: str, text: str, end: int, span: Span, prev_subject: str, ex=None) -> str:
    if kind in MONEY_FIGURES | {Kind.EXECUTION_RATE}:
        scope = _money_subject(text, span, ex)
        fund = FUND_PREFIX.sub("", labels.strip_label(label, kind)).strip(" ，,：:")
        if len(fund) >= 4 and FUND_NAME.search(fund) and not GENERIC_FUND.search(fund):
            return f"{scope}·{fund}"  # 城乡居民医保财政补助资金预算…: a named fund, not the whole
        return scope
    if kind in (Kind.SCORE, Kind.SCORE_MAX) and load("subjects")["total"].regex.search(label):
        name = labels.canonical_subject(label)  # 总分, or 甲项目总分
        if ex is not None and ex.report_kind == "project" and name.endswith("项目总分") and name[:-2] in ex.doc.text[:200]:
            return "总分"  # a project report's own project, named in its title
        return name
    if kind in (Kind.SCORE, Kind.SCORE_RATE, Kind.SCORE_MAX, Kind.WEIGHT, Kind.RATE):
        name = labels.canonical_subject(labels.strip_label(label, kind))
        if name:
            return name
        if kind in (Kind.SCORE_RATE, Kind.RATE, Kind.SCORE) and prev_subject:
            return prev_subject  # 决策类指标分值15分，共计得分4分 / 得分率为…
        if kind == Kind.SCORE and SUBTOTAL_WORDS.search(label) and load("subjects")["conclusion_section"].regex.search(span.heading):
            return "总分"  # 二、自评结论 … 经综合评价，共计得分94.75分
        return labels.canonical_subject(span.heading) or span.heading
    if kind == Kind.COUNT:
        return labels.count_subject(label, text[end:])
    if kind in (Kind.TARGET, Kind.ACTUAL):
        return ""  # set when targets and actuals are paired (relations)
    return labels.strip_label(label, kind)


SUBTOTAL_WORDS = regex.compile(r"共计|合计|总计|综合")
SEGMENT_TOPIC = regex.compile(r"^(?P<name>\p{Han}{2,8}?(?:指标|效能|部分|类指标))(?=共|设|，|,|分值|满分)")
FUND_PREFIX = regex.compile(r"^(?:其中|我办|我局|我委|本部门|本单位|部门整体|单位整体|全年|年度|\d{4}年度?|，|,)+")
LEAD_FUND = regex.compile(r"^(?:其中[：:，,]?)?(?P<fund>\p{Han}{2,12}?(?:资金|经费|补助|补贴|基金|专款))(?!总额|总计|合计)(?=[^，,。；;\d]{0,8}(?:进度|执行|支出|预算|拨付|到位))")
FUND_NAME = regex.compile(r"(?:资金|经费|补助|补贴|基金|专款|拨款)$")  # a fund is named as one
GENERIC_FUND = regex.compile(r"因|追加|调整|减少|增加|用于|^(?:部门|单位|整体|全年|年初|调整后|实际|累计|截至|截止|合计|共计|总计)|情况如下|^[^\p{Han}]")
WHOLE_YEAR = regex.compile(r"全年(?:预算)?(?:执行率|支出率)|全年(?:实际)?支出|全年预算(?:数)?(?:为|调整为)")
BUDGET_SECTION = regex.compile(r"收支|预算|支出|执行|资金")


def _money_subject(text: str, span: Span, ex) -> str:
    """Whose money: the whole department (部门整体), this report's project (本项目), or — when that
    cannot be told — only this paragraph's (never compared with figures elsewhere)."""
    local = f"{span.heading or '正文'}#{span.paragraph}"
    scope = labels.money_scope(text)
    if ex is not None and scope != "项目":  # 主要项目资金执行情况如下：A全年预算…；B全年预算…
        doc_text = ex.doc.text
        sentence_start = max(doc_text.rfind("。", 0, span.start), doc_text.rfind("\n", 0, span.start)) + 1
        if labels.money_scope(doc_text[sentence_start : span.start]) == "项目":
            scope = "项目"
    kind = ex.report_kind if ex else ""
    if scope == "部门整体":
        if ex is not None:
            ex.paragraph_scope[span.paragraph] = scope
        return scope
    if scope == "项目":
        return "本项目" if kind == "project" and text.count("项目") == 1 else local
    if ex is not None and span.paragraph in ex.paragraph_scope:
        return ex.paragraph_scope[span.paragraph]
    if kind == "department" and WHOLE_YEAR.search(text):
        return "部门整体"  # 全年预算执行率为98.22%: in a department's report, with no project named
    heading_scope = labels.money_scope(span.heading)
    if heading_scope == "部门整体" or (kind == "department" and not heading_scope and BUDGET_SECTION.search(span.heading)):
        return "部门整体"
    if kind == "project" and heading_scope != "部门整体":
        return "本项目"
    return local


def attach_rules(ex: Extraction, spans: list[Span]) -> None:
    """A stated rule (超过100%的按100%计算) belongs to the next written-out formula nearby."""
    by_paragraph: dict[int, tuple[int, int]] = {}
    for sp in spans:
        a, b = by_paragraph.get(sp.paragraph, (sp.start, sp.end))
        by_paragraph[sp.paragraph] = (min(a, sp.start), max(b, sp.end))
    formulas = [f for f in ex.facts if f.kind == "formula"]
    for p, (a, b) in by_paragraph.items():
        for rule in find_rules(ex.doc.text[a:b]):
            at = a + rule.start
            after = [f for f in formulas if f.evidence.start >= at and f.paragraph <= p + 2]
            target = min(after, key=lambda f: f.evidence.start, default=None)
            if target is None:  # 平均值=(…)/3=97.67%（超过100%的按100%计）: the rule follows its formula
                before = [f for f in formulas if f.paragraph == p and f.evidence.start < at]
                target = max(before, key=lambda f: f.evidence.start, default=None)
            if target is None:
                continue
            ex.facts[target.id] = replace(target, rule=rule)


def extract_years(ex: Extraction, spans: list[Span]) -> None:
    """Anniversaries as the year they fall in (建党100周年 → 2021)."""
    for span in spans:
        text = ex.doc.text[span.start : span.end]
        for pat in load("anniversaries").values():
            for m in pat.regex.finditer(text):
                n = int(m["n"]) if m["n"].isdigit() else chinese_to_int(m["n"])
                if n is None:
                    continue
                year = Decimal(int(pat.value) + n)
                q = Quantity(m.group(0), year, 0, "年", "年", year, year, year, "")
                ex.add(
                    kind=Kind.ANNIVERSARY, subject=pat.name, quantity=q,
                    evidence=ex.evidence(span.start + m.start(), span.start + m.end(), span), label=m.group(0),
                    sentence=span.sentence, segment=span.segment, paragraph=span.paragraph, section=span.heading,
                )  # fmt: skip
