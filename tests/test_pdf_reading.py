"""PDFs through jixiao.reading.read, drawn here with reportlab (a corpus extra, not a runtime dependency).

Every glyph is placed by hand, so the test knows where each character sits: 595 × 842 pt pages, the built-in
CID font STSong-Light at 12 pt, full lines justified by spreading the slack over every character (as Word does).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.reading import ReadError, read

PAGE_W, PAGE_H = 595.0, 842.0
FONT, SIZE = "STSong-Light", 12.0
LEFT, WIDTH = 72.0, 240.0  # body text block: x from 72 to 312 pt
INDENT = 2 * SIZE


@pytest.fixture(scope="module")
def rl():
    """reportlab's canvas module with the CID font registered; skip the PDF tests without reportlab."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas


def draw(
    c, x: float, baseline: float, text: str, *, justify_to: float | None = None, twice: float | None = None
) -> list[float]:
    """Draw `text` glyph by glyph from x; stretch it to end at `justify_to`; fake bold (`twice` = the offset
    in pt) draws each glyph a second time. Returns each glyph's x position."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = [stringWidth(ch, FONT, SIZE) for ch in text]
    extra = 0.0
    if justify_to is not None:
        extra = (justify_to - x - sum(widths)) / max(1, len(text) - 1)
        assert 0 <= extra <= 0.25 * SIZE, f"{text!r} does not fit the justified width ({extra:.1f} pt a glyph)"
    xs = []
    for ch, w in zip(text, widths):
        c.drawString(x, baseline, ch)
        if twice is not None:
            c.drawString(x + twice, baseline, ch)
        xs.append(x)
        x += w + extra
    return xs


def new_canvas(rl, path: Path, **kw):
    c = rl.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), **kw)
    c.setFont(FONT, SIZE)
    return c


@pytest.mark.parametrize("offset", [0.0, 0.3], ids=["same-position", "offset-0.3pt"])
def test_fake_bold_glyphs_are_read_once(rl, tmp_path, offset):
    import pdfplumber

    path = tmp_path / "fake-bold.pdf"
    c = new_canvas(rl, path)
    draw(c, LEFT, 700, "二、绩效目标完成情况：预算执行率为99.84%。", twice=offset)
    c.showPage()
    c.save()
    with pdfplumber.open(path) as pdf:  # the file really holds every glyph twice
        assert "".join(ch["text"] for ch in pdf.pages[0].chars).startswith("二二、、绩绩")
    doc = read(path)
    assert doc.text == "二、绩效目标完成情况：预算执行率为99.84%。"


def test_number_broken_across_lines_reads_joined(rl, tmp_path):
    path = tmp_path / "wrapped.pdf"
    c = new_canvas(rl, path)
    right = LEFT + WIDTH
    draw(c, LEFT + INDENT, 700, "本年度部门整体支出预算执行率为10", justify_to=right)
    draw(c, LEFT, 682, "7.05%，较上年提高了两个百分点，总体", justify_to=right)
    draw(c, LEFT, 664, "情况良好。")
    draw(c, LEFT + INDENT, 646, "全年共发放各类专项补助资金合计4.4", justify_to=right)
    draw(c, LEFT, 628, "亿元，惠及群众逾1.9万人次。")
    c.showPage()
    c.save()
    doc = read(path)
    assert [doc.text[a:b] for a, b in doc.paragraphs()] == [
        "本年度部门整体支出预算执行率为107.05%，较上年提高了两个百分点，总体情况良好。",
        "全年共发放各类专项补助资金合计4.4亿元，惠及群众逾1.9万人次。",
    ]


@pytest.fixture()
def three_pages(rl, tmp_path):
    """Running header and a centred page number on each of 3 pages; returns the path and each page's body x."""
    path = tmp_path / "three-pages.pdf"
    c = new_canvas(rl, path)
    xs = {}
    for n in (1, 2, 3):
        c.setFont(FONT, SIZE)
        draw(c, LEFT, 800, "广州市委网信办2022年度绩效自评报告")
        xs[n] = draw(c, LEFT, 700, f"第{n}页正文：预算执行率为99.84%。")
        draw(c, PAGE_W / 2 - 20, 40, f"— {n} —")
        c.showPage()
    c.save()
    return path, xs


