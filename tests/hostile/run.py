"""Run jixiao over a generated hostile suite as a user would (the CLI, two workers, JSON output) and
list every failure: a traceback, a line on stderr that is not ours, a file without exactly one outcome,
an outcome the manifest does not accept (a wrong success, an internal error, a crash), a worker whose
peak memory passed the limit, or a run that did not end in time.

    python -m tests.hostile.run FOLDER [--full]     (generates the suite into FOLDER first)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from jixiao.reading.errors import MESSAGES

MEMORY_MB = 768
TIMEOUT_S = 20
WRAPPER = (  # the peak resident memory of any process the CLI started, from the kernel's accounting
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(rc)"
)


def run_suite(folder: Path, manifest: dict[str, list[str]], jobs: int = 2, wall: float = 600) -> tuple[list[str], dict]:
    out = folder.parent / f"{folder.name}-out.json"
    cmd = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "jixiao", "check", str(folder), "-f", "json",
           "-o", str(out), "-j", str(jobs), "--fail-on", "never", "--timeout", str(TIMEOUT_S), "-q",
           "--limit", f"memory_mb={MEMORY_MB}", "--limit", "seconds_per_page=1"]  # fmt: skip
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=wall)
    except subprocess.TimeoutExpired:
        return [f"the run did not end within {wall:g}s"], {}
    seconds = time.monotonic() - started
    err_lines = proc.stderr.decode("utf-8", "backslashreplace").splitlines()
    peak_mb = int(err_lines.pop()) / 1024 if err_lines and err_lines[-1].isdigit() else -1
    failures = [f"stderr: {ln}" for ln in err_lines if "Traceback" in ln or not ln.startswith("jixiao: ")]
    rows = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    outcomes: dict[str, list[str]] = {}
    for r in rows:
        if r["rule"] in MESSAGES:
            outcomes.setdefault(Path(r["file"]).name, []).append(r["rule"])
    for name, accepted in manifest.items():
        shown = _shown(name)
        if not (folder / name).is_file() and accepted != ["not_regular"] and accepted != ["missing"]:
            continue
        got = outcomes.get(shown, ["ok"])
        if len(got) != 1:
            failures.append(f"{shown}: {len(got)} outcomes {got}")
        elif got[0] in ("internal", "crashed") or (accepted != ["any"] and got[0] not in accepted):
            failures.append(f"{shown}: {got[0]}, expected {' or '.join(accepted)}")
        elif (
            accepted != ["any"]
            and got[0] != "ok"
            and not any(ln.startswith(f"jixiao: {folder}/{shown}: ") or shown in ln for ln in err_lines)
        ):
            failures.append(f"{shown}: no line of ours on stderr")
    if peak_mb > MEMORY_MB:
        failures.append(f"peak memory of a worker {peak_mb:.0f} MB > {MEMORY_MB} MB")
    stats = {"files": len(manifest), "seconds": round(seconds, 1), "peak_mb": round(peak_mb), "exit": proc.returncode,
             "unreadable": sum(1 for v in outcomes.values() if v != ["ok"]), "stderr_lines": len(err_lines)}  # fmt: skip
    return failures, stats


def _shown(name: str) -> str:
    """The file name as jixiao prints it: bytes that do not decode become \\xNN."""
    from jixiao.outputs import printable

    return printable(name)


if __name__ == "__main__":
    from .generate import generate

    folder = Path(sys.argv[1])
    manifest = generate(folder, full="--full" in sys.argv)
    failures, stats = run_suite(folder, manifest)
    print("\n".join(failures[:200]))
    print(json.dumps(stats))
    sys.exit(1 if failures else 0)
