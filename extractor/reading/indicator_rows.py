"""Indicator rows of a 自评表 recognised in the stream of cells, whatever layout flattened the table.

Web copies of 自评表 reach us as one cell per line, a whole table on one line, or `|` rows, often with the
header cells wrapped (年度⏎指标值) or separated from their values by metadata, so that no header can be
fitted to the rows. The rows themselves keep a shape of their own:

    名称  年度指标值  实际完成值  分值  得分     e.g.  学生资助人数  ≥800人  812人  10  10

A run of cells is taken as such a row only when it has exactly that shape: a name, two figures that
measure the same thing (the same unit, or both bare), then points and a score with 0 ≤ 得分 ≤ 分值 ≤ 100;
and only when the columns' header words (指标值, 完成值, 分值 or 权重, 得分) stand before it. Anything
less regular is left to the header-fitting readers or to the running text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from jixiao.patterns.precompiled import compiled

from ..document import Cell, Table
from ..numbers import COUNTERS, is_figure, parse_quantity

HEADER = ("三级指标", "年度指标值", "实际完成值", "分值", "得分")
TARGET_HEADER = compiled(r"指标值|目标值|预期值|计划值")
ACTUAL_HEADER = compiled(r"完成值|实际值|实际完成")
POINTS_HEADER = compiled(r"分值|权重|满分")
SCORE_HEADER = compiled(r"得分")
NAME = compiled(r"^(?:指标\s*\d{1,3}\s*[:：.、]?\s*)?(?P<name>[\p{Han}A-Za-z0-9（）()、\-—“”\"·]{2,40})$")
HAN = compiled(r"\p{Han}")
BARE_NUMBER = compiled(r"^\d{1,3}(?:\.\d{1,2})?$")
MAX_POINTS = Decimal(100)
HEADER_REACH = 400  # cells: the header words must stand this close before the first row


@dataclass(frozen=True)
class Token:
    text: str
    line: int  # 0-based raw line
    col: int


def tokens_of(lines: list[str], skip: set[int]) -> list[Token]:
    """Cells in reading order: `|` splits a line, so do runs of two or more spaces or tabs; a line with
    neither splits at single spaces only when it is a run of short cells (a row pasted on one line)."""
    out: list[Token] = []
    for i, raw in enumerate(lines):
        if i in skip or not raw.strip():
            continue
        parts = regex.split(r"\s*\|\s*|\s{2,}|\t", raw) if "|" in raw or regex.search(r"\s{2,}|\t", raw) else [raw]
        if len(parts) == 1:
            parts = raw.split(" ")
        col = 0
        for p in parts:
            p = p.strip()
            if p:
                col = raw.find(p, col)
                out.append(Token(p, i, max(col, 0)))
                col += len(p)
    return _join_split_cells(out)


COMPARATOR_CELL = compiled(r"^(?:[≥≧>＞]=?|[≤≦<＜]=?|[=＝═]|>=|<=)$")
UNIT_CELL = compiled(rf"^(?:%|‰|万元|亿元|元|{'|'.join(COUNTERS)})$")
BARE = compiled(r"^\d[\d,]*(?:\.\d+)?$")


def _join_split_cells(toks: list[Token]) -> list[Token]:
    """A 自评表 that gives the comparator and the unit cells of their own (≧ | 735 | 人次) is read as if
    they were one cell (≥735人次); ═ stands for =."""
    out: list[Token] = []
    for t in toks:
        if out and BARE.match(t.text) and COMPARATOR_CELL.match(out[-1].text):
            sign = "=" if out[-1].text in "═＝" else out[-1].text
            out[-1] = Token(sign + t.text, out[-1].line, out[-1].col)
        elif out and UNIT_CELL.match(t.text) and regex.match(r"^[=≥≧>＞≤≦<＜]*\d[\d,]*(?:\.\d+)?$", out[-1].text):
            out[-1] = Token(out[-1].text + t.text, out[-1].line, out[-1].col)
        else:
            out.append(t)
    return out


def _figure(text: str):
    """The quantity a cell holds when the whole cell is one figure (not 指标1 inside a name)."""
    return parse_quantity(text) if is_figure(text) else None


def _same_measure(a, b) -> bool:
    return a.base_unit == b.base_unit and (a.unit == b.unit or not a.unit or not b.unit)


def _row_at(toks: list[Token], i: int) -> list[Token] | None:
    """The five cells of an indicator row starting at toks[i], or None."""
    if i + 4 >= len(toks):
        return None
    name, target, actual, points, score = toks[i : i + 5]
    m = NAME.match(name.text)
    if not m or not HAN.search(m["name"]) or is_figure(name.text) or _header_word(name.text):
        return None
    t, a = _figure(target.text), _figure(actual.text)
    if t is None or a is None or not _same_measure(t, a):
        return None
    if not (BARE_NUMBER.match(points.text) and BARE_NUMBER.match(score.text)):
        return None
    p, s = Decimal(points.text), Decimal(score.text)
    if not (0 < p <= MAX_POINTS and 0 <= s <= p):
        return None
    return [name, target, actual, points, score]


def _already_read(row: list[Token], read_rows: list[set[str]]) -> bool:
    """A header-fitting reader has this row when one of its rows holds the name, target and actual."""
    wanted = {_bare_name(row[0].text), row[1].text, row[2].text}
    return any(wanted <= cells for cells in read_rows)


def _bare_name(text: str) -> str:
    m = NAME.match(text.strip())
    return m["name"] if m else text.strip()


def _header_word(text: str) -> bool:
    return any(h.search(text) for h in (TARGET_HEADER, ACTUAL_HEADER, POINTS_HEADER, SCORE_HEADER))


def _has_header_before(toks: list[Token], i: int) -> bool:
    window = " ".join(t.text for t in toks[max(0, i - HEADER_REACH) : i])
    return all(h.search(window) for h in (TARGET_HEADER, ACTUAL_HEADER, POINTS_HEADER, SCORE_HEADER))


def find_indicator_rows(lines: list[str], page_of_line: list[int], known: list[Table]) -> list[Table]:
    """Tables of the indicator rows that the header-fitting readers (their tables: `known`) did not read."""
    toks = tokens_of(lines, set())
    read_rows = [{_bare_name(c.text) for c in row if c and c.text} for t in known for row in t.cells[1:]]
    runs: list[list[list[Token]]] = []
    i, last_end = 0, -1
    while i < len(toks):
        found = _rows_at(toks, i)
        if found and not found[0]:
            i = found[1]  # more names stacked than a wrapped cell pushes ahead: none of them is paired
            continue
        rows = [r for r in found[0] if not _already_read(r, read_rows)] if found else []
        if not rows or not _has_header_before(toks, i):
            i += 1
            continue
        if runs and last_end >= i - 12 and not _closed(runs[-1]) and not _header_between(toks, last_end, i):
            if _page_mark_between(toks, last_end, i):  # a row printed again over a page break counts once
                seen = {_texts(r) for r in runs[-1]}
                rows = [r for r in rows if _texts(r) not in seen]
            runs[-1].extend(rows)
        else:
            runs.append(rows)
        i = last_end = found[1]
        if total := _total_at(toks, i):
            runs[-1].append(total[0])
            i = last_end = total[1]
    return [_table(run, page_of_line) for run in runs]


WHOLE_TOTAL = compiled(r"^(?:合计|总计|总分|总得分|综合得分|自评总分)[:：]?$")
SCORE_TOTAL = compiled(r"^(?:总分|总得分|综合得分|自评总分)")
TOTAL_REACH = 3  # cells after a table's last row where its total row may start (a remark cell between)


def _total_at(toks: list[Token], i: int) -> tuple[list[Token], int] | None:
    """The total row closing a run of indicator rows (合计 100 95.5: points, then score), as a row of five
    cells with the target and actual left empty, and the index after it; None unless two figures
    0 ≤ score ≤ points ≤ 100 follow."""
    for k in range(i, min(i + TOTAL_REACH, len(toks) - 2)):
        name, points, score = toks[k : k + 3]
        if not WHOLE_TOTAL.match(name.text):
            continue
        if not (BARE_NUMBER.match(points.text) and BARE_NUMBER.match(score.text)):
            return None
        if not 0 <= Decimal(score.text) <= Decimal(points.text) <= MAX_POINTS:
            return None
        if not SCORE_TOTAL.match(name.text) and Decimal(points.text) != MAX_POINTS:
            return None  # 合计 40 38 may close one section's rows only: a 合计 is the whole table's at 100 points
        blank = Token("", name.line, name.col)
        return [name, blank, blank, points, score], k + 3
    return None


def _closed(run: list[list[Token]]) -> bool:
    """Whether a run of rows ends in its total row (the next rows are another table's)."""
    return WHOLE_TOTAL.match(run[-1][0].text) is not None


def _texts(row: list[Token]) -> tuple[str, ...]:
    return tuple(t.text for t in row)


PAGE_MARK = compiled(r"^(?:第\s*\d+\s*页(?:[/／]共\s*\d+\s*页)?|-\s*\d+\s*-|\d+\s*[/／]\s*\d+)$")


def _page_mark_between(toks: list[Token], start: int, end: int) -> bool:
    return any(PAGE_MARK.match(t.text) for t in toks[start:end])


def _header_between(toks: list[Token], start: int, end: int) -> bool:
    """Whether a header word stands between two runs of rows: the second is another table's."""
    return any(_header_word(t.text) for t in toks[start:end])


def _rows_at(toks: list[Token], i: int) -> tuple[list[list[Token]], int] | None:
    """The indicator rows starting at toks[i] and the index after them: one row, or stacked names' rows."""
    row = _row_at(toks, i)
    return ([row], i + 5) if row else _stacked_at(toks, i)


NUMBERED = compiled(r"^指标\s*(\d{1,3})\s*[:：.、]?\s*\p{Han}")
NAME_TAIL = compiled(r"^\p{Han}{1,4}$")
MAX_STACKED = 6  # names a wrapped cell may push ahead of their figures


def _stacked_at(toks: list[Token], i: int) -> tuple[list[list[Token]], int] | None:
    """Numbered names stacked before their figures (指标2:甲 指标3:乙 t2 a2 p2 s2 t3 a3 p3 s3: a cell that wrapped
    pushed the next names ahead of the values), paired in order. Only names numbered one after another, each
    followed in turn by a whole row's figures; a short fragment between two names is the first one's wrapped
    tail (报告⏎数)."""
    names: list[Token] = []
    j, number = i, -1
    while j < len(toks) and (m := NUMBERED.match(toks[j].text)):
        if names and int(m[1]) != number + 1:
            break  # the numbering starts again: the names so far are the run
        number, name, j = int(m[1]), toks[j], j + 1
        if j + 1 < len(toks) and NAME_TAIL.match(toks[j].text) and NUMBERED.match(toks[j + 1].text):
            name, j = Token(name.text + toks[j].text, name.line, name.col), j + 1
        names.append(name)
    if len(names) > MAX_STACKED:
        return [], j  # skipped whole
    if len(names) < 2:
        return None
    rows = [_row_at([name, *toks[j + 4 * k : j + 4 * k + 4]], 0) for k, name in enumerate(names)]
    return (rows, j + 4 * len(names)) if all(rows) else None


def _table(rows: list[list[Token]], page_of_line: list[int]) -> Table:
    first = rows[0][0]
    cells = [[Cell(0, c, h, None) for c, h in enumerate(HEADER)]]
    for r, row in enumerate(rows, start=1):
        cells.append([_cell(r, c, t) for c, t in enumerate(row)])
    return Table(page_of_line[first.line], None, cells, ruled=False, caption="", partial=True)


def _cell(row: int, col: int, t: Token) -> Cell:
    text = (m["name"] if (m := NAME.match(t.text)) else t.text) if col == 0 else t.text
    line = float(t.line + 1)
    return Cell(row, col, text, (float(t.col), line, float(t.col + len(t.text)), line))
