"""The pdfium reader: same Document as the pdfplumber reader, on drawn PDFs and on the whole corpus.

The corpus comparison runs only the engine that is *not* the default: the snapshot test already holds the
default engine's findings on every corpus file, so both engines are run once each over the corpus.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_pdf_reading import BAD, FONT, LEFT, SIZE, _make_bad, new_canvas, rl  # noqa: F401 - rl is a fixture

import jixiao.reading.pdfium as pdfium_reader
from jixiao.batch import expand, run
from jixiao.reading import DEFAULT_ENGINE, ENGINES, ReadError, read

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.json"
KEYS = ("rule", "severity", "message", "stated", "expected", "page", "line")


def _read_by_pdfium_itself(path: Path):
    """pdfium's own reading, without the fall-back to pdfplumber (raises _Unmeasured instead)."""
    return pdfium_reader._read_pdf(path)


def _report(rl, path: Path, lines: list[str], *, twice: float | None = None) -> Path:
    """Each line drawn as one text object (several glyphs: pdfium measures them from the font's widths)."""
    c = new_canvas(rl, path)
    for k, text in enumerate(lines):
        c.drawString(LEFT, 700 - 20 * k, text)
        if twice is not None:
            c.drawString(LEFT + twice, 700 - 20 * k, text)
    c.showPage()
    c.save()
    return path


def test_engines_are_named():
    assert DEFAULT_ENGINE in ENGINES and set(ENGINES) == {"pdfplumber", "pdfium"}
    with pytest.raises(ValueError):
        read(ROOT / "corpus" / "seed" / "example-word.pdf", engine="mupdf")


def test_pdfium_reads_what_pdfplumber_reads(rl, tmp_path):
    path = _report(rl, tmp_path / "two-lines.pdf", ["二、预算执行情况：年初预算1,234.50万元，", "执行率为99.84%。"])
    mine = _read_by_pdfium_itself(path)
    theirs = read(path, engine="pdfplumber")
    assert mine.text == theirs.text == "二、预算执行情况：年初预算1,234.50万元，执行率为99.84%。"
    start = mine.text.index("99.84%")
    page, box = mine.locate(start, start + 6)
    page2, box2 = theirs.locate(start, start + 6)
    assert page == page2 == 1
    assert abs(box[0] - box2[0]) < 0.1 and abs(box[2] - box2[2]) < 0.1  # same advance widths
    assert abs(box[1] - box2[1]) < 1.5 and abs(box[3] - box2[3]) < 1.5  # pdfium's tops sit a little higher


@pytest.mark.parametrize("offset", [0.0, 0.3], ids=["same-position", "offset-0.3pt"])
def test_pdfium_reads_fake_bold_once(rl, tmp_path, offset):
    path = _report(rl, tmp_path / "bold.pdf", ["绩效目标完成情况：执行率为99.84%。"], twice=offset)
    assert _read_by_pdfium_itself(path).text == "绩效目标完成情况：执行率为99.84%。"


def test_a_run_redrawn_a_few_points_off_is_read_once_by_pdfium(rl, tmp_path):
    """pdfium's text page drops a text object that repeats the previous one within part of a glyph (a
    shadow or a coarse fake bold); pdfplumber keeps both beyond DEDUPE_TOLERANCE and interleaves them.
    No corpus file does this; the engines differ here, and pdfium's reading is the one a person sees."""
    path = _report(rl, tmp_path / "shadow.pdf", ["执行率为99.84%。"], twice=3.0)
    assert _read_by_pdfium_itself(path).text == "执行率为99.84%。"
    assert read(path, engine="pdfplumber").text.startswith("执执行行")


def test_a_run_drawn_twice_far_apart_keeps_every_glyph(rl, tmp_path):
    """Faulty twin: 30 pt apart is two runs of text, not one drawn twice; both engines keep all glyphs."""
    path = _report(rl, tmp_path / "apart.pdf", ["执行率为99.84%。"], twice=30.0)
    assert _read_by_pdfium_itself(path).text.count("9") == 4
    assert read(path, engine="pdfplumber").text.count("9") == 4


