"""Every finding message over the corpus and the independent report texts, in both languages, read as a
user reads it: no internal identifier (kind names, rule ids), a unit on every 所述/应为 value whose figure
has one, and the words of every claim a finding rests on quoted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from jixiao import check, extract, read
from jixiao.batch import expand
from jixiao.extract.claims import find_claims
from jixiao.model import Kind
from jixiao.rules import all_rules, run, select_rules
from jixiao.rules.context import Context

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ["corpus", "tests/cases/reports", "tests/cases/reports2"]  # as tests/test_snapshot.py
IDENTIFIER = re.compile(r"(?<![A-Za-z])[a-z]+_[a-z_]+(?![A-Za-z])")  # score_rate, budget_adjusted (also beside 汉字)
RULE_ID = re.compile(r"(?<![A-Za-z-])(?:" + "|".join(map(re.escape, all_rules())) + r")(?![A-Za-z-])")
BARE_NUMBER = re.compile(r"[≤≥<>=±\s]*-?[\d.,]+(?:[–-][\d.,]+)?")  # 9, ≤ 100, 3–4: a figure without a unit


def internal_words(message: str) -> list[str]:
    """What in a message is a name from the code rather than a word of the report or of the language."""
    return IDENTIFIER.findall(message) + RULE_ID.findall(message)


def lacks_unit(value: str, units: set[str]) -> bool:
    """A 所述/应为 value printed bare while the figures it is about carry a unit (应为 9 beside 12个)."""
    return bool(value) and bool(BARE_NUMBER.fullmatch(value)) and bool(units - {""})


def _files() -> list[str]:
    os.chdir(ROOT)
    return [f for f in expand(INPUTS) if not f.startswith("corpus/scans/")]  # OCR: minutes (tests/test_ocr.py)


def test_the_scan_catches_what_it_looks_for():
    assert internal_words("管理效能: score_rate stated as 93.96%") == ["score_rate"]
    assert internal_words("规则 rate-mismatch 未执行") == ["rate-mismatch"]
    assert internal_words("管理效能budget_adjusted为100万元") == ["budget_adjusted"]
    assert all(internal_words(f"得分{k}") for k in Kind if "_" in k)
    assert internal_words("管理效能: score rate stated as 93.96% (p.4)") == []
    assert internal_words("执行率91.12%与同处所列数字不符：16,744.07万元 ÷ 18,549.40万元 = 90.27%") == []
    assert lacks_unit("9", {"个"}) and lacks_unit("3–4", {"家"}) and lacks_unit("≤ 100", {"%"})
    assert not lacks_unit("9个", {"个"}) and not lacks_unit("≤ 100%", {"%"}) and not lacks_unit("12", {""})
    assert not lacks_unit("", {"个"})


@pytest.mark.parametrize("path", _files())
def test_messages_speak_the_reports_language(path):
    os.chdir(ROOT)
    doc = read(path)
    facts = extract(doc)
    claims = find_claims(doc, facts)
    by_id = {f.id: f for f in facts}
    for finding in run(Context(doc, facts, claims), select_rules()):
        for message in (finding.message_zh, finding.message_en):
            assert not internal_words(message), f"{finding.rule}: {message}"
        units = {by_id[i].quantity.unit for i in finding.facts} if finding.facts else {"年"}
        for value in (finding.stated, finding.expected):
            assert not lacks_unit(value, units), f"{finding.rule}: 所述 {finding.stated} 应为 {finding.expected}"
        quoted = [c for c in claims if c.evidence in finding.evidence]
        for c in quoted:
            said = re.sub(r"\s*\n\s*", "", c.text)  # a claim broken over lines is quoted as one line
            for message in (finding.message_zh, finding.message_en):
                assert f"“{said}”" in message, f"{finding.rule} does not quote the claim {c.text}: {message}"
        if finding.rule == "target-not-met" and finding.severity == "error":
            assert quoted, f"an unmet target is an error only beside a claim, which it must quote: {finding.message_zh}"


def _findings(rule: str, text: str, year: int | None = None):
    from jixiao.reading.text import read_string

    title = f"{year}年度某局部门整体支出绩效自评报告\n\n" if year else ""
    doc = read_string(title + text, "case.txt")
    return check(doc, extract(doc), select=[rule])


def test_a_finding_quotes_the_claim_it_rests_on():
    (short,) = _findings("target-not-met", "培训人次，目标不少于600人次，实际完成540人次；全部绩效指标均已达到。")
    assert short.severity == "error" and "“全部绩效指标均已达到”" in short.message_zh
    assert "“全部绩效指标均已达到”" in short.message_en and short.evidence[-1].quote == "全部绩效指标均已达到"
    (unclaimed,) = _findings("target-not-met", "培训人次，目标不少于600人次，实际完成540人次。")
    assert unclaimed.severity == "warning" and "“" not in unclaimed.message_zh
    (lost,) = _findings("points-mismatch", "设效益指标四个，每项指标分值为5分，指标均已完成，合计得分18分。")
    assert "“均已完成”" in lost.message_zh and "“均已完成”" in lost.message_en
    (stale,) = _findings("stale-reference", "围绕建党100周年开展主题宣传。", year=2023)
    assert "“2023年度”" in stale.message_zh and (stale.stated, stale.expected) == ("2021年", "2023年")


def test_counts_and_divisors_carry_their_unit():
    (count,) = _findings("count-mismatch", "设产出指标9个，其中数量指标5个，质量指标2个。")
    assert (count.stated, count.expected) == ("9个", "7个") and count.message_zh.endswith("= 7个")
    (mean,) = _findings("formula-mismatch", "平均完成率=(96%+98%+100%)/4=73.5%")
    assert (mean.stated, mean.expected) == ("4项", "3项")


@pytest.mark.parametrize(
    "text, expected, working",
    [
        ("比上年末减少3人（其中：新录用3人，调出2人，退休3人）。", "减少2人", "3人 − 2人 ± 3人 = -2人 / 4人"),
        ("比上年末减少4人（其中：公开招聘1人，调离2人）。", "减少1人", "1人 − 2人 = -1人"),
        ("较上年末增加2人（其中：公开招聘5人，转任调入1人，调离3人）。", "增加3人", "5人 + 1人 − 3人 = 3人"),
    ],
)
def test_a_net_change_says_its_direction_and_every_reading(text, expected, working):
    """Clean wording gives no finding elsewhere (count-mismatch cases); here the faulty ones say which way the
    parts go, every reading of a part that goes either way, and the nearest reading as 应为."""
    import jixiao as jx
    from jixiao.reading.text import read_string

    doc = read_string("2024年度某局部门整体支出绩效自评报告\n\n年末在编人员50人，" + text)
    (f,) = [f for f in jx.check(doc) if f.rule == "count-mismatch"]
    assert f.expected == expected and working in f.message_zh
