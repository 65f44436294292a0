"""Hard-broken renderings for the corpus: ``render(seed)`` writes ``corpus/hardbreak/<name>-hard-<layout>.pdf``
and their labels.

Synthetic reports (the same models as corpus/generated) whose paragraphs were typed with a return at
the end of every source line: a return every ``SOURCE_LINE`` characters, wherever it falls (inside a
number too, ``23,434.⏎12万元``), set ragged right in a column wider than the source lines (every line
ends short) or narrower (each source line wraps once more: a full line, then a short one). Headings and
tables are as in the report. Labels are located in the rendered PDF as for corpus/generated, with
``producer: reportlab`` and ``layout: hard-broken``.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .blocks import Para
from .layout import Layout, render_pdf
from .synth import compose, write_labels
from .synth.locate import locate
from .synth.plan import plan

OUT_DIR = Path(__file__).resolve().parents[1] / "hardbreak"
#: Characters per typed source line, and which narrative reports of the seed are rendered so.
SOURCE_LINE = 27
STRIDE, COUNT = 7, 6
#: A column wider than the source lines (every line ragged) and one narrower (full, short, full, ...).
LAYOUTS = {
    "wide": Layout(font="ttf", font_size=12, leading=20, justified=False, footer="— {n} —"),
    "narrow": Layout(font="cid", font_size=10.5, leading=17, justified=False, text_width=10.5 * 19,
                     footer="第 {n} 页 共 {total} 页"),
}


def hard_break(text: str, every: int = SOURCE_LINE) -> str:
    """``text`` with a return after every ``every`` characters (the first line two shorter: its indent)."""
    lines, at = [], 0
    width = every - 2
    while at < len(text):
        lines.append(text[at:at + width])
        at += width
        width = every
    return "\n".join(lines)


def render(seed: int = 7, out_dir: Path = OUT_DIR) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("synth-*"):
        old.unlink()
    specs = [s for s in plan(seed) if s.kind != "table"][::STRIDE][:COUNT]
    result: dict[str, int] = {}
    for i, spec in enumerate(specs):
        ctx, _, _ = compose(spec, seed)
        name = list(LAYOUTS)[i % len(LAYOUTS)]
        layout = replace(LAYOUTS[name], header_text=ctx.blocks[0].text if i % 3 == 0 else None,
                         title=ctx.blocks[0].text)
        blocks = [Para(hard_break(b.text)) if isinstance(b, Para) else b for b in ctx.blocks]
        pdf = out_dir / f"{spec.name}-hard-{name}.pdf"
        pages = render_pdf(blocks, layout, pdf)
        lost = [m.needle for m in locate(pdf, layout.margins, ctx.marks) if m.tok.findings or m.tok.traps]
        if lost:
            raise AssertionError(f"{pdf.name}: labelled figures not found: {', '.join(lost)}")
        labels = ctx.labels(with_pages=True)
        labels.update(producer="reportlab", layout="hard-broken")
        write_labels(pdf.with_suffix(".labels.json"), labels)
        result[pdf.name] = pages
    return result