def _ruled_table(rl, path: Path) -> Path:
    c = new_canvas(rl, path)
    xs, ys = [72, 200, 300, 400], [700, 680, 660, 640]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs[1:-1]:
        c.line(x, ys[0], x, ys[-1])
    c.rect(xs[0], ys[-1], xs[-1] - xs[0], ys[0] - ys[-1])  # the frame as one rectangle
    rows = [
        ["项目名称", "年初预算数", "全年执行数"],
        ["设备购置项目", "120.00", "118.50"],
        ["合计金额", "120.00", "118.50"],
    ]
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            c.drawString(xs[k] + 4, ys[r] - 14, text)
    c.drawString(LEFT, 720, "表一：项目支出情况（单位：万元）")
    c.showPage()
    c.save()
    return path


def test_pdfium_finds_the_ruled_table_pdfplumber_finds(rl, tmp_path):
    path = _ruled_table(rl, tmp_path / "table.pdf")
    mine, theirs = _read_by_pdfium_itself(path), read(path, engine="pdfplumber")
    assert [t.rows for t in mine.tables] == [t.rows for t in theirs.tables]
    assert mine.tables[0].rows[1] == ["设备购置项目", "120.00", "118.50"]
    assert mine.tables[0].caption == theirs.tables[0].caption == "表一：项目支出情况（单位：万元）"


def test_a_lone_glyph_of_an_unmeasured_font_is_read_back_by_pdfium(rl, tmp_path):
    """Without outlines for a non-embedded CJK font, pdfium's text page drops a text object of a single
    glyph; the reader reads its string from the page's content stream, so 万 is not lost (which would turn
    万元 into 元), and places it where pdfplumber places it."""
    path = tmp_path / "lone-glyph.pdf"
    c = new_canvas(rl, path)
    c.drawString(LEFT, 700, "全年预算1611.69")
    c.drawString(LEFT + 8 * SIZE, 700, "万")
    c.drawString(LEFT + 9 * SIZE, 700, "元，执行率96.97%。")
    c.showPage()
    c.save()
    mine, theirs = _read_by_pdfium_itself(path), read(path, engine="pdfplumber")
    assert "1611.69万元" in mine.text and mine.text == theirs.text
    start = mine.text.index("万")
    box, box2 = mine.locate(start, start + 1)[1], theirs.locate(start, start + 1)[1]
    assert abs(box[0] - box2[0]) < 0.1 and abs(box[2] - box2[2]) < 0.1
    assert abs(box[1] - box2[1]) < 1.5 and abs(box[3] - box2[3]) < 1.5


def test_a_lone_glyph_in_a_form_sends_the_file_to_pdfplumber(rl, tmp_path):
    """Faulty twin: a form's own content stream is not read; the same lone 万 drawn inside a form XObject
    sends the file to pdfplumber, which keeps it."""
    path = tmp_path / "lone-glyph-form.pdf"
    c = new_canvas(rl, path)
    c.drawString(LEFT, 700, "全年预算1611.69")
    c.beginForm("unit")
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 8 * SIZE, 700, "万")
    c.endForm()
    c.doForm("unit")
    c.drawString(LEFT + 9 * SIZE, 700, "元，执行率96.97%。")
    c.showPage()
    c.save()
    with pytest.raises(pdfium_reader._Unmeasured):
        _read_by_pdfium_itself(path)
    assert "1611.69万元" in read(path, engine="pdfium").text


def test_a_lone_glyph_of_a_measured_font_stays_with_pdfium(rl, tmp_path):
    """Clean twin: the same layout in the corpus's embedded fonts is read by pdfium itself."""
    doc = _read_by_pdfium_itself(ROOT / "corpus" / "seed" / "example-word.pdf")
    assert doc.text == read(ROOT / "corpus" / "seed" / "example-word.pdf", engine="pdfplumber").text


