"""Regenerate the corpus: ``python -m corpus.generate [--seed N] [--only seed|synth]``.

``--seed`` is the random seed for synthetic reports (the seed renderings use none; the
committed ``corpus/generated`` is seed 7, the default); ``--only`` restricts to one part.
Output is deterministic.
"""
from __future__ import annotations

import argparse
import sys

from . import seed, synth

PARTS = {"seed": lambda _seed: seed.render(), "synth": synth.render}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.generate", description=__doc__)
    ap.add_argument("--seed", type=int, default=7, help="random seed for synthetic reports (default 7)")
    ap.add_argument("--only", choices=sorted(PARTS), help="generate only this part")
    args = ap.parse_args(argv)
    for name, fn in PARTS.items():
        if args.only and name != args.only:
            continue
        for path, pages in fn(args.seed).items():
            print(f"{name}: {path} ({pages} pages)" if pages else f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
