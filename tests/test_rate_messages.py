"""What a rate-mismatch finding quotes: the figures of the rate's own fund, and the expected rate at the
stated rate's precision (not the midpoint of the interval the printed figures allow)."""

from __future__ import annotations

from jixiao import check, extract
from jixiao.reading.text import read_string


def _findings(text: str):
    doc = read_string(text, "case.txt")
    return check(doc, extract(doc), select=["rate-mismatch"])


def test_a_rate_quotes_its_own_funds_figures():
    (f,) = _findings("市级奖补资金预算80万元，支出72万元，执行率90%；区级配套资金预算40万元，支出30万元，执行率90%。")
    assert "30万元 ÷ 40万元 = 75%" in f.message_zh and f.expected == "75%"


def test_the_expected_rate_is_shown_at_the_stated_precision():
    (f,) = _findings("该项目预算50万元，实际支出45万元，执行率95%。")
    assert f.message_zh.endswith("45万元 ÷ 50万元 = 90%") and f.expected == "90%"
    (g,) = _findings("该项目预算50.00万元，实际支出45.00万元，执行率95.00%。")
    assert g.expected == "90%"  # 90.00 printed as the project's messages print figures, without trailing zeros
    (h,) = _findings("该项目预算300万元，实际支出200万元，执行率70.0%。")
    assert h.expected == "66.7%"
