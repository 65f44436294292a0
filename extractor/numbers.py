"""Quantities as printed: digits, Chinese numerals, 万/亿, units, qualifiers → Decimal intervals.

`find_quantities(text)` finds every figure in normalised text; `parse_quantity(s)` parses one cell.
Values are Decimals built from the printed string; the printed decimals decide the rounding interval.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

import regex

from jixiao.patterns.precompiled import compiled

from .interval import INF, NEG_INF, Interval

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
ONE = Decimal(1)
MULTIPLIERS = {
    "千万": Decimal(10**7),
    "百万": Decimal(10**6),
    "万": Decimal(10**4),
    "亿": Decimal(10**8),
    "千": Decimal(10**3),
}

# Counters after a number; longest first so 人次 wins over 人.
COUNTERS = sorted(
    "个百分点 百分点 个工作日 工作日 个月 篇次 人次 户次 架次 台次 批次 家次 台件 件次 个 篇 家 次 项 条 起 宗 亩 人 名 份 台 场 件 期 支 所 位 批 套 户 村 座 辆 处 部 本 册 类 种 款 栋 间 张 块 篇 课时 学时 课 节 组 只 头 株 例次 例 架 吨 公里 千米 米 平方米 平方公里 万平方米 公顷 小时 天 周 年 元 分".split(),
    key=len,
    reverse=True,
)
UNITS_NEEDING_CARE = {
    "分": "钟之数值类量布析别比",
    "次": "性",
    "部": "门分署",
    "处": "理置室长",
    "本": "级部年次单",
    "期": "间末内限",
    "类": "型别似",
    "块": "钱",
    "例": "如",  # 3例如… (for example) is no case
    "架": "构设空",  # 1+3架构 (a framework), 架设, 架空 are no aircraft
}

# Counters of things counted one by one: a whole number of them is exact, not rounded.
DISCRETE_COUNTERS = set(
    "个 篇次 人次 户次 架次 台次 批次 家次 台件 件次 篇 家 次 项 条 起 宗 人 名 份 台 场 件 期 支 所 位 批 套 户 村 座 辆 处 部 本 册 类 种 款 栋 间 张 块 组 只 头 株 例次 例 架".split()
)
AT_LEAST = "逾 超过 超 多于 高于 大于 大于等于 大于或等于 高于或等于 不少于 不低于 不小于 ≥ ≧ >= ＞ > 以上 余 多 有余 之多".split()
AT_MOST = "不超过 未超过 不超 未超 不多于 不高于 不大于 低于 小于 小于等于 小于或等于 低于或等于 ≤ ≦ <= ＜ < 以下 以内 不足 不到".split()
NEARLY = ["近", "接近", "将近"]
ABOUT = ["约", "大约", "约为", "左右", "上下", "大概"]

PRE_QUALIFIERS = sorted(
    [
        q
        for q in AT_LEAST + AT_MOST + NEARLY + ABOUT
        if q not in {"以上", "余", "多", "有余", "之多", "以下", "以内", "左右", "上下"}
    ],
    key=len,
    reverse=True,
)
POST_QUALIFIERS = ["以上", "以下", "以内", "左右", "上下", "有余", "之多", "余", "多"]

_alt = lambda words: "|".join(regex.escape(w) for w in words)  # noqa: E731
# 5%-10%: the hyphen is a dash, not a minus. A full-width comma separates thousands only before a
# decimal part (全角 21，015.25万元); 95，100 stays two numbers.
_ARABIC = r"(?:(?<![%％)）])[-−])?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:，[0-9]{3})+(?=\.[0-9])|[0-9]+)(?:\.[0-9]+)?"
_CN = "零〇一二两三四五六七八九十百千"
_CHINESE = rf"[{_CN}]+(?:[万亿][{_CN}]+)*"  # 一万二千: 万/亿 inside a numeral, not at its end
_VAGUE = r"(?:[一二三四五六七八九][二三四五六七八九])"  # 两三个, 三四家
_UNIT = rf"(?:%|％|‰|{_alt(COUNTERS)})"  # ‰: per mille (死亡率控制在1‰以内), a unit of its own
QUANTITY_RE = compiled(
    rf"""
    (?P<pre>{_alt(PRE_QUALIFIERS)})?\s*
    (?:
        (?P<pct_cn>百分之(?P<pct_num>{_CHINESE})(?:点(?P<pct_dec>[零〇一二三四五六七八九]+))?)
      | (?<![0-9A-Za-z.第])(?<![A-Za-z][-−])(?P<num>{_ARABIC})(?![0-9A-Za-z]|\.[0-9])  # 3.5.1 is no number
      | (?<![第一二两三四五六七八九十百千零〇])(?P<vague>两三|三四|四五|五六|六七|七八|八九|{_VAGUE})(?=[个项家条次人篇名])
      | (?<![第数几0-9.零〇一二两三四五六七八九十百千])(?P<cn>{_CHINESE})  # 数十人 is vague, 5百 is not 百
    )
    \s*
    (?P<post1>余|多)?
    (?P<mult>千万|百万|万|亿|千(?![米克瓦]))?
    (?P<post2>余|多)?
    (?P<unit>{_UNIT})?
    (?P<paren>[（(](?:次|篇|人次|个|家|条)[)）])?
    (?P<post3>{_alt(POST_QUALIFIERS)})?
    """,
    regex.VERBOSE,
)

_NAME_AT = {i: name for name, i in QUANTITY_RE.groupindex.items()}
QUANTITY_GROUP_NAMES = tuple(_NAME_AT.get(i, "") for i in range(1, QUANTITY_RE.groups + 1))  # by position
SLOGAN_NUMERAL = compiled(r"[一二两三四五六七八九十](?!级)")  # 三支一扶, 两学一做: numerals counting nothing
CN_DIGIT = compiled("[一二两三四五六七八九]")
CN_BIG_INSIDE = compiled("[万亿]")
VAGUE_PAIR = compiled(_VAGUE)

# Where a match of QUANTITY_RE can begin: a qualifier before the figure, the space before it, or the figure
QUANTITY_START = compiled(
    "[" + regex.escape("".join(sorted({q[0] for q in PRE_QUALIFIERS}))) + rf"\s0-9\-−{_CN}百" + "]"
)


@dataclass(frozen=True)
class Quantity:
    """A figure as printed, with its base-unit value and the interval it stands for."""

    text: str
    value: Decimal  # as printed, before any multiplier (1.9 in 1.9万篇)
    decimals: int  # printed decimals of `value`
    unit: str  # as written: 万元, %, 分, 万人次, 篇（次）, '' for a bare number
    base_unit: str  # 元 for money, % , pp (percentage points), 分, the counter, or ''
    base_value: Decimal  # value in the base unit (21015.25万元 → 210152500)
    lo: Decimal  # interval in the base unit, rounding and qualifier included
    hi: Decimal
    qualifier: str = ""

    @property
    def interval(self) -> Interval:
        return Interval(self.lo, self.hi)

    @property
    def direction(self) -> str:
        """'≥' for 不少于/逾 targets (no upper bound), '≤' for 不超过/以内 (no meaningful lower bound), else ''."""
        if self.hi.is_infinite():
            return "≥"
        if self.qualifier and self.lo <= 0 < self.base_value:
            return "≤"
        return ""

    @property
    def is_exact(self) -> bool:
        """No qualifier: only the printed rounding widens it."""
        return not self.qualifier


def chinese_to_int(s: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 十二 → 12, 两千 → 2000, 二〇二二 → 2022; None if not a numeral."""
    if not any(ch in CN_UNITS or ch in CN_BIG for ch in s):
        return _positional(s)
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            if digit not in (None, 0):
                return None  # 三五十: two digits in a row is not a numeral
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            total += (section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _positional(s: str) -> int | None:
    if any(ch not in CN_DIGITS for ch in s):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in s))


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def _base(unit: str, paren: str) -> str:
    if unit in ("%", "％"):
        return "%"
    if unit in ("个百分点", "百分点"):
        return "pp"
    if unit:
        return unit
    return paren.strip("（()）") if paren else ""


