"""`jixiao check --annotate DIR`: annotated copies read back with pypdf and rendered with pdfium, on the
example report as printed and on a copy turned into landscape pages (/Rotate 90, a shifted media box and
a crop box), so the conversion to PDF user space is checked where it can go wrong."""

from __future__ import annotations

import ctypes
import json
import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import Transformation
from pypdf.generic import NameObject, NumberObject, RectangleObject
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.pipeline import analyse
from jixiao.reporting.crops import evidence_marks

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def turned(source: Path, target: Path, dx: float = -20.0, dy: float = 30.0) -> None:
    """The same pages drawn turned a quarter in a landscape media box, with /Rotate 90 to show them upright."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(height + dx, dy))
        page.mediabox = RectangleObject([dx, dy, dx + height, dy + width])
        page.cropbox = RectangleObject([dx + 4, dy + 6, dx + height - 4, dy + width - 6])
        page[NameObject("/Rotate")] = NumberObject(90)
    writer.write(target)


SYNTH = SEED.parent / "generated" / "synth-27-proj-culture-2023.pdf"  # fonts embedded, four findings
PDFS = ["example-word.pdf", "turned.pdf", "synth.pdf", "synth-turned.pdf"]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The four PDFs and a text file checked once, as JSON and with --annotate; findings per file name."""
    base = tmp_path_factory.mktemp("annotate")
    shutil.copy(SEED / "example-word.pdf", base / "example-word.pdf")
    turned(SEED / "example-word.pdf", base / "turned.pdf")
    shutil.copy(SYNTH, base / "synth.pdf")
    turned(SYNTH, base / "synth-turned.pdf")
    out = base / "out"
    args = [*(str(base / n) for n in PDFS), str(SEED / "example.txt"), "-f", "json", "-o", str(base / "out.json")]
    r = CliRunner().invoke(app, ["check", *args, "--annotate", str(out)])
    findings: dict[str, list[dict]] = {n: [] for n in PDFS}
    for f in json.loads((base / "out.json").read_text(encoding="utf-8")):
        findings.setdefault(Path(f["file"]).name, []).append(f)
    return base, out, r, findings


def _highlights(path: Path, password: str = "") -> list[tuple[int, dict]]:
    reader = pypdf.PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt(password)
    return [
        (i, a.get_object())
        for i, page in enumerate(reader.pages)
        for a in page.get("/Annots") or []
        if a.get_object()["/Subtype"] == "/Highlight"
    ]


def _boxed(findings: list[dict]) -> list[tuple[dict, dict]]:
    return [(f, e) for f in findings for _m, e in evidence_marks(f) if e["bbox"] and not e["line"]]


DRIFT = pytest.mark.xfail(
    strict=True,
    reason="pdfminer.six applies character spacing (Tc) only between the glyphs of one string (its issue 1128): "
    "on lines set in many short strings with Tc, pdfplumber's boxes drift left of where the glyphs are drawn",
)


@pytest.mark.parametrize("name", ["synth.pdf", "synth-turned.pdf", *(pytest.param(n, marks=DRIFT) for n in PDFS[:2])])
def test_every_evidence_box_has_a_highlight_over_its_figure(annotated, name):
    _base, out, _r, findings = annotated
    expected = _boxed(findings[name])
    got = _highlights(out / name)
    assert len(got) == len(expected) >= 4
    pdf = pdfium.PdfDocument(out / name)
    for (index, annot), (f, e) in zip(got, expected):
        assert index == e["page"] - 1
        severity = {"error": "错误", "warning": "警告", "info": "提示"}[f["severity"]]  # the note speaks Chinese
        assert str(annot["/Contents"]).startswith(f"{f['rule']} {severity}: {f['message']}")
        assert str(annot["/Subj"]) == severity
        left, bottom, right, top = (float(v) for v in annot["/Rect"])
        quad = [float(v) for v in annot["/QuadPoints"]]
        assert quad == pytest.approx([left, top, right, top, left, bottom, right, bottom], abs=0.01)
        # the text pdfium finds under the highlight (its own reading, not pdfplumber's) holds a figure of the quote
        under = pdf[index].get_textpage().get_text_bounded(left, bottom, right, top).replace("\r\n", "")
        assert set(NUMBER.findall(under)) & set(NUMBER.findall(e["quote"])), (under, e["quote"])


