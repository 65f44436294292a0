"""What a figure measures (its kind) and of what (its subject), from the words around it."""

from __future__ import annotations

from functools import lru_cache

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import BUDGET_KINDS, MONEY_KINDS, Kind
from ..numbers import Quantity

COUNTERS_FOR_COUNT = {
    "个",
    "项",
    "家",
    "条",
    "类",
    "种",
    "名",
    "人",
    "支",
    "所",
    "处",
    "部",
    "批",
    "期",
    "场",
    "次",
    "篇",
    "件",
    "份",
    "套",
    "户",
    "村",
    "座",
    "台",
    "宗",
    "起",
    "块",
    "册",
}
VERBS_BEFORE_COUNT = compiled(
    r"^(?:.*(?:内设|下设|共设|设置|设立|设定|设有|共有|包括|包含|涵盖|共计)|(?:我办|我局|我委|本部门|本单位)?(?:设|有|共))"
)
TRAILING_FILLER = compiled(r"(?:为|是|达到?|共计?|合计|总计|约|仅)$")
ACCEPTED_UNITS = {
    **{k: {"元"} for k in MONEY_KINDS},
    Kind.SCORE: {"分"},
    Kind.SCORE_MAX: {"分", "%"},
    Kind.POINTS_EACH: {"分"},
    Kind.WEIGHT: {"%", "分"},
    Kind.SCORE_RATE: {"%"},
    Kind.EXECUTION_RATE: {"%"},
    Kind.RATE: {"%"},
}


OPENING_QUOTES = '“"‘「『'
# by how much a budget was overrun or left unspent (超预算20万元, 剩余预算30万元): no budget
BEYOND_BUDGET = compiled(
    r"(?:超出|超过|超支|超|突破|高于|低于|少于|节约|节省|结余|节余|剩余|未使用|未用)了?(?:年初|全年|调整后)?预算"
)
ADJUSTMENT_WORD = compiled(r"调整|追加|调增|调减|增补|核减|压减|追减")  # a budget's change during the year
ACTUAL_LABEL_ITSELF = compiled(
    r"(?:实际完成值?|(?<![未少超差计预])完成值|实际值)(?:为|是)?[：:]?$"
)  # no words between it and the 0


def kind_of(label: str, q: Quantity) -> str:
    """The fact kind for quantity `q` preceded in its clause by `label`."""
    if q.base_unit == "年" and q.decimals == 0 and 1949 <= q.value <= 2100 and not q.qualifier:
        return Kind.YEAR
    label = label.strip().rstrip(OPENING_QUOTES)  # 指标值为“100%”: the quote is no word of the label
    if not q.base_unit and q.value == 0 and ACTUAL_LABEL_ITSELF.search(label):
        return Kind.ACTUAL  # 实际完成值为0: nothing done, in whatever unit its target has
    kind = _kind_by_label(label, q.base_unit)
    if kind in BUDGET_KINDS and BEYOND_BUDGET.search(label):
        return Kind.AMOUNT  # 超出预算金额99.56万元: by how much a budget was overrun, not the budget
    if kind in BUDGET_KINDS and q.value < 0 and "后" not in label and ADJUSTMENT_WORD.search(label):
        return Kind.AMOUNT  # 年内调整预算数-159.39万元, 追加预算-20万元: the year's adjustment, not a budget
    return kind


@lru_cache(maxsize=4096)  # a report repeats its labels (得分, 分值, 预算执行率): each is read once
def _kind_by_label(label: str, base_unit: str) -> str:
    for key, pat in load("labels").items():  # in file order: the data decides between kinds
        if not pat.regex.search(label):
            continue
        kind = Kind(key)
        accepted = ACCEPTED_UNITS.get(kind)
        if accepted is None:  # target / actual take any unit but a bare number or a year
            if base_unit and base_unit != "年":
                return kind
            continue
        if base_unit in accepted:
            return kind
    if base_unit == "元":
        return Kind.AMOUNT
    if base_unit == "%":
        return Kind.RATE
    if base_unit in COUNTERS_FOR_COUNT or base_unit == "个":
        return Kind.COUNT
    return Kind.NUMBER


def topic_kind(before: str, q: Quantity) -> str:
    """The money kind named earlier in the clause when the figure's own label is only 共/为/计:
    the first kind in topics.toml one of whose words is in the words since the last figure."""
    tail = regex.split(r"\d", before)[-1]  # words since the last figure
    if q.base_unit != "元":
        return ""
    return next((Kind(key) for key, pat in load("topics").items() if pat.regex.search(tail)), "")


