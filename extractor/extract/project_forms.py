"""Which project's form each fact stands in, when one file holds the self-evaluation forms of several
projects, each opening with its project name row (项目名称 购买第三方服务 … 项目名称 政务管理): the two
forms' 年度资金总额 and 总分 are different projects' figures, not one figure stated twice, and no total of
one form adds up rows of another.

A name row is found in the text or in a table's cells. Facts and name rows are put in reading order by
page and height where pages have boxes; in a Word or Excel file, whose tables have no place in the text's
order, a table's cell follows the tables' own order (表2 行3, Sheet!C5) and a text fact the text's."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..document import UNBOXED, Document, Table
from ..model import Fact

PROJECT_FORM = load("subjects")["project_form"].regex
WORD_CELL = compiled(r"表(\d+) 行(\d+)")
SHEET_CELL = compiled(r"![A-Z]+(\d+)$")


def project_named(row) -> str:
    """The project a table row 项目名称 | name names, or ''."""
    cells = [c for c in row if c and c.text.strip()]
    for label, name in zip(cells, cells[1:]):
        m = PROJECT_FORM.match(f"{label.text.strip()} {name.text.strip()} ")
        if m and m.start("name") > len(label.text.strip()) and m["name"] == name.text.strip():
            return m["name"]
    return ""


def forms_apart(tables: list[Table]) -> list[Table]:
    """Each table cut before every project name row after its first: the forms of several projects printed
    as one table."""
    out = []
    for t in tables:
        cuts = [r for r in range(1, len(t.cells)) if project_named(t.cells[r])]
        out += [replace(t, cells=t.cells[a:b]) for a, b in zip([0, *cuts], [*cuts, len(t.cells)])] if cuts else [t]
    return out


class Projects:
    """The project name rows of a file, in reading order, and the project each place falls under (1-based;
    0: before every name row, or a file of fewer than two projects)."""

    def __init__(self, doc: Document):
        self.doc, names = doc, {}
        in_text = [(_text_place(doc, m.start()), names.setdefault(m["name"], len(names) + 1))
                   for m in PROJECT_FORM.finditer(doc.text)]  # fmt: skip
        in_tables = [(place, names.setdefault(name, len(names) + 1)) for place, name in _name_rows(doc) if place]
        self.several = len(names) >= 2
        if doc.kind in UNBOXED:
            self.marks = {"text": sorted(in_text), "table": sorted(in_tables)}
        else:
            self.marks = dict.fromkeys(("text", "table"), sorted(in_text + in_tables))

    def at(self, source: str, place: tuple | None) -> int:
        order = self.marks.get(source, []) if self.several else []
        k = bisect_right([p for p, _ in order], place) - 1 if place is not None else -1
        return order[k][1] if k >= 0 else 0

    def of_table(self, table: Table) -> int:
        """The project of a table's first cell."""
        cell = next((c for row in table.cells for c in row if c), None)
        return self.at("table", _cell_place(self.doc, table, cell)) if cell else 0


def by_project(projects: Projects, facts: list[Fact]) -> list[Fact]:
    """The facts, each told which project's form it is in (Fact.project), when the file names two projects
    or more; a fact before every name row, or whose place cannot be ordered with them, is left at 0."""
    if not projects.several:
        return facts
    doc = projects.doc
    return [replace(f, project=k) if (k := projects.at(f.source, _fact_place(doc, f))) else f for f in facts]


def _name_rows(doc: Document):
    """(place, the project's name) of each table row 项目名称 | name."""
    for table in doc.tables:
        for row in table.cells:
            name = project_named(row)
            if name:
                cell = next(c for c in row if c)
                yield _cell_place(doc, table, cell), name


def _text_place(doc: Document, offset: int) -> tuple:
    if doc.kind in UNBOXED:
        return (offset,)
    page, box = doc.locate(offset, offset + 1)
    return (page, box[1] if box else 0.0)


def _cell_place(doc: Document, table: Table, cell) -> tuple | None:
    page = cell.page or table.page
    if doc.kind in UNBOXED:
        return _named_place(page, cell.place)
    return (page, cell.bbox[1] if cell.bbox else table.bbox[1] if table.bbox else 0.0)


def _named_place(page: int, place: str) -> tuple | None:
    """A Word cell's (table, row) from 表2 行3 列4; a sheet cell's (sheet, row) from Sheet1!C5."""
    if m := WORD_CELL.match(place):
        return (int(m[1]), int(m[2]))
    if m := SHEET_CELL.search(place):
        return (page, int(m[1]))
    return None


def _fact_place(doc: Document, f: Fact) -> tuple | None:
    if doc.kind in UNBOXED:
        if f.source == "table":
            return _named_place(f.evidence.page, f.evidence.place)
        return (f.evidence.start,) if f.evidence.start >= 0 else None
    if f.evidence.bbox:
        return (f.evidence.page, f.evidence.bbox[1])
    return (f.evidence.page, float(f.evidence.line)) if f.evidence.line is not None else None  # a text file's table
