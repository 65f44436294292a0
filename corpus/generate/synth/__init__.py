"""Synthetic 绩效自评报告 with known errors and traps: ``render(seed)`` writes
``corpus/generated/<name>.pdf`` (some also ``<name>-web.txt``) and a ``.labels.json`` for each.

A plan (``plan.py``) decides for every report its kind, department, year, layout, and which
rules get an injected error (at which site) or a trap.  The kind's composer (``dept``,
``project``, ``table``) writes the blocks; every figure carries its labels; after rendering,
``locate`` finds each figure's page in the PDF.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from random import Random

from ..layout import render_pdf, render_txt
from . import dept, project, table
from .build import Ctx, squeeze
from .layouts import random_layout
from .locate import locate
from .plan import Spec, plan

OUT_DIR = Path(__file__).resolve().parents[2] / "generated"
COMPOSERS = {"department": dept, "project": project, "table": table}


def compose(spec: Spec, seed: int) -> tuple[Ctx, object, bool]:
    lay_rng = Random(f"{seed}:{spec.name}:layout")
    ctx = Ctx(Random(f"{seed}:{spec.name}"), spec.kind, spec.dept, spec.year, spec.errors, spec.traps)
    ctx.project = spec.project
    ctx.flavour = spec.flavour
    layout, ruled = random_layout(lay_rng, "", spec.dept.name)
    if spec.kind == "table":     # eight columns need the full width and a smaller type
        layout = replace(layout, text_width=None,
                         table_font_size=lay_rng.choice((8.5, 9.5, 10.5, min(layout.font_size, 11.5))))
    ctx.ruled = ruled
    COMPOSERS[spec.kind].build(ctx)
    ctx.finalize()
    missing = ctx.unused_errors()
    if missing:
        raise AssertionError(f"{spec.name}: planned errors not placed: {missing}")
    title = ctx.blocks[0].text
    layout = replace(layout, title=title, header_text=title if layout.header_text == "" else layout.header_text)
    return ctx, layout, ruled


def write_labels(path: Path, labels: dict) -> None:
    path.write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def render_one(spec: Spec, seed: int, out_dir: Path) -> dict:
    ctx, layout, _ = compose(spec, seed)
    pdf = out_dir / f"{spec.name}.pdf"
    pages = render_pdf(ctx.blocks, layout, pdf)
    lost = locate(pdf, layout.margins, ctx.marks)
    bad = [m for m in lost if m.tok.findings or m.tok.traps]
    if bad:
        raise AssertionError(f"{spec.name}: labelled figures not found in the PDF: "
                             + ", ".join(m.needle for m in bad))
    labels = ctx.labels(with_pages=True)
    write_labels(out_dir / f"{spec.name}.labels.json", labels)
    out = {spec.name + ".pdf": pages}
    if spec.txt_style:
        stem = f"{spec.name}-web"
        render_txt(ctx.blocks, out_dir / f"{stem}.txt", table_style=spec.txt_style)
        flat = squeeze((out_dir / f"{stem}.txt").read_text(encoding="utf-8"))
        for lab in (f for mk in ctx.marks for f in mk.tok.findings):
            if squeeze(lab["value"]) not in flat:
                raise AssertionError(f"{stem}.txt: label value {lab['value']!r} not printed")
        twin = ctx.labels(with_pages=False)
        twin["table_style"] = spec.txt_style
        write_labels(out_dir / f"{stem}.labels.json", twin)
        out[stem + ".txt"] = 0
    out["_lost_facts"] = len(lost)
    return out


def render(seed: int = 7, out_dir: Path = OUT_DIR) -> dict[str, int]:
    """Generate every synthetic report; return {file name: pages} (0 for text files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("synth-*"):
        old.unlink()
    result: dict[str, int] = {}
    lost = 0
    for spec in plan(seed):
        r = render_one(spec, seed, out_dir)
        lost += r.pop("_lost_facts")
        result.update(r)
    if lost:
        print(f"synth: {lost} labelled facts could not be located (page null)")
    return result
