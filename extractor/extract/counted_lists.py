"""What follows a declared count besides a list of names: sub-counts after a colon, which add up
(设指标15个：产出指标9个、效益指标4个、满意度指标2个), and items marked one per clause or one per line
(设模块三个，一是…，二是…，三是… / 设指标三个：⏎（1）…⏎（2）…⏎（3）…).
"""

from __future__ import annotations

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation
from ..numbers import chinese_to_int
from .enumerations import Enumeration
from .segments import bracket_depth

HIERARCHY = compiled(r"[一二三四]级")
LISTED_COUNTER = load("counts")["listed_counter"].regex
_CN = "一二三四五六七八九十"
# item markers, each with its ordinal; a list keeps one style. The last style only at a line's start.
MARKER_STYLES = (
    rf"(?P<n>[{_CN}]{{1,3}})是",
    rf"第(?P<n>[{_CN}]{{1,3}})(?=[，,、：:是])",
    r"[（(](?P<n>\d{1,2})[)）]",
    rf"[（(](?P<n>[{_CN}]{{1,3}})[)）]",
    r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩])",
    r"(?P<n>\d{1,2})[、.．](?!\d)",
)
LINE_ONLY = {len(MARKER_STYLES) - 1}
MARKERS = [compiled(s) for s in MARKER_STYLES]
ALL_STYLES = range(len(MARKER_STYLES))
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
INTRO = compiled(r"[^，,。；;：:\n（()）]{0,12}?(?P<mark>[，,：:])[ \t　]*(?P<newline>\n)?\s*")
LOOK_AHEAD_LINES = 5  # lines after a list searched for one more item (an item may run over lines)
ITEM_OPENS = "\n，,；;。！？：: \t"  # an unbracketed marker opens an item after these
WHOLE_END = "。！？!?；;"
SHORT_ITEM = 20  # characters (marker included) of an item that may stand without punctuation: （2）垃圾清运量
ITEM_SHOWN = 12  # characters of an item quoted in a message


def ordinal(n: str) -> int | None:
    if n in CIRCLED:
        return CIRCLED.index(n) + 1
    return int(n) if n.isdigit() else chinese_to_int(n)


def _marker_at(text: str, at: int, styles=ALL_STYLES) -> tuple[int, int, int] | None:
    """(style, ordinal, end) of an item marker starting at `at`, or None."""
    for k in styles:
        m = MARKERS[k].match(text, at)
        if m:
            return k, ordinal(m["n"]), m.end()
    return None


def _counts_in_list(ex, total, enum: Enumeration, same_unit: bool = True) -> list:
    """The counts of the total's own unit (or of any, `same_unit` False) inside its list, at the list's
    bracket depth, in text order."""
    text = ex.doc.text
    depth = bracket_depth(text, enum.start)
    return [
        f
        for f in ex.facts
        if f.kind == Kind.COUNT
        and f.source == "text"
        and enum.start <= f.evidence.start < enum.end
        and (f.quantity.base_unit == total.quantity.base_unit or not same_unit)
        and bracket_depth(text, f.evidence.start) == depth
    ]


def link_sub_counts(ex, total, enum: Enumeration) -> bool:
    """When the listed items carry counts of the total's unit (产出指标9个、效益指标4个), they are sub-counts:
    a SUM of the total and them when each item carries one (and the list is closed), and True. Items that each
    carry a count of another unit adding up to the total exactly are its sub-counts too (True); else, and when
    the items are names, False (工作专班3个：综合专班5人、督导专班4人 lists two 专班)."""
    parts = _counts_in_list(ex, total, enum)
    if not parts:  # 编制18个，包含局长1名，副局长2名…: each item a count of people making up the total
        others = _counts_in_list(ex, total, enum, same_unit=False)
        return len(others) == len(enum.items) > 0 and sum(f.quantity.value for f in others) == total.quantity.value
    one_each = len(parts) == len(enum.items)
    levels = any(HIERARCHY.search(p.label + str(p.subject)) for p in parts)  # 一级指标3个：二级指标9个…
    if one_each and not levels and not enum.open_ended:  # …等: sub-counts that may stop short tell nothing
        ex.add_about(Kind.SUM, total, relation=Relation(total=total.id, parts=tuple(p.id for p in parts)))
    return True


def opens_marked_list(text: str, after: int) -> bool:
    """The count ending at `after` is followed by a first item marker (…三个，一是… / …三个：⏎（1）…)."""
    return _first_marker(text, after) is not None


