"""Regenerate the corpus: ``python -m corpus.generate [--seed N] [--only seed|synth|office|hardbreak] [--out DIR]``.

``--seed`` is the random seed for synthetic reports (the seed renderings use none; the
committed ``corpus/generated`` is seed 7, the default); ``--only`` restricts to one part;
``--out DIR`` writes ``DIR/seed``, ``DIR/generated``, ``DIR/office``, ``DIR/hardbreak`` and ``DIR/scans``
instead of the committed folders. Output is deterministic, but for the LibreOffice PDFs (their dates and ids);
``office`` needs LibreOffice (soffice) and is skipped with one line when it is absent.
"""
from __future__ import annotations

import argparse
import sys

from pathlib import Path

from . import hardbreak_corpus, office, scans, seed, synth
from .office_pdf import NoLibreOffice

PARTS = {"seed": lambda _seed, out: seed.render(out / "seed") if out else seed.render(),
         "synth": lambda s, out: synth.render(s, out / "generated") if out else synth.render(s),
         "office": lambda s, out: office.render(s, out / "office") if out else office.render(s),
         "hardbreak": lambda s, out: hardbreak_corpus.render(s, out / "hardbreak") if out else hardbreak_corpus.render(s),
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
        try:
            made = fn(args.seed, args.out)
        except NoLibreOffice as e:
            print(f"{name}: skipped: {e}", file=sys.stderr)
            if args.only:
                return 1
            continue
        for path, pages in made.items():
            print(f"{name}: {path} ({pages} pages)" if pages else f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
