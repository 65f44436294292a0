"""Summarise the generated corpus: files by kind and format, errors and traps by rule (PDF
labels only; the .txt twins repeat them).  ``errors`` counts one per wrong figure by its main
rule; ``also`` how many of those name a second rule; ``knock_on`` the extra sum-mismatch labels
on totals that no longer fit a restated part.

    python -m corpus.generate.synth.stats [corpus/generated]
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from . import OUT_DIR


def summary(out_dir: Path = OUT_DIR) -> dict:
    files = Counter()
    errors, traps, facts, also, knock_on = Counter(), Counter(), Counter(), Counter(), Counter()
    clean = 0
    for lab in sorted(out_dir.glob("synth-*.labels.json")):
        d = json.loads(lab.read_text(encoding="utf-8"))
        fmt = "txt" if "table_style" in d else "pdf"
        files[(d["kind"], fmt)] += 1
        if fmt != "pdf":
            continue
        errors.update(f["rule"] for f in d["findings"] if not f.get("knock_on"))
        knock_on.update(f["rule"] for f in d["findings"] if f.get("knock_on"))
        also.update(f"{f['rule']} also {a}" for f in d["findings"] for a in f.get("also", ()))
        traps.update(t["rule"] for t in d["traps"])
        facts.update(f["kind"] for f in d["facts"])
        clean += not d["findings"]
    size = sum(p.stat().st_size for p in out_dir.glob("synth-*"))
    return {"files": {f"{k}/{f}": n for (k, f), n in sorted(files.items())}, "errors": dict(sorted(errors.items())),
            "also": dict(sorted(also.items())), "knock_on": dict(sorted(knock_on.items())),
            "traps": dict(sorted(traps.items())), "facts": dict(sorted(facts.items())), "clean_pdfs": clean,
            "bytes": size}


if __name__ == "__main__":
    print(json.dumps(summary(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR), ensure_ascii=False, indent=1))
