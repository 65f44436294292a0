"""Speed and memory of reading and checking, in one run (about 7 minutes on 2 cores).

    python bench/run.py [--copies N] [--write]

Builds, in a temporary folder (nothing is written to the repository but bench/RESULTS.md with --write, and
the bytecode of our modules in their ignored __pycache__ folders, as an installed wheel has it):
  * a corpus of >= 1,000 pages: every corpus PDF copied N times (default 6 copies of ~180 pages);
  * one file of >= 300 pages: corpus PDFs that pdfium reads itself, merged with pypdfium2;
and measures each step in a fresh process, as CPU seconds (user + system, workers included) and wall time:
raw pdfplumber `extract_text`, raw pypdfium2 characters with boxes, `jixiao check` with each engine at
-j 1 and -j 2, with a cold and then a warm `--cache`, the 300-page file, a 3-page file against raw
pdfplumber on it, `jixiao --help`, and `--dask local` when Dask is installed. Peak RSS is the largest
of the command and its workers (each file is read in a worker of its own).
Steps that use pdfplumber run on the first copy only (1/N of the pages): they are the slow ones, and
rates (pages per CPU-second) compare the same files. The targets that compare two steps are then measured
again as alternating pairs (PAIRS): steps run minutes apart meet a machine whose speed has drifted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MIN_PAGES, BIG_PAGES = 1000, 300

RAW_PDFPLUMBER = """
import sys, pdfplumber
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
"""

RAW_PDFIUM = """
import sys, pypdfium2 as pdfium, pypdfium2.raw as raw
rect = raw.FS_RECTF()
for f in sys.argv[1:]:
    doc = pdfium.PdfDocument(f)
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        chars = []
        for k in range(raw.FPDFText_CountChars(tp.raw)):
            raw.FPDFText_GetLooseCharBox(tp.raw, k, rect)
            chars.append((raw.FPDFText_GetUnicode(tp.raw, k), rect.left, rect.top, rect.right, rect.bottom))
        tp.close()
        page.close()
    doc.close()
