"""The example report, in both PDF renderings and as text: the facts issue 2 names and exactly the
findings issue 3 names, with pages and quotes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import jixiao as jx
from jixiao.evaluation import fact_found

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
PDFS = sorted(SEED.glob("example-*.pdf"))
EXPECTED_FINDINGS = {
    ("restated-value", "error", "46.98分"),
    ("restated-value", "error", "93.96%"),
    ("sum-mismatch", "warning", "96.98分"),
    ("rule-not-applied", "error", "112.39%"),
    ("rate-mismatch", "error", "99.01%"),
    ("stale-reference", "warning", "2021年"),
}


@pytest.fixture(scope="module", params=PDFS, ids=lambda p: p.name)
def seed(request):
    doc = jx.read(request.param)
    facts = jx.extract(doc)
    return request.param, doc, facts, jx.check(doc, facts)


def _records(path, facts):
    from jixiao.reporting.records import fact_record

    return [fact_record(str(path), f) for f in facts]


def test_two_renderings_exist():
    assert {p.name for p in PDFS} >= {"example-word.pdf", "example-plain.pdf"}


def test_labelled_facts_with_kind_subject_unit_and_page(seed):
    path, doc, facts, _ = seed
    labels = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
    records = _records(path, facts)
    missing = [lab for lab in labels["facts"] if not fact_found(lab, records)]
    assert not missing


def test_monthly_rate_broken_across_lines_is_whole(seed):
    _, _, facts, _ = seed
    terms = [f.quantity.value for f in facts if f.kind == "term" and f.quantity.base_unit == "%"]
    assert len(terms) == 10
    assert Decimal("107.05") in terms
    assert Decimal("10") not in terms and Decimal("7.05") not in terms


def test_average_carries_its_cap_rule(seed):
    _, _, facts, _ = seed
    formula = next(f for f in facts if f.kind == "formula")
    assert formula.quantity.value == Decimal("112.39")
    assert (formula.rule.kind, formula.rule.bound, formula.rule.value) == ("cap", 100, 100)


def test_points_and_counts(seed):
    _, _, facts, _ = seed
    points = [f for f in facts if f.kind == "points"]
    got = {(facts[p.relation.count].quantity.value, facts[p.relation.each].quantity.value) for p in points}
    assert got == {(Decimal(8), Decimal("2.5")), (Decimal(4), Decimal(5))}


def test_furniture_yields_no_facts(seed):
    _, doc, facts, _ = seed
    furniture = [t for p in doc.pages for t in p.furniture]
    assert len(furniture) >= len(doc.pages)  # a page number (and a header) on every page
    for f in facts:
        if f.source == "text":
            assert "—" not in f.evidence.quote[:3] and not f.evidence.quote.startswith("第")


def test_exactly_the_documented_findings(seed):
    _, _, _, findings = seed
    got = {(f.rule, f.severity, f.stated) for f in findings if f.severity != "info"}
    assert got == EXPECTED_FINDINGS


def test_findings_carry_page_and_quote(seed):
    _, _, _, findings = seed
    for f in findings:
        assert f.evidence, f.rule
        for e in f.evidence:
            assert e.page >= 1 and e.quote


def test_cap_finding_gives_what_the_rule_yields(seed):
    _, _, _, findings = seed
    f = next(f for f in findings if f.rule == "rule-not-applied")
    assert f.expected == "99.62%"


def test_sum_finding_names_both_values(seed):
    _, _, _, findings = seed
    f = next(f for f in findings if f.rule == "sum-mismatch")
    assert "44.98" in f.message_zh and "46.98" in f.message_zh and f.expected == "94.98分"


def test_narrative_score_reported_against_the_table_cell(seed):
    _, _, _, findings = seed
    f = next(f for f in findings if f.rule == "restated-value" and f.stated == "46.98分")
    cells = [e.cell for e in f.evidence if e.cell]
    assert cells and "管理效能" in cells[0] and "实际得分" in cells[0]


def test_score_table_cells_tied_to_row_and_column(seed):
    _, _, facts, _ = seed
    table = {(str(f.subject), f.kind): f.quantity.value for f in facts if f.source == "table"}
    assert table[("管理效能", "score")] == Decimal("44.98")
    assert table[("管理效能", "score_rate")] == Decimal("89.96")


def test_text_copy_gives_the_same_findings():
    doc = jx.read(SEED / "example.txt")
    got = {(f.rule, f.severity, f.stated) for f in jx.check(doc) if f.severity != "info"}
    assert got == EXPECTED_FINDINGS


def test_two_findings_about_one_figure_tell_one_story():
    """restated-value names the two 管理效能 scores and says which one the total fits, as sum-mismatch does."""
    doc = jx.read(SEED / "example.txt")
    found = jx.check(doc, select=["restated-value", "sum-mismatch"])
    restated = next(f for f in found if f.rule == "restated-value" and f.stated == "46.98分")
    total = next(f for f in found if f.rule == "sum-mismatch" and f.stated == "96.98分")
    assert "96.98分" in restated.message_zh and "总分96.98分只与46.98分相符，而44.98分见于2处" in restated.message_zh
    assert "只有46.98分" in total.message_zh and "44.98分" in total.message_zh


def test_a_restatement_no_total_decides_says_nothing_more():
    from jixiao.reading.text import read_string

    doc = read_string("产出指标得分40分，效益指标得分30分。\n\n后文：产出指标得分38分。\n", "case.txt")
    (f,) = jx.check(doc, select=["restated-value"])
    assert "只与" not in f.message_zh


def _both(text: str, rules: list[str]):
    from jixiao.reading.text import read_string

    return jx.check(read_string(text, "case.txt"), select=rules)


def test_a_formula_wrong_under_and_without_its_rule_is_one_finding():
    """Capped or not, the result does not follow: one finding, giving what the rule yields and what the
    terms give without it (not a formula error ignoring the rule beside a rule warning)."""
    text = "季度完成率高于100%的按100%计。平均完成率=(108.60%+94.30%+100%)/3=98.50%"
    (f,) = _both(text, ["formula-mismatch", "rule-not-applied"])
    assert f.rule == "formula-mismatch" and f.severity == "error" and f.expected == "98.1%"
    assert "高于100%的按100%计" in f.message_zh and "不按规则为100.97%" in f.message_zh


def test_a_formula_fitting_only_uncapped_terms_is_the_rules_story():
    text = "季度完成率高于100%的按100%计。平均完成率=(108.60%+94.30%+100%)/3=100.97%"
    (f,) = _both(text, ["formula-mismatch", "rule-not-applied"])
    assert f.rule == "rule-not-applied" and f.severity == "error" and f.expected == "98.1%"


def test_a_coarse_term_says_what_it_must_stand_for():
    (f,) = _both("平均完成率=(96.18%+100%+97.42%)/3=97.95%", ["formula-mismatch"])
    assert f.severity == "warning" and f.expected == "97.87%"
    assert "只有当100%代表100.23%至100.27%之间的数时才相符" in f.message_zh, f.message_zh


BREAKDOWN = "部门整体绩效自评得分91.40分，其中：决策得分17.50分，过程得分18.20分，产出得分{part}分，效益得分21.90分。"


@pytest.mark.parametrize(
    "part, restated, suspect, supported",
    [("33.80", "31.80", "31.80分", "33.80分"), ("35.80", "33.80", "35.80分", "33.80分")],
    ids=["the restatement does not fit the total", "the part does not fit the total"],
)
def test_a_restated_part_and_its_breakdown_name_one_suspect(part, restated, suspect, supported):
    """Whether the breakdown adds up with the part as printed or only with its restatement, restated-value
    and sum-mismatch name the same statement as the odd one out and the one the total supports."""
    text = BREAKDOWN.format(part=part) + f"\n\n三、产出情况\n\n核查后，产出得分为{restated}分。\n"
    found = _both(text, ["restated-value", "sum-mismatch"])
    assert sorted(f.rule for f in found) == ["restated-value", "sum-mismatch"]
    assert {(f.stated, f.expected) for f in found} == {(suspect, supported)}
    total = next(f for f in found if f.rule == "sum-mismatch")
    assert f"{restated}分" in total.message_zh and f"{part}分" in total.message_zh
