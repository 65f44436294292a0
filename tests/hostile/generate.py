"""A suite of hostile and damaged inputs, made in a folder at test time, with what an honest reader may
say about each (`manifest.json`: file name → accepted outcomes, "ok" or error codes; "any" allows any
clear outcome). Categories: long runs that once made patterns backtrack, huge lines and line counts,
encodings, binary and empty files, things that are not regular files, odd file names, truncated and
bit-flipped PDFs, broken PDF structure (loops, no pages, garbled text layers, a decompression bomb),
PDFs encrypted with and without an open password, damaged, encrypted and old Word and Excel files, and cut
or flipped OFD files, Excel 2003 XML tables, single-file web pages and delimited tables.

    python -m tests.hostile.generate FOLDER [--full]
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from . import disguised, office, pdfs

REPORT = (
    "2022年度某中心项目支出绩效自评报告\n"
    "一、项目概况\n"
    "本项目年初预算数为120.5万元，全年预算数为120.5万元，全年执行数为110.2万元，预算执行率为91.45%。\n"
    "二、绩效目标完成情况\n"
    "产出指标共设置8个，分值50分，得分48分；效益指标分值30分，得分28分；满意度指标分值10分，得分9分。\n"
    "自评总分为94.5分，评价等级为优。\n"
)
RUNS = {  # name → one unit of a long run that once cost more than linear time
    "numbers": "12 ",
    "plus": "1+",
    "percent": "%",
    "dots": "1.",
    "digits-commas": "1,000,",
    "wan": "12万",
    "yi": "3亿",
    "dashes": "—",
    "parens": "(",
    "fullwidth-parens": "（",
    "score-words": "得分",
    "rate-words": "执行率为",
    "combining": "\u0301",
    "han": "预",
    "equals": "=",
    "mixed-ops": "1×2÷",
    "spaces": " ",
    "brackets": "[1]",
}
ENCODINGS = {"big5": ["ok"], "shift_jis": ["encoding"], "euc_kr": ["encoding"], "utf-16": ["ok"]}
FOREIGN = {  # our own sentences in each script, to be written in the encoding named
    "big5": "本年度預算執行率為百分之九十五，專案資金及時到位，各項指標均已完成。",
    "shift_jis": "今年度の予算執行率は九十五パーセントで、事業資金は予定通りに支払われました。",
    "euc_kr": "올해 예산 집행률은 구십오 퍼센트이며 사업 자금은 제때 지급되었습니다.",
    "utf-16": REPORT,
}


def _put(folder: Path, name: str, data: bytes, accepted: list[str], manifest: dict) -> None:
    (folder / name).write_bytes(data)
    manifest[name] = accepted


LONGEST = ("numbers", "plus", "combining")  # also at 100,000 characters: over the line limit, then wrapped


def text_cases(folder: Path, manifest: dict, sizes: tuple[int, ...]) -> None:
    for run, unit in RUNS.items():
        for n in sizes:
            body = (unit * (n // len(unit) + 1))[:n]
            _put(folder, f"run-{run}-{n}.txt", (REPORT + body + "\n" + REPORT).encode(), ["ok"], manifest)
            if len(sizes) > 1:  # the fast set leaves the inline variant out
                _put(
                    folder,
                    f"run-{run}-{n}-inline.txt",
                    (REPORT.replace("91.45%", "91.45%" + body)).encode(),
                    ["ok"],
                    manifest,
                )
        if len(sizes) > 1 and run in LONGEST:
            body = (unit * (100_000 // len(unit) + 1))[:100_000]
            _put(folder, f"run-{run}-100000.txt", (REPORT + body).encode(), ["limit-exceeded"], manifest)
            wrapped = "\n".join(body[k : k + 10_000] for k in range(0, len(body), 10_000))
            _put(folder, f"run-{run}-100000-wrapped.txt", (REPORT + wrapped).encode(), ["ok"], manifest)
    _put(folder, "line-too-long.txt", ("预" * 60_000).encode(), ["limit-exceeded"], manifest)
    _put(folder, "too-many-lines.txt", b"a\n" * 200_001, ["limit-exceeded"], manifest)
    _put(folder, "many-blank-lines.txt", REPORT.encode() + b"\n" * 150_000, ["ok"], manifest)
    _put(folder, "many-form-feeds.txt", REPORT.encode() + b"\f" * 100_000, ["ok"], manifest)
    for enc, accepted in ENCODINGS.items():
        _put(folder, f"enc-{enc}.txt", FOREIGN[enc].encode(enc), accepted, manifest)
    _put(folder, "enc-gb18030.txt", REPORT.encode("gb18030"), ["ok"], manifest)
    _put(folder, "enc-utf8-bom.txt", REPORT.encode("utf-8-sig"), ["ok"], manifest)
    _put(folder, "nul-bytes.txt", b"\x00" * 5000, ["binary"], manifest)
    _put(folder, "nul-inside.txt", REPORT.encode() + b"\x00" + REPORT.encode(), ["binary"], manifest)
    _put(folder, "empty.txt", b"", ["empty"], manifest)
    _put(folder, "blank.txt", b" \n\n\t \n", ["empty"], manifest)
    _put(folder, "empty.pdf", b"", ["not_pdf"], manifest)
    _put(folder, "pdf-named-txt.txt", pdfs.assemble(pdfs.one_page()), ["ok"], manifest)
    _put(folder, "text-named-pdf.pdf", REPORT.encode(), ["not_pdf"], manifest)


def random_cases(folder: Path, manifest: dict, count: int, rng: random.Random) -> None:
    for i in range(count):
        size = rng.choice([1, 16, 700, 5000])
        data = bytes(rng.getrandbits(8) for _ in range(size))
        _put(folder, f"random-{i}.{'pdf' if i % 2 else 'txt'}", data, ["any"], manifest)
        glued = b"%PDF-1.4\n" + data
        _put(folder, f"random-header-{i}.pdf", glued, ["damaged", "no_pages", "no_text"], manifest)


def special_cases(folder: Path, manifest: dict) -> None:
    os.mkfifo(folder / "fifo.pdf")
    manifest["fifo.pdf"] = ["not_regular"]
    os.mkfifo(folder / "fifo.txt")
    manifest["fifo.txt"] = ["not_regular"]
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", folder / "zero.txt")
        manifest["zero.txt"] = ["not_regular"]
    os.symlink(folder / "no-such-file", folder / "dangling.pdf")
    manifest["dangling.pdf"] = ["missing"]
    (folder / "folder.pdf").mkdir()  # a folder is not listed as a file
    for k, raw in enumerate([b"\xff\xfe", b"\xe9t\xe9", b"\x80\x81\x82", "预算".encode("gb18030")]):
        name = os.fsdecode(b"name-%d-" % k + raw + b".txt")
        (folder / name).write_bytes(REPORT.encode())
        manifest[name] = ["ok"]


def pdf_cases(folder: Path, manifest: dict, rng: random.Random, cuts: int, flips: int) -> dict[str, bytes]:
    bases = {"plain": pdfs.assemble(pdfs.one_page()), "deflated": pdfs.assemble(pdfs.one_page(compress=True))}
    bases.update(_reportlab_bases(folder))
    for name, data in bases.items():
        _put(folder, f"base-{name}.pdf", data, ["ok"], manifest)
        for _ in range(cuts):
            at = rng.randrange(1, len(data))
            _put(folder, f"cut-{name}-{at}.pdf", data[:at], ["any"], manifest)
        for k in range(flips):
            at = rng.randrange(len(data))
            flipped = bytearray(data)
            flipped[at] ^= 1 << rng.randrange(8)
            _put(folder, f"flip-{name}-{at}-{k}.pdf", bytes(flipped), ["any"], manifest)
    for name, (data, accepted) in pdfs.structural(full=cuts > 10).items():
        _put(folder, f"struct-{name}.pdf", data, accepted, manifest)
    return bases


def _reportlab_bases(folder: Path) -> dict[str, bytes]:
    """A Chinese report page drawn with reportlab (its built-in CID font: no font file), and encrypted copies."""
    try:
        import pypdf
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:  # pragma: no cover - dev dependencies missing
        return {}
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = folder / ".report.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 11)
    pieces = [line[k : k + 40] for line in REPORT.splitlines() for k in range(0, len(line), 40)]
    for k, piece in enumerate(pieces):
        c.drawString(60, 780 - 18 * k, piece)
    c.showPage()
    c.save()
    data = path.read_bytes()
    path.unlink()
    out = {"report": data}
    for algorithm in ("RC4-40", "RC4-128", "AES-128", "AES-256"):
        for user, label in (("", "owner-only"), ("secret", "open-password")):
            writer = pypdf.PdfWriter(clone_from=_tmp(folder, data))
            writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
            target = folder / f"enc-{algorithm}-{label}.pdf"
            with target.open("wb") as fh:
                writer.write(fh)
    (folder / ".tmp-clone.pdf").unlink()
    return out


def _tmp(folder: Path, data: bytes) -> str:
    p = folder / ".tmp-clone.pdf"
    p.write_bytes(data)
    return str(p)


BOMB_MB = 1200  # inflated size of the bomb's content stream: above the memory limit the suite runs with


def generate(folder: str | os.PathLike, full: bool = False, seed: int = 13) -> dict[str, list[str]]:
    """Write the suite into `folder`; `full` makes the larger set (over 1,000 files) for CI."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest: dict[str, list[str]] = {}
    text_cases(folder, manifest, (1_000, 10_000) if full else (2_000,))
    special_cases(folder, manifest)
    pdf_cases(folder, manifest, rng, cuts=60 if full else 6, flips=100 if full else 10)
    for algorithm in ("RC4-40", "RC4-128", "AES-128", "AES-256"):
        if (folder / f"enc-{algorithm}-owner-only.pdf").exists():
            manifest[f"enc-{algorithm}-owner-only.pdf"] = ["ok"]
            manifest[f"enc-{algorithm}-open-password.pdf"] = ["encrypted"]
    random_cases(folder, manifest, 220 if full else 10, rng)
    for name, (data, accepted) in office.cases(REPORT, rng, cuts=40 if full else 3, flips=60 if full else 3).items():
        _put(folder, name, data, accepted, manifest)
    for name, (data, accepted) in disguised.cases(REPORT, rng, cuts=25 if full else 3, flips=25 if full else 3).items():
        _put(folder, name, data, accepted, manifest)
    if full:
        _put(folder, "bomb.pdf", pdfs.bomb(BOMB_MB), ["limit-exceeded"], manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=True, indent=0), encoding="ascii")
    return manifest


if __name__ == "__main__":
    m = generate(sys.argv[1], full="--full" in sys.argv)
    print(f"{len(m)} inputs in {sys.argv[1]}")