def _first_marker(text: str, after: int):
    m = INTRO.match(text, after)
    if not m:
        return None
    styles = ALL_STYLES if m["newline"] else [k for k in ALL_STYLES if k not in LINE_ONLY]
    found = _marker_at(text, m.end(), styles)
    if not found or found[1] != 1:
        return None
    return m, found


def marked_items(text: str, after: int, counter: str) -> Enumeration | None:
    """The items marked after a count of kinds ending at `after`, one per clause or one per line. None
    when the list cannot be told for sure."""
    first = _first_marker(text, after)
    if first is None or not LISTED_COUNTER.search(counter):
        return None
    intro, (style, _, _) = first
    starts = _item_starts(text, intro.end(), style)
    if starts is None:
        return None
    ends = [*starts[1:], _list_end(text, starts[-1])]
    if not all(text[a:b].strip(" \t\n；;，,。") for a, b in zip(starts, ends)):
        return None
    if not _ends_whole(text, starts[-1], ends[-1]):
        return None
    items = tuple(_shown(text, a, b, style) for a, b in zip(starts, ends))
    return Enumeration(items, len(items), len(items), starts[0], ends[-1], False)


def _ends_whole(text: str, a: int, b: int) -> bool:
    """The last item (a to b) ends as a sentence does, or is a short name: a list cut off (at the end of an
    excerpt, in mid-item) may go on past what we can read."""
    body = text[a:b].rstrip()
    return body.endswith(tuple(WHOLE_END)) or (len(body) <= SHORT_ITEM and not regex.search(r"[，,、；;]", body))


def _item_starts(text: str, at: int, style: int) -> list[int] | None:
    """Where items 1, 2, 3 … of one marker style start, from the first (at `at`) on: at a line's or a
    clause's start (or anywhere, for bracketed and circled markers). A line without an item continues the
    one before it; a line opening with another marker or after an introduction (…：) ends the list. None
    when one more item follows a few lines on: the list is not closed."""
    starts, quiet, line_start, last = [at], 0, at, 1
    while line_start is not None:
        if line_start != at and _ends_list(text, line_start, style, last + 1):
            break
        before = len(starts)
        for p, opens in _marker_places(text, line_start, _list_end(text, line_start), style):
            n = _marker_at(text, p, [style])[1]
            # one number given twice (（3）…（3）…（4）) still marks an item: numbering.py tells the slip
            if n == last + 1 or (n == last and p > starts[-1] and len(starts) == last):
                if not opens:
                    return None  # 1、数量指标2、质量指标: lines run together, a number or an item?
                starts.append(p)
                last = n
        quiet = 0 if len(starts) > before or line_start == at else quiet + 1
        line_start = _next_line(text, line_start)
        if quiet >= 2:
            break
    return None if _more_follow(text, line_start, style, last + 1) else starts


def _ends_list(text: str, line_start: int, style: int, k: int) -> bool:
    found = _marker_at(text, line_start)
    if found and (found[0], found[1]) != (style, k):
        return True  # a heading or another list
    return text[:line_start].rstrip().endswith(("：", ":"))  # an introduction of something else


def _marker_places(text: str, a: int, b: int, style: int):
    """Starts of this style's markers between a and b, each with whether it opens an item where it stands
    (bracketed and circled markers anywhere, others at a line's or clause's start)."""
    anywhere = MARKER_STYLES[style].startswith(("[（(]", "(?P<n>[①"))
    for m in MARKERS[style].finditer(text, a, b):
        p = m.start()
        yield p, anywhere or p == 0 or text[p - 1] in ITEM_OPENS


def _next_line(text: str, at: int) -> int | None:
    end = text.find("\n", at)
    return None if end == -1 else end + 1


def _more_follow(text: str, line_start: int | None, style: int, k: int) -> bool:
    """Item k opens one of the next few lines: the list runs on past where it seemed to end."""
    for _ in range(LOOK_AHEAD_LINES):
        if line_start is None:
            return False
        found = _marker_at(text, line_start, [style])
        if found and found[1] == k:
            return True
        line_start = _next_line(text, line_start)
    return False


def _list_end(text: str, last_start: int) -> int:
    end = text.find("\n", last_start)
    return len(text) if end == -1 else end


def _shown(text: str, a: int, b: int, style: int) -> str:
    """An item as a message quotes it: its first clause after the marker, shortened."""
    body = text[_marker_at(text, a, [style])[2] : b]
    body = regex.split(r"[，,；;。：:\n]", body, maxsplit=1)[0].strip()
    return body if len(body) <= ITEM_SHOWN else body[:ITEM_SHOWN] + "…"
