"""The example report with hard line breaks: every source line of ``example.txt`` ends with a
return, as in a text typed with returns or pasted from a copy-out, and then set in a column of any
width.  In a column wider than the source lines every line is ragged; in a narrower one each
source line wraps once more, so full lines and short ones alternate mid-sentence.

    blocks = hard_broken_blocks(SEED_TEXT.read_text(encoding="utf-8"))
    render_pdf(blocks, HARD_BREAK_LAYOUTS["returns"], "out.pdf")
"""
from __future__ import annotations

import re
from dataclasses import replace

from .blocks import Block, Heading, Para, Table, block_texts
from .layout import Layout
from .seed import _lines, parse_seed

#: Renderings with hard breaks ("returns"; "narrow" and "narrow-cid", narrower than the source lines, in
#: the bundled TrueType fonts and in the non-embedded CID font) and one without ("ragged"), on A4.
HARD_BREAK_LAYOUTS = {
    "returns": Layout(font="ttf", font_size=12, leading=20, justified=False, latin_font="Times-Roman",
                      footer="— {n} —"),
    "narrow": Layout(font="ttf", font_size=12, leading=20, justified=True, text_width=12 * 19,
                     footer="{n}"),
    "narrow-cid": Layout(font="cid", font_size=10.5, leading=17, justified=False, text_width=10.5 * 15,
                         footer="- {n} -"),
    "ragged": Layout(font="ttf", font_size=12, leading=20, justified=False, text_width=12 * 23,
                     latin_font="Times-Roman", footer="第 {n} 页 共 {total} 页"),
}
#: Which renderings keep the source's line breaks.
KEEPS_RETURNS = {"returns": True, "narrow": True, "narrow-cid": True, "ragged": False}


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def hard_broken_blocks(text: str, returns: bool = True) -> list[Block]:
    """``parse_seed``'s blocks, with each paragraph's and heading's source lines joined by "\\n"
    (``returns=False``: the blocks as they are)."""
    blocks = parse_seed(text)
    if not returns:
        return blocks
    lines = iter(_lines(text))
    out: list[Block] = []
    for block in blocks:
        target = _squeeze("".join(block_texts([block])))
        taken: list[str] = []
        while _squeeze("".join(taken)) != target:
            taken.append(next(lines))
            if len(_squeeze("".join(taken))) > len(target):
                raise ValueError(f"source lines do not match block {target[:20]!r}")
        if isinstance(block, Table):
            out.append(block)
        else:
            out.append(replace(block, text="\n".join(taken)))
    return out