def _qualify(iv: Interval, quals: list[str]) -> Interval:
    lo, hi = iv.lo, iv.hi
    for q in quals:
        if q in AT_LEAST:
            hi = INF
        elif q in AT_MOST:
            lo = NEG_INF if lo < 0 else min(lo, Decimal(0))
        elif q in NEARLY:
            lo = min(lo, iv.lo * Decimal("0.8"))
        elif q in ABOUT:
            lo, hi = min(lo, iv.lo * Decimal("0.9")), max(hi, iv.hi * Decimal("1.1"))
    return Interval(lo, hi)


_READ: dict[tuple, Quantity | None] = {}  # a report repeats its figures (100%, 5分): each form is read once
_READ_MAX = 8192


def quantity_from_match(m: regex.Match, g: dict | None = None) -> Quantity | None:
    """The figure a match of QUANTITY_RE stands for, or None; `g`: its named groups, when already read.
    What it stands for depends on the match and the characters just after its unit and after it."""
    unit_end, end = m.end("unit"), m.end()
    key = (m.group(0), m.groups(), m.string[unit_end : unit_end + 1] if unit_end >= 0 else "", m.string[end : end + 2])
    if key not in _READ:
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        _READ[key] = _read_match(m, g or named_groups(m))
    return _READ[key]


