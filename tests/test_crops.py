"""Evidence pictures (reporting/crops.py), the way back to PDF user space (reporting/pagespace.py) and the
numbered lines of text files (reporting/sourcelines.py), on real PDFs and files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops
from pypdf import Transformation
from pypdf.generic import NameObject, NumberObject, RectangleObject

from jixiao.pipeline import analyse
from jixiao.reporting.crops import COLOURS, DPI, file_crops
from jixiao.reporting.pagespace import to_user_space
from jixiao.reporting.sourcelines import excerpt, file_lines

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"


@pytest.fixture(scope="module")
def word():
    return analyse(str(SEED / "example-word.pdf")).findings


def test_each_finding_gets_pictures_of_its_own_pages_at_print_resolution(word):
    crops = file_crops(str(SEED / "example-word.pdf"), word)
    assert sorted(crops) == list(range(len(word)))
    for i, pictures in crops.items():
        pages = {e["page"] for e in word[i]["evidence"]}
        assert {c.page for c in pictures} == pages
        for c in pictures:
            img = Image.open(io.BytesIO(c.image))
            assert img.width / (c.width_pt / 72) >= DPI - 1  # at least 150 pixels per inch
            assert c.height_pt < 300 and c.width_pt > 300  # a band of the page, the width of its text


def test_the_outline_leaves_the_figure_as_printed(word):
    """Inside each evidence box the picture is the page itself; the outline runs just outside it."""
    finding = next(f for f in word if f["rule"] == "restated-value" and f["stated"] == "46.98分")
    crop = file_crops(str(SEED / "example-word.pdf"), [finding])[0][0]
    picture = Image.open(io.BytesIO(crop.image)).convert("L")
    plain = pdfium.PdfDocument(SEED / "example-word.pdf")[3].render(scale=DPI / 72).to_pil().convert("L")
    x0, y0 = crop.region[:2]
    left, top, right, bottom = (round(v * DPI / 72) for v in finding["evidence"][0]["bbox"])  # 46.98分
    inside = (left - x0 + 2, top - y0 + 2, right - x0 - 2, bottom - y0 - 2)
    page_inside = (left + 2, top + 2, right - 2, bottom - 2)
    assert ImageChops.difference(picture.crop(inside), plain.crop(page_inside)).getextrema()[1] < 48
    assert plain.crop(page_inside).getextrema()[0] < 60  # there is ink in there: the figure itself
    above = Image.open(io.BytesIO(crop.image)).convert("RGB").crop((left - x0, top - y0 - 8, right - x0, top - y0))
    assert _near(above, COLOURS["error"]) > 20  # the stroke just above the figure


def _near(img, colour) -> int:
    data = img.tobytes()
    return sum(1 for i in range(0, len(data), 3) if all(abs(data[i + k] - colour[k]) < 40 for k in range(3)))


def test_fonts_the_pdf_does_not_embed_are_named():
    """example-plain.pdf sets its Chinese in STSong-Light without embedding it: the picture, drawn with
    pdfium's built-in fonts only, cannot show those characters, and says so; example-word embeds its fonts."""
    plain = analyse(str(SEED / "example-plain.pdf")).findings
    crops = file_crops(str(SEED / "example-plain.pdf"), plain[:1])
    assert crops[0][0].missing_fonts == ["STSong-Light"]
    word = analyse(str(SEED / "example-word.pdf")).findings
    assert file_crops(str(SEED / "example-word.pdf"), word[:1])[0][0].missing_fonts == []  # Times-Roman is standard


def test_a_pdf_that_no_longer_opens_gives_no_pictures(tmp_path, word):
    broken = tmp_path / "gone.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert file_crops(str(broken), word) == {}


def _turned(source: Path, target: Path, rotate: int, dx: float, dy: float) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for page in writer.pages[3:4]:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if rotate == 90:
            page.add_transformation(Transformation().rotate(90).translate(height + dx, dy))
        elif rotate == 270:
            page.add_transformation(Transformation().rotate(-90).translate(dx, width + dy))
        elif rotate == 180:
            page.add_transformation(Transformation().rotate(180).translate(width + dx, height + dy))
        else:
            page.add_transformation(Transformation().translate(dx, dy))
        w, h = (height, width) if rotate in (90, 270) else (width, height)
        page.mediabox = RectangleObject([dx, dy, dx + w, dy + h])
        page.cropbox = RectangleObject([dx + 5, dy + 7, dx + w - 5, dy + h - 7])
        page[NameObject("/Rotate")] = NumberObject(rotate)
    writer.write(target)


def _agreement(path: Path, rotation_used=None) -> float:
    """Share of pdfplumber's characters that pdfium finds at the place to_user_space gives them."""
    page = pdfium.PdfDocument(path)[3]
    text = page.get_textpage()
    mediabox, rotation = page.get_mediabox(), page.get_rotation() if rotation_used is None else rotation_used
    ok = total = 0
    with pdfplumber.open(path) as pdf:
        for ch in pdf.pages[3].chars:
            if not ch["text"].strip():
                continue
            left, bottom, right, top = to_user_space((ch["x0"], ch["top"], ch["x1"], ch["bottom"]), mediabox, rotation)
            i = pdfium_c.FPDFText_GetCharIndexAtPos(text, (left + right) / 2, (bottom + top) / 2, 3, 3)
            total += 1
            ok += i >= 0 and chr(pdfium_c.FPDFText_GetUnicode(text, i)) == ch["text"]
    return ok / total


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_boxes_go_back_to_user_space_on_turned_and_shifted_pages(tmp_path, rotate):
    target = tmp_path / f"turned-{rotate}.pdf"
    _turned(SEED / "example-word.pdf", target, rotate, dx=-20.0, dy=30.0)
    assert _agreement(target) > 0.9
    if rotate:  # the same boxes taken as upright land elsewhere: the test can tell
        assert _agreement(target, rotation_used=0) < 0.5


def test_text_files_show_their_own_lines_with_the_figure_marked(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("第一行\n执行率为 93.96%，得分 9 分\n\f第三行\n", encoding="gb18030")
    lines = file_lines(str(path))
    assert lines[:3] == ["第一行", "执行率为 93.96%，得分 9 分", "第三行"]
    shown = excerpt(lines, [{"line": 2, "bbox": [5.0, 2.0, 11.0, 2.0]}])
    assert shown == [
        (1, [("第一行", False)]),
        (2, [("执行率为 ", False), ("93.96%", True), ("，得分 9 分", False)]),
        (3, [("第三行", False)]),
    ]
    assert excerpt(lines, [{"line": 99, "bbox": None}]) == []  # a line the file does not have
    over = excerpt(lines, [{"line": 2, "bbox": [12.0, 2.0, 2.0, 3.0]}])  # a figure running on to line 3
    assert over[1][1][-1] == ("得分 9 分", True) and over[2][1][0] == ("第三", True)
    assert file_lines(str(tmp_path / "gone.txt")) == []


def test_text_file_marks_match_the_reader(tmp_path):
    """Columns of the text reader's boxes and of file_lines agree on the example text."""
    records = analyse(str(SEED / "example.txt")).findings
    lines = file_lines(str(SEED / "example.txt"))
    marked = [t for f in records for _n, parts in excerpt(lines, f["evidence"]) for t, m in parts if m]
    assert "93.96%" in marked and "46.98" in "".join(marked)
    assert json.dumps(marked, ensure_ascii=False)  # plain strings
