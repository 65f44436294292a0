"""One count stated twice: the same action on the same object (全年开展河道垃圾集中清理24次 … 全年开展河道垃圾
集中清理42次). A RESTATEMENT fact pairs each later statement with the first; `implied` when the words
around them leave room for two different things (a clause that says more, one period word missing, two
sections: a section may be about one unit or one part of the work, or state targets).

Never paired: generic subjects (实有人数), a count of part of the year, of part of the area or of a plan
(截至6月底, 其中城北街道, 计划), counts of two different years, counts under two numbered projects.
"""

from __future__ import annotations

from collections import defaultdict

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation
from .segments import bracket_depth

WORDS = load("counts")
ACTION_OBJECT = WORDS["action_object"].regex
NOT_WHOLE = WORDS["not_whole"].regex
WHOLE_PERIOD = WORDS["whole_period"].regex
FILLER = WORDS["filler"].regex
TARGET_SECTION = WORDS["target_section"].regex
NUMBERED_PROJECT = load("subjects")["numbered_project"].regex
PROJECT_HEADING = load("measures")["project_heading"].regex
SENTENCE_ENDS = "。！？!?\n"
LOOK_BACK = 80  # characters before a count searched for the start of its sentence
LEADING_FILLER = compiled(rf"^(?:[^\p{{Han}}]|{FILLER.pattern}|{WHOLE_PERIOD.pattern})+")
PUNCTUATION = compiled(r"[^\p{Han}\dA-Za-z]+")


def link_restated_counts(ex) -> None:
    text = ex.doc.text
    groups: dict[tuple, list] = defaultdict(list)
    for f in ex.facts:
        said = _said_before(text, f)
        if said is None:
            continue
        action = _action(f)
        groups[action, f.quantity.base_unit].append((f, *_period_and_rest(said, action)))
    for statements in groups.values():
        first, first_period, first_rest = statements[0]
        for later, period, rest in statements[1:]:
            if not _same_scope(text, first, later) or (period and first_period and period != first_period):
                continue
            proven = period == first_period and not rest and not first_rest and _one_plain_section(first, later)
            relation = Relation(total=first.id, parts=(later.id,), implied=not proven)
            ex.add_about(Kind.RESTATEMENT, first, relation=relation)


def _said_before(text: str, f) -> str | None:
    """The words of the count's sentence before its figure, for a count of one action on one object;
    None for any other count, and for a count of part of the year, of the area or of a plan."""
    if f.kind != Kind.COUNT or f.source != "text" or not f.quantity.is_exact or f.inferred:
        return None
    if not ACTION_OBJECT.match(_action(f)) or bracket_depth(text, f.evidence.start):
        return None
    head = text[max(0, f.evidence.start - LOOK_BACK) : f.evidence.start]
    said = head[max(head.rfind(c) for c in SENTENCE_ENDS) + 1 :]
    return None if NOT_WHOLE.search(said) else said


def _action(f) -> str:
    """The count's subject without the speaker or period before it (本年度处置违规文章 → 处置违规文章)."""
    return LEADING_FILLER.sub("", str(f.subject))


def _period_and_rest(said: str, subject: str) -> tuple[str, str]:
    """The period words (全年, 2024年) before the subject, and whatever else is said there."""
    before = said[: said.rfind(subject)] if subject in said else said
    period = "".join(sorted({_year_word(m.group(0)) for m in WHOLE_PERIOD.finditer(before)}))
    rest = PUNCTUATION.sub("", FILLER.sub("", WHOLE_PERIOD.sub("", before)))
    return period, rest


def _year_word(word: str) -> str:
    """全年, 本年度, 年度 … name the report's year alike; 2023年 names its own."""
    digits = regex.match(r"\d{4}", word)
    return digits.group(0) if digits else "本年"


def _same_scope(text: str, a, b) -> bool:
    """Counts under two numbered projects or two project headings are of different things."""
    if _numbered_project(text, a.evidence.start) != _numbered_project(text, b.evidence.start):
        return False
    return a.section == b.section or not any(PROJECT_HEADING.search(s) for s in (a.section, b.section))


def _one_plain_section(a, b) -> bool:
    """Both in one section, and not one that may state targets (a target and its actual are two things)."""
    return a.section == b.section and not TARGET_SECTION.search(a.section)


def _numbered_project(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    last = ""
    for m in NUMBERED_PROJECT.finditer(text, start, at):
        last = m["name"].strip()
    return last