@pytest.mark.parametrize("name", ["example-word.pdf", "turned.pdf"])
def test_the_highlight_is_drawn_where_the_figure_is(annotated, name):
    base, out, _r, _findings = annotated
    plain, marked = pdfium.PdfDocument(base / name)[3], pdfium.PdfDocument(out / name)[3]
    scale = 150 / 72
    before = plain.render(scale=scale).to_pil().convert("RGB")
    after = marked.render(scale=scale, draw_annots=True).to_pil().convert("RGB")
    area = _figure_pixels(plain, "46.98", scale, before.size)
    assert _tinted(after.crop(area)) > 0.3  # the figure's own place is highlighted ...
    assert _tinted(before.crop(area)) == 0  # ... which it was not before
    assert _tinted(after.crop((0, 0, after.width, 40))) == 0  # and the top of the page is left alone


def _figure_pixels(page, figure: str, scale: float, size) -> tuple[int, int, int, int]:
    """Device pixels of `figure` as pdfium places it on the page."""
    text = page.get_textpage()
    start, count = text.search(figure).get_next()
    boxes = [text.get_charbox(i) for i in range(start, start + count)]
    corners = [
        (min(b[0] for b in boxes), min(b[1] for b in boxes)),
        (max(b[2] for b in boxes), max(b[3] for b in boxes)),
    ]
    xs, ys = [], []
    for ux, uy in corners:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size[0], size[1], 0, ux, uy, dx, dy)
        xs.append(dx.value)
        ys.append(dy.value)
    return min(xs), min(ys), max(xs), max(ys)


def _tinted(img) -> float:
    """Share of pixels that are clearly coloured (not black, white or grey)."""
    pixels = img.tobytes()
    coloured = sum(1 for i in range(0, len(pixels), 3) if max(pixels[i : i + 3]) - min(pixels[i : i + 3]) > 40)
    return coloured / max(1, len(pixels) // 3)


def test_text_files_are_skipped_with_a_note(annotated):
    _base, out, r, findings = annotated
    assert r.exit_code == 1  # findings; nothing unreadable
    assert "example.txt" in r.stderr and "标注" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(PDFS)
    assert findings["example.txt"]  # it had findings, and still no copy


def test_the_original_is_never_overwritten(tmp_path):
    source = tmp_path / "example-word.pdf"
    shutil.copy(SEED / "example-word.pdf", source)
    r = CliRunner().invoke(app, ["check", str(source), "--annotate", str(tmp_path), "--lang", "en"])
    assert "would overwrite the original" in r.stderr
    assert source.read_bytes() == (SEED / "example-word.pdf").read_bytes()


def test_a_file_in_place_of_the_folder_stops_before_any_work(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    r = CliRunner().invoke(app, ["check", str(SEED / "example-word.pdf"), "--annotate", str(blocker)])
    assert r.exit_code == 2 and "not a folder" in r.stderr


def test_a_copy_of_an_encrypted_pdf_keeps_its_password(tmp_path):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(SEED / "example-word.pdf"))
    writer.encrypt(user_password="open-me", algorithm="AES-128")
    source = tmp_path / "locked.pdf"
    writer.write(source)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["check", str(source), "--password", "open-me", "--annotate", str(out)])
    assert r.exit_code == 1, r.stderr
    copy = pypdf.PdfReader(out / "locked.pdf")
    assert copy.is_encrypted and copy.decrypt("wrong") == 0
    assert len(_highlights(out / "locked.pdf", "open-me")) == len(
        _boxed(analyse(str(source), password="open-me").findings)
    )
