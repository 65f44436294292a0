"""The HTML report, read as a page and rendered in a real browser (headless Chromium): every finding listed
and linked to its evidence, a picture per PDF finding, numbered lines for text files, filters that work."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
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
OUTLINE_RED = (200, 30, 30)  # crops.COLOURS["error"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    args = [str(SEED / "example-word.pdf"), str(SEED / "example.txt"), "missing.pdf", "-f", "html", "-o", str(out)]
    r = CliRunner().invoke(app, ["check", *args])
    assert r.exit_code == 2  # the missing file
    return out


@pytest.fixture(scope="module")
def expected():
    """Findings per file, straight from the library."""
    return {p: jx.check(jx.read(SEED / p)) for p in ("example-word.pdf", "example.txt")}


class Page(HTMLParser):
    """Elements with their attributes, in order: enough to check structure without a browser."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def having(self, tag: str, cls: str = "") -> list[dict]:
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split() + [""]]


def test_every_finding_is_listed_and_linked_to_its_evidence(report, expected):
    text = report.read_text(encoding="utf-8")
    page = Page(text)
    cards = page.having("article", "finding")
    assert len(cards) == sum(len(v) for v in expected.values())
    assert sum(1 for c in cards if "error" in c["class"]) == sum(
        1 for v in expected.values() for f in v if f.severity == "error"
    )
    ids = {a["id"] for _t, a in page.elements if "id" in a}
    links = [a["href"][1:] for a in page.having("a") if a.get("href", "").startswith("#")]
    assert links and all(target in ids for target in links)  # every anchor has its target
    for card in cards:  # each finding's list row and card point at its evidence block
        assert f"e{card['id'][1:]}" in ids and f"#e{card['id'][1:]}" in text
    assert "管理效能共计得分44.98分" in text
    assert "missing.pdf" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing fetched: offline


def test_pdf_findings_have_pictures_and_text_findings_their_lines(report, expected):
    text = report.read_text(encoding="utf-8")
    section_pdf, section_txt = text.split('id="file-2"')
    assert section_pdf.count('<figure class="crop">') >= len(expected["example-word.pdf"])
    pictures = re.findall(r'class="img (p[0-9a-f]+)"', section_pdf)
    assert all(f".{key}{{background-image:url(data:image/png;base64," in text for key in pictures)
    assert text.count("background-image:url(data:") == len(set(pictures))  # identical pictures once
    assert "<figure" not in section_txt.split('id="file-3"')[0]
    # the text file's own line 237, its figure marked where the reader placed it (columns 13-19)
    assert '<span class="ln">237</span>46.98 分，得分率为 <mark>93.96%</mark>；' in section_txt


def test_without_images_the_page_still_lists_the_findings(expected):
    from jixiao.pipeline import analyse
    from jixiao.reporting.html import render_html

    text = render_html([analyse(str(SEED / "example-word.pdf"))], images=False)
    assert text.count('<article class="finding') == len(expected["example-word.pdf"])
    assert "data:image" not in text


def _chromium(tmp_path, *args, url: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile{len(list(tmp_path.iterdir()))}"
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium (CI installs Debian's chromium)")
def test_filters_run_in_a_real_browser(report, expected, tmp_path):
    run = _chromium(tmp_path, "--dump-dom", url=report.as_uri() + "?rule=rate-mismatch&severity=error")
    assert run.returncode == 0, run.stderr[-500:]
    page = Page(run.stdout)
    cards = page.having("article", "finding")
    assert len(cards) == sum(len(v) for v in expected.values())
    shown = [c for c in cards if "hidden" not in c]
    assert shown and all(c["data-rule"] == "rate-mismatch" for c in shown)
    assert len(shown) == sum(1 for v in expected.values() for f in v if f.rule == "rate-mismatch")
    rows = [a for t, a in page.elements if t == "tr" and "data-rule" in a]
    assert sum(1 for r in rows if "hidden" not in r) == len(shown)  # the list follows the same filter
    assert page.having("select") and len(page.having("input")) == 3  # rule, file; three severities
    assert f"{len(shown)} / {len(cards)}" in run.stdout


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium (CI installs Debian's chromium)")
def test_pictures_are_drawn_in_a_real_browser(report, tmp_path):
    from PIL import Image, ImageStat

    shot = tmp_path / "shot.png"
    run = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400", url=report.as_uri() + "?file=1")
    assert run.returncode == 0, run.stderr[-500:]
    img = Image.open(shot).convert("RGB")
    assert img.size == (1200, 2400)
    assert ImageStat.Stat(img.convert("L")).stddev[0] > 20  # not a blank page
    assert _red_pixels(img.crop((80, 0, img.width, img.height))) > 1000  # the pictures' evidence outlines


def _red_pixels(img) -> int:
    """Pixels near the error outline's colour (right of the cards' coloured left borders)."""
    bands = [band.point(lambda v, c=c: 255 if abs(v - c) < 40 else 0) for band, c in zip(img.split(), OUTLINE_RED)]
    from PIL import ImageChops

    return ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2]).histogram()[255]
