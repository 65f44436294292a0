"""One finding per story (rules/stories.py): a rule that reaches one inconsistency from the text and from a
table's total row reports it once, with the evidence of both places, in text order."""

from __future__ import annotations

from test_rule_cases import run_rule

TEXT = """经自评，本项目得分92.5分。其中，决策得分14.5分，过程得分18.5分，产出得分36.5分，效益得分23.0分。

决策部分满分15分，共计得分13.5分。

| 一级指标 | 分值 | 得分 |
| 决策 | 15 | 14.5 |
| 过程 | 20 | 18.5 |
| 产出 | 40 | 36.5 |
| 效益 | 25 | 23.0 |
| 合计 | 100 | 92.5 |"""


def test_the_text_and_the_total_row_tell_one_story():
    (finding,) = run_rule("sum-mismatch", TEXT, 2023)
    cells = [e.cell for e in finding.evidence if e.cell]
    quotes = [e.quote for e in finding.evidence if not e.cell]
    assert "合计 / 得分" in cells and "决策 / 得分" in cells
    assert "经自评，本项目得分92.5分。" in quotes and "决策部分满分15分，共计得分13.5分。" in quotes
    assert len(quotes) == len(set(quotes))  # the restatement both stories rest on is quoted once
    assert [e.start for e in finding.evidence] == sorted(e.start for e in finding.evidence)


def test_other_rules_keep_their_own_finding():
    assert [f.rule for f in run_rule("restated-value", TEXT, 2023)] == ["restated-value"]
