"""Table cells → facts: each column mapped to a kind by its header, each row to its subject.

Rows keep their hierarchy (一级/二级/三级指标, merged cells carried down); a unit given once in a
header or caption (（万元）, 单位：元) applies to its column or table; a 合计 row becomes a 'sum'
fact over the rows it totals; a row's target and actual are paired. Each row is its own locality
(like a sentence), so rules compare the cells of one row.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import repeat

from jixiao.patterns import column_kind, load
from jixiao.patterns.precompiled import compiled

from ..document import Table
from ..interval import Interval, interval_sum
from ..model import (
    DEPARTMENT,
    MONEY_KINDS,
    POINT_KINDS,
    PROJECT,
    TOTAL_SCORE,
    Evidence,
    Kind,
    Relation,
    Scope,
    Subject,
)
from ..numbers import is_figure
from ..reading.flattened import HEADER_WORD
from .fraction_rates import read_fractions
from .labels import ACCEPTED_UNITS, canonical_subject
from .project_forms import Projects, forms_apart
from .table_columns import (
    LEADING_UNIT,
    at_column_precision,
    cell_quantity,
    column_precision,
    columns_of,
    count_header_rows,
    misfit,
    mostly_text,
)
from .tablejoin import logical_tables

NAME_COLUMN = load("tables")["name_column"].regex
TOTAL_ROW = load("tables")["total_row"].regex
SUBTOTAL_ROW = load("tables")["subtotal_row"].regex
LEADING_TOTAL_ROW = load("tables")["leading_total_row"].regex
WELL_FORMED = compiled(r"^(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?(?![\d.,])")  # no leading zero (00.00)
REMARK_COLUMN = load("tables")["remark_column"].regex
SCOPE_ROW = load("tables")["scope_row"].regex
WHOLE_SCORE_ROW = compiled(r"总\s*分|总得分|综合得分")
MONEY_OR_RATE = MONEY_KINDS | {Kind.EXECUTION_RATE}
SUMMED_KINDS = POINT_KINDS | MONEY_KINDS


def extract_tables(ex) -> None:
    row_id = max((f.sentence for f in ex.facts), default=0)  # rows are numbered after the text's sentences
    table_id = 0
    for form in _forms(forms_apart(logical_tables(ex.doc)), ex.projects):
        rows_by_table: list[list] = []
        misfits: list[int] = []  # rows left unread: a cell of theirs does not fit its column
        for whole in form:
            by_row: list = []
            table_id += 1
            for table in _blocks(whole):
                row_id = _block_facts(ex, table, by_row, (row_id, table_id), misfits)
            rows_by_table.append(by_row)
        _totals(ex, rows_by_table, any(whole.partial for whole in form) or bool(misfits))
        for by_row in rows_by_table:
            _leading_totals(ex, by_row)


def _forms(tables: list[Table], projects: Projects) -> list[list[Table]]:
    """Tables of one form (a 自评表 printed as a funds table, a caption, then an indicator table):
    consecutive, on the same or the next page, until one opens another project's form. (A total is first
    read against its own table.)"""
    forms: list[list[Table]] = []
    for t in tables:
        prev = forms[-1][-1] if forms else None
        if (
            prev
            and prev.cells
            and t.cells
            and 0 <= t.page - prev.page <= 1
            and projects.of_table(t) == projects.of_table(prev)
        ):
            forms[-1].append(t)
        else:
            forms.append([t])
    return forms


def _is_header_row(row) -> bool:
    texts = [c.text for c in row if c and c.text]
    known = [t for t in texts if column_kind(t) or HEADER_WORD.match(t)]
    return len(known) >= 2 and not any(is_figure(t) for t in texts)


def _blocks(table: Table) -> list[Table]:
    """A 自评表 stacks blocks (funds, then indicators), each under its own header row."""
    header = [_is_header_row(row) for row in table.cells]
    starts = [0] + [r for r in range(1, len(table.cells)) if header[r] and not header[r - 1]]
    ends = starts[1:] + [len(table.cells)]
    return [replace(table, cells=table.cells[a:b]) for a, b in zip(starts, ends) if b - a >= 2]


def _block_facts(ex, table: Table, by_row: list, ids: tuple[int, int], misfits: list[int]) -> int:
    """The facts of one block's rows (the row number after them is returned); a row one of whose cells does
    not fit its column (100% under 执行数: a cell dropped, the rest slid left) gives none, and is told in
    `misfits`."""
    row_id, table_id = ids
    header_rows = count_header_rows(table)
    cols = columns_of(table, header_rows)
    if not any(c.kind for c in cols):
        return row_id
    name_cols = [
        i
        for i, c in enumerate(cols)
        if c.kind is None
        and not REMARK_COLUMN.match(c.name)  # the reasons for a shortfall: words, but no row's name
        and (NAME_COLUMN.search(c.name) or i == 0 or not c.name or mostly_text(table, header_rows, i))
    ]
    precision = column_precision(table, header_rows, cols)
    carried: dict[int, str] = {}
    for row in table.cells[header_rows:]:
        names = _row_names(row, name_cols, carried)
        if not names:
            continue
        if misfit(row, cols):
            misfits.append(row_id)
            continue
        row_id += 1
        facts = [
            f
            for c, col in enumerate(cols)
            if (f := _cell_fact(ex, table, row, (c, col), names, (row_id, table_id), precision, cols)) is not None
        ]
        _pair(ex, facts)
        read_fractions(ex, facts)
        facts = [ex.facts[f.id] for f in facts]
        by_row.append((names[-1], bool(TOTAL_ROW.match(names[-1])), facts))
    return row_id


def _row_names(row, name_cols: list[int], carried: dict[int, str]) -> list[str]:
    """A row's names, outermost first; a merged (empty) cell carries the name above it down."""
    names = []
    for i in name_cols:
        cell = row[i] if i < len(row) else None
        own = LEADING_UNIT.sub("", cell.text) if cell and cell.text else ""  # (万元)年度资金总额: the header's unit
        text = own or carried.get(i, "")
        if own:
            carried[i] = own
            for deeper in name_cols:  # a new upper level resets the levels below it
                if deeper > i:
                    carried.pop(deeper, None)
        if text and not is_figure(text):
            names.append(text)
    return names


