"""Regenerate the corpus: ``python -m corpus.generate [--seed N] [--only seed|synth] [--out DIR]``.

``--seed`` is the random seed for synthetic reports (the seed renderings use none; the
committed ``corpus/generated`` is seed 7, the default); ``--only`` restricts to one part;
``--out DIR`` writes ``DIR/seed``, ``DIR/generated`` and ``DIR/scans`` instead of the committed folders.
Output is deterministic.
"""
from __future__ import annotations

import argparse
import sys

from pathlib import Path

from . import scans, seed, synth

PARTS = {"seed": lambda _seed, out: seed.render(out / "seed") if out else seed.render(),
         "synth": lambda s, out: synth.render(s, out / "generated") if out else synth.render(s),
         # scanned renderings of some synthetic reports (needs Pillow and numpy: pip install -e '.[corpus]')
         "scans": lambda s, out: scans.render(out / "generated", out / "scans", s) if out else scans.render(seed=s)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.generate", description=__doc__)
    ap.add_argument("--seed", type=int, default=7, help="random seed for synthetic reports (default 7)")
    ap.add_argument("--only", choices=sorted(PARTS), help="generate only this part")
    ap.add_argument("--out", type=Path, help="write here instead of over the committed corpus")
    args = ap.parse_args(argv)
    for name, fn in PARTS.items():
        if args.only and name != args.only:
            continue
        for path, pages in fn(args.seed, args.out).items():
            print(f"{name}: {path} ({pages} pages)" if pages else f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