def _read_match(m: regex.Match, g: dict) -> Quantity | None:
    unit, mult, paren = g["unit"] or "", g["mult"] or "", g["paren"] or ""
    if unit in UNITS_NEEDING_CARE:
        nxt = m.string[m.end("unit") : m.end("unit") + 1]
        if nxt and nxt in UNITS_NEEDING_CARE[unit]:
            return None
    quals = [q for q in (g["pre"], g["post1"], g["post2"], g["post3"]) if q]
    if g["pct_cn"]:
        n = chinese_to_int(g["pct_num"])
        if n is None:
            return None
        frac = "".join(str(CN_DIGITS[ch]) for ch in g["pct_dec"] or "")  # 百分之九十五点五
        value, decimals, unit = Decimal(f"{n}.{frac}" if frac else n), len(frac), "%"
        iv = Interval.exact(value)
    elif g["num"]:
        raw = g["num"].replace(",", "").replace("，", "").replace("−", "-")
        value, decimals = Decimal(raw), _decimals(raw)
        if decimals == 0 and not mult and unit in DISCRETE_COUNTERS:
            iv = Interval.exact(value)  # 8个, 1435篇次: things counted one by one are not rounded
        else:
            iv = Interval.rounded(value, decimals)
    elif g["vague"]:
        if not unit:
            return None
        a, b = CN_DIGITS[g["vague"][0]], CN_DIGITS[g["vague"][1]]
        value, decimals = Decimal(a), 0
        iv = Interval(Decimal(a), Decimal(b))
        quals.append(g["vague"])
    else:
        n = chinese_to_int(g["cn"])
        if n is None or not (unit or mult):
            return None  # a Chinese numeral counts only with a unit: 一是, 二十大 are not figures
        if SLOGAN_NUMERAL.match(m.string[m.end() : m.end() + 2]):
            return None  # 三支一扶, 两学一做, 三会一课: a slogan's numerals count nothing
        if unit == "分" and not CN_DIGIT.search(g["cn"]):
            return None  # 十分重视, 百分比: adverbs, not scores
        if mult in CN_BIG and CN_BIG_INSIDE.search(g["cn"]):
            n, mult = chinese_to_int(g["cn"] + mult), ""  # 一亿二千万: the 万 belongs to the numeral
        value, decimals = Decimal(n), 0
        iv = Interval.exact(value)
    scale = MULTIPLIERS.get(mult, ONE)
    iv = iv.scale(scale)
    if quals:
        iv = _qualify(iv, [q for q in quals if q not in ("两三", "三四") and not VAGUE_PAIR.fullmatch(q)])
    written = f"{mult}{unit}{paren}" if (mult or unit or paren) else ""
    qualifier = "".join(quals)
    return Quantity(
        text=m.group(0).strip(),
        value=value,
        decimals=decimals,
        unit=written,
        base_unit=_base(unit, paren),
        base_value=value * scale,
        lo=iv.lo,
        hi=iv.hi,
        qualifier=qualifier,
    )


