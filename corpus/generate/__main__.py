"""Regenerate the corpus: ``python -m corpus.generate [--seed N] [--only seed]``.

``--seed`` is the random seed for synthetic reports (the seed renderings use none);
``--only`` restricts to one part.  Output is deterministic.
"""
from __future__ import annotations

import argparse
import sys

from . import seed

PARTS = {"seed": seed.render}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.generate", description=__doc__)
    ap.add_argument("--seed", type=int, default=0, help="random seed for synthetic reports")
    ap.add_argument("--only", choices=sorted(PARTS), help="generate only this part")
    args = ap.parse_args(argv)
    for name, fn in PARTS.items():
        if args.only and name != args.only:
            continue
        for path, pages in fn().items():
            print(f"{name}: {path} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
