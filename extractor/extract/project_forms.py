"""Which project's form each fact stands in, when one file holds the self-evaluation forms of several
projects, each opening with its project name row (项目名称 购买第三方服务 … 项目名称 政务管理): the two
forms' 年度资金总额 and 总分 are different projects' figures, not one figure stated twice.

A name row is found in the text or in a table's cells. Facts and name rows are put in reading order by
page and height where pages have boxes; in a Word or Excel file, whose tables have no place in the text's
order, a table fact follows the tables' own order and a text fact the text's."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from jixiao.patterns import load

from ..document import UNBOXED, Document
from ..model import Fact

PROJECT_FORM = load("subjects")["project_form"].regex


def by_project(doc: Document, facts: list[Fact]) -> list[Fact]:
    """The facts, each told which project's form it is in (Fact.project), when the file names two projects
    or more; a fact before every name row, or whose place cannot be ordered with them, is left at 0."""
    names: dict[str, int] = {}
    in_text = [(_text_place(doc, m.start()), names.setdefault(m["name"], len(names) + 1))
               for m in PROJECT_FORM.finditer(doc.text)]  # fmt: skip
    in_tables = [
        (_cell_place(doc, k, cell), names.setdefault(name, len(names) + 1)) for k, cell, name in _name_cells(doc)
    ]
    if len(names) < 2:
        return facts
    if doc.kind in UNBOXED:
        marks = {"text": sorted(in_text), "table": sorted(in_tables)}
    else:
        marks = dict.fromkeys(("text", "table"), sorted(in_text + in_tables))
    out = []
    for f in facts:
        place, order = _fact_place(doc, f), marks.get(f.source, [])
        k = bisect_right([p for p, _ in order], place) - 1 if place is not None else -1
        out.append(replace(f, project=order[k][1]) if k >= 0 else f)
    return out


def _name_cells(doc: Document):
    """(table index, the label's cell, the project's name) of each table row 项目名称 | name."""
    for k, table in enumerate(doc.tables):
        for row in table.cells:
            cells = [c for c in row if c and c.text.strip()]
            for label, name in zip(cells, cells[1:]):
                m = PROJECT_FORM.match(f"{label.text.strip()} {name.text.strip()} ")
                if m and m.start("name") > len(label.text.strip()) and m["name"] == name.text.strip():
                    yield k, label, m["name"]
                    break


def _text_place(doc: Document, offset: int) -> tuple:
    if doc.kind in UNBOXED:
        return (offset,)
    page, box = doc.locate(offset, offset + 1)
    return (page, box[1] if box else 0.0)


def _cell_place(doc: Document, k: int, cell) -> tuple:
    if doc.kind in UNBOXED:
        return (k + 1,)  # a table fact's Fact.table is 1-based
    table = doc.tables[k]
    top = cell.bbox[1] if cell.bbox else table.bbox[1] if table.bbox else 0.0
    return (cell.page or table.page, top)


def _fact_place(doc: Document, f: Fact) -> tuple | None:
    if doc.kind in UNBOXED:
        if f.source == "table":
            return (f.table,)
        return (f.evidence.start,) if f.evidence.start >= 0 else None
    if f.evidence.bbox:
        return (f.evidence.page, f.evidence.bbox[1])
    return (f.evidence.page, float(f.evidence.line)) if f.evidence.line is not None else None  # a text file's table
