"""Report texts written independently of the corpus generator by two reviewers (tests/cases/reports/,
tests/cases/reports2/): precision and recall outside the corpus, kept as regression tests.

Each <name>.txt has a <name>.expect.toml with ``findings`` (a list of {rule, stated}; [] for a clean
report) and optionally ``xfail`` — the expectation is what an auditor wants; the reason says what
jixiao currently gets wrong. Compared: the (rule, stated) pairs of warnings and errors; an expected
figure matches a finding of the same rule whose ``stated`` equals or contains it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from jixiao import check, read

CASES = Path(__file__).parent / "cases"
SETS = {"reports": (20, 25, 80), "reports2": (16, 20, 60)}  # folder → (at least n texts, line range)


def _texts():
    return [txt for folder in SETS for txt in sorted((CASES / folder).glob("*.txt"))]


def _params():
    out = []
    for txt in _texts():
        spec = tomllib.loads(txt.with_suffix(".expect.toml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        out.append(pytest.param(txt, spec, id=f"{txt.parent.name}/{txt.stem}", marks=marks))
    return out


@pytest.mark.parametrize("folder", sorted(SETS))
def test_every_report_has_an_expectation(folder):
    least, shortest, longest = SETS[folder]
    texts = sorted((CASES / folder).glob("*.txt"))
    assert len(texts) >= least
    for txt in texts:
        assert txt.with_suffix(".expect.toml").exists(), txt.name
        lines = txt.read_text(encoding="utf-8").splitlines()
        assert shortest <= len(lines) <= longest, (txt.name, len(lines))
        assert "绩效自评报告" in lines[0] and lines[1] == "", txt.name


def _matches(want: tuple[str, str], got: tuple[str, str]) -> bool:
    return want[0] == got[0] and (want[1] == got[1] or want[1] in got[1])


@pytest.mark.parametrize(("path", "spec"), _params())
def test_report_findings(path, spec):
    findings = check(read(str(path)))
    got = {(f.rule, f.stated) for f in findings if f.severity in ("error", "warning")}
    want = {(e["rule"], e["stated"]) for e in spec["findings"]}
    missed = {w for w in want if not any(_matches(w, g) for g in got)}
    extra = {g for g in got if not any(_matches(w, g) for w in want)}
    assert not missed and not extra, {"missed": missed, "false alarms": extra}
