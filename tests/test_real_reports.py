"""Real reports labelled by hand (../shared/real-dev, not ours, not committed) and the scorer itself."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from jixiao.realeval import evaluate_real, is_real_labels, plain_number, score, states

ROOT = Path(__file__).resolve().parents[1]
REAL_DEV = ROOT.parent / "shared" / "real-dev"
FLOORS = tomllib.loads((ROOT / "tests" / "real_thresholds.toml").read_text(encoding="utf-8"))


@pytest.mark.skipif(not REAL_DEV.is_dir(), reason="../shared/real-dev is not beside this checkout")
def test_real_reports_stay_above_their_floors():
    s = evaluate_real(REAL_DEV, jobs=2)
    assert s.recall("arithmetic") >= FLOORS["arithmetic_recall"]
    assert s.recall("targets") >= FLOORS["targets_recall"]
    assert s.alarms_per_file <= FLOORS["max_alarms_per_file"]


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("合计为112.39%", "112.39", True),
        ("合计为1,234.50万元", "1234.5", True),
        ("所述 12 应为 11", "12", True),
        ("合计为2112.39%", "112.39", False),  # inside a longer number
        ("合计为112.395", "112.39", False),
    ],
)
def test_a_finding_states_a_number_only_as_a_whole_figure(text, number, expected):
    assert states({"message": text}, number) is expected


def test_plain_number_forms():
    assert plain_number("99.150") == "99.15"
    assert plain_number(15) == "15"
    assert plain_number("23,434.12") == "23434.12"
    assert plain_number("n/a") is None
    assert plain_number("97.80%") == "97.8" and plain_number("202年") == "202" and plain_number("200平方米") == "200"
    assert plain_number("2021年12月28日") is None  # more than one number: not one figure


def test_score_counts_catches_misses_and_alarms(tmp_path):
    labels = [
        {"file": "a.txt", "relations": [
            {"kind": "sum", "stated": 96.98, "consistent": False, "description": "", "quote": "q"},
            {"kind": "target_vs_actual", "stated": 72.5, "consistent": False, "description": "", "quote": "q"},
            {"kind": "sum", "stated": 100, "consistent": False, "description": "weights ASSUMED", "quote": "q"},
            {"kind": "rate", "stated": 90, "consistent": True, "description": "", "quote": "q"},
        ]},
        {"file": "b.txt", "relations": []},
    ]  # fmt: skip
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    assert is_real_labels(tmp_path)
    findings = {
        "a.txt": [
            {"rule": "sum-mismatch", "severity": "error", "message": "总分96.98分与分项之和不符", "stated": "", "expected": ""},
            {"rule": "sum-mismatch", "severity": "warning", "message": "权重合计100", "stated": "", "expected": ""},
        ],
        "b.txt": [{"rule": "rate-mismatch", "severity": "error", "message": "执行率90%", "stated": "", "expected": ""},
                  {"rule": "table-not-read", "severity": "info", "message": "x", "stated": "", "expected": ""}],
    }  # fmt: skip
    s = score(tmp_path, findings)
    assert (s.caught["arithmetic"], s.required["arithmetic"]) == (1, 1)
    assert (s.caught["targets"], s.required["targets"]) == (0, 1)
    assert [m.stated for m in s.misses] == ["72.5"]
    assert [(a["file"], a["rule"]) for a in s.alarms] == [("b.txt", "rate-mismatch")]  # ASSUMED is no alarm
    assert s.alarms_per_file == 0.5