@pytest.mark.parametrize("kind, code", BAD, ids=[k for k, _ in BAD])
def test_pdfium_bad_input_raises_the_same_read_error(kind, code, tmp_path, request):
    maker = None if kind in ("missing", "directory", "text-garbage") else request.getfixturevalue("rl")
    path = _make_bad(kind, maker, tmp_path)
    with pytest.raises(ReadError) as err:
        read(path, engine="pdfium")
    assert err.value.code == code and path.name in err.value.message("en")


def test_other_engine_gives_the_snapshot_findings_on_the_whole_corpus():
    """Every corpus PDF (generated and seed examples) through the non-default engine: the same findings
    (rule, severity, message, stated, expected, page, line) as the snapshot, which pins the default engine."""
    other = next(e for e in ENGINES if e != DEFAULT_ENGINE)
    os.chdir(ROOT)
    files = [f for f in expand(["corpus"]) if f.endswith(".pdf") and not f.startswith("corpus/scans/")]  # no OCR
    assert len(files) >= 60
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    differ = []
    for res in run(files, jobs=2, engine=other):
        now = sorted(({k: f[k] for k in KEYS} for f in res.findings), key=lambda f: json.dumps(f, ensure_ascii=False))
        if res.error or now != before[Path(res.path).as_posix()]:
            differ.append(res.path)
    assert sorted(differ) == sorted(KNOWN_DIFFERENCES), f"{other} differs from {DEFAULT_ENGINE} on {differ}"


#: Files the two engines read differently: none since glyphs of fonts that are not embedded end at their
#: advance from the PDF's widths (synth-32 lost a rate-mismatch when pdfium's substitute widths ran its
#: figures into the next segment).
KNOWN_DIFFERENCES: set[str] = set()


@pytest.mark.parametrize("scale", [1.0, 0.5, 2.0])
def test_glyphs_of_a_font_not_embedded_end_where_pdfminer_ends_them(rl, tmp_path, scale):
    """pdfium has no outlines for reportlab's non-embedded CID font and measures a substitute (a digit 6.5 pt
    wide at 10.5 pt, not 4.85): the reader takes each glyph's advance from the PDF's widths instead, through
    the page's scale (cm) and a horizontal scaling (Tz), so every box matches pdfplumber's."""
    import pdfplumber

    path = tmp_path / "narrow.pdf"
    c = new_canvas(rl, path)
    c.scale(scale, scale)
    c.drawString(72, 300, "产出指标")
    c.drawString(72 + 4 * SIZE + 2, 300, "30")
    c.drawString(72 + 4 * SIZE + 13.7, 300, "28")  # 2 pt after the 0
    text = c.beginText(72, 200)
    text.setFont(FONT, SIZE)
    text.setHorizScale(80)
    text.textOut("执行率107.05%")
    c.drawText(text)
    c.save()
    pdf = pdfium_reader.pdfium.PdfDocument(str(path))
    mine = pdfium_reader.sheet_of(pdf[0]).chars
    with pdfplumber.open(path) as p:
        theirs = p.pages[0].chars
    assert [c["text"] for c in mine] == [c["text"] for c in theirs] and len(mine) == 18
    assert max(abs(a[k] - b[k]) for a, b in zip(mine, theirs) for k in ("x0", "x1")) < 0.05
    pdf.close()


def test_cli_engine_option_reaches_the_reader():
    from typer.testing import CliRunner

    from jixiao.cli import app

    runner = CliRunner()
    seed = str(ROOT / "corpus" / "seed" / "example-word.pdf")
    outputs = {e: runner.invoke(app, ["check", "-f", "json", "--engine", e, seed]) for e in ENGINES}
    assert {r.exit_code for r in outputs.values()} == {1}  # the example holds errors
    found = {e: [{k: f[k] for k in KEYS} for f in json.loads(r.stdout)] for e, r in outputs.items()}
    assert found["pdfium"] == found["pdfplumber"] and found["pdfium"]  # boxes differ by the glyph tops only
    bad = runner.invoke(app, ["extract", "--engine", "mupdf", seed])
    assert bad.exit_code == 2 and "mupdf" in bad.output


