"""Text facts: every figure of a sentence, typed by the words before it, with its subject and evidence;
written-out formulas and their terms; stated rules attached to formulas; anniversaries as years."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao.patterns import found_nowhere, load
from jixiao.patterns.precompiled import compiled

from ..document import Document
from ..model import MONEY_KINDS, PERCENT_KINDS, SCORE_KINDS, TOTAL_SCORE, Evidence, Fact, Kind, Subject
from ..numbers import Quantity, as_wan_yuan, chinese_to_int, find_quantities, parse_quantity
from . import labels
from .formulas import RULE_KINDS, find_equations, find_rules
from .items import NO_ITEM, Items
from .project_forms import Projects
from .segments import CLAUSE_MAX_CHARS, Span, clause_start
from .subjects import (
    COMPARISON,
    FUND_PREFIX,
    LEAD_FUND,
    MONEY_OR_RATE,
    SEGMENT_TOPIC,
    figure_subject,
    name_before,
    name_before_clause,
    named,
    point_in_time,
)
from .unit_headings import UnitHeadings

REVENUE_TOPIC = load("measures")["revenue_topic"].regex
MONEY_WORDS = load("measures")["money_words"].regex
COUNTED_AFTER_WAN = load("measures")["counted_after_wan"].regex
QUOTE_RADIUS = 60  # characters of context either side of a figure in its quote
# a label and its figure (中央补助502.00其中), not a row of cells (65 65 64, |0.00|3.36|)
LABEL_BEFORE, WORDS_AFTER = compiled(r"(?:\p{Han}|[)）:：])\s*$"), compiled(r"\s*(?:\p{Han}|\n|$)")
HEADED_WHOLE_MIN = 100  # a smaller whole number under a (万元) heading may as well number a column (列次 3, 4)
# not money, though beside money words: a rate, a share, points, a mean or a unit price (资金执行率 98.00, 户均补助 0.47)
NOT_MONEY_NAME = load("measures")["not_money_name"].regex
FIGURE_END = compiled(r"[\d%％]")
NOUN_AFTER = compiled(r"[”’」]?\s*[（(\-—]?\s*\p{Han}")
HEADED_LABEL_CHARS = 12  # characters before a figure under a (万元) heading in which a money word must stand
SCORE_OR_PERCENT = SCORE_KINDS | PERCENT_KINDS
ANCHORED = ("subject", "quantity", "evidence", "label", "sentence", "segment", "paragraph", "section")


# a file number's year run into what follows it (财建〔20202185000万元: 〔2020〕218号 and 5000万元, the 〕号 lost):
# no figure can be told from it
GLUED_FILE_NUMBER = compiled(r"(?<=[〔［【\[])(?:19|20)\d{2}\d")


@dataclass
class Extraction:
    doc: Document
    facts: list[Fact] = field(default_factory=list)
    report_kind: str = ""  # department or project, from the title
    report_year: int | None = None  # the year in the title
    paragraph_scope: dict[int, Subject] = field(default_factory=dict)  # 部门整体 once a paragraph says so
    items: Items = field(init=False)  # the enumerated items of each paragraph
    unit_headings: UnitHeadings = field(init=False)  # stretches of bare figures under a (万元)
    states_rules: bool = field(init=False)  # the text states a rule (超过100%的按100%计算) somewhere
    projects: Projects = field(init=False)  # the forms of several projects in one file, by their name rows

    def __post_init__(self) -> None:
        self.items = Items(self.doc.text)
        self.unit_headings = UnitHeadings(self.doc.text)
        self.projects = Projects(self.doc)
        rules = load("rules")
        self.states_rules = not all(found_nowhere(rules[k].regex, self.doc.text) for k in RULE_KINDS)

    def add(self, **kw) -> Fact:
        kind, subject = kw["kind"], kw.get("subject", "")
        if type(kind) is not Kind:
            kw["kind"] = Kind(kind)
        if not isinstance(subject, Subject):
            kw["subject"] = Subject(subject)
        f = Fact(id=len(self.facts), **kw)
        self.facts.append(f)
        return f

    def add_about(self, kind: Kind, anchor: Fact, **kw) -> Fact:
        """A fact about other facts, standing where `anchor` stands (a sum at its total)."""
        where = {name: getattr(anchor, name) for name in ANCHORED}
        return self.add(kind=kind, **{**where, **kw})

    def evidence(self, start: int, end: int, span: Span | None = None) -> Evidence:
        page, bbox = self.doc.locate(start, end)
        lo = max(span.start if span else 0, start - QUOTE_RADIUS)
        hi = min(span.end if span else len(self.doc.text), end + QUOTE_RADIUS)
        quote = self.doc.text[lo:hi].replace("\n", " ").strip()
        place = self.doc.place_of(start) if self.doc.places else ""  # only Word and Excel name places
        return Evidence(page, bbox, quote, start, end, self.doc.line_of(start), place=place)


def extract_span(ex: Extraction, span: Span) -> None:
    """The facts of one segment: its formulas and their terms, then every other figure."""
    text = ex.doc.text[span.start : span.end]
    equations = find_equations(text)
    rules = find_rules(text) if ex.states_rules else []
    taken = [(eq.start, eq.end) for eq in equations] + [(r.start, r.start + len(r.text)) for r in rules]
    for eq in equations:
        _formula_facts(ex, span, text, eq)
    run = _Run()
    lead = LEAD_FUND.match(text)
    run.fund = lead["fund"] if lead else ""  # 县级配套资金拨付进度偏慢，执行率为89.90%: the fund's rate
    for s, e, q in find_quantities(text):
        if not any(a <= s < b for a, b in taken) and not GLUED_FILE_NUMBER.match(text, s):
            _figure_fact(ex, span, text, (s, e, q), run)


def _formula_facts(ex: Extraction, span: Span, text: str, eq) -> None:
    label = text[clause_start(text, eq.start, 0) : eq.start].rstrip("=＝ ")
    common = {
        "subject": labels.canonical_subject(label) or label,
        "label": label,
        "sentence": span.sentence,
        "segment": span.segment,
        "paragraph": span.paragraph,
        "section": span.heading,
    }
    ex.add(
        kind=Kind.FORMULA,
        quantity=eq.result,
        evidence=ex.evidence(span.start + eq.start, span.start + eq.end, span),
        operands=eq.operands,
        tree=eq.tree,
        **common,
    )
    for q, at in zip(eq.operands, eq.operand_starts):  # each term is a figure of its own
        ex.add(
            kind=Kind.TERM,
            quantity=q,
            evidence=ex.evidence(span.start + at, span.start + at + len(q.text), span),
            **common,
        )


@dataclass
class _Run:
    """What one segment's figures pass on to the next: where the last label ended, the last subjects, a fund."""

    prev_end: int = 0
    prev_subject: Subject = Subject()
    prev_points_subject: Subject = Subject()
    fund: str = ""
    last_money: bool = False  # the last figure was money
    money_list: bool = False  # a 其中 after money opened a list of its parts (其中设备购置180万，工程施工100万)


