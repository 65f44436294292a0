"""Pipe rows of a 自评表 that come up short (flattened.py, extract/table_columns.py): a row missing its merged
upper cells, its targets in words (有效提升), stands under the header's last columns; a row with a cell
dropped in the middle (100% under 执行数) is misaligned, so it gives no facts, rather than wrong ones."""

from __future__ import annotations

from pathlib import Path

import jixiao as jx
from jixiao.reading.text import read_string

CASES = Path(__file__).parent / "cases" / "rules" / "sum-mismatch.toml"


def _form() -> str:
    import tomllib

    cases = tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]
    return next(
        c["text"]
        for c in cases
        if c["name"].startswith("pipe 自评表 rows short of their merged cells, targets in words (有效提升)")
    )


def test_short_rows_stand_under_their_columns():
    facts = jx.extract(read_string(_form()))
    scores = {str(f.subject): f.quantity.value for f in facts if f.kind == "score" and f.source == "table"}
    assert scores["基层治理水平"] == 10 and scores["群众安全感"] == 10  # rows with targets in words
    assert not any(f.kind == "execution_rate" for f in facts if f.source == "table")  # not 20 read as 20%


def test_a_misaligned_row_leaves_no_false_rate():
    assert jx.check(read_string(_form()), select=["rate-mismatch", "sum-mismatch", "out-of-range"]) == []
