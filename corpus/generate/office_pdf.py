"""Office files to PDF through LibreOffice (``soffice --headless --convert-to pdf``), with fonts
that the repository brings and nothing else.

LibreOffice finds fonts through fontconfig: ``FONTCONFIG_FILE`` names a private configuration whose
only font folder is corpus/fonts, and the profile is a fresh temporary folder, so neither the
machine's fonts nor a user's settings reach the output. ``embedded_fonts`` reads back what a PDF
embeds; ``convert`` refuses a PDF that embeds any font but the bundled ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .layout import FONT_DIR

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
#: What the bundled subsets are called inside a PDF (after the subset tag, e.g. BAAAAA+).
BUNDLED_FONT_NAMES = ("NotoSerifSCjixiaosubset", "NotoSansSCjixiaosubset")
NO_SOFFICE = (
    "LibreOffice (soffice) not found: install it (Debian: apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui) to regenerate the LibreOffice PDFs; the committed ones need nothing"
)


class NoLibreOffice(RuntimeError):
    pass


def soffice() -> str:
    """The soffice command, or NoLibreOffice with one line saying what to install."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise NoLibreOffice(NO_SOFFICE)
    return found


def convert(sources: list[Path], out_dir: Path) -> list[Path]:
    """Convert ``sources`` (.docx, .xlsx) to PDFs in ``out_dir``; return the PDFs, in order."""
    exe = soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(FONTS_CONF.format(fonts=FONT_DIR, cache=Path(tmp) / "fc-cache"), encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(conf), SAL_USE_VCLPLUGIN="svp", HOME=tmp)
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [
            exe,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    pdfs = [out_dir / (s.stem + ".pdf") for s in sources]
    missing = [p.name for p in pdfs if not p.exists()]
    if done.returncode or missing:
        raise RuntimeError(f"soffice failed ({done.returncode}) for {missing}: {done.stderr.strip()[-400:]}")
    for pdf in pdfs:
        foreign = [f for f in embedded_fonts(pdf) if f.split("+")[-1] not in BUNDLED_FONT_NAMES]
        if foreign:
            raise RuntimeError(f"{pdf.name} uses fonts that are not the bundled ones: {foreign}")
    return pdfs


def embedded_fonts(pdf: Path) -> list[str]:
    """Base names of the fonts a PDF's pages use (pypdf), each once; non-embedded ones are prefixed
    with "not embedded: "."""
    from pypdf import PdfReader

    names: list[str] = []
    for page in PdfReader(str(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font["/BaseFont"]).lstrip("/")
            name = name if embedded else "not embedded: " + name
            if name not in names:
                names.append(name)
    return names
