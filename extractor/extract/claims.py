"""Claims: what a report says about itself rather than a figure — the year it is about, that every
target was met, the scale it scores on, a scoring rule, headings dated a year, years dating budget
figures, anniversaries named as past, calendar dates, numbered items whose numbering repeats. Rules read
these instead of searching the text.
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..document import Document
from ..model import Claim, ClaimKind, Evidence, Fact, Kind
from ..reflow import TITLE_LINE
from .labels import report_year_match
from .numbering import repeated_numbers
from .segments import is_heading

SECTION_LEAD = 200  # characters before a paragraph in which its section may be named
YEAR_CONTEXT = 10  # characters either side of a year in which 上年/较… mark another period
BUDGET_AFTER = 24  # characters after a year in which the budget words follow it


def find_claims(doc: Document, facts: list[Fact]) -> list[Claim]:
    """Every claim of the document, given its facts."""
    words = load("claims")
    out = _report_year(doc)
    out += _title_years(doc, out)
    for key, kind in (("all_targets_met", ClaimKind.ALL_TARGETS_MET), ("items_met", ClaimKind.ITEMS_MET)):
        out += [
            Claim(kind, m.group(0), _evidence(doc, m.start(), m.end())) for m in words[key].regex.finditer(doc.text)
        ]
    out += _section_claims(doc)
    for key, kind in (("hundred_point_scale", ClaimKind.HUNDRED_POINT_SCALE),):
        m = words[key].regex.search(doc.text)
        if m:
            out.append(Claim(kind, m.group(0), _evidence(doc, m.start(), m.end())))
    m = load("rules")["score_by_rate"].regex.search(doc.text)
    if m:
        out.append(Claim(ClaimKind.SCORING_RULE, m.group(0), _evidence(doc, m.start(), m.end())))
    out += _heading_years(doc)
    out += _budget_years(doc, facts)
    out += _recalled(doc, facts)
    out += _unmet_verdicts(doc, facts)
    out += _dates(doc)
    out += repeated_numbers(doc)
    return out


def _evidence(doc: Document, start: int, end: int, quote: str | None = None) -> Evidence:
    page, bbox = doc.locate(start, end)
    quoted = doc.text[start:end] if quote is None else quote
    return Evidence(page, bbox, quoted, start, end, doc.line_of(start), place=doc.place_of(start))


def _report_year(doc: Document) -> list[Claim]:
    """The year in the title (the first 200 characters)."""
    m = report_year_match(doc.text[:200])
    if not m:
        return []
    project = PROJECT_OF_THE_YEAR.match(doc.text, m.start(), m.start() + 40) is not None
    ev = _evidence(doc, m.start(), m.end())
    return [Claim(ClaimKind.REPORT_YEAR, m.group(0), ev, value=int(m.group(1)), of_a_project=project)]


def _title_years(doc: Document, report_year: list[Claim]) -> list[Claim]:
    """Every other year the report year's line names (关于2023年预算执行情况和2024年预算草案的报告: a report on
    both years), but a date's (报告（2024年3月）)."""
    claims = load("claims")
    out = []
    for c in report_year:
        start = doc.text.rfind("\n", 0, c.evidence.start) + 1
        end = doc.text.find("\n", c.evidence.end)
        line = doc.text[start : end if end >= 0 else len(doc.text)]
        for m in claims["year"].regex.finditer(line):
            if int(m.group(1)) != c.value and not claims["date_after_year"].regex.match(line, m.end(1)):
                ev = _evidence(doc, start + m.start(), start + m.end())
                out.append(Claim(ClaimKind.TITLE_YEAR, m.group(0), ev, value=int(m.group(1))))
    return out