def test_help_imports_no_heavy_library():
    """`jixiao --help` starts without pandas, pdfplumber, pypdfium2 or rich (issue 12: ≤ 0.3 s)."""
    import subprocess
    import sys

    probe = (
        "import sys; from jixiao.cli import app; sys.argv = ['jixiao', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pdfplumber', 'pdfminer', 'pypdfium2', 'rich', 'openpyxl') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("HEAVY []")


def test_reopening_the_document_changes_nothing(monkeypatch):
    """pdfium's caches are bounded by reopening the document every PAGES_PER_OPEN pages; the Document is
    the same whether it is reopened after every 2 pages or never."""
    seed = ROOT / "corpus" / "seed" / "example-word.pdf"
    monkeypatch.setattr(pdfium_reader, "PAGES_PER_OPEN", 10_000)
    whole = _read_by_pdfium_itself(seed)
    monkeypatch.setattr(pdfium_reader, "PAGES_PER_OPEN", 2)
    reopened = _read_by_pdfium_itself(seed)
    assert len(whole.pages) > 4
    assert reopened.text == whole.text and [t.rows for t in reopened.tables] == [t.rows for t in whole.tables]
    assert [p.furniture for p in reopened.pages] == [p.furniture for p in whole.pages]


@pytest.mark.parametrize("rotation", [0, 90])
def test_a_rotated_page_sends_the_file_to_pdfplumber(rl, tmp_path, rotation):
    """pdfminer turns a /Rotate page upright, pdfium does not: such a file is read by pdfplumber whole.
    Clean twin: the same page unrotated stays with pdfium."""
    path = tmp_path / f"rotated-{rotation}.pdf"
    c = new_canvas(rl, path)
    c.setPageRotation(rotation)
    c.drawString(LEFT, 700, "全年预算1611.69万元，执行率96.97%。")
    c.showPage()
    c.save()
    if rotation:
        with pytest.raises(pdfium_reader._Unmeasured):
            _read_by_pdfium_itself(path)
    else:
        assert _read_by_pdfium_itself(path).text == "全年预算1611.69万元，执行率96.97%。"
    assert read(path, engine="pdfium").text == read(path, engine="pdfplumber").text


def _turned_note(rl, path: Path, font: str) -> Path:
    """A line, and a note beside it turned 90° (a side note), both in `font`."""
    c = new_canvas(rl, path)
    c.setFont(font, SIZE)
    c.drawString(LEFT, 700, "全年预算1611.69万元，执行率96.97%。")
    c.saveState()
    c.translate(LEFT + 400, 500)
    c.rotate(90)
    c.drawString(0, 0, "预算执行")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def test_a_turned_string_in_an_embedded_font_is_read_by_pdfium_through_pdfplumber_s_text_map(rl, tmp_path):
    """pdfium reads a turned string of an embedded font itself; its page's lines are left to pdfplumber's
    own text map, which asks for keys pdfium's characters carry only then (doctop, width, height)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("jixiao-sans", str(ROOT / "corpus" / "fonts" / "NotoSansSC-jixiao.ttf")))
    path = _turned_note(rl, tmp_path / "turned-embedded.pdf", "jixiao-sans")
    mine, theirs = _read_by_pdfium_itself(path), read(path, engine="pdfplumber")
    assert sorted(mine.text.splitlines()[-1]) == sorted("预算执行")  # the note is read (in pdfplumber's order)
    assert mine.text == theirs.text


def test_a_turned_string_pdfium_has_no_outlines_for_is_not_lost(rl, tmp_path):
    """Faulty twin: in a font that is not embedded, pdfium's text page drops the turned string (its bounds
    are flat one way only); the file is read by pdfplumber, and the note is there."""
    path = _turned_note(rl, tmp_path / "turned-cid.pdf", FONT)
    with pytest.raises(pdfium_reader._Unmeasured):
        _read_by_pdfium_itself(path)
    text = read(path, engine="pdfium").text
    assert text == read(path, engine="pdfplumber").text and "执" in text