def test_running_header_and_page_numbers_are_furniture(three_pages):
    path, _xs = three_pages
    doc = read(path)
    # one full-width line a page and no indent: the paragraph runs on across the page breaks
    assert doc.text == "".join(f"第{n}页正文：预算执行率为99.84%。" for n in (1, 2, 3))
    assert [p.number for p in doc.pages] == [1, 2, 3]
    for n, page in enumerate(doc.pages, start=1):
        assert (page.width, page.height) == (PAGE_W, PAGE_H)
        assert page.furniture == ["广州市委网信办2022年度绩效自评报告", f"—{n}—"]


def test_locate_returns_page_and_box(three_pages):
    path, xs = three_pages
    doc = read(path)
    start = doc.text.index("99.84%", doc.text.index("第2页"))
    page, box = doc.locate(start, start + len("99.84%"))
    assert page == 2 and box is not None
    x0, top, x1, bottom = box
    assert 0 <= x0 < x1 <= PAGE_W and 0 <= top < bottom <= PAGE_H
    first = len("第2页正文：预算执行率为")  # the glyph index of "9" in the drawn line
    assert abs(x0 - xs[2][first]) < 0.5
    assert top < PAGE_H - 700 < bottom  # the baseline drawn at y = 700 lies inside the box


# ---- bad input: each raises ReadError with its code and a message naming the file ------------------------


def _plain_pdf(rl, path: Path, **kw) -> Path:
    c = new_canvas(rl, path, **kw)
    draw(c, LEFT, 700, "预算执行率为99.84%。")
    c.showPage()
    c.save()
    return path


def _make_bad(kind: str, rl, tmp_path: Path) -> Path:
    if kind == "missing":
        return tmp_path / "不存在.pdf"
    if kind == "directory":
        (tmp_path / "报告目录").mkdir()
        return tmp_path / "报告目录"
    path = tmp_path / f"{kind}.pdf"
    if kind == "text-garbage":
        path.write_text("这不是PDF文件，只是一段文字。" * 20, encoding="utf-8")
    elif kind == "truncated":
        data = _plain_pdf(rl, tmp_path / "whole.pdf").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "header-then-garbage":
        path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage\xff" * 200)
    elif kind == "encrypted-rc4":
        _plain_pdf(rl, path, encrypt="secret")  # reportlab's standard security handler, user password set
    elif kind == "encrypted-aes":
        pypdf = pytest.importorskip("pypdf")
        writer = pypdf.PdfWriter(clone_from=str(_plain_pdf(rl, tmp_path / "whole.pdf")))
        writer.encrypt("secret", algorithm="AES-256")
        with path.open("wb") as fh:
            writer.write(fh)
    elif kind == "rectangle-only":
        c = new_canvas(rl, path)
        c.rect(100, 100, 300, 200)
        c.showPage()
        c.save()
    return path


BAD = [
    ("missing", "missing"),
    ("directory", "is_dir"),
    ("text-garbage", "not_pdf"),
    ("truncated", "damaged"),
    ("header-then-garbage", "damaged"),
    ("encrypted-rc4", "encrypted"),
    ("encrypted-aes", "encrypted"),
    ("rectangle-only", "no_text"),
]


@pytest.mark.parametrize("kind, code", BAD, ids=[k for k, _ in BAD])
def test_bad_input_raises_read_error(kind, code, tmp_path, request):
    rl = None if kind in ("missing", "directory", "text-garbage") else request.getfixturevalue("rl")
    path = _make_bad(kind, rl, tmp_path)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code
    for lang in ("zh", "en"):
        assert path.name in err.value.message(lang)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_bug_of_ours_is_not_reported_as_a_damaged_pdf(monkeypatch, engine):
    """Regression: a NameError inside the table reader was reported as 'PDF 已损坏'."""
    from pathlib import Path

    import jixiao.reading.layout as page_layout

    def broken(*args, **kwargs):
        raise NameError("a bug")

    monkeypatch.setattr(page_layout, "find_unruled", broken)
    seed = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "example-word.pdf"
    with pytest.raises(ReadError) as err:
        read(seed, engine=engine)
    assert err.value.code == "internal" and "NameError" in err.value.message("en")