def _section_claims(doc: Document) -> list[Claim]:
    """指标均已完成 said in a paragraph: it covers that paragraph and the section named before it."""
    pat = load("claims")["section_targets_met"].regex
    out = []
    for a, b in doc.paragraphs():
        m = pat.search(doc.text, a, b)
        if m:
            ev = _evidence(doc, m.start(), m.end())
            lead = doc.text[max(0, a - SECTION_LEAD) : a]
            out.append(Claim(ClaimKind.SECTION_TARGETS_MET, m.group(0), ev, reach=(a, b), lead=lead))
    return out


def inside_quotes(text: str, pos: int) -> bool:
    """Within 《…》 or “…” (a cited title or a name) in the paragraph up to `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos]
    return before.count("《") > before.count("》") or before.count("“") > before.count("”")


def _heading_years(doc: Document) -> list[Claim]:
    """Years in headings, outside quotes (the title, which states the report year, is not a heading)."""
    words = load("claims")
    out, titles = [], []
    for k, (a, b) in enumerate(doc.paragraphs()):
        text = doc.text[a:b]
        if k == 0 or (k < 3 and "报告" in text):
            titles.append(text.strip())
        if k == 0 or (k < 3 and "报告" in text) or not (is_heading(text) or TITLE_LINE.match(text.strip())):
            continue  # a restated title (…年度…情况说明) is a heading too
        plans = bool(words["plans"].regex.search(text))
        accounts = bool(words["final_accounts"].regex.search(text))
        follow_up = bool(words["follow_up"].regex.search(text))
        for m in words["year"].regex.finditer(text):
            if inside_quotes(doc.text, a + m.start()):
                continue
            ev = _evidence(doc, a + m.start(), a + m.end(), quote=text.strip())
            out.append(Claim(ClaimKind.HEADING_YEAR, text.strip(), ev, int(m.group(1)), about_plans=plans,
                             prior_accounts=accounts, follows_up=follow_up))  # fmt: skip
    return _in_budget_document(out, titles, doc)


def _in_budget_document(headings: list[Claim], titles: list[str], doc: Document) -> list[Claim]:
    """Final accounts count as the year before's only where the report year's title or a heading of that
    year sets a budget (2023年预算安排 beside 2022年决算情况)."""
    year = next((c.value for c in _report_year(doc)), None)
    budget = load("claims")["budget_document"].regex
    sets_budget = any(budget.search(t) for t in titles) or any(
        c.value == year and budget.search(c.text) for c in headings
    )
    return [c if sets_budget or not c.prior_accounts else replace(c, prior_accounts=False) for c in headings]


def _budget_years(doc: Document, facts: list[Fact]) -> list[Claim]:
    """A year fact followed by budget words (2021年度部门整体支出), outside quotes, not looking back."""
    words = load("claims")
    out = []
    for y in facts:
        if y.kind != Kind.YEAR or y.source != "text":
            continue
        after = doc.text[y.evidence.end - 1 : y.evidence.end + BUDGET_AFTER]
        if not words["budget_after_year"].regex.match(after) or inside_quotes(doc.text, y.evidence.start):
            continue
        near = doc.text[max(0, y.evidence.start - YEAR_CONTEXT) : y.evidence.end + YEAR_CONTEXT]
        if words["looking_back"].regex.search(near):
            continue
        if words["compared_with"].regex.search(doc.text[max(0, y.evidence.start - 3) : y.evidence.start]):
            continue  # 比2021年…增加465.9万元: a comparison names the other year on purpose
        out.append(Claim(ClaimKind.BUDGET_YEAR, y.quantity.text, y.evidence, value=int(y.quantity.value), fact=y.id))
    return out


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence a stretch stands in (from the previous 。 or line start to the next)."""
    a = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [k for k in (text.find("。", end), text.find("\n", end)) if k >= 0]
    return text[a : min(ends) if ends else len(text)]


