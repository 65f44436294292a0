"""Extraction caches what depends only on a string (a cell's figures, a label's kind, a header's column):
one report read after another in the same process gives the facts it gives alone."""

from __future__ import annotations

import importlib
from pathlib import Path

from jixiao import numbers, patterns
from jixiao.pipeline import analyse

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    ROOT / "corpus/generated/synth-55-table-culture-2021.pdf",
    ROOT / "corpus/generated/synth-58-table-water-2021.pdf",
    ROOT / "tests/cases/reports/c01_jiaotong_2023.txt",
]
labels = importlib.import_module("jixiao.extract.labels")
CACHES = [numbers._cell_figures, labels._kind_by_label, labels.strip_label, labels.canonical_subject]
CACHES.append(patterns.column_kind)


def _cleared() -> None:
    for cache in CACHES:
        cache.cache_clear()


def _facts(path: Path) -> list[dict]:
    return analyse(str(path), with_tables=True).facts


def test_a_report_read_after_others_gives_the_facts_it_gives_alone():
    alone = {}
    for path in REPORTS:
        _cleared()
        alone[path] = _facts(path)
    _cleared()
    for path in REPORTS + REPORTS[::-1]:  # each after the others, in both orders
        assert _facts(path) == alone[path], path.name


def test_the_caches_are_shared_between_reports():
    """The first table report fills the caches; the second, with the same headers and labels, finds them
    there (without that, the test above would compare nothing shared)."""
    _cleared()
    _facts(REPORTS[0])
    before = {cache: cache.cache_info().hits for cache in CACHES}
    _facts(REPORTS[1])
    assert all(cache.cache_info().hits > before[cache] for cache in CACHES)
