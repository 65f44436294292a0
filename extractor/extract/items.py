"""Enumerated items (1、… 2、…, 一是… 二是…, ①… ②…): where each item of a list starts, so that a figure can
say which item it stands in. An item runs to the next marker of its paragraph; the last one, to the end of
the paragraph when its marker opens the paragraph, else to the end of its sentence (…；②…。截至年底共支付…
is the list's summary, not its item)."""

from __future__ import annotations

from bisect import bisect_right

import regex

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

ITEM_MARKER = load("items")["item_marker"].regex
SENTENCE_END = compiled(r"[。！？!?]")
NO_ITEM = -1


class Items:
    """The enumerated items of a document's paragraphs, found once per paragraph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._items: dict[int, tuple[list[int], int]] = {}  # paragraph start → (item markers, end of the last)

    def item_at(self, at: int) -> int:
        """The offset of the marker of the item `at` stands in, or NO_ITEM outside any list."""
        start = self.text.rfind("\n", 0, at) + 1
        if start not in self._items:
            self._items[start] = self._find(start)
        marks, last_end = self._items[start]
        n = bisect_right(marks, at)
        if not n or (n == len(marks) and at >= last_end):
            return NO_ITEM
        return marks[n - 1]

    def _find(self, start: int) -> tuple[list[int], int]:
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        marks = [m.start() for m in ITEM_MARKER.finditer(self.text, start, end)]
        if not marks or not self.text[start : marks[-1]].strip():
            return marks, end  # no list, or one item opening the paragraph: it holds the paragraph
        stop = SENTENCE_END.search(self.text, marks[-1], end)
        return marks, stop.end() if stop else end


def marker_style(text: str, at: int) -> str:
    """The numbering style of the item marker at `at` (二、 and 三、 share one; （1） and 三、 do not)."""
    m = ITEM_MARKER.match(text, at)
    if not m:
        return ""
    return regex.sub(r"[一二三四五六七八九十]+", "一", regex.sub(r"\d+", "1", m.group(0).strip()))