def _recalled(doc: Document, facts: list[Fact]) -> list[Claim]:
    """An anniversary whose sentence gives its year or looks back is named as past, not as this year's work."""
    looking_back = load("claims")["looking_back"].regex
    out = []
    for f in facts:
        if f.kind != Kind.ANNIVERSARY:
            continue
        sentence = sentence_around(doc.text, f.evidence.start, f.evidence.end)
        if str(int(f.quantity.value)) in sentence or looking_back.search(sentence):
            out.append(Claim(ClaimKind.RECALLED, f.label, f.evidence, value=int(f.quantity.value), fact=f.id))
    return out


HEADER_REACH = 2000  # characters: the actual column's header stands this close before the verdict
NAME_REACH = 40  # characters before a target in which its indicator is named
COMPARATORS = set("=＝≥≤><≧≦")


def _indicator_name(before: str, words) -> str:
    """The indicator a target belongs to: the words after the last cell boundary (a figure, a verdict,
    a header or level word) before it."""
    cut = words["cell_boundary"].regex
    pieces = cut.split(before)
    return (pieces[-1] if pieces else before).strip(" ：:，,>=<≥≤＝")


def _unmet_verdicts(doc: Document, facts: list[Fact]) -> list[Claim]:
    """A target with a direction (≥24500人, =100%) whose actual cell reads 未完成: the indicator falls short
    by the report's own word. Only in an indicator table (its actual column's header stands before it)."""
    words = load("claims")
    verdict, header = words["actual_unmet"].regex, words["actual_header"].regex
    out = []
    for f in facts:
        # the sign just before the figure (=100%); a table fact has no place in the text (start -1)
        compared = f.quantity.qualifier or (f.evidence.start > 0 and doc.text[f.evidence.start - 1] in COMPARATORS)
        if not (compared or f.kind == Kind.TARGET) or f.kind in (Kind.YEAR, Kind.ACTUAL):
            continue
        m = verdict.match(doc.text[f.evidence.end : f.evidence.end + 12])
        if m is None or not header.search(doc.text, max(0, f.evidence.start - HEADER_REACH), f.evidence.start):
            continue
        end = f.evidence.end + m.end()
        name = _indicator_name(doc.text[max(0, f.evidence.start - NAME_REACH) : f.evidence.start], words)
        start = f.evidence.start - (0 if f.quantity.qualifier or not compared else 1)  # =100%: the sign too
        claim = Claim(ClaimKind.TARGET_UNMET, m.group(0).strip(), _evidence(doc, start, end), fact=f.id)
        out.append(replace(claim, lead=name))
    return out


PAPERS = compiled(r"凭证|单据|文件|号文|档案|附件")
PROJECT_OF_THE_YEAR = compiled(
    r"\d{4}年度?[^，,。；;\n]{0,30}?(?:建设项目|工程|项目资金|专项资金|项目(?!支出绩效自评|绩效))"
)


def _numbers_papers(text: str, m) -> bool:
    """月…号 with papers named around it (记账凭证第8月36号, 12月75号凭证): a number, not a date."""
    return m.group(0).endswith("号") and bool(PAPERS.search(text, max(0, m.start() - 8), m.end() + 6))


def _dates(doc: Document) -> list[Claim]:
    """Calendar dates as written (2023年6月30日, 2023年6月, 至12月31日), year, month and day (0 where not
    written) in `parts`, for rules/impossible_date.py; Chinese numerals (二〇二三年六月) are not read."""
    words = load("claims")
    out = []
    for m in words["date"].regex.finditer(doc.text):
        if _numbers_papers(doc.text, m):
            continue
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
        out.append(Claim(ClaimKind.DATE, m.group(0), _evidence(doc, m.start(), m.end()), parts[0], parts=parts))
    for m in words["month_day"].regex.finditer(doc.text):
        if _numbers_papers(doc.text, m):
            continue
        parts = (0, int(m.group(1)), int(m.group(2)))
        out.append(Claim(ClaimKind.DATE, m.group(0), _evidence(doc, m.start(), m.end()), parts=parts))
    return sorted(out, key=lambda c: c.evidence.start)
