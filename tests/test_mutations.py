"""The example report, corrected and then mutated one figure or phrase at a time.

The example (corpus/seed/example.txt) has exactly five problems: 管理效能 46.98 vs 44.98 (score and,
in the score table, score rate 93.96% vs 89.96%), the total 96.98 that only fits 46.98, the monthly
average 112.39% that ignores the stated cap (99.62%), the execution rate 99.01% (2255.79 ÷ 2275.13 =
99.15%) and 建党100周年 in the 2022 work. The corrected copy fixes all five; each mutation of the
corrected copy breaks one thing, so that exactly one rule should fire. The same texts are rendered to
PDF with the corpus renderer and read back.

Edits are made to the raw, hard-wrapped text: an edited line keeps its display width, so that neither
the text reader nor the seed parser reflows the paragraphs differently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao as jx
from jixiao.reading.text import read_string

SEED_TEXT = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "example.txt"
RAW = SEED_TEXT.read_text(encoding="utf-8")

#: (old, new, occurrences of old): what turns the example into a consistent report.
FIXES = [
    ("44.98", "46.98", 2),  # 管理效能 score: the table row and 管理效能共计得分
    ("89.96%", "93.96%", 1),  # 管理效能 score rate in the table
    ("/10=112.39%", "/10=99.62%", 1),  # the monthly average with the 100% cap applied
    ("预算执行率 99.01%", "预算执行率 99.15%", 1),  # 2255.79 ÷ 2275.13
    # 建党100周年 (2021) in the 2022 targets; the line keeps its width
    ("围绕中国共产党建党 100\n\n周年，", "围绕学习宣传党的二十大\n\n精神，", 1),
]

#: The monthly average rewritten with every month under 100% (the cap does not apply) and a result
#: that is not their mean (959.86 / 10 = 95.99%); both lines keep their widths.
AVERAGE = "=(147.27%+122.5%+111.03%+124.84%+109.81%+103.06%+10\n\n7.05%+102.1%+96.39%+99.81%)/10=99.62%"
AVERAGE_UNDER_CAP = "=(97.27%+92.50%+91.03%+94.84%+99.81%+93.06%+97.05%+9\n\n8.10%+96.39%+99.81%)/10=96.99%"

#: rule → (old, new, the severity the rule should report). Each applies to the corrected copy.
MUTATIONS = {
    # 23,395.51 ÷ 23,434.12 = 99.84%
    "rate-mismatch": ("预算执行率 99.84%", "预算执行率 99.48%", "error"),
    # 管理效能 worth 40 in the text, 50 in the score table
    "restated-value": ("管理效能指标 50 分", "管理效能指标 40 分", "error"),
    # 50 + 46.98 = 96.98
    "sum-mismatch": ("综合评分为 96.98 分", "综合评分为 97.98 分", "error"),
    "formula-mismatch": (AVERAGE, AVERAGE_UNDER_CAP, "error"),
    # the cap ignored again
    "rule-not-applied": ("/10=99.62%", "/10=112.39%", "error"),
    # three centres are listed
    "count-mismatch": ("属机构三个", "属机构四个", "error"),
    # 8 × 3.5 = 28, while every indicator is said to be met and the subtotal is 20
    "points-mismatch": ("每个分值 2.5 分", "每个分值 3.5 分", "warning"),
    # target 1000 篇次; the 均完成 claim of the report is in another section, so a shortfall is a warning
    "target-not-met": ("际完成 1435篇次", "际完成 835篇次", "warning"),
    "out-of-range": ("修复率 96%", "修复率 106%", "error"),
    # 新中国成立七十周年 was 2019
    "stale-reference": ("围绕学习宣传党的二十大\n\n精神，", "围绕庆祝新中国成立七十\n\n周年，", "warning"),
}

#: Mutations found in review that an earlier version missed: name → (rule, old, new, severity, why it was hard).
MISSED = {
    "count-mismatch:seven-sections": (
        "count-mismatch",
        "内设处室五个",
        "内设处室七个",
        "error",
        "与 inside 网络传媒与社会工作处 and 网络监管与舆情应急协调处 (and 和 inside 网络安全和信息化协调处) "
        "count as possible splits, so the five listed sections give a range of 4–8 and 七个 falls inside it",
    ),
    "points-mismatch:three-points-each": (
        "points-mismatch",
        "每个分值 2.5 分",
        "每个分值 3 分",
        "warning",
        "3 分 per item is read as [2.5, 3.5] and 8个 as [7.5, 8.5], so 8 × 3 meets the subtotal 20; "
        "points per item and the number of items are set values, not rounded measurements (8 × 3 = 24)",
    ),
    "stale-reference:spending-dated-2021": (
        "stale-reference",
        "2022 年度，市委网信办部门整体支出情况如下",
        "2021 年度，市委网信办部门整体支出情况如下",
        "warning",
        "the budget-year check wants 部门/预算/支出 right after 年度; the comma and 市委网信办 in between hide it",
    ),
}


def replace_once(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times, expected {count}"
    return text.replace(old, new)


def corrected() -> str:
    text = RAW
    for old, new, count in FIXES:
        text = replace_once(text, old, new, count)
    return text


def mutated(old: str, new: str) -> str:
    return replace_once(corrected(), old, new)


def problems(doc, ignore=None) -> set[tuple[str, str, str, str]]:
    """Warnings and errors as (rule, severity, stated, expected)."""
    return {
        (f.rule, f.severity, f.stated, f.expected)
        for f in jx.check(doc, jx.extract(doc), ignore=ignore)
        if f.severity in ("error", "warning")
    }


def from_text(text: str, name: str = "example.txt"):
    return read_string(text, name)


@pytest.fixture(scope="module")
def baseline_text():
    return problems(from_text(corrected()))


def assert_only(rule: str, severity: str, found: set, baseline: set) -> None:
    """The mutation adds findings of `rule` only, one of them with `severity`."""
    new = found - baseline
    assert {r for r, *_ in new} == {rule}, sorted(new)
    assert any(s == severity for _, s, *_ in new), sorted(new)


# -- text ------------------------------------------------------------------------------------


def test_edits_keep_the_paragraphs():
    """The corrected copy reads into as many paragraphs as the example (no edit broke a paragraph)."""
    assert len(list(from_text(RAW).paragraphs())) == len(list(from_text(corrected()).paragraphs()))


def test_corrected_copy_is_clean():
    assert problems(from_text(corrected())) == set()


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_mutation_fires_its_rule(rule, baseline_text):
    old, new, severity = MUTATIONS[rule]
    assert_only(rule, severity, problems(from_text(mutated(old, new))), baseline_text)


@pytest.mark.parametrize("name", sorted(MISSED))
def test_mutation_an_auditor_flags(name, baseline_text):
    rule, old, new, severity, _ = MISSED[name]
    assert_only(rule, severity, problems(from_text(mutated(old, new))), baseline_text)


# -- PDF: the same texts rendered by the corpus generator and read back -----------------------

PDF_MUTATIONS = ["restated-value", "sum-mismatch", "formula-mismatch"]  # the score table, a total, a formula


def _render(text: str, out_dir: Path, only: str | None = None) -> dict[str, Path]:
    """The text as the seed's PDFs (both layouts, or `only` one) in out_dir."""
    pytest.importorskip("reportlab")
    from corpus.generate.layout import render_pdf
    from corpus.generate.seed import layouts, parse_seed, title

    blocks = parse_seed(text)
    paths = {}
    for name, layout in layouts(title(blocks)).items():
        if only and name != only:
            continue
        paths[name] = out_dir / name
        render_pdf(blocks, layout, paths[name])
    return paths