def _money_in_wan(text: str, label: str, end: int, run: _Run, q: Quantity) -> bool:
    """A figure in 万 alone is money when its label names money (or a money kind: 全年执行数) or it is a part of
    money's 其中 list, and no word after it names what is counted (50万粒)."""
    if COUNTED_AFTER_WAN.match(text[end : end + 4]):
        return False
    if MONEY_WORDS.search(label) or run.money_list or (run.last_money and "其中" in label):
        return True
    return labels.kind_of(label, as_wan_yuan(q)) in MONEY_KINDS


def _in_heading_unit(ex: Extraction, span: Span, text: str, figure) -> Quantity | None:
    """A bare figure beside its money label under a (万元) heading, in the heading's unit (unit_headings.py)."""
    s, e, q = figure
    if q.unit or q.qualifier or not (q.decimals or abs(q.value) >= HEADED_WHOLE_MIN):
        return None
    unit = ex.unit_headings.unit_at(span.start + s)
    label = FIGURE_END.split(text[max(0, s - HEADED_LABEL_CHARS) : s])[-1]  # the words since the last figure
    if not unit or not MONEY_WORDS.search(label) or NOT_MONEY_NAME.search(label):
        return None
    if not (LABEL_BEFORE.search(text[max(0, s - 3) : s]) and WORDS_AFTER.match(text, e)):
        return None
    return parse_quantity(q.text + unit)