@lru_cache(maxsize=4096)  # asked up to three times for each figure (its subject, its score's, its fund's)
def strip_label(label: str, kind: str) -> str:
    """The label without the kind's own keyword: 管理效能评价综合自评得分 → 管理效能评价综合自评."""
    pats = load("labels")
    if kind in pats:
        m = pats[kind].regex.search(label)
        if m:
            label = label[: m.start()]
    return TRAILING_FILLER.sub("", label).strip(" ，,：:")


@lru_cache(maxsize=8192)  # asked for every figure, of a few hundred distinct labels
def canonical_subject(name: str) -> str:
    """管理效能评价综合自评 → 管理效能; 总体综合评分 → 总分; '' when only generic words remain."""
    s = load("subjects")
    name = name.strip(" ……….·、，,：:；;。（）()“”\"'")
    name = YEAR_SUFFIX_LEFT.sub("", name)  # the 度 of 2022年度 left after the year was read
    if s["total"].regex.search(name):
        rest = s["strip_suffix"].regex.sub("", s["total"].regex.sub("", name))
        rest = _strip_generic(rest)
        if rest in ("项目", "本项目", "该项目"):
            rest = ""
        return f"{rest}总分" if rest else "总分"  # 甲项目自评总分 is not the department's 总分
    prev = None
    while prev != name:
        prev = name
        name = s["strip_prefix"].regex.sub("", name)
        name = s["strip_suffix"].regex.sub("", name)
    return "" if s["generic"].regex.match(name) else name


TOTAL_CONTEXT = compiled(
    r"(?:综上所述|综上|总之|总体来看|综合来看|我办|我局|我委|本部门|本单位|经|综合分析与评价|评价|部门整体|单位整体|支出|绩效|整体|年度|\d{4}年度?|的|为|自评|综合|其中|，|,)"
)


def _strip_generic(rest: str) -> str:
    """What is left of a total's label once the words every report puts before 总分 are gone."""
    return TOTAL_CONTEXT.sub("", rest).strip()


def count_subject(label: str, following: str) -> str:
    """The thing counted: 设产出指标8个 → 产出指标; 8个产出指标为 → 产出指标."""
    before = VERBS_BEFORE_COUNT.sub("", label).strip(" ，,：:")
    if before:
        return canonical_noun(before)
    m = COUNTED_NOUN.match(following)
    return canonical_noun(m.group(0)) if m else ""


COUNTED_NOUN = compiled(r"[\p{Han}A-Za-z]{1,10}")  # 8个产出指标: the noun after the count
YEAR_SUFFIX_LEFT = compiled(r"^度(?=\p{Han})")
NOUN_PREFIX = compiled(r"^(?:其中|我办|我局|我委|本部门|共|以上|这|该|各|全市|全年|累计)")


def canonical_noun(s: str) -> str:
    return NOUN_PREFIX.sub("", s)


@lru_cache(maxsize=4096)  # asked for each money figure of a segment, of its heading, of the sentence before
def money_scope(text: str) -> str:
    """'部门整体' when the text speaks of the whole department, '项目' of a project, else ''."""
    s = load("subjects")
    if s["scope_department"].regex.search(text):
        return "部门整体"
    if s["scope_project"].regex.search(text):
        return "项目"
    return ""


def report_year(title: str) -> int | None:
    """The year in the report's title (its first 200 characters), as the claims read it."""
    m = report_year_match(title)
    return int(m.group(1)) if m else None


def report_year_match(title: str):
    """The first year in `title` that is not a date of publication (发布日期：2024年9月13日 in a page's header
    names when it was published, not the year the report is about)."""
    claims = load("claims")
    date, published = claims["date_after_year"].regex, claims["published_before_year"].regex
    for m in claims["year"].regex.finditer(title):
        if not date.match(title, m.end(1)) and not published.search(title[max(0, m.start() - 10) : m.start()]):
            return m
    return None


def report_kind(title: str) -> str:
    """'department' or 'project' from the report's title."""
    head = title.split("\n\n")[0][:120]
    if regex.search(r"部门整体|单位整体|整体支出", head):
        return "department"
    if regex.search(r"项目|专项", head) and regex.search(r"绩效|自评", head):
        return "project"  # 农村供水保障项目2021年度绩效自评报告
    if regex.search(r"部门(?:支出)?绩效", head):
        return "department"
    return ""