@pytest.fixture(scope="module")
def corrected_pdfs(tmp_path_factory):
    return _render(corrected(), tmp_path_factory.mktemp("corrected"))


@pytest.fixture(scope="module")
def corrected_pdf_docs(corrected_pdfs):
    return {name: jx.read(path) for name, path in corrected_pdfs.items()}


@pytest.fixture(scope="module")
def baseline_pdf(corrected_pdf_docs):
    return {name: problems(doc) for name, doc in corrected_pdf_docs.items()}


@pytest.fixture(scope="module", params=["example-word.pdf", "example-plain.pdf"])
def layout_name(request):
    return request.param


def test_pdf_corrected_copy_is_clean_but_for_the_capped_formula(corrected_pdf_docs, layout_name):
    doc = corrected_pdf_docs[layout_name]
    assert doc.tables, "the score table is read as a table"
    assert problems(doc, ignore=["formula-mismatch"]) == set()


def test_pdf_corrected_copy_is_clean(baseline_pdf, layout_name):
    assert baseline_pdf[layout_name] == set()


@pytest.mark.parametrize("rule", PDF_MUTATIONS)
def test_pdf_mutation_fires_its_rule(rule, baseline_pdf, layout_name, tmp_path):
    old, new, severity = MUTATIONS[rule]
    baseline = baseline_pdf[layout_name]
    pdf = _render(mutated(old, new), tmp_path, only=layout_name)[layout_name]
    assert_only(rule, severity, problems(jx.read(pdf)), baseline)
