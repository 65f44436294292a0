"""Relations the text states between facts: 其中 breakdowns, items × points, enumerated counts,
targets paired with actuals. Each becomes a Fact (or enriches one) so rules only compare.
"""

from __future__ import annotations

from dataclasses import replace
from os.path import commonprefix

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import MONEY_FIGURES, Kind, Relation
from . import counted_lists, enumerations
from .adjustments import link_adjustments
from .balances import link_balances
from .bracket_counts import link_bracket_counts
from .breakdown_gaps import adds_up, before_adjustment, unseen_parts
from .dimension_scores import link_dimension_scores
from .items import marker_style
from .money_lists import (
    STOP_WORDS,
    funds_before_spend,
    later_grand_total,
    money_side,
    read_through,
    segment_start,
    sibling_part,
)
from .named_shares import link_named_shares
from .named_wholes import link_named_wholes
from .own_funds import made_before_matching, without_own_funds
from .paragraph_breakdowns import link_paragraph_breakdowns, runs_on_from_a_part
from .ratios import is_comparison_base, is_money_change, link_ratios
from .respective_changes import link_respective_changes
from .segments import Span, bracket_depth, clause_start
from .source_breakdowns import link_source_breakdowns
from .stated_changes import link_stated_changes
from .target_pairs import pair_targets

WORTH_THEN_SCORE = load("measures")["worth_then_score"].regex  # 50分得48分: 50 is the item's worth
PART_KINDS = {
    Kind.SCORE: {Kind.SCORE},
    Kind.SCORE_MAX: {Kind.SCORE_MAX},
    Kind.WEIGHT: {Kind.WEIGHT},
    Kind.COUNT: {Kind.COUNT},
    # money is named by what it is for (基本支出, 上级转移支付资金): any money figure may be a part
    **dict.fromkeys(MONEY_FIGURES, MONEY_FIGURES),
}
STAGES = {Kind.BUDGET_INITIAL, Kind.BUDGET_ADJUSTED, Kind.SPEND}  # one budget's life: not parts of a whole
LIST_ACROSS_SEGMENTS = {
    Kind.SCORE,
    Kind.SCORE_MAX,
    Kind.WEIGHT,
    Kind.COUNT,
}  # 其中：A得分…；B得分… lists parts across ；


HIERARCHY = compiled(r"[一二三四]级")
SUBTOTAL = compiled(r"合计|共计|小计|总计|累计|共|满分")
BREAKDOWN_WORD = compiled(
    r"其中|具体(?:是|为|包括)|包括(?=[^，。；]{0,12}\d)"
)  # 其中A、B / 具体是：A…；B… / 包括基本支出…
OPENING_BREAKDOWN = compiled(r"^(?:其中|具体(?:是|为|包括))")
SEGMENT_BREAK = compiled(r"[；;]")
OPENING_QIZHONG = compiled(r"^其中[：:，,]?")
MEASURE_SHARED = 3  # characters a part's name ends with as its total's does: 总投资 (not 资金, 支出)
ARTICLE_AFTER = compiled(r"\p{Han}")  # 一套包括… / 一个集…于一体的: a noun or verb follows, not a colon
BACKWARD_NOUNS = compiled(r"^(?:个)?(?:方面|大类|领域|部分|环节|维度|板块|层面|方向|类别)")


def link(ex, spans: list[Span]) -> None:
    text = ex.doc.text
    sentences: dict[int, list] = {}
    for f in ex.facts:
        if f.source == "text" and f.sentence >= 0:
            sentences.setdefault(f.sentence, []).append(f)
    span_of_sentence: dict[int, tuple[int, int]] = {}
    for sp in spans:
        a, b = span_of_sentence.get(sp.sentence, (sp.start, sp.end))
        span_of_sentence[sp.sentence] = (min(a, sp.start), max(b, sp.end))
    previous: list = []
    for s in sorted(sentences):
        facts = sorted(sentences[s], key=lambda f: f.evidence.start)
        a, b = span_of_sentence[s]
        opens_with_breakdown = facts and OPENING_BREAKDOWN.match(text[a:b].lstrip())
        same_paragraph = [f for f in previous if facts and (f.paragraph == facts[0].paragraph or opens_with_breakdown)]
        _breakdowns(ex, facts, text, a, b, same_paragraph)
        _listed_totals(ex, facts, text)
        previous = facts
        pair_targets(ex, facts, text)
    link_paragraph_breakdowns(ex, PART_KINDS)  # before the sources: an explicit 其中 is not an implied list
    link_source_breakdowns(ex, sentences, text)
    link_bracket_counts(ex, sentences, text)
    link_named_wholes(ex, sentences, text)
    link_adjustments(ex, sentences)
    link_dimension_scores(ex)  # after every 其中: an explicit breakdown of the total comes first
    link_balances(ex, sentences)
    _enumerated_counts(ex, spans)
    _points(ex)
    in_order = {k: sorted(v, key=lambda f: f.evidence.start) for k, v in sentences.items()}
    link_ratios(ex, in_order)
    link_respective_changes(ex, in_order)
    link_stated_changes(ex, in_order)
    link_named_shares(ex, sentences, text)  # after the shares of breakdowns: a whole stated elsewhere


