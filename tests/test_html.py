"""The HTML report, rendered in a real browser (headless Chromium): findings listed, pages drawn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jixiao as jx
from jixiao.cli import app

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    r = CliRunner().invoke(
        app,
        [
            "check",
            str(SEED / "example-word.pdf"),
            str(SEED / "example.txt"),
            "missing.pdf",
            "-f",
            "html",
            "-o",
            str(out),
        ],
    )
    assert r.exit_code == 2  # the missing file
    return out


def test_html_lists_every_finding_with_quotes(report):
    html = report.read_text(encoding="utf-8")
    errors = sum(
        1 for p in ("example-word.pdf", "example.txt") for f in jx.check(jx.read(SEED / p)) if f.severity == "error"
    )
    assert errors and html.count('class="finding error"') == errors
    assert "管理效能共计得分44.98分" in html
    assert html.count("data:image/png;base64,") >= 3  # pages of the PDF with evidence, boxed
    assert "missing.pdf" in html


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium (CI installs Debian's chromium)")
def test_html_renders_in_a_real_browser(report, tmp_path):
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr[-500:]
    assert dom.stdout.count('data-rule="rule-not-applied"') == 2
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile2'}",
            f"--screenshot={shot}",
            "--window-size=1200,2400",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    from PIL import Image

    img = Image.open(shot).convert("L")
    assert img.size == (1200, 2400)
    dark = sum(1 for b in img.tobytes() if b < 128)
    assert dark > 10_000  # text and page images were drawn, not a blank page
