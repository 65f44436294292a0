"""stale-reference: the report's own period is contradicted.

The report year is the year in its title. Reported: an anniversary that fell in an earlier year
named among this year's work (建党100周年 is 2021), a heading dated another year, and the report
year's budget or spending stated under another year. Years that are naturally about other years
are left alone: names of projects and awards (“……”2021年城市形象宣传项目, 2021年度优秀单位),
plans for the next year, the follow-up of an earlier year's evaluation (2022年度绩效评价整改情况),
documents cited by title, comparisons with 上年/去年, the year before's final accounts in a document
setting this year's budget (一、2023年预算安排情况 二、2022年决算情况), and later years' funding of a
project named by the year it was set up (2023年…建设项目绩效评价报告).

Consistent (a 2022 report)::

    2022年度部门整体支出情况如下：年初预算100万元……  围绕迎接党的二十大开展宣传。

Inconsistent (a 2022 report)::

    确定本部门2022年度绩效目标如下：……围绕建党100周年开展主题宣传。
    2021年度部门整体支出情况如下：年初预算100万元……
"""

from __future__ import annotations

from ..model import MONEY_FIGURES, ClaimKind, Finding, Kind
from .context import Context, make

ID = "stale-reference"
SEVERITY = "warning"
SUMMARY_ZH = "与报告自身所属的年度相矛盾。"  # what it checks (in English: the docstring's first paragraph)


def check(ctx: Context):
    year = ctx.year
    if not year:
        return
    titles = [c for c in ctx.claims_of(ClaimKind.REPORT_YEAR) if c.value == year][:1]
    title = titles[0].text if titles else f"{year}年度"  # the report's year as its title prints it
    recalled = {c.fact for c in ctx.claims_of(ClaimKind.RECALLED)}
    for f in ctx.by_kind.get(Kind.ANNIVERSARY, []):
        event = int(f.quantity.value)
        if event >= year or f.id in recalled:
            continue
        yield make(
            ctx,
            ID,
            SEVERITY,
            f"{f.label}在{event}年，却出现在“{title}”报告的当年工作/目标中",
            f"{f.label} fell in {event}, yet it is named in the work or targets of the “{title}” report",
            f"{event}年",
            f"{year}年",
            [f],
            tuple(titles),
        )
    yield from _budget_years(ctx, year, title, titles)
    yield from _heading_years(ctx, year, title, titles)


def _budget_years(ctx, year: int, title: str, titles: list):
    dating = {c.fact for c in ctx.claims_of(ClaimKind.BUDGET_YEAR)}
    # 2023年高标准农田建设项目…评价报告: a project named by the year it was set up is funded and paid later too
    later_is_fine = bool(titles and titles[0].of_a_project)
    for facts in ctx.by_sentence.values():
        money = [f for f in facts if f.kind in MONEY_FIGURES]  # a sum in 元 of any kind: the year dates budget words
        years = [f for f in facts if f.kind == Kind.YEAR and int(f.quantity.value) != year]
        if not money or not years or any(f.kind == Kind.YEAR and int(f.quantity.value) == year for f in facts):
            continue  # a sentence that also dates figures with the report's year compares the two years
        for y in years:
            if y.id not in dating or (later_is_fine and int(y.quantity.value) > year):
                continue
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"“{title}”报告中的预算/支出数字标注为“{y.quantity.text}”",
                f"budget or spending figures of the “{title}” report are dated “{y.quantity.text}”",
                y.quantity.text,
                f"{year}年",
                [y, money[0]],
                tuple(titles),
            )
            break


def _heading_years(ctx, year: int, title: str, titles: list):
    """A heading dated another year (next year is fine in a heading about plans, the year before in one about
    final accounts set beside this year's budget, an earlier year in one about following up its evaluation)."""
    named = {c.value for c in ctx.claims_of(ClaimKind.TITLE_YEAR)}
    headings = ctx.claims_of(ClaimKind.HEADING_YEAR)
    own = {c.text for c in headings if c.value == year}  # a heading that also names the report year compares
    for c in headings:
        y = c.value
        if y == year or y in named or c.text in own:
            continue
        if (y == year + 1 and c.about_plans) or (y == year - 1 and c.prior_accounts) or (y < year and c.follows_up):
            continue
        yield Finding(
            ctx.doc.path,
            ID,
            SEVERITY,
            f"标题“{c.text}”中的年份{y}年与报告年度“{title}”不符",
            f"heading “{c.text}” is dated {y}, the report is about “{title}”",
            f"{y}年",
            f"{year}年",
            (c.evidence, *(t.evidence for t in titles)),
        )