def as_wan_yuan(q: Quantity) -> Quantity:
    """A figure printed in 万 alone (预算50万) read as 万元, where its context says it is money."""
    if q.unit != "万":
        return q
    return replace(q, unit="万元", base_unit="元")


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every figure in `text` as (start, end, Quantity), in order."""
    out = []
    for m in _quantity_matches(text):
        g = named_groups(m)
        if not (g["num"] or g["cn"] or g["vague"] or g["pct_cn"]):
            continue
        if g["cn"] and g["unit"] in CLASS_COUNTERS and _names_a_class(text, m.start("cn")):
            continue  # 公益二类单位, 事业一类: a class in a name, not a count of classes
        word = g["unit"] == "项" and text.startswith("目", m.end()) and not text.startswith("目标", m.end())
        if g["num"] and not g["mult"] and g["unit"] in DISCRETE_COUNTERS and ("." in g["num"] or word):
            # 118.82项目支出 (counts are whole) / 1项目年度目标 (a row number, then 项目): 项 is a word
            m = QUANTITY_RE.match(text, m.start(), m.start("unit"))
            g = named_groups(m)
        q = quantity_from_match(m, g)
        if q is not None:
            start = m.start() if g["pre"] else m.start(_first_number_group(g))
            out.append((start, m.end(), q))
    return out


CLASS_COUNTERS = {"类", "级", "档", "等"}
BEFORE_A_COUNT = set("为有设共含括分成计达至和及与或、")  # 分为三类, 共两级: a count of classes follows these


def _names_a_class(text: str, at: int) -> bool:
    """Whether a Chinese numeral of classes at `at` follows a noun it belongs to (公益二类), not a verb."""
    before = text[at - 1 : at]
    return bool(before) and "\u4e00" <= before <= "\u9fff" and before not in BEFORE_A_COUNT


def named_groups(m: regex.Match) -> dict[str, str | None]:
    """A match's named groups, read at once (regex looks each name up anew: as costly as all of them)."""
    return dict(zip(QUANTITY_GROUP_NAMES, m.groups()))


def _quantity_matches(text: str):
    """QUANTITY_RE.finditer(text), the pattern tried only where a figure can begin (most characters of a
    report are not figures: trying the whole pattern at each costs as much as the rest of extraction)."""
    pos, end = 0, len(text)
    while pos < end:
        candidate = QUANTITY_START.search(text, pos)
        if candidate is None:
            return
        m = QUANTITY_RE.match(text, candidate.start())
        if m is None:
            pos = candidate.start() + 1
            continue
        yield m
        pos = m.end()


def _first_number_group(g: dict) -> str:
    for name in ("pct_cn", "num", "vague", "cn"):
        if g[name]:
            return name
    return "num"


def parse_quantity(s: str) -> Quantity | None:
    """The single figure a string such as a table cell holds (`≥95%`, `2,275.13`, `不少于4家`)."""
    found = _cell_figures(s.strip())
    if len(found) != 1:
        return None
    return found[0][2]


def is_figure(s: str) -> bool:
    """True when the whole string is one figure (a cell such as `≥95%` or `2,275.13`), not a name
    that merely contains digits (`指标01`)."""
    s = s.strip()
    found = _cell_figures(s)
    return len(found) == 1 and found[0][0] <= 1 and found[0][1] >= len(s)


@lru_cache(maxsize=1024)  # a table's cells are asked about again and again (headers, names, precision, facts)
def _cell_figures(s: str) -> tuple[tuple[int, int, Quantity], ...]:
    return tuple(find_quantities(s))
