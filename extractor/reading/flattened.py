"""Tables flattened into text, as web pages and copy-paste leave them, recovered as rows and columns.

Recognised when a header row names known columns (分值, 得分, 执行率, 年度指标值 ...):
- `|`-separated rows;
- space-separated rows (cells separated by whitespace; a name may wrap onto the lines before its figures);
- one cell per line (empty cells dropped: a row that comes up short is ambiguous and is skipped).
Cells glued with no separator cannot be split reliably; such a table is reported as a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.patterns import column_kind, load
from jixiao.patterns.precompiled import compiled

from ..document import Cell, Table
from ..numbers import is_figure

HEADER_WORDS = load("tables")["header_words"].regex.pattern  # patterns/tables.toml
REMARK_COLUMN = load("tables")["remark_column"].regex
UNIT_SUFFIX = r"(?:[（(][^）)]{0,6}[)）])?"
HEADER_WORD = compiled(rf"^(?:{HEADER_WORDS}|(?:偏差原因|原因分析|改进措施)\S{{0,10}}){UNIT_SUFFIX}$")
GLUED_HEADER = compiled(rf"(?:(?:{HEADER_WORDS}){UNIT_SUFFIX}){{3,}}")
MIN_COLUMNS = 3
TOTAL_NAME = compiled(r"^(?:合计|总计|总分|小计)")
EMPTY_CELL = {"-", "—", "－", "/", "无", "——"}


@dataclass
class Recovered:
    tables: list[Table] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)  # 0-based indexes of raw lines taken by tables
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (1-based line, code, the line's text)


def _is_header_cells(cells: list[str]) -> bool:
    known = sum(1 for c in cells if HEADER_WORD.match(c.replace(" ", "")))
    return len(cells) >= MIN_COLUMNS and known >= 2 and known >= len(cells) - 1


FIGURE_WITH_UNIT = compiled(r"^[≥≤≧≦<>=＝]?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:[%‰]|[\p{Han}/]{1,5})?$")
# a date in a cell (2023年12月31日, 2023-12-31, 12月底前): a value, as a figure is
DATE_CELL = compiled(
    r"^[≤≦<]?(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?)(?:底|末|前|以前|之前)?$"
)


def _is_value(cell: str) -> bool:
    c = cell.strip()
    return (
        c in EMPTY_CELL or is_figure(c) or bool(FIGURE_WITH_UNIT.match(c) or DATE_CELL.match(c))
    )  # ≥14个工作日, 3.2万册


def _glued_header(line: str) -> bool:
    return bool(GLUED_HEADER.fullmatch(line.replace(" ", "")))


def _cell(row: int, col: int, text: str, lineno: int) -> Cell:
    return Cell(row, col, text.strip(), (0.0, float(lineno), float(len(text)), float(lineno)))


HEADER_FRAGMENT_CHARS = 4  # 年度⏎指标值, 实际⏎完成值, 年初⏎预算数: a header cell wrapped after a short head


def join_wrapped_header_cells(lines: list[str]) -> list[str]:
    """One cell per line with header cells wrapped: a short line that is no header word, joined with the
    next non-blank line, makes one (年初 + 预算数 → 年初预算数). The joined cell takes the first line, the
    second becomes blank, so line numbers stay as they are."""
    out = list(lines)
    for i, raw in enumerate(out):
        head = raw.strip()
        if not head or len(head) > HEADER_FRAGMENT_CHARS or HEADER_WORD.match(head) or _is_value(head):
            continue
        j = next((k for k in range(i + 1, min(len(out), i + 3)) if out[k].strip()), None)
        if j is None:
            continue
        tail = out[j].strip()
        if HEADER_WORD.match(head + tail) and len(tail) <= 2 * HEADER_FRAGMENT_CHARS:
            out[i], out[j] = head + tail, ""
    return out


def join_wrapped_header_row(lines: list[str]) -> list[str]:
    """A space-separated header whose cells wrapped (年度 实际 … ⏎ 指标值 完成值): the next line's cells are the
    tails of the header's cells that are no header words, in order, when each joined cell is one. The header
    takes them and the next line becomes blank, so line numbers stay as they are."""
    out = list(lines)
    for i, raw in enumerate(out):
        cells = raw.split()
        heads = [k for k, c in enumerate(cells) if not HEADER_WORD.match(c)]
        if len(cells) < MIN_COLUMNS or not heads or len(cells) - len(heads) < 2:
            continue
        j = next((k for k in range(i + 1, min(len(out), i + 3)) if out[k].strip()), None)
        tails = out[j].split() if j is not None else []
        if len(tails) != len(heads):
            continue
        joined = list(cells)
        for k, tail in zip(heads, tails):
            joined[k] = cells[k] + tail
        if all(HEADER_WORD.match(joined[k]) for k in heads) and _is_header_cells(joined):
            out[i], out[j] = " ".join(joined), ""
    return out


def recover(lines: list[str], page_of_line: list[int]) -> Recovered:
    out = Recovered()
    lines = join_wrapped_header_row(join_wrapped_header_cells(lines))
    i = 0
    while i < len(lines):
        raw = lines[i].strip()
        taken = 0
        if raw.count("|") >= 2:
            taken = _pipe_table(lines, i, page_of_line, out)
        elif len(raw.split()) >= MIN_COLUMNS and _is_header_cells(raw.split()):
            taken = _space_table(lines, i, page_of_line, out)
        elif HEADER_WORD.match(raw.replace(" ", "")):
            taken = _cell_per_line_table(lines, i, page_of_line, out)
        elif _glued_header(raw):
            out.notes.append((i + 1, "glued", raw))
        i += max(1, taken)
    return out


def _caption(lines: list[str], i: int) -> str:
    for j in range(i - 1, max(-1, i - 3), -1):
        t = lines[j].strip()
        if t:
            return t if len(t) <= 40 and not t.endswith("。") else ""
    return ""


def _emit(out: Recovered, rows: list[tuple[int, list[str]]], page: int, caption: str, partial: bool = False) -> None:
    """A table of the rows; `partial`: rows of it could not be placed (only sums over a total are wrong)."""
    cells = [[_cell(r, c, text, lineno) for c, text in enumerate(row)] for r, (lineno, row) in enumerate(rows)]
    out.tables.append(Table(page, None, cells, ruled=False, caption=caption, partial=partial))


def _pipe_table(lines, i, page_of_line, out) -> int:
    rows, j = [], i
    while j < len(lines) and lines[j].strip().count("|") >= 2:
        j += 1
    run = [lines[k].strip() for k in range(i, j)]
    # outer pipes are dropped where every line has them (markdown); where only some lines open with one, it
    # stands for an empty first cell (a merged 一级指标 cell left blank under its first row)
    lead, trail = all(t.startswith("|") for t in run), all(t.endswith("|") for t in run)
    for k, line in enumerate(run):
        line = line[1 if lead else 0 : len(line) - 1 if trail else len(line)]
        cells = [c.strip() for c in line.split("|")]
        if not all(set(c) <= set("-:— ") for c in cells):  # markdown rule lines
            rows.append((i + k + 1, cells))
    for part in _stacked_tables(rows):
        if len(part) >= 2 and any(_is_header_cells([c for c in r if c]) for _, r in part):
            part, unplaced = _short_rows_fitted(part)
            width = max(len(r) for _, r in part)  # a 自评表 may open with 项目名称|… rows before its header
            part = [(n, (r + [""] * width)[:width]) for n, r in part]
            _emit(out, part, page_of_line[part[0][0] - 1], _caption(lines, part[0][0] - 1), partial=unplaced)
            out.used_lines.update(range(part[0][0] - 1, part[-1][0]))
    return j - i


def _short_rows_fitted(part: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], bool]:
    """Rows under the header that come up short, put under their columns: a row of names only followed by
    a row of figures only is one row broken over two lines; a row of names then figures with fewer cells
    than the header lacks its merged upper levels at the front (_fit_row), its figures under the figures'
    columns; one ending in a figure whose words fill the columns before it (a target 有效改善) stands under
    the header's last columns when that is a column of figures. Any other row is kept as it is; whether
    some row that ends in a figure was so kept (the table's figures are then not all read)."""
    at = next(k for k, (_, r) in enumerate(part) if _is_header_cells([c for c in r if c]))
    header = _trimmed(part[at][1])
    out, unplaced = part[: at + 1], False
    k = at + 1
    while k < len(part):
        n, row = part[k]
        cells = _trimmed(row)
        nxt = _trimmed(part[k + 1][1]) if k + 1 < len(part) else []
        joined = bool(cells and nxt) and not any(map(_is_value, cells)) and all(map(_is_value, nxt))
        if joined and not _is_header_cells(cells):
            cells, k = cells + nxt, k + 1  # names here, their figures on the next line
        else:
            joined = False
        lead = next((c for c, t in enumerate(cells) if _is_value(t)), len(cells))
        texts, values = cells[:lead], cells[lead:]
        fitted = None
        if values and len(cells) < len(header) and all(map(_is_value, values)):
            fitted = _fit_row(texts, values, header)
            if fitted is None and column_kind(header[-1]) is not None:
                fitted = _right_aligned(cells, header)
        lost = fitted is None and bool(cells) and len(cells) < len(header) and _is_value(cells[-1])
        unplaced = unplaced or lost
        out.append((n, [cells[0]] if lost else fitted or (cells if joined else row)))  # lost: its name only
        k += 1
    return out, unplaced


def _right_aligned(cells: list[str], header: list[str]) -> list[str] | None:
    """A short row put under the header's last columns, when every word then stands under a column of
    names, targets or actuals (有效改善 under 年度指标值) and every figure under one of figures; else None."""
    row = [""] * (len(header) - len(cells)) + cells
    for text, head in zip(row, header):
        kind = column_kind(head)
        if text and (kind is None) == _is_value(text) and kind not in ("target", "actual"):
            return None
    return row


def _trimmed(cells: list[str]) -> list[str]:
    """A row's cells without the empty ones trailing it."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _stacked_tables(rows: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    """A run of pipe rows split where a header row of another width follows rows of figures: tables stacked
    with no line between (a budget's 收入｜支出 table, then its 收入 table, then its 支出 table)."""
    parts: list[list[tuple[int, list[str]]]] = [[]]
    seen_values = False
    for n, r in rows:
        filled = [c for c in r if c]
        words = len(filled) >= MIN_COLUMNS and not any(_is_value(c) for c in filled)  # a row of names only
        if (words or _is_header_cells(filled)) and seen_values and len(r) != len(parts[-1][0][1]):
            parts.append([])
            seen_values = False
        parts[-1].append((n, r))
        seen_values = seen_values or any(_is_value(c) and c not in EMPTY_CELL for c in filled)
    return [p for p in parts if p]


def _leading_names(header: list[str]) -> int:
    """How many columns at the left hold names (一级/二级/三级指标, 项目) before the first column of figures."""
    n = 0
    for h in header:
        if column_kind(h) is not None:
            break
        n += 1
    return max(1, n)


def _is_remark(header_cell: str) -> bool:
    return bool(REMARK_COLUMN.match(header_cell))


def _point_columns(header: list[str]) -> list[int]:
    return [c for c, h in enumerate(header) if column_kind(h) in ("score_max", "score", "weight")]


def _fit_row(texts: list[str], values: list[str], header: list[str]) -> list[str] | None:
    """Cells of a flattened row put under their columns. Merged upper levels (一级指标 printed once)
    are missing at the front; a 合计/总分 row may fill only the points columns. None when ambiguous."""
    width, names = len(header), _leading_names(header)
    if len(texts) + len(values) == width and len(texts) <= names + 1:
        return texts + values
    if len(values) == width - names and 1 <= len(texts) <= names:
        return [""] * (names - len(texts)) + texts + values
    if len(values) == width - names - 1 and 1 <= len(texts) <= names and _is_remark(header[-1]):
        return [""] * (names - len(texts)) + texts + values + [""]  # a remark column left empty
    points = _point_columns(header)
    if texts and TOTAL_NAME.match(texts[0]) and values and len(values) == len(points):
        row = [""] * width
        row[0] = "".join(texts)
        for c, v in zip(points, values):
            row[c] = v
        return row
    return None


def _remark_apart(tokens: list[str], header: list[str]) -> tuple[list[str], list[str]]:
    """A row's figures, and the words after them under a remark column (偏差原因分析…: 部分项目延续至下年)."""
    end = len(tokens)
    while end and not _is_value(tokens[end - 1]):
        end -= 1
    if 0 < end < len(tokens) and header and _is_remark(header[-1]):
        return tokens[:end], [" ".join(tokens[end:])]
    return tokens, []


def _space_table(lines, i, page_of_line, out) -> int:
    header = lines[i].split()
    if column_kind(header[0]) is not None:  # 预算数(A) 执行数(B) …: the rows' names have a column of no header word
        header = ["", *header]
    rows = [(i + 1, header)]
    name_parts: list[str] = []
    j, last, skipped = i + 1, i, []  # the lines of rows that could not be placed
    while j < len(lines):
        tokens = lines[j].split()
        if not tokens:
            j += 1
            continue
        if _is_header_cells(tokens) and len(rows) > 1:
            break  # the next block of a 自评表 starts: the outer loop reads it
        texts = [t for t in tokens if not _is_value(t)]
        lead = next((k for k, t in enumerate(tokens) if _is_value(t)), len(tokens))
        values, remark = _remark_apart(tokens[lead:], header)
        if values and all(_is_value(t) for t in values):
            names = ["".join(name_parts + tokens[:lead])] if name_parts else tokens[:lead]  # wrapped name joined
            fitted = _fit_row(names, values + remark, header)
            if fitted is None:
                skipped.append(j)
            else:
                rows.append((j + 1, fitted))
            name_parts, last = [], j
        elif not values and len(texts) == 1 and len(texts[0]) <= 12 and len(name_parts) < 3:
            name_parts.append(texts[0])  # a row name wrapped over lines before its figures
        else:
            break
        j += 1
    if len(rows) >= 2:
        _emit(out, rows, page_of_line[i], _caption(lines, i), partial=bool(skipped))
        out.used_lines.update(range(i, last + 1))
    if skipped:  # told at the first row left out
        out.notes.append((skipped[0] + 1, f"short-rows:{len(skipped)}", lines[skipped[0]].strip()))
    return max(1, last + 1 - i) if len(rows) >= 2 else 1


def _cell_per_line_table(lines, i, page_of_line, out) -> int:
    header, j = [], i
    while j < len(lines) and (not lines[j].strip() or HEADER_WORD.match(lines[j].strip().replace(" ", ""))):
        if lines[j].strip():
            header.append((j, lines[j].strip()))
        j += 1
    if len(header) < MIN_COLUMNS or not _is_header_cells([h for _, h in header]):
        return 1
    names = [h for _, h in header]
    if column_kind(names[0]) is not None:
        names = [""] + names  # the rows' names stand under a header cell that is no header word (项目资金（万元）)
    n_values = len(names) - _leading_names(names)
    rows = [(header[0][0] + 1, names)]
    texts: list[str] = []
    values: list[str] = []
    row_line, last, skipped = j, header[-1][0], 0

    def close() -> None:
        nonlocal texts, values, skipped, last
        if values:
            fitted = _fit_row(texts, values, names)
            if fitted is None:
                skipped += 1
            else:
                rows.append((row_line + 1, fitted))
        texts, values = [], []

    while j < len(lines):
        t = lines[j].strip()
        if not t:
            j += 1
            continue
        if len(t) > 30 or t.endswith("。") or (HEADER_WORD.match(t) and not values and len(rows) > 1):
            break  # prose again, or the header of the next block (its caption, if any, is dropped)
        if _is_value(t):
            values.append(t)
            last = j
            if len(values) == n_values:
                close()
        else:
            if values:
                close()
            if not texts:
                row_line = j
            texts.append(t)
        j += 1
    close()
    if len(rows) >= 2:
        _emit(out, rows, page_of_line[i], _caption(lines, i), partial=bool(skipped))
        out.used_lines.update(range(i, last + 1))
    if skipped:
        out.notes.append((i + 1, f"cell-per-line:{skipped}", lines[i].strip()))
    return max(1, last + 1 - i)
