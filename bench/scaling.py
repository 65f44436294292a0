"""Time against length for the runs that once cost more than linear time (issue 13): a line of
space-separated numbers and a written-out sum. Prints one row per length; each file is analysed in
this process (read, extract, check), so the figures are the pipeline's own cost, in CPU seconds (on a
shared machine wall time would measure the neighbours too).

    python bench/scaling.py [LENGTH ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from jixiao.pipeline import analyse

TITLE = "2022年度绩效自评报告\n"
RUNS = {
    "numbers": lambda n: " ".join(["12"] * n),  # a flattened table row
    "sum": lambda n: "+".join(["1"] * n),  # an expression without "="
    "percents": lambda n: " ".join(["12.5%"] * n),
    "sum with result": lambda n: "合计=" + "+".join(["1"] * n) + f"={n}",
}


def main(lengths: list[int]) -> None:
    analyse(__file__.replace("scaling.py", "RESULTS.md"))  # warm the pattern caches
    print(f"{'terms':>8} " + " ".join(f"{name:>16}" for name in RUNS))
    with tempfile.TemporaryDirectory() as tmp:
        for n in lengths:
            cells = []
            for make in RUNS.values():
                path = Path(tmp) / "run.txt"
                path.write_text(TITLE + make(n) + "\n", encoding="utf-8")
                started = time.process_time()
                analyse(str(path))
                cells.append(f"{time.process_time() - started:15.2f}s")
            print(f"{n:>8} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 400, 1_000, 3_000, 10_000, 30_000])
