"""Independently written report texts (tests/cases/reports/): precision and recall outside the corpus.

Each <name>.txt has a <name>.expect.toml with ``findings`` (a list of {rule, stated}; [] for a clean
report) and optionally ``xfail`` — the expectation is what an auditor wants; the reason says what
jixiao currently gets wrong. Compared: the set of (rule, stated) of warnings and errors.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from extractor import check, read

REPORTS = Path(__file__).parent / "cases" / "reports"


def _params():
    out = []
    for txt in sorted(REPORTS.glob("*.txt")):
        spec = tomllib.loads(txt.with_suffix(".expect.toml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        out.append(pytest.param(txt, spec, id=txt.stem, marks=marks))
    return out


def test_every_report_has_an_expectation():
    texts = sorted(REPORTS.glob("*.txt"))
    assert len(texts) >= 20
    for txt in texts:
        assert txt.with_suffix(".expect.toml").exists(), txt.name
        lines = txt.read_text(encoding="utf-8").splitlines()
        assert 25 <= len(lines) <= 80, (txt.name, len(lines))
        assert "绩效自评报告" in lines[0] and lines[1] == "", txt.name


@pytest.mark.parametrize(("path", "spec"), _params())
def test_report_findings(path, spec):
    findings = check(read(str(path)))
    got = {(f.rule, f.stated) for f in findings if f.severity in ("error", "warning")}
    want = {(e["rule"], e["stated"]) for e in spec["findings"]}
    assert got == want