"""


def measure(cmd: list[str]) -> dict:
    """Wall and CPU seconds and peak RSS of one command (its reaped workers included)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings reached --fail-on
        raise SystemExit(f"failed: {' '.join(cmd[:4])} … {proc.stderr.read().decode()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    n = len(doc)
    doc.close()
    return n


def build(work: Path, copies: int) -> tuple[list[Path], list[Path], Path, Path]:
    """The big corpus, its first copy, the 300-page file and a 3-page file."""
    import pypdfium2 as pdfium

    import jixiao.reading.pdfium as pdfium_reader

    sources = sorted(p for p in (ROOT / "corpus").rglob("*.pdf") if "scans" not in p.parts)  # scans need OCR
    corpus = []
    for k in range(copies):
        folder = work / f"copy{k}"
        folder.mkdir()
        for src in sources:
            # named by their path in the corpus: the same name in two folders (corpus/generated and the
            # LibreOffice copies) would otherwise be one file here, counted twice
            corpus.append(folder / "__".join(src.relative_to(ROOT / "corpus").parts))
            # a comment after %%EOF makes each copy's bytes its own: identical files are analysed once per
            # run, so byte-identical copies would measure the cache of duplicates, not the reading
            corpus[-1].write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
    first = [p for p in corpus if p.parent.name == "copy0"]
    own = []
    for src in sources:
        try:
            pdfium_reader._read_pdf(src)
            own.append(src)
        except Exception:  # noqa: BLE001 - files pdfium hands to pdfplumber (or cannot read) stay out
            continue
    big = pdfium.PdfDocument.new()
    while len(big) < BIG_PAGES:
        for src in own:
            part = pdfium.PdfDocument(str(src))
            big.import_pages(part)
            part.close()
            if len(big) >= BIG_PAGES:
                break
    big_path = work / "big.pdf"
    big.save(str(big_path))
    big.close()
    small = next(p for p in own if page_count(p) == 3)
    return corpus, first, big_path, small


def build_in_child(work: Path, copies: int) -> tuple[list[Path], list[Path], Path, Path, dict]:
    """build() in a child process: this process stays small, and a forked child's peak RSS starts
    from its parent's, so the figures below are the commands' own."""
    out = subprocess.run([str(BIN / "python"), __file__, "--build", str(work), "--copies", str(copies)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    d = json.loads(out)
    return [Path(p) for p in d["corpus"]], [Path(p) for p in d["first"]], Path(d["big"]), Path(d["small"]), d["pages"]


def build_and_print(work: Path, copies: int) -> None:
    corpus, first, big, small = build(work, copies)
    pages = {"corpus": sum(page_count(p) for p in corpus), "first": sum(page_count(p) for p in first),
             "big": page_count(big), "small": page_count(small)}  # fmt: skip
    print(json.dumps({"corpus": list(map(str, corpus)), "first": list(map(str, first)), "big": str(big),
                      "small": str(small), "pages": pages}))  # fmt: skip


def compile_bytecode() -> None:
    """Our modules' bytecode, as an installed wheel has it (pip compiles at install): without it, with
    PYTHONDONTWRITEBYTECODE set, every command would compile ~100 modules from source (0.1-0.15 s each start)."""
    subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", str(ROOT / "extractor"), str(ROOT / "patterns")],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    # ... and the compiled patterns its first run writes beside the bytecode (patterns/precompiled.py)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([str(BIN / "python"), "-c", "from jixiao.pipeline import preload; preload()"], check=True, env=env)


def run_all(copies: int) -> tuple[dict, dict]:
    results: dict[str, dict] = {}
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        work = Path(tmp)
        corpus, first, big, small, pages = build_in_child(work, copies)
        py, jx = str(BIN / "python"), str(BIN / "jixiao")
        folders = [str(work / f"copy{k}") for k in range(copies)]
        check = [jx, "check", "--fail-on", "never"]
        steps = {
            "help": ("startup", [jx, "--help"]),
            "raw_pdfplumber": ("first", [py, "-c", RAW_PDFPLUMBER, *map(str, first)]),
            "raw_pdfium": ("corpus", [py, "-c", RAW_PDFIUM, *map(str, corpus)]),
            "check_pdfium_first_j1": ("first", [*check, "--engine", "pdfium", "-j", "1", folders[0]]),
            "check_pdfplumber_first_j1": ("first", [*check, "--engine", "pdfplumber", "-j", "1", folders[0]]),
            "check_pdfplumber_first_j2": ("first", [*check, "--engine", "pdfplumber", "-j", "2", folders[0]]),
            "check_pdfium_j1": ("corpus", [*check, "--engine", "pdfium", "-j", "1", *folders]),
            "check_pdfium_j2": ("corpus", [*check, "--engine", "pdfium", "-j", "2", *folders]),
            "cache_cold": ("first", [*check, "-j", "1", "--cache", str(work / "cache"), folders[0]]),
            "cache_warm": ("first", [*check, "-j", "1", "--cache", str(work / "cache"), folders[0]]),
            "big_pdfium": ("big", [*check, "--engine", "pdfium", str(big)]),
            "big_pdfium_j2": ("big", [*check, "--engine", "pdfium", "-j", "2", str(big)]),  # its pages shared
            "small_check": ("small", [*check, str(small)]),
            "small_raw_pdfplumber": ("small", [py, "-c", RAW_PDFPLUMBER, str(small)]),
        }
        if importlib.util.find_spec("distributed") is not None:
            steps["check_dask_local"] = ("corpus", [*check, "--dask", "local", *folders])
        for name, (scope, cmd) in steps.items():
            short = scope in ("startup", "small") or name == "cache_warm"  # well under a second: best of 3
            runs = [measure(cmd) for _ in range(3 if short else 1)]
            r = min(runs, key=lambda x: x["wall"])
            r["pages"] = pages.get(scope, 0)
            results[name] = r
            rate = f"{r['pages'] / r['cpu']:6.1f} pages/CPU-s" if r["pages"] else ""
            print(
                f"{name:28} wall {r['wall']:6.2f} s  CPU {r['cpu']:6.2f} s  peak {r['rss_mb']:5.0f} MiB  {rate}",
                flush=True,
            )
        results["paired"] = {(a, b, key): paired(steps[a][1], steps[b][1], key, rounds) for a, b, key, rounds in PAIRS}
    return results, pages


# The targets that compare two steps, measured again as alternating pairs (A B, then B A, ...): the steps
# above run minutes apart, and the machine's speed drifts by up to 1.5x within minutes
PAIRS = [
    ("check_pdfium_first_j1", "raw_pdfplumber", "cpu", 3),
    ("small_check", "small_raw_pdfplumber", "wall", 7),
    ("check_pdfium_j1", "check_pdfium_j2", "wall", 2),
    ("big_pdfium_j2", "big_pdfium", "wall", 3),
]


def paired(a: list[str], b: list[str], key: str, rounds: int) -> tuple[float, float, float]:
    """The ratio a/b of `key` in `rounds` alternating pairs: (median, lowest, highest)."""
    ratios = []
    for k in range(rounds):
        first, second = (a, b) if k % 2 == 0 else (b, a)
        x, y = measure(first)[key], measure(second)[key]
        ratios.append(x / y if first is a else y / x)
    return statistics.median(ratios), min(ratios), max(ratios)


def machine(start_load: tuple[float, float, float]) -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())  # fmt: skip
    load = os.getloadavg()
    return (f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"load average (1 min) {start_load[0]:.1f} at the start, {load[0]:.1f} at the end")  # fmt: skip


def table(results: dict, pages: dict) -> list[str]:
    rows = ["| step | pages | wall s | CPU s | pages / CPU-s | peak RSS MiB |", "| --- | --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        if name == "paired":
            continue
        rate = f"{r['pages'] / r['cpu']:.1f}" if r["pages"] else "—"
        rows.append(f"| {name} | {r['pages'] or '—'} | {r['wall']:.2f} | {r['cpu']:.2f} | {rate} | {r['rss_mb']:.0f} |")
    raw = results["raw_pdfplumber"]["cpu"]
    j1, j2 = results["check_pdfium_j1"], results["check_pdfium_j2"]
    pair = {k[:2]: f"**{m:.2f}** ({lo:.2f}–{hi:.2f})" for k, (m, lo, hi) in results["paired"].items()}
    ratios = [
        "",
        "Targets comparing two steps, as alternating pairs (median, lowest–highest ratio):",
        "",
        f"- `jixiao check` (pdfium, -j 1) ÷ raw pdfplumber `extract_text`, the same {pages['first']} pages, CPU: "
        f"{pair['check_pdfium_first_j1', 'raw_pdfplumber']} (target ≤ 0.3)",
        f"- 3-page file, whole process: `jixiao check` ÷ raw pdfplumber, wall: "
        f"{pair['small_check', 'small_raw_pdfplumber']} (target ≤ 1)",
        f"- {pages['corpus']} pages, -j 1 ÷ -j 2, wall: {pair['check_pdfium_j1', 'check_pdfium_j2']} (target ≥ 1.8 on idle cores)",
        f"- the {pages['big']}-page file, -j 2 (its pages shared by two readers) ÷ -j 1, wall: "
        f"{pair['big_pdfium_j2', 'big_pdfium']}",
        "",
        "From the single runs above:",
        "",
        f"- `jixiao check` (pdfium, the default, -j 1) ÷ raw pdfplumber `extract_text`, same {pages['first']} pages, CPU: "
        f"**{results['check_pdfium_first_j1']['cpu'] / raw:.2f}** (target ≤ 0.3)",
        f"- `jixiao check` (pdfplumber, -j 1) ÷ raw pdfplumber `extract_text`, CPU: "
        f"{results['check_pdfplumber_first_j1']['cpu'] / raw:.2f}",
        f"- default engine over {pages['corpus']} pages: **{pages['corpus'] / j1['cpu']:.1f}** pages per CPU-second "
        f"(target ≥ 60); -j 2 wall speed-up **{j1['wall'] / j2['wall']:.2f}×** (target ≥ 1.8 on idle cores); "
        f"CPU -j 2 ÷ -j 1: {j2['cpu'] / j1['cpu']:.2f} (the same work: far from 1, the neighbours changed between the runs)",
        f"- raw pypdfium2 characters with boxes ÷ raw pdfplumber `extract_text`, per page: "
        f"{(results['raw_pdfium']['cpu'] / pages['corpus']) / (raw / pages['first']):.3f}",
        f"- warm cache ÷ cold, {pages['first']} pages, wall: **{results['cache_warm']['wall'] / results['cache_cold']['wall']:.3f}** (target ≤ 0.05)",
        f"- 3-page file, whole process (startup included): `jixiao check` {results['small_check']['wall']:.2f} s wall vs raw "
        f"pdfplumber {results['small_raw_pdfplumber']['wall']:.2f} s: **{results['small_check']['wall'] / results['small_raw_pdfplumber']['wall']:.2f}×** (target ≤ 1)",
        f"- {pages['big']}-page file: peak RSS **{results['big_pdfium']['rss_mb']:.0f} MiB** (target ≤ 100); with -j 2 "
        f"(its pages shared by two readers) {results['big_pdfium_j2']['wall'] / results['big_pdfium']['wall']:.2f} × "
        f"the wall time, {results['big_pdfium_j2']['cpu'] / results['big_pdfium']['cpu']:.2f} × the CPU",
        f"- `jixiao --help`: **{results['help']['wall']:.2f} s** wall (target ≤ 0.3)",
    ]  # fmt: skip
    if "check_dask_local" in results:
        d = results["check_dask_local"]
        ratios.append(f"- `--dask local` over {pages['corpus']} pages: {d['wall']:.2f} s wall, {d['cpu']:.2f} s CPU "
                      f"(-j 2: {j2['wall']:.2f} s wall): the cluster's start and its scheduling included")  # fmt: skip
    return rows + ratios


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=6, help="copies of the corpus (>= 1,000 pages in all)")
    ap.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # internal: build into this folder
    args = ap.parse_args()
    if args.build:
        return build_and_print(args.build, args.copies)
    start_load = os.getloadavg()
    results, pages = run_all(args.copies)
    if pages["corpus"] < MIN_PAGES:
        print(f"note: only {pages['corpus']} pages; raise --copies", file=sys.stderr)
    lines = [f"\n## {machine(start_load)}\n", *table(results, pages)]
    print("\n".join(lines))
    if args.write:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
