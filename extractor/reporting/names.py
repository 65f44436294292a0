"""What people read in place of the codes records carry: column headers, kinds of figure, severities,
a file's status; Chinese first, English second. Machine outputs (JSON, CSV) keep the codes."""

from __future__ import annotations

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
}

SHEETS = {
    "summary": ("汇总", "summary"),
    "findings": ("问题", "findings"),
    "facts": ("数据", "facts"),
    "tables": ("表格", "tables"),
}


def say(table: dict, key, lang: str) -> str:
    """`key`'s name in `lang` from one of the tables above; the key itself when it has none."""
    names = table.get(key)
    return names[1 if lang == "en" else 0] if names else str(key)