def _breakdowns(ex, facts, text: str, a: int, b: int, previous: list) -> None:
    """total …其中 part1, part2 … : a 'sum' fact relating the total to its parts. A sentence that
    opens with 其中 breaks down the last figure of the sentence before it."""
    for m in BREAKDOWN_WORD.finditer(text[a:b]):  # 其中A、B / 包括基本支出612.30万元和…
        at = a + m.start()
        before = [
            f
            for f in facts
            if f.evidence.end <= at
            and f.kind in PART_KINDS
            and not is_money_change(f)
            and not is_comparison_base(f, text)
        ]
        if m.group(0).startswith("包括"):  # 收入包括：…；支出包括：… — the total stands in 包括's own clause
            before = [f for f in before if not SEGMENT_BREAK.search(text[f.evidence.end : at])]
        if not before and not text[a:at].strip(" ，,：:"):
            before = [
                f
                for f in previous
                if f.kind in PART_KINDS and not is_money_change(f) and not is_comparison_base(f, text)
            ]
            before = _named_alike(before, [f for f in facts if at <= f.evidence.start < b])
        if not before or _owned_by_another(facts, at, before[-1], text):
            continue
        depth = bracket_depth(text, at)  # 40个（其中3个续建），其中…: the count before the aside
        before = [f for f in before if bracket_depth(text, f.evidence.start) <= depth] or before
        total = before[-1]
        if runs_on_from_a_part(text, total, at):
            continue
        following = [f for f in facts if f.evidence.start >= at and f.kind not in (Kind.YEAR, Kind.FORMULA, Kind.TERM)]
        if not following or following[0].quantity.base_unit != total.quantity.base_unit:
            continue  # 其中产出和效益指标各20分…: what follows 其中 is not a part of this total
        parts = _parts_after(ex, facts, text, at, total)
        if total.kind in MONEY_FIGURES and parts:
            parts = read_through(ex, total, parts, text, b)
        if total.kind in MONEY_FIGURES and parts:  # parallel parts: 其中A预算…，B预算…, not a budget and its spend
            side = next((money_side(p) for p in parts if money_side(p)), "")
            parts = [p for p in parts if money_side(p) in (side, "") and not p.quantity.qualifier]
            parts = funds_before_spend(total, parts)
        parts = without_own_funds(total, before_adjustment(facts, at, total, parts))
        if len(parts) < 2 or any(HIERARCHY.search(p.label + str(p.subject)) for p in parts) or _staged(parts):
            continue
        if total.kind in MONEY_FIGURES and later_grand_total(facts, parts[-1], b):
            continue  # 上级补助X，其中…，上年结余Y，收入合计Z: which total the later parts belong to is unclear
        if unseen_parts(text, facts, at, b, total, parts):
            continue  # a part masked, the list cut off, or the total net of an adjustment among the parts
        _name_parts(ex, total, parts)
        after_last = text[parts[-1].evidence.end : parts[-1].evidence.end + 3]
        ex.add_about(
            Kind.SUM,
            total,
            relation=Relation(
                total=total.id,
                parts=tuple(p.id for p in parts),
                signs=_change_signs(total, parts, text),
                made_by=made_before_matching(total, parts),
            ),
            open_ended=after_last.startswith("等"),
        )


def _staged(parts: list) -> bool:
    """其中：项目支出年初预算800万元，…调整后预算680万元: one part's budget at two stages, no parts of a whole."""
    return len(STAGES & {p.kind for p in parts}) > 1


def _owned_by_another(facts, at: int, total, text: str) -> bool:
    """Whether the figure right before 其中 is of the total's unit but of no kind a breakdown totals (核定编制71人，
    实际在职62人，其中…: the actual headcount is broken down, not the quota before it)."""
    last = max(
        (
            f
            for f in facts
            if total.evidence.end <= f.evidence.start
            and f.evidence.end <= at
            and f.kind not in (Kind.YEAR, Kind.TERM, Kind.FORMULA)
            and not is_money_change(f)
            and not is_comparison_base(f, text)
        ),
        key=lambda f: f.evidence.start,
        default=None,
    )
    return last is not None and last is not total and last.quantity.base_unit == total.quantity.base_unit


def _next_sibling_item(text: str, total, f) -> bool:
    """Whether `f` stands in a later item numbered as the total's own (二、 then 三、)."""
    if total.item < 0 or f.item <= total.item:
        return False
    return marker_style(text, f.item) == marker_style(text, total.item) != ""


