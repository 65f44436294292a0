"""The corpus renderer draws with the fonts the repository brings, and refuses what they cannot draw."""

from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from corpus.generate.layout import TTF_FACES, Layout, Para, missing_glyphs, render_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "corpus" / "seed" / "example.txt"


def test_the_fonts_are_the_bundled_subsets():
    for path in TTF_FACES.values():
        assert path.is_file() and ROOT in path.parents, path
    assert (ROOT / "corpus" / "fonts" / "LICENSE").read_text().count("SIL OPEN FONT LICENSE") >= 1


def test_the_example_report_can_be_drawn():
    assert missing_glyphs(SEED_TEXT.read_text(encoding="utf-8"), Layout()) == ""


def test_a_character_outside_the_subset_is_named(tmp_path):
    text = "本年度完成验收，合格率98%。"
    outside = chr(0x9F98)  # 龘, written here as a code point so that the subset does not take it in
    assert missing_glyphs(text, Layout()) == ""
    assert missing_glyphs(text + outside, Layout()) == outside
    with pytest.raises(ValueError, match=outside):
        render_pdf([Para(text + outside)], Layout(), tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
