"""What a command loads before it works (issue 12: `jixiao --help` ≤ 0.3 s, a small file ≤ raw pdfplumber):
each probe runs in a fresh interpreter and reads sys.modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed"
HEAVY = ("pandas", "openpyxl", "pdfplumber", "pdfminer", "pypdfium2", "rich", "pydantic", "docx", "regex")
OURS_FOR_WORK = ("jixiao.extract", "jixiao.pipeline", "jixiao.rules", "jixiao.reading", "jixiao.model")


def _loaded(code: str) -> list[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def _run_cli(*args: str) -> str:
    return f"import sys\nfrom jixiao.cli import app\nsys.argv = ['jixiao', *{list(args)!r}]\ntry:\n    app()\nexcept SystemExit:\n    pass"


def test_help_loads_no_library_and_none_of_the_pipeline():
    loaded = _loaded(_run_cli("--help"))
    assert [m for m in HEAVY + OURS_FOR_WORK if m in loaded] == []


def test_importing_the_package_loads_nothing_of_the_pipeline():
    loaded = _loaded("import jixiao, jixiao.cli")
    assert [m for m in HEAVY + OURS_FOR_WORK if m in loaded] == []


def test_check_parses_its_options_without_pydantic(tmp_path):
    """typer from 0.29 on builds a pydantic TypeAdapter for every option at every start (about 0.15 s):
    the parent of a `check` run has no pydantic (the faulty case is a typer that loads it)."""
    out = tmp_path / "findings.json"
    loaded = _loaded(
        _run_cli("check", "-q", "-f", "json", "-o", str(out), "--fail-on", "never", str(SEED / "example.txt"))
    )
    assert json.loads(out.read_text(encoding="utf-8"))  # the check did run
    assert "pydantic" not in loaded


def test_extract_stays_the_function_when_its_subpackage_is_imported():
    """`jixiao.extract` names a function and a subpackage: importing the subpackage (or any module of it)
    does not put the module in the function's place."""
    code = (
        "import types, jixiao as jx\n"
        "import jixiao.extract.labels, jixiao.pipeline\n"
        "from jixiao import extract\n"
        "assert isinstance(jx.extract, types.FunctionType) and extract is jx.extract\n"
        f"doc = jx.read({str(SEED / 'example.txt')!r})\n"
        "assert jx.extract(doc) and jx.check(doc)"
    )
    assert "jixiao.extract.labels" in _loaded(code)