def _named_alike(candidates: list, following: list) -> list:
    """The figure of the sentence before that a sentence opening with 其中 breaks down: its last, unless the
    figures after 其中 do not add up to it and an earlier one ends its name as the first of them does
    (项目总投资157万元，其中…，其他资金117.7万元。其中A项目总投资87万元…: the 总投资 is broken down)."""
    if not candidates or not following:
        return candidates[-1:]
    last, name = candidates[-1], following[0].label
    same = [f for f in following if f.quantity.base_unit == last.quantity.base_unit]
    if adds_up(same, last):
        return [last]

    def shared(f) -> int:
        return len(commonprefix([f.label[::-1], name[::-1]]))

    best = max(reversed(candidates), key=shared)  # the latest of the best
    return [best] if shared(best) >= MEASURE_SHARED > shared(last) else [last]


def _parts_after(ex, facts, text: str, at: int, total) -> list:
    """The figures after 其中 (at `at`) that are parts of `total`, up to the first that is not."""
    parts: list = []
    depth_at = bracket_depth(text, at)
    for f in facts:
        if f.evidence.start < at:
            continue
        if total.kind == Kind.SCORE and f.kind == Kind.SCORE_MAX and WORTH_THEN_SCORE.match(text, f.evidence.end):
            continue  # 其中产出指标50分得48分: the item's worth, its score (the part) follows
        unlabelled = f.kind == Kind.NUMBER or (total.kind == Kind.SCORE and f.kind == Kind.SCORE_MAX)
        same_unit = f.quantity.base_unit == total.quantity.base_unit
        if f.kind not in PART_KINDS[total.kind] and not (unlabelled and same_unit):
            continue  # …，产出31分 / 其中产出指标48.2分: in a score's breakdown, a figure in 分 is a score
        if is_money_change(f) or is_comparison_base(f, text):
            continue  # 其中：财政拨款收入800万元，比上年增加110万元 (较上年690万元): a change (or its base) is no part
        if bracket_depth(text, f.evidence.start) != depth_at:
            continue  # a nested （其中…） breakdown belongs to a part, not to this total
        if not same_unit or STOP_WORDS.search(f.label):
            break
        if parts and "其中" in text[parts[-1].evidence.end : f.evidence.start]:
            break  # …其中：基本支出300万元，其中：人员经费…: a breakdown of the last part, not more parts
        if _next_sibling_item(text, total, f):
            break  # 二、…预算150万元，其中A150万元，B0万元，三、…200万元: the total's sibling item, not a part
        if total.kind not in MONEY_FIGURES and f.subject and f.subject == total.subject:
            break
        said_again = parts and f.quantity.base_value == total.quantity.base_value and total.quantity.base_value
        if said_again and not _is_net_change(total, text):  # 增加3人（其中：招聘5人…调出3人）: 调出3人 is a part
            break  # …其中A19万元、B17万元，到位资金48万元: the total said again, not one more part
        if parts and f.segment != parts[-1].segment:
            if total.kind not in LIST_ACROSS_SEGMENTS and not sibling_part(ex, f, total, parts, facts, text):
                break  # money stops at ；unless a sibling part follows before the total is reached
            seg = text[segment_start(ex, f) : f.evidence.start]
            if "其中" in seg or any(p.subject and seg.startswith(str(p.subject)) and "中" in seg for p in parts):
                break  # ；产出指标中，数量指标…: a breakdown of a part, not more parts
        parts.append(f)
    return parts


def _change_signs(total, parts, text: str) -> tuple[int, ...]:
    """A count that is a net change (比上年末增加2人（其中：新招录4人、调入1人、退休3人）) has signed parts;
    () for a plain total."""
    if not _is_net_change(total, text):
        return ()
    words = load("changes")
    signs = []
    for p in parts:
        said = text[clause_start(text, p.evidence.start, p.evidence.start - 8) : p.evidence.start]
        signs.append(1 if words["increase"].regex.search(said) else -1 if words["decrease"].regex.search(said) else 0)
    return tuple(signs)


def _is_net_change(total, text: str) -> bool:
    """A count stated as a change (比上年末增加2人): its breakdown's parts are signed."""
    head = text[max(0, total.evidence.start - 6) : total.evidence.start]
    return total.kind == Kind.COUNT and bool(load("changes")["change_total"].regex.search(head))


def _name_parts(ex, total, parts: list) -> None:
    """The breakdown says what its parts are: a score's parts are scores; money's parts are funds of its owner."""
    for p in parts:
        if p.kind != total.kind and total.kind == Kind.SCORE:
            ex.facts[p.id] = replace(p, kind=Kind.SCORE)
        elif total.kind in MONEY_FIGURES:  # 其中一般公共预算资金…: a part is not the whole restated
            name = OPENING_QIZHONG.sub("", p.label).strip("，,：: ") or str(p.id)
            fund = f"{total.subject.fund}·{name}" if total.subject.fund else name
            ex.facts[p.id] = replace(p, subject=replace(total.subject, fund=fund))


