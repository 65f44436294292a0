"""table-not-read: a table flattened into text whose columns cannot be told apart was skipped.

Tables copied from web pages often lose their cell boundaries. Rows separated by `|`, by spaces or
one cell per line are recovered; cells glued together (履职效能评价505050100%) or rows whose empty
cells were dropped cannot be split safely, so their figures are not checked — this note says where.

Consistent::

    评价内容 | 分值 | 得分 | 得分率
    产出指标 | 50 | 48 | 96%

Inconsistent::

    评价内容分值得分得分率
    产出指标504896%
"""

from __future__ import annotations

from ..model import Finding
from .context import Context, make

ID = "table-not-read"
SEVERITY = "info"
SUMMARY_ZH = (
    "表格被压成文字、各列无法分辨，已跳过未查。"  # what it checks (in English: the docstring's first paragraph)
)
WHY = {
    "glued": (
        "表格单元格粘连在一起，无法可靠拆分，表中数字未核对",
        "table cells are glued together and cannot be split safely; its figures were not checked",
    ),
    "cell-per-line": (
        "表格每格一行且空格被省略，列无法对齐，部分行未核对",
        "table flattened one cell per line with empty cells dropped; some rows were not checked",
    ),
    "short-rows": (
        "表格部分行的格数少于表头且无法对齐到列，这些行未核对",
        "some rows have fewer cells than the table's header and cannot be put under its columns; they were not checked",
    ),
}


def check(ctx: Context):
    for page, line, code, quote in ctx.doc.notes:
        zh, en = WHY.get(code.split(":")[0], (code, code))
        from ..model import Evidence

        ev = Evidence(page, None, quote, -1, -1, line)
        yield Finding(ctx.doc.path, ID, SEVERITY, zh, en, "", "", (ev,))
    yield from _glued_figures(ctx)


def _glued_figures(ctx: Context):
    """Figures run into the next cell (比例880%^80%8) outside a glued table already noted: one note per
    block of such paragraphs."""
    if any(code == "glued" for _, _, code, _ in ctx.doc.notes):
        return  # its glued table is noted already, at its header
    runs: list[list] = []
    for f in sorted((f for f in ctx.facts if f.glued), key=lambda f: f.paragraph):
        if runs and f.paragraph - runs[-1][-1].paragraph <= 1:
            runs[-1].append(f)
        else:
            runs.append([f])
    zh, en = WHY["glued"]
    for run in runs:
        yield make(ctx, ID, SEVERITY, zh, en, "", "", run[:3])
