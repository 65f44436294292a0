"""Findings over the whole corpus and the independent report texts, compared with a committed snapshot.

The snapshot pins behaviour across refactors: a change that alters any finding fails here. When a change is
meant to alter findings, regenerate it (`JIXIAO_UPDATE_SNAPSHOT=1 pytest tests/test_snapshot.py`) and let the
diff of `tests/snapshots/findings.json` show what changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jixiao.batch import expand, run

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.json"
INPUTS = ["corpus", "tests/cases/reports", "tests/cases/reports2"]
KEYS = ("rule", "severity", "message", "stated", "expected", "page", "line")
SCANS = "corpus/scans/"  # read by OCR (minutes of CPU): evaluated apart, in tests/test_ocr.py


def current() -> dict[str, list[dict]]:
    os.chdir(ROOT)
    out: dict[str, list[dict]] = {}
    for res in run([f for f in expand(INPUTS) if not f.startswith(SCANS)], jobs=2):
        out[Path(res.path).as_posix()] = sorted(
            ({k: f[k] for k in KEYS} for f in res.findings), key=lambda f: json.dumps(f, ensure_ascii=False)
        )
    return dict(sorted(out.items()))


def test_findings_match_the_snapshot():
    now = current()
    if os.environ.get("JIXIAO_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert now.keys() == before.keys()
    changed = [name for name in now if now[name] != before[name]]
    assert not changed, f"findings changed in {len(changed)} files, first: {changed[:3]}"
