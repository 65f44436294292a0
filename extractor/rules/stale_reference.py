"""stale-reference: the report's own period is contradicted.

The report year is the year in its title. Reported: an anniversary that fell in an earlier year
named among this year's work (建党100周年 is 2021), a heading dated another year, and the report
year's budget or spending stated under another year. Years that are naturally about other years
are left alone: names of projects and awards (“……”2021年城市形象宣传项目, 2021年度优秀单位),
plans for the next year, documents cited by title, comparisons with 上年/去年.

Consistent (a 2022 report)::

    2022年度部门整体支出情况如下：年初预算100万元……  围绕迎接党的二十大开展宣传。

Inconsistent (a 2022 report)::

    确定本部门2022年度绩效目标如下：……围绕建党100周年开展主题宣传。
    2021年度部门整体支出情况如下：年初预算100万元……
"""

from __future__ import annotations

import regex

from ..model import Finding
from .context import make
from ..extract.segments import is_heading
from .context import Context

ID = "stale-reference"
SEVERITY = "warning"
LOOKING_BACK = regex.compile(r"上年|去年|上一年|此前|曾|回顾|相比|同比|较|以来|期间|历年")
YEAR_RE = regex.compile(r"(?<![0-9])((?:19|20)\d{2})\s*年度?")
BUDGET_WORDS = regex.compile(r"年度?[，,]?[^，,。；;“”《》]{0,14}?(?:部门|单位)?(?:整体)?(?:收支|预算|支出|决算)")
MONEY = {"budget_initial", "budget_adjusted", "budget", "spend"}


def check(ctx: Context):
    year = ctx.year
    if not year:
        return
    for f in ctx.by_kind.get("anniversary", []):
        event = int(f.quantity.value)
        sentence = _sentence_text(ctx, f)
        if event >= year or str(event) in sentence or LOOKING_BACK.search(sentence):
            continue
        yield make(
            ctx, ID, SEVERITY,
            f"{f.label}在{event}年，却出现在{year}年度报告的当年工作/目标中",
            f"{f.label} fell in {event}, yet it is named in the {year} report's work or targets",
            f"{event}", f"{year}", [f],
        )  # fmt: skip
    yield from _budget_years(ctx, year)
    yield from _heading_years(ctx, year)


def _inside_quotes(text: str, pos: int) -> bool:
    """Within 《…》 or “…” (a cited title or a name) in the paragraph up to `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos]
    return before.count("《") > before.count("》") or before.count("“") > before.count("”")


def _sentence_text(ctx, f) -> str:
    """The sentence the fact stands in (from the previous 。 or line start to the next)."""
    text = ctx.doc.text
    a = max(text.rfind("。", 0, f.evidence.start), text.rfind("\n", 0, f.evidence.start)) + 1
    ends = [k for k in (text.find("。", f.evidence.end), text.find("\n", f.evidence.end)) if k >= 0]
    return text[a : min(ends) if ends else len(text)]


def _budget_years(ctx, year: int):
    for s, facts in ctx.by_sentence.items():
        money = [f for f in facts if f.kind in MONEY]
        years = [f for f in facts if f.kind == "year" and int(f.quantity.value) != year]
        if not money or not years:
            continue
        for y in years:
            after = ctx.doc.text[y.evidence.end - 1 : y.evidence.end + 24]
            if not BUDGET_WORDS.match(after) or _inside_quotes(ctx.doc.text, y.evidence.start):
                continue
            if LOOKING_BACK.search(ctx.doc.text[max(0, y.evidence.start - 10) : y.evidence.end + 10]):
                continue
            yield make(
                ctx, ID, SEVERITY,
                f"{year}年度报告中的预算/支出数字标注为{y.quantity.text}",
                f"budget or spending figures of the {year} report are dated {y.quantity.text}",
                y.quantity.text, f"{year}年", [y, money[0]],
            )  # fmt: skip
            break


def _heading_years(ctx, year: int):
    """A heading dated another year (headings carry no facts: read their years here)."""
    from ..model import Evidence

    for k, (a, b) in enumerate(ctx.doc.paragraphs()):
        text = ctx.doc.text[a:b]
        if k == 0 or (k < 3 and "报告" in text) or not is_heading(text):
            continue  # the title states the report year; it is not a heading
        for m in YEAR_RE.finditer(text):
            y = int(m.group(1))
            if y == year or (y == year + 1 and regex.search(r"计划|打算|安排|措施|方向|思路|展望", text)):
                continue
            if _inside_quotes(ctx.doc.text, a + m.start()):
                continue
            page, bbox = ctx.doc.locate(a + m.start(), a + m.end())
            ev = Evidence(page, bbox, text.strip(), a + m.start(), a + m.end(), ctx.doc.line_of(a + m.start()))
            yield Finding(
                ctx.doc.path, ID, SEVERITY,
                f"标题“{text.strip()}”中的年份{y}与报告年度{year}不符",
                f"heading '{text.strip()}' is dated {y}, the report is about {year}",
                str(y), str(year), (ev,),
            )  # fmt: skip