def _cell_fact(ex, table: Table, row, column, names: list[str], ids, precision, cols):
    """The fact one cell states, or None when the cell is empty or does not fit its column."""
    (c, col), (row_id, table_id), label = column, ids, names[-1]
    cell = row[c] if c < len(row) else None
    if col.kind is None or cell is None or not cell.text:
        return None
    q = cell_quantity(cell.text, col.unit)
    accepted = ACCEPTED_UNITS.get(col.kind)
    if q is None or (accepted is not None and q.base_unit not in accepted | {""}):
        return None  # a cell that does not fit its column (a % in a money column of a garbled row)
    is_total = bool(TOTAL_ROW.match(label))
    subject = _subject(label, col.kind, is_total)
    if subject == TOTAL_SCORE and not _whole_scale(label, row, cols):
        subject = Subject("合计", Scope.TABLE_TOTAL, table_id)  # a 合计 of part of the scoring (funds apart)
    if (is_total or SCOPE_ROW.match(label)) and col.kind in MONEY_OR_RATE:
        # the funds table's 合计 / 年度资金总额 row is the report's own money
        subject = {"project": PROJECT, "department": DEPARTMENT}.get(getattr(ex, "report_kind", ""), subject)
    where = f"{' / '.join(names)} / {col.name}"
    line = int(cell.bbox[1]) if ex.doc.kind == "text" and cell.bbox else None
    bbox = tuple(map(round, cell.bbox, repeat(1))) if cell.bbox and ex.doc.kind == "pdf" else None  # to tenths
    page = getattr(cell, "page", None) or table.page
    ev = Evidence(page, bbox, f"{where}: {cell.text}", -1, -1, line, where, getattr(cell, "place", ""))
    return ex.add(
        kind=col.kind,
        subject=subject,
        quantity=at_column_precision(q, precision.get(c, 0)),
        evidence=ev,
        label=col.name,
        sentence=row_id,
        segment=row_id,
        table=table_id,
        section=" / ".join(names[:-1]) or table.caption,
        source="table",
    )


def _whole_scale(label: str, row, cols) -> bool:
    """A total row is the report's 总分 when it says so, or when its points out of are 100."""
    if WHOLE_SCORE_ROW.match(label):
        return True
    for c, col in enumerate(cols):
        cell = row[c] if c < len(row) else None
        if col.kind == Kind.SCORE_MAX and cell is not None:
            q = cell_quantity(cell.text, col.unit)
            if q is not None and q.value == 100:
                return True
    return False


def _subject(label: str, kind: str, is_total: bool) -> Subject:
    if is_total:
        return TOTAL_SCORE if kind in POINT_KINDS else Subject("合计")
    return Subject(canonical_subject(label) or label)


def _pair(ex, facts) -> None:
    targets = [f for f in facts if f.kind == Kind.TARGET]
    for f in facts:
        if f.kind == Kind.ACTUAL and targets:
            ex.facts[f.id] = replace(f, relation=Relation(target=targets[0].id))


