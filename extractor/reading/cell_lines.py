"""Web tables flattened a cell per line, each cell closed by a pipe and each row by a line of pipes only
(项目名称 | ⏎ 乡村道路养护 | ⏎ ||||||||): the rows are put back together, as pipe rows, and read by the
pipe-row reader (flattened.py); each table cell keeps the source line its row starts on."""

from __future__ import annotations

from dataclasses import replace

from jixiao.patterns.precompiled import compiled

from .flattened import Recovered, recover

ROW_END = compiled(r"^\s*\|{2,}\s*$")  # a line of pipes only: the end of a row
CELL_END = compiled(r"(?:^|\s)\|\s*$")  # a line ending in a lone pipe: one cell (a pipe alone: an empty one)
MIN_ROW_ENDS = 3  # rows closed by lines of pipes before a stretch is read so


def recover_cell_lines(lines: list[str], page_of_line: list[int], taken: set[int]) -> Recovered:
    """The tables of the stretches so laid out, their cells at their rows' source lines; `taken`: lines
    already read as tables."""
    out = Recovered()
    for rows in _stretches(lines, taken):
        joined = [" | ".join(cells) if len(cells) > 1 else cells[0] for cells, _ in rows]
        joined = [f"| {j} |" if len(cells) > 1 else j for j, (cells, _) in zip(joined, rows)]
        found = recover(joined, [page_of_line[first] for _, (first, _) in rows])
        source = {k + 1: rows[k][1][0] + 1 for k in range(len(rows))}  # row line → the row's first source line
        for table in found.tables:
            out.tables.append(replace(table, cells=[[_moved(c, source) for c in row] for row in table.cells]))
        for k in found.used_lines:
            first, last = rows[k][1]
            out.used_lines.update(range(first, last + 1))
        out.notes.extend((source[n], code, quote) for n, code, quote in found.notes)
    return out


def _moved(cell, source: dict[int, int]):
    if cell is None or cell.bbox is None:
        return cell
    x0, line, x1, _ = cell.bbox
    return replace(cell, bbox=(x0, float(source[int(line)]), x1, float(source[int(line)])))


def _stretches(lines: list[str], taken: set[int]):
    """Runs of rows (cells, (first line, last line)), each row's cells closed by a line of pipes."""
    stretch, cells, start = [], [], None
    for i, line in enumerate(lines):
        if i in taken or not line.strip():
            yield from _kept(stretch)
            stretch, cells, start = [], [], None
            continue
        if ROW_END.match(line):
            if cells:
                stretch.append((cells, (start, i)))
            cells, start = [], None
            continue
        if not CELL_END.search(line):  # running text: the stretch, if any, ends here
            yield from _kept(stretch)
            stretch, cells, start = [], [], None
            continue
        start = i if start is None else start
        cells.append(line.strip()[:-1].strip())
    yield from _kept(stretch)


def _kept(stretch: list):
    if len(stretch) >= MIN_ROW_ENDS:
        yield stretch
