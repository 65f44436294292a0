"""What people read in place of the codes records carry: column headers, kinds of figure, severities,
a file's status; Chinese first, English second. Machine outputs (JSON, CSV) keep the codes."""

from __future__ import annotations

import re

from ..model import Kind

SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
SOURCE = {"text": ("正文", "text"), "table": ("表格", "table")}
STATUS = {"checked": ("已检查", "checked"), "unreadable": ("无法读取", "unreadable")}

KIND = {
    Kind.BUDGET_INITIAL: ("年初预算", "initial budget"),
    Kind.BUDGET_ADJUSTED: ("调整后预算", "adjusted budget"),
    Kind.BUDGET: ("预算", "budget"),
    Kind.SPEND: ("实际支出", "spending"),
    Kind.AMOUNT: ("金额", "amount"),
    Kind.EXECUTION_RATE: ("执行率", "execution rate"),
    Kind.RATE: ("比率", "rate"),
    Kind.SCORE_RATE: ("得分率", "score rate"),
    Kind.SCORE: ("得分", "score"),
    Kind.SCORE_MAX: ("分值", "maximum score"),
    Kind.POINTS_EACH: ("每项分值", "points each"),
    Kind.WEIGHT: ("权重", "weight"),
    Kind.COUNT: ("数量", "count"),
    Kind.NUMBER: ("数字", "number"),
    Kind.TARGET: ("目标值", "target"),
    Kind.ACTUAL: ("实际完成值", "actual"),
    Kind.YEAR: ("年份", "year"),
    Kind.ANNIVERSARY: ("纪念年份", "anniversary"),
    Kind.FORMULA: ("算式结果", "formula result"),
    Kind.TERM: ("算式项", "formula term"),
    Kind.SUM: ("合计关系", "sum"),
    Kind.LISTED_SUM: ("列举合计", "listed sum"),
    Kind.POINTS: ("项数×分值", "items × points"),
    Kind.CHANGE_RATE: ("增减幅度", "change rate"),
    Kind.SHARE: ("占比", "share"),
    Kind.RESTATEMENT: ("重复表述", "restatement"),
    "unreadable": ("无法读取", "unreadable"),
}

HEADERS = {
    "file": ("文件", "File"),
    "link": ("打开", "Open"),
    "page": ("页", "Page"),
    "line": ("行", "Line"),
    "place": ("位置", "Place"),  # Word, Excel: 段12, 表2 行3 列4, Sheet1!C5
    "pages": ("页数", "Pages"),
    "error": ("错误", "Errors"),
    "warning": ("警告", "Warnings"),
    "info": ("提示", "Info"),
    "status": ("状态", "Status"),
    "reason": ("原因", "Reason"),
    "code": ("代码", "Code"),
    "rule": ("规则", "Rule"),
    "severity": ("级别", "Severity"),
    "message": ("说明", "Message"),
    "stated": ("所述", "Stated"),
    "stated_value": ("所述数值", "Stated value"),
    "expected": ("应为", "Expected"),
    "expected_value": ("应为数值", "Expected value"),
    "quote": ("引文", "Quote"),
    "evidence": ("全部证据", "Evidence"),
    "id": ("编号", "Id"),
    "kind": ("类别", "Kind"),
    "subject": ("主体", "Subject"),
    "text": ("原文", "As printed"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "decimals": ("小数位", "Decimals"),
    "qualifier": ("限定词", "Qualifier"),
    "base_value": ("基本单位数值", "Base value"),
    "base_unit": ("基本单位", "Base unit"),
    "lo": ("下限", "Low"),
    "hi": ("上限", "High"),
    "bbox": ("位置框", "Box"),
    "cell": ("单元格", "Cell"),
    "label": ("标签", "Label"),
    "section": ("章节", "Section"),
    "source": ("来源", "Source"),
    "table": ("表", "Table"),
    "row": ("行号", "Row"),
    "col": ("列号", "Column no."),
    "row_name": ("行名", "Row name"),
    "column": ("列名", "Column"),
    # jixiao diff
    "change": ("变化", "Change"),
    "old_value": ("原值", "Old value"),
    "new_value": ("新值", "New value"),
    "old_page": ("原页", "Old page"),
    "new_page": ("新页", "New page"),
    "old_line": ("原行", "Old line"),
    "new_line": ("新行", "New line"),
    "old_place": ("原位置", "Old place"),
    "new_place": ("新位置", "New place"),
    "old_link": ("打开原版", "Open old"),
    "new_link": ("打开新版", "Open new"),
    "old_quote": ("原引文", "Old quote"),
    "new_quote": ("新引文", "New quote"),
}

CHANGE = {
    "changed": ("改动", "changed"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "appeared": ("新出现", "appeared"),
    "resolved": ("已解决", "resolved"),
}

SHEETS = {
    "summary": ("汇总", "summary"),
    "findings": ("问题", "findings"),
    "facts": ("数据", "facts"),
    "tables": ("表格", "tables"),
    "diff_figures": ("数字变化", "figures"),
    "diff_findings": ("问题变化", "findings"),
}

# A subject confined to one paragraph or one table, as records write it (model.Subject.__str__): the
# paragraph's section heading and the paragraph's number (0-based over the report's text), or 合计 and
# the table's number (1-based); maybe 上年· before it and ·a fund after it.
LOCAL_SUBJECT = re.compile(r"^(?P<prior>上年·)?(?P<name>.*?)#(?P<where>\d+)(?P<fund>·.*)?$")


def say(table: dict, key, lang: str) -> str:
    """`key`'s name in `lang` from one of the tables above; the key itself when it has none."""
    names = table.get(key)
    return names[1 if lang == "en" else 0] if names else str(key)


def location(page, line, place: str = "", lang: str = "zh", both: bool = False) -> str:
    """Where a figure or a quote stands, as the reader's language says it: the place of a Word or Excel file
    (段12, 表2 行3 列4, Sheet1!C5), else the line of a text file or the page (第17行, 第1页; line 17, p.1);
    with `both`, a text file's page and line (第1页第17行; p.1 line 17)."""
    if place:
        return place
    zh = lang != "en"
    shown_line = (f"第{line}行" if zh else f"line {line}") if line else ""
    shown_page = (f"第{page}页" if zh else f"p.{page}") if page else ""
    if shown_line and not both:
        return shown_line
    return (shown_page + ("" if zh else " ") + shown_line).strip() if shown_line else shown_page


def subject_name(subject: str | None, lang: str = "zh") -> str:
    """A subject as the reader names it: 年度预算及执行#10 (money of the 11th paragraph of the report's text,
    under the heading 年度预算及执行, whose owner the text does not say) reads “年度预算及执行”第11段, 合计#2 (a
    total of part of table 2) reads 第2张表的合计; any other subject is shown as it is."""
    m = LOCAL_SUBJECT.match(subject or "")
    if not m:
        return subject or ""
    n, zh = int(m["where"]), lang != "en"
    if m["name"] == "合计":
        text = f"第{n}张表的合计" if zh else f"total of table {n}"
    else:
        text = f"“{m['name']}”第{n + 1}段" if zh else f"“{m['name']}” paragraph {n + 1}"
    return (m["prior"] or "") + text + (m["fund"] or "")
