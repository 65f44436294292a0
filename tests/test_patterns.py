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


def test_a_pattern_found_nowhere_in_a_text_is_found_in_no_stretch_of_it():
    import regex

    anniversary = regex.compile(r"建党(?P<n>\d+)周年")
    assert patterns.found_nowhere(anniversary, "全年完成植树造林1200亩。")
    assert not patterns.found_nowhere(anniversary, "时值建党100周年，开展主题活动。")


def test_a_pattern_that_looks_beyond_its_match_is_never_said_to_be_nowhere():
    import regex

    # the whole text holds no match, yet the stretch after 前 does: a lookbehind sees a stretch's edge differently
    not_after_qian = regex.compile(r"(?<!前)100分")
    text = "前100分"
    assert not_after_qian.search(text) is None and not_after_qian.search(text[1:])
    assert not patterns.found_nowhere(not_after_qian, text)
    assert not patterns.found_nowhere(regex.compile(r"^得分"), "总得分")
