"""The example report set with hard line breaks, rendered to PDF with the bundled fonts and read back.

Four renderings (corpus/generate/hardbreak.py), made in tmp_path: every source line of example.txt ending
with a return in a wide column (ragged lines, short in mid-sentence), the same in two columns narrower than
the source lines (each wraps once more: a full line, then a short one; embedded TrueType and non-embedded CID
font), and a ragged-right re-flow without returns. Each must give the figures whole and the findings of the word-processor rendering.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao as jx

pytest.importorskip("reportlab")
import pdfplumber  # noqa: E402
from test_mutations import corrected, problems  # noqa: E402
from test_seed_reports import EXPECTED_FINDINGS  # noqa: E402

from corpus.generate.hardbreak import HARD_BREAK_LAYOUTS, KEEPS_RETURNS, hard_broken_blocks  # noqa: E402
from corpus.generate.layout import render_pdf  # noqa: E402

SEED_TEXT = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "example.txt"
#: Figures that a line end splits in one rendering or another, as the report prints them.
WHOLE = ["+124.84%+", "+107.05%+", "/10=112.39%", "23,434.12万元", "23,395.51万元", "2255.79万元"]
PUNCTUATION = "。，、；：！？）》”%"


def _render(text: str, name: str, out: Path) -> Path:
    path = out / f"{name}.pdf"
    render_pdf(hard_broken_blocks(text, KEEPS_RETURNS[name]), HARD_BREAK_LAYOUTS[name], path)
    return path


@pytest.fixture(scope="module", params=sorted(HARD_BREAK_LAYOUTS))
def rendering(request, tmp_path_factory):
    path = _render(SEED_TEXT.read_text(encoding="utf-8"), request.param, tmp_path_factory.mktemp("hard"))
    return request.param, path, jx.read(path)


def _short_lines_mid_sentence(path: Path) -> int:
    """Printed lines that end well before the column's right edge on a character that ends nothing."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = [ln for ln in page.extract_text_lines() if len(ln["text"]) > 1]
            right = max((ln["x1"] for ln in lines), default=0)
            count += sum(1 for ln in lines if ln["x1"] < right - 18 and ln["text"][-1] not in PUNCTUATION)
    return count


def test_renderings_break_lines_in_mid_sentence(rendering):
    """The layouts are what they claim: with returns, many lines stop short inside a sentence."""
    name, path, _ = rendering
    # without returns only headings, the title and table cells stop short (about 55 lines)
    if KEEPS_RETURNS[name]:
        assert _short_lines_mid_sentence(path) >= 120
    else:
        assert _short_lines_mid_sentence(path) < 80


def test_key_figures_are_read_whole(rendering):
    _, _, doc = rendering
    missing = [figure for figure in WHOLE if figure not in doc.text]
    assert not missing


def test_monthly_rates_are_ten_whole_terms(rendering):
    _, _, doc = rendering
    terms = [f.quantity.value for f in jx.extract(doc) if f.kind == "term" and f.quantity.base_unit == "%"]
    assert len(terms) == 10 and min(terms) > 90


def test_the_known_findings_are_found(rendering):
    _, _, doc = rendering
    got = {(f.rule, f.severity, f.stated) for f in jx.check(doc) if f.severity != "info"}
    assert got == EXPECTED_FINDINGS


def test_the_corrected_copy_stays_clean_in_a_narrow_column(tmp_path):
    """No finding comes from the line breaks themselves: the consistent copy, re-flowed, is silent."""
    doc = jx.read(_render(corrected(), "narrow", tmp_path))
    assert problems(doc) == set()
