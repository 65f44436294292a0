"""Peak memory of the parent process over a batch of many small files: 100 against 1,000 distinct text
reports made from the corpus texts in a temporary folder (nothing is written to the repository), checked
with -j 2 into a streamed output (JSON) and into one that needs every result at the end (xlsx). The
peak is the parent's own (getrusage RUSAGE_SELF in the process that runs `jixiao check`), not its workers'.

    python bench/stream_memory.py [N ...]        # default: 100 1000
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "corpus" / "generated").glob("*.txt")) + [ROOT / "corpus" / "seed" / "example.txt"]
CHILD = """
import resource, sys
from jixiao.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def make_batch(folder: Path, n: int) -> None:
    texts = [t.read_text(encoding="utf-8") for t in TEXTS]
    folder.mkdir()
    for k in range(n):
        # trailing blank lines make every file's bytes its own (identical files would be analysed once)
        (folder / f"r{k:04d}.txt").write_text(texts[k % len(texts)] + "\n" * (k // len(texts)), encoding="utf-8")


def peak_mb(folder: Path, fmt: str, out: Path) -> tuple[float, float]:
    """(peak RSS of the parent in MiB, wall seconds) of `jixiao check FOLDER -f FMT -o OUT -j 2`."""
    started = time.monotonic()
    args = ["check", str(folder), "-f", fmt, "-o", str(out), "-j", "2", "-q", "--fail-on", "never"]
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True)
    return int(proc.stderr.split()[-1]) / 1024, time.monotonic() - started


def main(sizes: list[int]) -> None:
    print(f"{'files':>6} {'format':>7} {'parent peak MiB':>16} {'wall s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"batch{n}"
            make_batch(folder, n)
            for fmt in ("json", "xlsx"):
                mb, wall = peak_mb(folder, fmt, Path(tmp) / f"out{n}.{fmt}")
                print(f"{n:>6} {fmt:>7} {mb:>16.1f} {wall:>8.1f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
