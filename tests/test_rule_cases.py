"""Rule cases as data (sqlfluff style): tests/cases/rules/<rule-id>.toml, one file per rule.

Each [[case]] has a name, a text, the findings it must produce (``expect``: a list of
{severity, stated?}; [] = the rule must stay silent), optionally ``year`` (a title line
"<year>年度某局部门整体支出绩效自评报告" is prepended) and ``xfail`` (the case states what an
auditor expects but the current code gets wrong; the reason says how).

Also: every rule documents itself with a consistent and an inconsistent example, and the
rule agrees with its own documentation.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import pytest

from jixiao import check, extract
from jixiao.reading.text import read_string
from jixiao.rules import all_rules

RULE_CASES = Path(__file__).parent / "cases" / "rules"
TITLE = "{year}年度某局部门整体支出绩效自评报告\n\n"  # a blank line: the title is a paragraph of its own


def run_rule(rule: str, text: str, year: int | None = None):
    """Findings of one rule on a snippet (with a title line naming the report year, if given)."""
    if year:
        text = TITLE.format(year=year) + text
    doc = read_string(text, "case.txt")
    return check(doc, extract(doc), select=[rule])


def _params():
    out = []
    for path in sorted(RULE_CASES.glob("*.toml")):
        rule = path.stem
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
            out.append(pytest.param(rule, case, id=f"{rule}:{case['name']}", marks=marks))
    return out


def test_every_rule_has_a_case_file():
    assert {p.stem for p in RULE_CASES.glob("*.toml")} == set(all_rules())


@pytest.mark.parametrize("rule", sorted(all_rules()))
def test_case_file_has_enough_cases(rule):
    cases = tomllib.loads((RULE_CASES / f"{rule}.toml").read_text(encoding="utf-8"))["case"]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    firing = [c for c in cases if c["expect"]]
    silent = [c for c in cases if not c["expect"]]
    assert len(firing) >= 6 and len(silent) >= 6, (len(firing), len(silent))


@pytest.mark.parametrize("rule, case", _params())
def test_rule_case(rule, case):
    findings = run_rule(rule, case["text"], case.get("year"))
    got = sorted((f.rule, f.severity, f.stated) for f in findings)
    want_stated = [e for e in case["expect"] if "stated" in e]
    if len(want_stated) == len(case["expect"]):
        want = sorted((rule, e["severity"], e["stated"]) for e in case["expect"])
    else:  # stated is compared only where the case gives it
        got = sorted(
            (r, s, st) if any(e.get("stated") == st for e in case["expect"]) else (r, s, None) for r, s, st in got
        )
        want = sorted((rule, e["severity"], e.get("stated")) for e in case["expect"])
    assert got == want, "\n".join(f"  {f.severity} {f.stated} → {f.expected}: {f.message_zh}" for f in findings)


# -- the rules' own documentation ------------------------------------------------------------


def doc_example(docstring: str, which: str) -> list[str]:
    """The indented lines after 'Consistent…::' or 'Inconsistent…::', without trailing (…) comments."""
    m = re.search(rf"^{which}\b[^\n]*::\n\n((?:[ \t]+\S[^\n]*\n?)+)", docstring, re.M)
    assert m, f"no '{which} ...::' example block"
    lines = [re.sub(r"\s+\([^()]*\)\s*$", "", ln).strip() for ln in m.group(1).splitlines()]
    return [ln for ln in lines if ln]


def _doc_year(rule: str) -> int | None:
    return 2022 if rule == "stale-reference" else None


@pytest.mark.parametrize("rule", sorted(all_rules()))
def test_rule_is_documented(rule):
    doc = inspect.getdoc(all_rules()[rule]) or ""
    assert "Consistent" in doc and "Inconsistent" in doc
    assert doc_example(doc, "Consistent") and doc_example(doc, "Inconsistent")


#: Rules whose example lines together make one example (a flattened table), not one example per line.
ONE_EXAMPLE_PER_BLOCK = {"table-not-read"}
#: Documented inconsistent examples the rule does not (yet) flag: (rule, line number in the block) → why.
DOC_XFAIL: dict = {}


def _rules_xfail(reasons: dict[str, str]):
    return [
        pytest.param(r, marks=[pytest.mark.xfail(strict=True, reason=reasons[r])] if r in reasons else [])
        for r in sorted(all_rules())
    ]


@pytest.mark.parametrize("rule", _rules_xfail({}))
def test_rule_flags_its_inconsistent_snippet(rule):
    """The whole inconsistent block gives at least one finding of the rule."""
    text = "\n".join(doc_example(inspect.getdoc(all_rules()[rule]), "Inconsistent"))
    assert [f for f in run_rule(rule, text, _doc_year(rule)) if f.rule == rule]


def _inconsistent_lines():
    out = []
    for rule, mod in sorted(all_rules().items()):
        if rule in ONE_EXAMPLE_PER_BLOCK:
            continue
        for i, line in enumerate(doc_example(inspect.getdoc(mod) or "", "Inconsistent"), start=1):
            why = DOC_XFAIL.get((rule, i))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(rule, line, id=f"{rule}:{i}", marks=marks))
    return out


@pytest.mark.parametrize("rule, line", _inconsistent_lines())
def test_rule_flags_each_inconsistent_line(rule, line):
    """Each line of the inconsistent block is an example of its own and is flagged on its own."""
    found = [f for f in run_rule(rule, line, _doc_year(rule)) if f.rule == rule]
    assert found, f"{rule} silent on its own inconsistent example: {line}"


@pytest.mark.parametrize("rule", sorted(all_rules()))
def test_rule_passes_its_consistent_example(rule):
    doc = inspect.getdoc(all_rules()[rule])
    text = "\n".join(doc_example(doc, "Consistent"))
    found = run_rule(rule, text, _doc_year(rule))
    assert not found, [f.message_zh for f in found]
