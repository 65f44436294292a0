"""Scanned renderings of corpus reports: ``python -m corpus.generate --only scans``.

Each chosen report of ``generated/`` is printed and scanned as an office scanner would: its pages
rasterised (pypdfium2) at 150–300 dpi in gray, rotated slightly (0.3–1.5°, either way), given sensor
noise and a little blur, JPEG-compressed, and wrapped as an image-only PDF of the original page size
(Pillow). Its labels are the source report's, marked ``producer: scan`` with the source, dpi and angle.

Reports are chosen by rule, not by hand: those whose fonts all render without system fonts (embedded,
or one of the 14 standard PDF fonts pdfium carries), with at most MAX_PAGES pages, taken in turn from
the three kinds (部门整体, 项目, 自评表) in name order, COUNT in all. Deterministic: the same bytes on rerun.
"""
from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = 12
MAX_PAGES = 3
DPIS = (150, 200, 250, 300)
JPEG_QUALITY = 35
NOISE_SIGMA = 5.0  # gray levels
FIXED_DATE = time.strptime("2024-01-01", "%Y-%m-%d")  # no clock in the files: the same bytes on rerun
STANDARD_FONTS = {
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-BoldOblique", "Helvetica-Oblique", "Symbol", "Times-Bold", "Times-BoldItalic", "Times-Italic",
    "Times-Roman", "ZapfDingbats",
}  # fmt: skip


def renderable(pdf) -> bool:
    """Whether every font of the document renders without the system's fonts."""
    import ctypes

    import pypdfium2.raw as raw

    for page in pdf:
        try:
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=4):
                font = raw.FPDFTextObj_GetFont(obj.raw)
                if not font or raw.FPDFFont_GetIsEmbedded(font):
                    continue
                n = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buf = ctypes.create_string_buffer(max(n, 1))
                raw.FPDFFont_GetBaseFontName(font, buf, n)
                if buf.value.decode("latin-1") not in STANDARD_FONTS:
                    return False
        finally:
            page.close()
    return True


def choose(source: Path) -> list[Path]:
    import pypdfium2 as pdfium

    by_kind: dict[str, list[Path]] = {}
    for pdf_path in sorted(source.glob("synth-*.pdf")):
        kind = pdf_path.stem.split("-")[2]  # synth-NN-<kind>-...
        pdf = pdfium.PdfDocument(str(pdf_path))
        try:
            if len(pdf) <= MAX_PAGES and renderable(pdf):
                by_kind.setdefault(kind, []).append(pdf_path)
        finally:
            pdf.close()
    chosen: list[Path] = []
    queues = [by_kind[k] for k in sorted(by_kind)]
    while len(chosen) < COUNT and any(queues):
        for q in queues:
            if q and len(chosen) < COUNT:
                chosen.append(q.pop(0))
    return chosen


def scan_page(page, dpi: int, angle: float, rng: random.Random):
    """One page as a degraded gray scan (a PIL image)."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=0.35 * dpi / 150))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, NOISE_SIGMA, (img.height, img.width))
    pixels = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels, "L").save(buf, "JPEG", quality=JPEG_QUALITY)
    buf.seek(0)
    return Image.open(buf)


def render(source: Path | None = None, out: Path | None = None, seed: int = 7) -> dict[str, int]:
    """Scans of the chosen reports of `source` (default generated/) into `out` (default scans/)."""
    import pypdfium2 as pdfium

    source = source or ROOT / "generated"
    out = out or ROOT / "scans"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: dict[str, int] = {}
    for n, src in enumerate(choose(source), start=1):
        dpi = rng.choice(DPIS)
        angle = round(rng.uniform(0.3, 1.5) * rng.choice((-1, 1)), 2)
        pdf = pdfium.PdfDocument(str(src))
        try:
            images = []
            for page in pdf:
                try:
                    images.append(scan_page(page, dpi, angle, rng))
                finally:
                    page.close()
        finally:
            pdf.close()
        name = f"scan-{n:02d}-{src.stem}"
        target = out / f"{name}.pdf"
        images[0].save(
            target, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi),
            title=name, producer="jixiao corpus scans", creationDate=FIXED_DATE, modDate=FIXED_DATE,
        )  # fmt: skip
        labels = json.loads((source / f"{src.stem}.labels.json").read_text(encoding="utf-8"))
        labels.update(producer="scan", source=src.name, dpi=dpi, angle=angle)
        (out / f"{name}.labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written[str(target)] = len(images)
    return written
