"""Paragraphs → headings, sentences (。！？) and segments (；) with offsets into Document.text."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..document import Document
from ..reflow import HEADING_RE

SENTENCE_END = "。！？!?"
SEGMENT_END = "；;"
CLAUSE_BREAK = "，,；;：:。！？!?（(）)、\n"
OPENERS, CLOSERS = "“‘《（(【[「", "”’》）)】]」"
HEADING_MAX_LEN = 40
CLAUSE_MAX_CHARS = 200  # a clause is looked for this far back at most (a run without breaks costs no more)
SPLIT_MARKS = compiled("[" + regex.escape(OPENERS + CLOSERS + SENTENCE_END + SEGMENT_END) + "]")
HEADING_NUMBER_RE = compiled(HEADING_RE.pattern + r"、?\s*")  # the numbering and what follows it
SECTION_SUFFIX_RE = compiled(r"(?:完成情况|情况|分析|说明)+$")
PROJECT_HEADING = load("headings")["project_heading"].regex
# a heading's level by its numbering, highest first: 一、 （一） 1. （1）; a heading without numbering is lowest
HEADING_LEVELS = tuple(
    compiled(r"^\s*" + p)
    for p in (
        r"第[一二三四五六七八九十]+[章节部分]|[一二三四五六七八九十]+、",
        r"[（(][一二三四五六七八九十]+[)）]",
        r"\d{1,2}[、.．](?!\d)",
        r"[（(]\d{1,2}[)）]",
    )
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int
    sentence: int
    segment: int
    heading: str  # the section this text belongs to (nearest heading, numbering removed)
    project: str = ""  # the project whose heading (1.X项目, （一）X项目) this text stands under, if any


def is_heading(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > HEADING_MAX_LEN or t[-1] in "。；;，,":
        return False
    return bool(HEADING_RE.match(t)) or (len(t) <= 20 and not any(ch.isdigit() for ch in t) and t[-1] not in "：:")


def heading_name(text: str) -> str:
    name = HEADING_NUMBER_RE.sub("", text.strip())
    return SECTION_SUFFIX_RE.sub("", name).strip() or name.strip()


def split_sentences(doc: Document) -> list[Span]:
    """Sentences of the document's body, each with its section heading; headings are not sentences."""
    spans: list[Span] = []
    heading, sentence, segment = "", 0, 0
    project = _ProjectScope()
    for p_index, (start, end) in enumerate(doc.paragraphs()):
        text = doc.text[start:end]
        if is_heading(text):
            heading = heading_name(text)
            project.enter(text, heading)
            continue
        depth, seg_start = 0, start
        for mark in SPLIT_MARKS.finditer(doc.text, start, end):  # the other characters change nothing
            ch, i = mark.group(), mark.start()
            if ch in OPENERS:
                depth += 1
            elif ch in CLOSERS:
                depth = max(0, depth - 1)
            elif depth == 0 and (ch in SENTENCE_END or ch in SEGMENT_END):
                spans.append(Span(seg_start, i + 1, p_index, sentence, segment, heading, project.name))
                segment += 1
                if ch in SENTENCE_END:
                    sentence += 1
                seg_start = i + 1
        if seg_start < end:
            spans.append(Span(seg_start, end, p_index, sentence, segment, heading, project.name))
            segment += 1
        sentence += 1
    return spans


class _ProjectScope:
    """The project a heading names (1.河道保洁项目): it holds until a heading of its level or above."""

    def __init__(self) -> None:
        self.name, self.level = "", 0

    def enter(self, text: str, name: str) -> None:
        level = heading_level(text)
        if PROJECT_HEADING.search(name):
            self.name, self.level = name, level
        elif self.name and level <= self.level:
            self.name = ""


def heading_level(text: str) -> int:
    """0 for 一、, 1 for （一）, 2 for 1., 3 for （1）, 4 for a heading without numbering."""
    return next((n for n, level in enumerate(HEADING_LEVELS) if level.match(text)), len(HEADING_LEVELS))


def clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at `pos` (after the last clause break outside brackets)."""
    depth, floor = 0, max(floor, pos - CLAUSE_MAX_CHARS)
    for i in range(pos - 1, floor - 1, -1):
        ch = text[i]
        if ch in CLOSERS:
            depth += 1
        elif ch in OPENERS:
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and ch in CLAUSE_BREAK:
            return i + 1
    return floor


def bracket_depth(text: str, pos: int) -> int:
    """Bracket depth at a position (counted from the start of its paragraph): （含上年转列项目5个） is an aside."""
    start = text.rfind("\n", 0, pos) + 1
    depth = 0
    for ch in text[start:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth
