"""Docs are tested: the README's rule table is generated from the rules, every rule is documented."""

from __future__ import annotations

from pathlib import Path

from jixiao.cli import app
from jixiao.docs import END, START, rule_table
from jixiao.rules import all_rules

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_rule_table_is_current():
    text = README.read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == rule_table(), "run: python -m jixiao.docs"


def test_every_rule_documents_itself():
    for rule_id, mod in all_rules().items():
        doc = mod.__doc__ or ""
        assert doc.startswith(f"{rule_id}:"), rule_id
        assert "Consistent" in doc and "Inconsistent" in doc, rule_id
        assert mod.SEVERITY in ("error", "warning", "info")


def test_quick_start_is_exactly_two_commands():
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    assert [ln for ln in block.splitlines() if ln.strip()] == ["make demo", "make test"]


def test_readme_names_every_command():
    text = README.read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"check", "extract", "rules", "explain", "eval", "baseline", "diff"} <= set(names)
    for name in names:
        assert f"jixiao {name}" in text
