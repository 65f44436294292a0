"""Kinds are one enum; the vocabulary that decides them is data whose order is its own. A kind in the
data that can never be chosen (shadowed by an earlier pattern, or not a Kind at all) fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from jixiao import patterns
from jixiao.extract.labels import ACCEPTED_UNITS, kind_of
from jixiao.model import Kind
from jixiao.numbers import parse_quantity

UNIT_FOR = {"元": "10万元", "分": "10分", "%": "10%"}


@pytest.mark.parametrize("name", ["labels", "columns", "topics"])
def test_every_kind_in_the_data_is_a_kind(name):
    assert [k for k in patterns.load(name) if k not in set(Kind)] == []


def _figure(kind: Kind):
    accepted = ACCEPTED_UNITS.get(kind)
    return parse_quantity(UNIT_FOR[sorted(accepted)[0]] if accepted else "10人次")


LABEL_EXAMPLES = [(Kind(k), ex) for k, pat in patterns.load("labels").items() for ex in pat.examples]


@pytest.mark.parametrize("kind, label", LABEL_EXAMPLES, ids=[f"{k}:{ex}" for k, ex in LABEL_EXAMPLES])
def test_each_label_example_is_read_as_its_own_kind(kind, label):
    """No pattern earlier in the file takes another kind's example: every kind in the data is used."""
    assert kind_of(label, _figure(kind)) == kind


COLUMN_EXAMPLES = [(Kind(k), ex) for k, pat in patterns.load("columns").items() for ex in pat.examples]


@pytest.mark.parametrize("kind, header", COLUMN_EXAMPLES, ids=[f"{k}:{ex}" for k, ex in COLUMN_EXAMPLES])
def test_each_column_example_is_read_as_its_own_kind(kind, header):
    assert patterns.column_kind(header) == kind


def test_the_file_order_decides_between_overlapping_kinds():
    """得分率 ends in a word the score pattern would take too; score_rate comes first in the file."""
    assert kind_of("得分率", parse_quantity("95%")) == Kind.SCORE_RATE
    assert kind_of("得分", parse_quantity("95分")) == Kind.SCORE


def _bare_kind_comparisons(path: Path) -> list[int]:
    """Lines comparing a fact's `.kind` with a string literal instead of a Kind (a document's kind is not one)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        left = node.left if isinstance(node, ast.Compare) else None
        if not (isinstance(left, ast.Attribute) and left.attr == "kind"):
            continue
        of_document = isinstance(left.value, ast.Attribute) and left.value.attr == "doc"
        if not of_document and any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in node.comparators):
            out.append(node.lineno)
    return out


def test_kinds_are_compared_as_kinds():
    source = Path(__file__).resolve().parents[1] / "extractor"
    found = {
        str(p.relative_to(source)): lines
        for room in ("extract", "rules")
        for p in sorted((source / room).glob("*.py"))
        if (lines := _bare_kind_comparisons(p))
    }
    assert found == {}


def test_a_bare_kind_comparison_is_seen(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('def f(x):\n    return x.kind == "score"\n', encoding="utf-8")
    assert _bare_kind_comparisons(probe) == [2]
