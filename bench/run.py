"""Benchmarks: pages per second through each stage, and memory as documents grow.

    python bench/run.py [--repeat N] [--write]

Builds long reports by repeating the example report's blocks (needs reportlab: `pip install -e '.[corpus]'`)
into bench/_work/, then times read → extract → check and measures peak memory of reading in a fresh
process for each size. `--write` appends the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "_work"
SIZES = (1, 5, 20)  # copies of the example report (11 pages each)


def build(copies: int) -> Path:
    out = WORK / f"example-x{copies}.pdf"
    if out.exists():
        return out
    sys.path.insert(0, str(ROOT))
    from corpus.generate.layout import Layout, render_pdf
    from corpus.generate.seed import parse_seed

    blocks = parse_seed((ROOT / "corpus" / "seed" / "example.txt").read_text(encoding="utf-8"))
    WORK.mkdir(parents=True, exist_ok=True)
    render_pdf(blocks * copies, Layout(font="cid", footer="第 {n} 页 共 {total} 页"), out)
    return out


PROBE = """
import json, resource, sys, time
import jixiao as jx
t0 = time.perf_counter(); doc = jx.read(sys.argv[1]); t1 = time.perf_counter()
facts = jx.extract(doc); t2 = time.perf_counter()
findings = jx.check(doc, facts); t3 = time.perf_counter()
print(json.dumps({"pages": len(doc.pages), "read": t1 - t0, "extract": t2 - t1, "check": t3 - t2,
                  "facts": len(facts), "findings": len(findings),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path, repeat: int) -> dict:
    runs = [
        json.loads(
            subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True).stdout
        )
        for _ in range(repeat)
    ]
    best = min(runs, key=lambda r: r["read"] + r["extract"] + r["check"])
    best["total"] = best["read"] + best["extract"] + best["check"]
    best["pages_per_s"] = best["pages"] / best["total"]
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = []
    for copies in SIZES:
        r = measure(build(copies), args.repeat)
        rows.append(r)
        print(
            f"{r['pages']:5} pages  read {r['read']:.2f}s  extract {r['extract']:.2f}s  check {r['check']:.2f}s  "
            f"{r['pages_per_s']:.1f} pages/s  peak RSS {r['peak_rss_mb']:.0f} MB  facts {r['facts']}"
        )
    if args.write:
        lines = [
            f"\n## {date.today()} — {platform.python_version()}, {platform.machine()}, best of {args.repeat}\n",
            "| pages | read s | extract s | check s | pages/s | peak RSS MB | facts |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {r['pages']} | {r['read']:.2f} | {r['extract']:.2f} | {r['check']:.2f} | {r['pages_per_s']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {r['facts']} |"
            for r in rows
        ]
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