def _item(ex: Extraction, at: int, headed: bool) -> int:
    """The enumerated item a figure stands in; a figure under a (万元) heading, outside any list, is in its
    heading's block (an item of its own)."""
    item = ex.items.item_at(at)
    return ex.unit_headings.block_at(at) if item == NO_ITEM and headed else item


WORTH_THEN_SCORE = load("measures")["worth_then_score"].regex
GLUED_AFTER = compiled(r"[\^~`＾$]?[0-9]")  # 比例880%^80%8: the next cell's figure follows a % with no gap


def _figure_fact(ex: Extraction, span: Span, text: str, figure, run: _Run) -> None:
    s, e, q = figure
    quoted = s and text[s - 1] in "“‘「" and text[e : e + 1] in "”’」"  # 指标值为“100%”: named before the quote
    clause = clause_start(text, s - 1 if quoted else s, 0)
    label = text[max(clause, run.prev_end, s - CLAUSE_MAX_CHARS) : s]  # = clause_start(text, s, run.prev_end)
    if headed := _in_heading_unit(ex, span, text, figure):
        q = headed  # 资金(万元)…中央补助502.00: money in the heading's unit
    if q.unit == "万" and _money_in_wan(text, label, e, run, q):
        q = as_wan_yuan(q)  # 预算50万, 财政拨款180万: 万 beside money is 万元
    run.money_list = run.money_list or (run.last_money and "其中" in label)
    run.last_money = q.base_unit == "元"
    kind = labels.kind_of(label, q)
    if kind == Kind.ACTUAL and not q.base_unit and NOUN_AFTER.match(text, e):
        kind = Kind.NUMBER  # 实际完成值为“0”投诉: a count of something else, not the indicator's actual
    if kind == Kind.AMOUNT and len(label.strip()) <= 2:  # （说明：全年预算数以…为准，共1068.19万元）
        kind = labels.topic_kind(text[:s], q) or kind
    if kind == Kind.EXECUTION_RATE and REVENUE_TOPIC.search(text[:s]):
        kind = Kind.RATE  # 收入…完成预算的127%: revenue collected, not spending's execution rate
    bracketed = kind == Kind.NUMBER and q.base_unit == "分" and text[s - 1 : s] in "（(" and text[e : e + 1] in "）)"
    if bracketed:
        kind = Kind.SCORE_MAX  # 目标完整性（5分）: the points an item is worth
        label = name_before(text, s - 1)
    if q.base_unit == "分" and kind in (Kind.NUMBER, Kind.SCORE_MAX) and WORTH_THEN_SCORE.match(text, e):
        kind = Kind.SCORE_MAX  # 产出指标50分得48分: the points the item is worth, then its score
    before = run.prev_points_subject if kind == Kind.SCORE else run.prev_subject
    subject = figure_subject(kind, label, text, e, span, before, ex)
    subject, inferred = _score_subject(ex, kind, label, text, clause, subject, run.prev_subject)
    if COMPARISON.search(text[clause:s]) and not subject.prior:
        subject = replace(subject, prior=True)  # 较2021年…得分40分: another year's figure
    if kind in MONEY_OR_RATE and not subject.prior and (when := point_in_time(text[:s], ex.report_year)):
        subject = replace(subject, when=when)  # 截至6月30日 / 2022年，实际支出…: not this year's spend
    if kind in MONEY_OR_RATE:
        if subject.fund:
            run.fund = subject.fund  # 城乡居民医保财政补助资金全年预算…，实际支出…，执行率…: all the fund's
        elif (
            run.fund and not subject.prior and not FUND_PREFIX.sub("", labels.strip_label(label, kind)).strip(" ，,：:")
        ):
            subject = replace(subject, fund=run.fund)  # an unnamed figure after a named fund belongs to it
    if kind in SCORE_OR_PERCENT and subject:
        run.prev_subject = subject
    if kind in SCORE_KINDS and subject and not inferred:
        run.prev_points_subject = subject
    elif kind == Kind.SCORE_MAX:
        run.prev_points_subject = Subject()  # （50分）named by no word of its own: a new item's worth, not the last's
    ex.add(
        kind=kind,
        subject=subject,
        quantity=q,
        evidence=ex.evidence(span.start + s, span.start + e, span),
        label=label.strip(),
        sentence=span.sentence,
        segment=span.segment,
        paragraph=span.paragraph,
        section=span.heading,
        item=_item(ex, span.start + s, headed is not None),
        inferred=inferred,
        glued=q.base_unit == "%" and bool(GLUED_AFTER.match(text, e)),
    )
    run.prev_end = e


