"""impossible-date: a date that cannot exist (a month past 12, a day past its month's end, a year cut to
three digits), most likely a typing slip in a date the auditor may rely on.

The day is judged by the month it is in: 29 February only in a leap year, 31 only in a month that has it;
a day written without its year (至2月29日) is allowed the 29th, and 月…号 beside vouchers or files, or past
the 31st with no year, is left alone (12月75号凭证 numbers a month's vouchers). A warning: what the date should
have been cannot be told.

Consistent::

    项目于2024年2月29日开工，2023年12月31日前完成验收，绩效评价期间为1月1日至12月31日。

Inconsistent::

    项目于2023年2月29日开工，6月31日前完成验收，202年3月通过审计。
"""

from __future__ import annotations

import calendar

from ..model import ClaimKind, Finding
from .context import Context

ID = "impossible-date"
SEVERITY = "warning"
SUMMARY_ZH = "日期不存在（月份超过12、日期超过当月天数、年份只有三位）。"


def check(ctx: Context):
    for c in ctx.claims_of(ClaimKind.DATE):
        year, month, day = c.parts
        if c.text.endswith("号") and not year and day > 31:
            continue  # 12月75号凭证: 月…号 numbers a month's vouchers or files as often as it dates
        if 0 < year < 1000:
            zh, en, expected = f"年份“{year}年”只有三位数字", f"the year “{year}” has three digits", "四位年份"
        elif not 1 <= month <= 12:
            zh, en, expected = f"月份“{month}月”不存在", f"there is no month {month}", "1–12月"
        elif day and not 1 <= day <= (last := _days(year, month)):
            where = f"{year}年{month}月" if year else f"{month}月"
            zh, en = f"{where}只有{last}天，没有{day}日", f"{where} has {last} days, not {day}"
            expected = f"1–{last}日"
        else:
            continue
        yield Finding(
            ctx.doc.path, ID, SEVERITY, f"日期“{c.text}”不存在：{zh}", f"the date “{c.text}” cannot exist: {en}",
            c.text, expected, (c.evidence,),
        )  # fmt: skip


def _days(year: int, month: int) -> int:
    """The days of the month; February has 29 when the year is not given."""
    return calendar.monthrange(year, month)[1] if year else (29 if month == 2 else calendar.monthrange(2001, month)[1])
