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


def test_a_pdf_with_ruled_tables_read_by_pdfium_loads_no_pdfplumber():
    """The default engine finds ruled tables with our own finder (reading/ruled.py): pdfplumber and its
    parser cost a tenth of a second and about 10 MiB at every start."""
    pdf = SEED.parent / "generated" / "synth-01-dept-agri-2021.pdf"
    loaded = _loaded(f"import jixiao\nd = jixiao.read({str(pdf)!r})\nassert [t for t in d.tables if t.ruled]")
    assert "jixiao.reading.pdfium" in loaded and "pdfplumber" not in loaded and "pdfminer" not in loaded


def test_character_maps_loaded_for_one_file_are_let_go_and_preloaded_ones_kept():
    """A glyph pdfium drops is decoded through pdfminer's character maps (lone_glyphs.py): loaded for one
    file they are let go once it is read (about 10 MiB); preloaded for a batch's workers they stay."""
    pdf = SEED.parent / "generated" / "synth-04-dept-market-2021.pdf"  # its 万 drawn alone in a CJK font
    probe = (
        "import jixiao\nfrom jixiao.pipeline import preload\nfrom pdfminer.cmapdb import CMapDB\n"
        "{pre}d = jixiao.read({pdf!r})\nassert '万元' in d.text\n"
        "print(len(CMapDB._cmap_cache) + len(CMapDB._umap_cache))"
    )
    counts = []
    for pre in ("", "preload()\n"):
        code = probe.format(pre=pre, pdf=str(pdf))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        counts.append(int(out.split()[-1]))
    assert counts[0] == 0 and counts[1] > 0


def test_rule_ids_are_known_without_importing_the_rules():
    from jixiao.rules import all_rules, rule_ids

    assert rule_ids() == list(all_rules())  # each module is named after its ID


def test_a_check_answered_from_the_cache_loads_none_of_the_pipeline(tmp_path):
    """The second run of the same files with --cache reads no file: it imports neither the readers, nor
    extraction, nor the rules (a tenth of a second of a warm run of 100 files)."""
    cache, text = tmp_path / "cache", (SEED / "example.txt").read_text(encoding="utf-8")
    reports = []
    for k in range(2):
        reports.append(tmp_path / f"r{k}.txt")
        reports[-1].write_text(f"{text}\n{k}\n", encoding="utf-8")
    args = ("check", "-q", "--fail-on", "never", "--select", "sum-mismatch", "--cache", str(cache), *map(str, reports))
    first = _loaded(_run_cli(*args))  # the faulty twin: a cold batch preloads the pipeline for its workers
    assert "jixiao.pipeline" in first and len(list(cache.glob("*.json"))) == 2
    warm = _loaded(_run_cli(*args))
    assert [
        m for m in ("jixiao.pipeline", "jixiao.extract", "jixiao.rules.sum_mismatch", "pypdfium2") if m in warm
    ] == []
