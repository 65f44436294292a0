"""Language knowledge lives in patterns/*.toml with examples and counter-examples; this keeps it honest."""

from __future__ import annotations

import pytest

from jixiao import patterns

CASES = [(name, key, pat) for name in patterns.files() for key, pat in patterns.load(name).items()]


def test_every_pattern_file_loads_and_has_examples():
    assert {"labels", "subjects", "rules", "anniversaries"} <= set(patterns.files())
    for name, key, pat in CASES:
        assert pat.examples, f"{name}.{key} has no example"


@pytest.mark.parametrize("name, key, pat", CASES, ids=[f"{n}.{k}" for n, k, _ in CASES])
def test_examples_match_and_counter_examples_do_not(name, key, pat):
    for ex in pat.examples:
        assert pat.regex.search(ex), f"{name}.{key} misses its example {ex!r}"
    for ex in pat.counter_examples:
        assert not pat.regex.search(ex), f"{name}.{key} matches its counter-example {ex!r}"


def test_anniversaries_name_their_base_year():
    for key, pat in patterns.load("anniversaries").items():
        assert isinstance(pat.value, int) and 1900 < pat.value < 2000, key
