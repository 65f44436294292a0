"""A 自评表's funds block flattened onto one line of running text, as web copies carry it:

    项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额： 100 120 118 10 98.33% 9.8
    其中：当年财政拨款 100 120 118 上年结转资金 其他资金 年度总体目标 …

A run of at least three header words inside the line opens the table; each row is a short name followed
by its figures. A row with fewer figures than columns fills the money columns from the left (其中 rows
carry no points or score); a row without figures is kept with empty cells (a part left blank); anything
else ends the table, and so do more figures than the header has columns of figures (an indicator
table's 一级/二级/三级指标 hold names). The line's text is left to the running text as well.
"""

from __future__ import annotations

import regex

from jixiao.patterns import column_kind
from jixiao.patterns.precompiled import compiled

from ..document import Cell, Table
from .flattened import HEADER_WORD, _is_value

MIN_HEADER = 3
MAX_NAME_CHARS = 12
MAX_EMPTY_ROWS = 3  # names without figures in a row: the table is over
MONEY_COLUMNS = {"budget_initial", "budget_adjusted", "budget", "spend"}
TOKEN = compiled(r"\S+")


def find_inline_tables(lines: list[str], page_of_line: list[int], used: set[int]) -> list[Table]:
    tables = []
    for n, line in enumerate(lines):
        if n in used or len(line) < 40:
            continue
        toks = [(m.start(), m.group(0)) for m in TOKEN.finditer(line)]
        start = _header_run(toks)
        if start is None:
            continue
        table = _read(toks, start, n, page_of_line[n])
        if table is not None:
            tables.append(table)
    return tables


def _is_header(tok: str) -> bool:
    return bool(HEADER_WORD.match(tok))


def _header_run(toks) -> int | None:
    """Index of the first token of a run of header words that is not at the line's start."""
    for i in range(1, len(toks) - MIN_HEADER):
        if all(_is_header(t) for _, t in toks[i : i + MIN_HEADER]) and not _is_header(toks[i - 1][1]):
            return i
    return None


def _read(toks, start: int, lineno: int, page: int) -> Table | None:
    end = start
    while end < len(toks) and _is_header(toks[end][1]):
        end += 1
    header = [t for _, t in toks[start:end]]
    figure_columns = sum(column_kind(h) is not None for h in header)
    money = 0
    while money < len(header) and column_kind(header[money]) in MONEY_COLUMNS:
        money += 1
    name_cell = "".join(t for _, t in toks[max(0, start - 2) : start] if not regex.search(r"\d", t))
    rows: list[list[tuple[int, str]]] = [[(toks[start - 1][0], name_cell[-MAX_NAME_CHARS:])] + toks[start:end]]
    i, empty_run, filled = end, 0, 0
    while i < len(toks):
        pos, name = toks[i]
        if _is_value(name) or _is_header(name) or len(name) > MAX_NAME_CHARS or name.endswith("。"):
            break
        j = i + 1
        while j < len(toks) and _is_value(toks[j][1]) and j - i <= len(header):
            j += 1
        values = toks[i + 1 : j]
        if values and len(values) != len(header) and len(values) > money:
            break  # which columns the figures belong to cannot be told
        if len(values) > figure_columns:
            break  # figures under the header's name columns (三级指标): no row of this table
        empty_run = 0 if values else empty_run + 1
        if empty_run > MAX_EMPTY_ROWS:
            break
        filled += bool(values)
        rows.append([(pos, name.rstrip("：:"))] + values + [(pos, "")] * (len(header) - len(values)))
        i = j
    while rows and len(rows) > 1 and all(not t for _, t in rows[-1][1:]):
        rows.pop()  # names after the last row with figures are the next block's words
    if filled == 0:
        return None
    cells = [
        [Cell(r, c, text, (float(pos), float(lineno + 1), float(pos + len(text)), float(lineno + 1)))
         for c, (pos, text) in enumerate(row)]
        for r, row in enumerate(rows)
    ]  # fmt: skip
    return Table(page, None, cells, ruled=False, caption="")