LIST_TOTAL_BEFORE = compiled(r"(?:等|[，,]?(?:共|合计|总计|共计))$")
LIST_JOINT = compiled(r"^[^，,。；;：:]{0,12}?(?:、|和|及|与|以及)[^，,。；;：:]{0,2}$")


def _listed_totals(ex, facts, text: str) -> None:
    """13个市直单位、2所高校、5家企业等20家单位: a total after the counts it gathers (等 leaves the list
    open: the counts may fall short of it but never exceed it)."""
    counts = [f for f in facts if f.kind == Kind.COUNT]
    for k, total in enumerate(counts):
        head = text[max(0, total.evidence.start - 4) : total.evidence.start]
        m = LIST_TOTAL_BEFORE.search(head)
        if not m or k < 2:
            continue
        parts = [counts[k - 1]]
        for prev in reversed(counts[: k - 1]):
            between = text[prev.evidence.end : parts[0].evidence.start]
            if not LIST_JOINT.match(between):
                break
            parts.insert(0, prev)
        gap = text[parts[-1].evidence.end : total.evidence.start]
        if len(parts) < 2 or regex.search(r"[。；;：:]", gap) or len(gap) > 16:
            continue
        ex.add_about(
            Kind.LISTED_SUM,
            total,
            relation=Relation(total=total.id, parts=tuple(p.id for p in parts)),
            open_ended=m.group(0) == "等",
        )


def _enumerated_counts(ex, spans: list[Span]) -> None:
    """Attach the items listed with a declared count (forward: 分别是…; backward: 从…七个方面)."""
    text = ex.doc.text
    para_start = {}
    for sp in spans:
        para_start.setdefault(sp.paragraph, sp.start)
    for f in list(ex.facts):
        if f.kind != Kind.COUNT or f.source != "text" or f.quantity.qualifier:
            continue
        if counted_lists.opens_marked_list(text, f.evidence.end):  # 一是…，二是… / ⏎（1）…⏎（2）…
            enum = counted_lists.marked_items(text, f.evidence.end, f.quantity.unit)
            if enum is not None and not counted_lists.link_sub_counts(ex, f, enum):
                ex.facts[f.id] = replace(f, items=enum.items, items_range=(enum.fewest, enum.most))
            continue
        if enumerations.joined_to_a_count(text, f.evidence.start):
            continue  # 三项改革和两个提升，即…: the list after it belongs to both counts
        if f.quantity.text.startswith("一") and ARTICLE_AFTER.match(text, f.evidence.end):
            continue  # 构建成一套包括A、B…的体系: 一 is the article, its list the one thing's contents
        enum = enumerations.forward(text, f.evidence.end)
        if enum is not None and counted_lists.link_sub_counts(ex, f, enum):
            continue  # 指标15个：产出指标9个、效益指标4个…: sub-counts, not items
        before = text[max(0, f.evidence.start - 1) : f.evidence.start]
        if enum is None and (BACKWARD_NOUNS.match(text[f.evidence.end : f.evidence.end + 4]) or before == "等"):
            floor = max(para_start.get(f.paragraph, 0), f.evidence.start - 200)
            enum = enumerations.backward(text, f.evidence.start, floor)
        if enum is None:
            continue
        clauses = enumerations.clause_count(text, enum)
        fits = (clauses, clauses) if clauses and f.quantity.value == clauses else (enum.fewest, enum.most)
        ex.facts[f.id] = replace(f, items=enum.items, items_range=fits, open_ended=enum.open_ended)


def _points(ex) -> None:
    """N items × P points each = the stated subtotal: a 'points' fact relating count, each and subtotal."""
    by_paragraph: dict[int, list] = {}
    for f in ex.facts:
        if f.source == "text":
            by_paragraph.setdefault(f.paragraph, []).append(f)
    for facts in by_paragraph.values():
        facts.sort(key=lambda f: f.evidence.start)
        for i, each in enumerate(facts):
            if each.kind != Kind.POINTS_EACH or each.label.endswith("各"):
                continue
            counts = [f for f in facts[:i] if f.kind == Kind.COUNT and not f.quantity.qualifier]
            subtotal = next(
                (f for f in facts[i + 1 :] if f.kind in (Kind.SCORE, Kind.SCORE_MAX) and SUBTOTAL.search(f.label)), None
            )
            if not counts or subtotal is None:
                continue
            count = counts[-1]
            ex.add_about(Kind.POINTS, subtotal, relation=Relation(total=subtotal.id, count=count.id, each=each.id))
