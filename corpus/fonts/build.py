"""Make the bundled font subsets from Noto Serif SC and Noto Sans SC (SIL OFL 1.1).

    pip download --no-deps -d /tmp/noto pylopdf-fonts-zh-cn==0.1.1   # ships both .otf files
    (cd /tmp/noto && python -m zipfile -e pylopdf_fonts_zh_cn-*.whl .)
    python -m corpus.fonts.build /tmp/noto/pylopdf_fonts_zh_cn

reportlab embeds TrueType (glyf) outlines only, and the Noto CJK fonts are CFF, so each subset's
cubic outlines are converted to quadratic ones (fontTools' cu2qu). The subset holds every
character written anywhere in corpus/, tests/ and patterns/, plus printable ASCII, CJK
punctuation and full-width forms; a text with a character outside it is refused by the renderer
(corpus.generate.layout.missing_glyphs). Needs fontTools (not a dependency of jixiao).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: (source file, bundled file, family name of the subset)
FACES = [
    ("NotoSerifSC-Regular.otf", "NotoSerifSC-jixiao.ttf", "Noto Serif SC jixiao subset"),
    ("NotoSansSC-Regular.otf", "NotoSansSC-jixiao.ttf", "Noto Sans SC jixiao subset"),
]
SCANNED = ("corpus", "tests", "patterns")
SUFFIXES = (".py", ".toml", ".txt", ".json")
#: Always included: printable ASCII, general punctuation, CJK symbols and punctuation,
#: enclosed numbers, full-width forms, and the Chinese numerals.
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2030), (0x2460, 0x2473), (0x3000, 0x3011), (0xFF01, 0xFF5E)]
EXTRA = "〇一二三四五六七八九十百千万亿元角分年月日号个项次条第×÷±≤≥≈≠→℃‰·…—"


def wanted_characters() -> set[str]:
    chars = {chr(c) for lo, hi in RANGES for c in range(lo, hi + 1)} | set(EXTRA)
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file():
                chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF outlines by quadratic glyf outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width = hmtx[name][0]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str) -> None:
    """A subset is a modified version: it carries its own name (OFL §3)."""
    ps = family.replace(" ", "")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = ps
        elif record.nameID == 3:
            record.string = f"{ps}-Regular"


def build(source_dir: Path) -> None:
    chars = wanted_characters()
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["BASE", "DSIG", "GSUB", "GPOS", "GDEF", "vhea", "vmtx"]
    for source, target, family in FACES:
        font = TTFont(source_dir / source)
        cmap = font.getBestCmap()
        present = "".join(sorted(c for c in chars if ord(c) in cmap))
        sub = subset.Subsetter(options)
        sub.populate(text=present)
        sub.subset(font)
        to_truetype(font)
        rename(font, family)
        font.save(HERE / target)
        print(f"{target}: {len(present)} characters, {(HERE / target).stat().st_size} bytes")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
