"""Second independent set of report texts (tests/cases/reports2/).

Each <name>.txt has a <name>.expect.toml with ``findings`` (a list of {rule, stated}; [] for a clean
report) and optionally ``xfail`` naming what jixiao currently gets wrong. Compared: the (rule, stated)
pairs of warnings and errors; an expected figure matches a finding of the same rule whose ``stated``
equals or contains it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from extractor import check, read

REPORTS = Path(__file__).parent / "cases" / "reports2"


def _params():
    out = []
    for txt in sorted(REPORTS.glob("*.txt")):
        spec = tomllib.loads(txt.with_suffix(".expect.toml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        out.append(pytest.param(txt, spec, id=txt.stem, marks=marks))
    return out


def test_every_report_has_an_expectation():
    texts = sorted(REPORTS.glob("*.txt"))
    assert len(texts) == 16
    assert sum(1 for t in texts if t.stem.startswith("clean_")) == 8
    for txt in texts:
        assert txt.with_suffix(".expect.toml").exists(), txt.name
        lines = txt.read_text(encoding="utf-8").splitlines()
        assert 20 <= len(lines) <= 60, (txt.name, len(lines))
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
