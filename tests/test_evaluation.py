"""The corpus evaluation: the matching it relies on, and the thresholds `make test` holds the rules to."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.evaluation import as_dict, evaluate_corpus, match_findings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MIN_RECALL, MIN_PRECISION, MIN_RULE_RECALL = 0.90, 0.95, 0.75


def _finding(rule, stated, page=1, severity="error", quote=""):
    return {
        "rule": rule,
        "severity": severity,
        "stated": stated,
        "expected": "",
        "message": "",
        "page": page,
        "evidence": [{"page": page, "quote": quote}],
    }


def test_matching_uses_rule_value_and_page():
    labels = [{"rule": "rate-mismatch", "value": "99.01%", "page": 7}]
    pairs, missed, extra = match_findings(labels, [_finding("rate-mismatch", "99.01%", 7)])
    assert len(pairs) == 1 and not missed and not extra
    pairs, missed, extra = match_findings(labels, [_finding("rate-mismatch", "99.01%", 6)])
    assert not pairs and missed and extra


def test_info_is_not_counted_and_repeats_are_not_false_alarms():
    labels = [{"rule": "restated-value", "value": "46.98分"}]
    found = [
        _finding("restated-value", "46.98分"),
        _finding("restated-value", "46.98分"),
        _finding("table-not-read", "", severity="info"),
    ]
    pairs, missed, extra = match_findings(labels, found)
    assert len(pairs) == 1 and not extra


def test_a_label_may_name_other_rules():
    labels = [{"rule": "restated-value", "value": "91.12%", "also": ["rate-mismatch"]}]
    pairs, _, extra = match_findings(labels, [_finding("rate-mismatch", "91.12%")])
    assert len(pairs) == 1 and not extra


@pytest.fixture(scope="module")
def report():
    return as_dict(evaluate_corpus(CORPUS, jobs=1, skip_producers=("scan",)))  # scans: tests/test_ocr.py


def test_corpus_is_large_and_readable(report):
    assert report["files"] >= 80 and not report["unreadable"]


def test_overall_thresholds(report):
    o = report["overall"]
    assert o["recall"] >= MIN_RECALL, f"recall {o['recall']:.3f}"
    assert o["precision"] >= MIN_PRECISION, f"precision {o['precision']:.3f}"


def test_every_rule_recall(report):
    weak = {
        r: round(v["recall"], 3)
        for r, v in report["rules"].items()
        if v["tp"] + v["fn"] and v["recall"] < MIN_RULE_RECALL
    }
    assert not weak, weak
