"""Items enumerated with a declared count: 设X五个，分别是A、B和C / 从A、B和C三个方面.

Splitting on 和/及/以及/与 is ambiguous (网络安全和信息化协调处 is one name), so an enumeration
gives a range: the fewest items (strong separators only) and the most (every conjunction splits).
Separators inside quotes and brackets never split.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from .segments import CLOSERS, OPENERS

STRONG_SEPARATORS = "、，,；;/"
COARSE_SEPARATORS = "，,；;"  # beside 、 in one list: what parts its items
CONJUNCTIONS = ("以及", "和", "及", "与", "或")
# After a declared count: "，分别是" / "：" / "，包括" ... then the items up to 。 or ；
# The list follows the counted noun at the same bracket depth: 预算单位1个（内设：A、B、C） lists no 单位.
FORWARD_RE = compiled(
    r"[^，,。；;：:（()）]{0,12}?[，,]?(?:分别(?:是|为)|分别有|包括|包含|即|具体为|依次为)[：:]?|[^，,。；;：:（()）]{0,12}?[：:]"
)  # matched where the count ends (FORWARD_RE.match(text, after)): the rest of the text is not copied
# Before a declared count: "从A、B和C" + "(等)?七个方面"
BACKWARD_INTRO_RE = compiled(
    r"(?:从|包括|包含|涵盖|围绕|涉及|分为|设置|设立|设|有)(?P<items>[^，,。；;：:（(]{2,200})$"
)


COUNTED = compiled(r"[0-9一二两三四五六七八九十]+(?:个|项|类|种|条|方面|件|家)")  # a count in the words before a list
JOINED_COUNT = compiled(
    r"[0-9一二两三四五六七八九十]+(?:个|项|类|种|条|方面)\p{Han}{0,8}(?:和|及|与|以及)\p{Han}{0,4}$"
)
INLINE_HEADING = compiled(
    r"[（(][一二三四五六七八九十]{1,3}[)）]|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,2}、(?=\p{Han})"
)
FIGURE = compiled(r"\d")
ACTUAL_HEAD = compiled(r"^(?:全年|年度)?(?:实际|完成|实现)")
TARGET_HEAD = compiled(r"^(?:全年|年度|年初)?(?:预期|预计|计划|目标|指标值|绩效目标)")
# a short name alone in its clause, nothing more (代管市供水服务中心 opens a clause of its own)
LONE_NAME = compiled(
    r"(?!代管|负责|承担|主要|另|并|还|以及|包括|下设|设有|共|均|其中|内设|现有|管理|指导)\p{Han}{2,10}(?=[。；;，,]|$)"
)
THOUSANDS = compiled(r"\d[,，]\d{3}(?!\d)")
TARGET_OR_ACTUAL = compiled(r"^\s*(?:年度|全年|年初)?(?:实际)?(?:指标值|目标值|计划值|完成值|完成情况|实际完成)")


@dataclass(frozen=True)
class Enumeration:
    items: tuple[str, ...]  # split on strong separators
    fewest: int
    most: int
    start: int  # offsets in the text given
    end: int
    open_ended: bool  # ends with 等: the list may not be complete


def split_outside_brackets(text: str, separators: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for k, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        if ch in ",，" and THOUSANDS.match(text, k - 1):
            cur += ch  # 1,200万元: a thousands separator, no break between items
        elif depth == 0 and ch in separators:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


SUFFIX_SHARE = 0.6  # when this share of the items ends alike (…处, …中心), a split must end alike too


ASIDES_AND_QUOTES = compiled(r"[（(][^）)]*[）)]|[“”\"]")


def _bare(item: str) -> str:
    return ASIDES_AND_QUOTES.sub("", item).strip()


def common_suffix(items: tuple[str, ...]) -> str:
    """The last character most items share (处 of 综合处、财务处…), or '' when they differ."""
    ends = [_bare(it)[-1:] for it in items if _bare(it)]
    if len(ends) < 2:
        return ""
    best = max(set(ends), key=ends.count)
    return best if ends.count(best) >= SUFFIX_SHARE * len(ends) else ""


def _conjunctions_outside_brackets(item: str, suffix: str = "", last: bool = False) -> int:
    """Places where a conjunction may split the item. With a common suffix, a split must leave a
    left part ending in it — except the final conjunction of the last item (A、B和C)."""
    final = _last_conjunction(item) if last else -1
    depth, n, i = 0, 0, 0
    while i < len(item):
        ch = item[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:
            for c in CONJUNCTIONS:
                if item.startswith(c, i) and 0 < i < len(item) - len(c):
                    if not suffix or i == final or _bare(item[:i]).endswith(suffix):  # 网络安全和信息化协调处 is one 处
                        n += 1
                    i += len(c) - 1
                    break
        i += 1
    return n


def _last_conjunction(item: str) -> int:
    best = -1
    for c in CONJUNCTIONS:
        k = item.rfind(c)
        if 0 < k < len(item) - len(c):
            best = max(best, k)
    return best


def enumerate_items(text: str) -> tuple[tuple[str, ...], int, int, bool]:
    body = text.strip().rstrip("。；;，,")
    open_ended = body.endswith("等")
    body = regex.sub(r"等$", "", body)
    items = tuple(split_outside_brackets(body, STRONG_SEPARATORS))
    suffix = common_suffix(items)
    most = len(items) + sum(
        _conjunctions_outside_brackets(it, suffix, k == len(items) - 1) for k, it in enumerate(items)
    )
    return items, len(items), most, open_ended


def clause_count(text: str, enum: Enumeration) -> int:
    """分三个阶段：A阶段，B、C阶段，D、E阶段: a ， may part the items and a 、 the names within one of them, so
    the clauses are another reading of the count (0: the list has no clauses beside its items)."""
    clauses = split_outside_brackets(text[enum.start : enum.end].strip().rstrip("。；;，,"), COARSE_SEPARATORS)
    return len(clauses) if 2 <= len(clauses) < len(enum.items) else 0


def _end_of_list(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。；;\n":
            return i
    return len(text)


def forward(text: str, after: int) -> Enumeration | None:
    """Items listed after a count that ends at `after` (分别是A、B和C). The list of names ends where the
    clause goes on with a figure (分别为A、B，共改造管网3公里) and at a heading run into the line ((二)资金…);
    a count in the words before the list shares it (三项改革和两个提升，即…): no list of its own."""
    m = FORWARD_RE.match(text, after)
    if not m or COUNTED.search(m.group(0)):
        return None
    start = m.end()
    end = _end_of_list(text, start)
    heading = INLINE_HEADING.search(text, start, end)
    end = heading.start() if heading else end
    end = _names_end(text, start, end)
    cut = _comma_after_pauses(text, start, end)
    items, fewest, most, open_ended = enumerate_items(text[start:cut])
    if cut < end and LONE_NAME.match(text, cut + 1, end):
        most += 1  # 分别是A、B、C，D。: after the comma one more name may follow, or a clause of its own
    if not items or any(len(it) > 40 for it in items):
        return None  # not a list of names: a sentence went on
    if most < 2:
        return None  # 安葬烈士3名：制作一块指示牌 — one clause after a colon is no list
    if any(TARGET_OR_ACTUAL.match(it) for it in items) or _target_and_actual(items):
        return None  # 建设三座服务中心面积：指标值为…，实际完成值… — an indicator's target and actual, no items
    return Enumeration(items, fewest, most, start, end, open_ended)


def _target_and_actual(items: tuple[str, ...]) -> bool:
    """计划150平方米，全年完成1837平方米: one item a target's figure with its label, another the actual's (计划内
    项目12个、计划外项目3个 are two kinds of project: no actual among them)."""
    heads = [h[0].strip() for it in items if len(h := FIGURE.split(it, maxsplit=1)) == 2 and h[0].strip()]
    target = load("labels")["target"].regex
    return any(target.search(h) or TARGET_HEAD.match(h) for h in heads) and any(ACTUAL_HEAD.match(h) for h in heads)


def _comma_after_pauses(text: str, start: int, end: int) -> int:
    """Names set apart by 、 end at the first comma outside brackets (分别为A、B、C，代管D…: a clause of its own)."""
    depth, paused = 0, False
    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "、":
            paused = True
        elif depth == 0 and ch in "，," and not THOUSANDS.match(text, i - 1):
            return i if paused else end
    return end


def _names_end(text: str, start: int, end: int) -> int:
    """Where a list of names stops: before the first clause (after a ，) holding a figure, when the items
    before it hold none."""
    pos = start
    for piece in split_outside_brackets(text[start:end], "，,"):
        if pos > start and FIGURE.search(piece) and not FIGURE.search(text[start:pos]):
            return pos - 1
        pos += len(piece) + 1
    return end


def joined_to_a_count(text: str, start: int) -> bool:
    """Whether a count starting at `start` is the second of two joined by 和 (三项改革和两个提升)."""
    clause = text[max(0, start - 30) : start]
    cut = max(clause.rfind(c) for c in "，,。；;：:\n") + 1
    return bool(JOINED_COUNT.search(clause[cut:]))


def backward(text: str, before: int, floor: int) -> Enumeration | None:
    """Items listed just before a count that starts at `before` (从A、B和C七个方面)."""
    head = text[floor:before]
    open_ended = head.endswith("等")
    m = BACKWARD_INTRO_RE.search(head.removesuffix("等"))
    if m:
        raw, raw_start = m["items"], floor + m.start("items")
    elif open_ended:  # 财政局、审计局、发改委等3家: the list runs back to the clause start
        body = head.removesuffix("等")
        cut = max(body.rfind(c) for c in "，,。；;：:\n") + 1
        raw, raw_start = body[cut:], floor + cut
        raw = regex.sub(r"^(?:包括|包含|涵盖|组织|邀请|联合|会同|与|和|由|对)", "", raw)
        if "、" not in raw:
            return None
    else:
        return None
    if "、" not in raw and not any(c in raw for c in CONJUNCTIONS):
        return None
    items, fewest, most, _ = enumerate_items(raw)
    if len(items) < 2 and most < 2:
        return None
    return Enumeration(items, fewest, most, raw_start, raw_start + len(raw), open_ended)