def _totals(ex, rows_by_table: list[list], partial: bool = False) -> None:
    """A 合计 row is the sum of the rows it closes: those of its own table, or of its whole form
    (a 总分 row may close the funds table above it too); the reading that adds up is taken. Of a `partial`
    form (rows found by their shape) only a sum over the total is wrong: rows of other shapes went unread."""
    for k, by_row in enumerate(rows_by_table):
        for _t_label, is_total, t_facts in by_row:
            if not is_total:
                continue
            readings = [by_row] + ([sum(rows_by_table[: k + 1], [])] if k else [])
            for total in t_facts:
                if total.kind not in SUMMED_KINDS:
                    continue
                candidates = [p for p in (_parts(rows, total) for rows in readings) if len(p) >= 2]
                if not candidates:
                    continue
                fits = [
                    p
                    for p in candidates
                    if interval_sum(Interval(f.quantity.lo, f.quantity.hi) for f in p).meets(
                        Interval(total.quantity.lo, total.quantity.hi)
                    )
                ]
                parts = fits[0] if fits else candidates[-1]  # neither adds up: say what the whole form gives
                unscored = (
                    partial
                    or any(_unscored(rows, total) for rows in readings)
                    or _budget_score_unread(readings[-1], total)
                )
                ex.add(
                    kind=Kind.SUM,
                    subject=total.subject,
                    quantity=total.quantity,
                    evidence=total.evidence,
                    label=total.label,
                    sentence=total.sentence,
                    segment=total.segment,
                    section=total.section,
                    source="table",
                    open_ended=unscored,  # a score left blank (or unread) may hide the rest: only a sum over counts
                    relation=Relation(total=total.id, parts=tuple(p.id for p in parts)),
                )


BUDGET_ROW = compiled(r"预算执行|资金执行|执行率|资金总额")


def _budget_score_unread(by_row: list, total) -> bool:
    """A 总分 over indicator rows only, in a form without points (分值): the budget's own score (预算执行, 10 or
    20 points) may stand in a part of the form not read as a table, so the rows may fall short of it."""
    if total.kind != Kind.SCORE or total.subject != TOTAL_SCORE:
        return False
    facts = [f for _, _, fs in by_row for f in fs]
    if any(f.kind in (Kind.SCORE_MAX, Kind.EXECUTION_RATE) for f in facts):
        return False
    return not any(BUDGET_ROW.search(name) for name, is_total, _ in by_row if not is_total)


def _unscored(by_row: list, total) -> bool:
    """An indicator row that states its weight (分值) but not its score (得分): the score column is incomplete."""
    if total.kind != Kind.SCORE:
        return False
    rows = [fs for name, is_total, fs in by_row if not is_total and not SUBTOTAL_ROW.match(name)]
    return any(any(f.kind == Kind.SCORE_MAX for f in fs) and not any(f.kind == Kind.SCORE for f in fs) for fs in rows)


def _parts(by_row: list, total) -> list:
    subtotal_rows = [r for r in by_row if SUBTOTAL_ROW.match(r[0])]
    part_rows = subtotal_rows or [r for r in by_row if not r[1] and not SUBTOTAL_ROW.match(r[0])]
    return [f for _, _, fs in part_rows for f in fs if f.kind == total.kind]


def _leading_totals(ex, by_row: list) -> None:
    """A 年度资金总额 row heads the 其中 rows under it: each money column's total is at least the sum of
    the parts filled in (a part left blank may hide the rest, so only a sum over the total is wrong)."""
    for k, (name, _is_total, t_facts) in enumerate(by_row):
        if not LEADING_TOTAL_ROW.match(name):
            continue
        part_rows = []
        for p_name, p_total, p_facts in by_row[k + 1 :]:
            if p_total or LEADING_TOTAL_ROW.match(p_name) or not any(f.kind in MONEY_KINDS for f in p_facts):
                break
            part_rows.append((p_name, p_facts))
        if not part_rows or not part_rows[0][0].startswith("其中"):
            continue
        for total in t_facts:
            if not WELL_FORMED.match(total.quantity.text):
                continue  # 00.00: the tail of a number torn over two cells, not a total of 0
            parts = [f for _, fs in part_rows for f in fs if f.kind == total.kind and total.kind in MONEY_KINDS]
            if parts:
                ex.add_about(
                    Kind.SUM, total, source="table", open_ended=True,
                    relation=Relation(total=total.id, parts=tuple(p.id for p in parts)),
                )  # fmt: skip