def _score_subject(ex, kind, label, text, clause: int, subject: Subject, prev_subject: Subject) -> tuple[Subject, bool]:
    """A score's subject from the segment's topic or the item the clause (starting at `clause`) answers
    for; whether it was only inferred from the section heading."""
    inferred = False
    own_name = labels.canonical_subject(labels.strip_label(label, kind))
    if kind in (Kind.SCORE, Kind.SCORE_MAX) and not own_name and (topic := SEGMENT_TOPIC.match(text)):
        subject = named(labels.canonical_subject(topic["name"])) or subject  # 产出指标共设置8个…，得40分
    if not own_name and kind in (Kind.SCORE, Kind.SCORE_MAX, Kind.SCORE_RATE) and not str(subject).endswith("总分"):
        item = name_before_clause(text, clause)
        if item:
            subject = named(labels.canonical_subject(item) or item)  # 1.目标完整性（5分）：得分4.75分
        elif subject != prev_subject:
            inferred = True
    if (
        kind == Kind.SCORE
        and ex.report_kind == "project"
        and str(subject).endswith("项目")
        and str(subject) in ex.doc.text[:200]
    ):
        subject = TOTAL_SCORE  # a project report scoring its own project (named in the title)
    return subject, inferred


def attach_rules(ex: Extraction, spans: list[Span]) -> None:
    """A stated rule (超过100%的按100%计算) belongs to the next written-out formula nearby."""
    if not ex.states_rules:
        return
    by_paragraph: dict[int, tuple[int, int]] = {}
    for sp in spans:
        a, b = by_paragraph.get(sp.paragraph, (sp.start, sp.end))
        by_paragraph[sp.paragraph] = (min(a, sp.start), max(b, sp.end))
    formulas = [f for f in ex.facts if f.kind == Kind.FORMULA]
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
    present = [pat for pat in load("anniversaries").values() if not found_nowhere(pat.regex, ex.doc.text)]
    for span in spans if present else ():
        text = ex.doc.text[span.start : span.end]
        for pat in present:
            for m in pat.regex.finditer(text):
                n = int(m["n"]) if m["n"].isdigit() else chinese_to_int(m["n"])
                if n is None:
                    continue
                year = Decimal(int(pat.value) + n)
                q = Quantity(m.group(0), year, 0, "年", "年", year, year, year, "")
                ex.add(
                    kind=Kind.ANNIVERSARY,
                    subject=pat.subject or pat.name,
                    quantity=q,
                    evidence=ex.evidence(span.start + m.start(), span.start + m.end(), span),
                    label=m.group(0),
                    sentence=span.sentence,
                    segment=span.segment,
                    paragraph=span.paragraph,
                    section=span.heading,
                )
