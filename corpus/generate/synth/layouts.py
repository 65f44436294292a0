"""Page layouts drawn at random: fonts, sizes, widths, alignment, headers and footers."""
from __future__ import annotations

from random import Random

from ..layout import FOOTER_STYLES, Layout

FOOTERS = FOOTER_STYLES + (None, "第{n}页")


def random_layout(rng: Random, title: str, dept: str) -> tuple[Layout, bool]:
    """A layout and whether tables are ruled."""
    font = rng.choice(("ttf", "cid", "cid"))
    size = rng.choice((10.5, 11, 12, 12, 14))
    leading = round(size * rng.uniform(1.45, 1.9), 1)
    top, bottom = rng.uniform(60, 85), rng.uniform(60, 80)
    side = rng.uniform(60, 95)
    width = rng.choice((None, None, None, rng.uniform(290, 420)))
    header = rng.choice((title, dept, None, None))
    layout = Layout(
        font=font, ttf_heading=rng.choice(("hei", "hei", "song")), font_size=size, leading=leading,
        margins=(top, side, bottom, side), text_width=width, justified=rng.random() < 0.6,
        first_indent=rng.choice((2.0, 2.0, 2.0, 0.0)), header_text=header, footer=rng.choice(FOOTERS),
        table_font_size=rng.choice((None, None, max(size - 2.5, 8))),
        break_latin=rng.random() < 0.85, latin_font=rng.choice((None, None, "Times-Roman")),
        title=title)
    return layout, rng.random() < 0.75
