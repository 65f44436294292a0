"""One file through the whole pipeline: read → extract → check, as plain records."""

from __future__ import annotations

import contextlib
import gc

from .extract import extract
from .extract.claims import find_claims
from .fingerprint import finding_subject
from .limits import Limits
from .model import Finding
from .reading import ReadError, read
from .reading.errors import note_message
from .reporting.records import fact_record, finding_record, table_records
from .results import FileResult  # noqa: F401 - jixiao.pipeline.FileResult, as before
from .rules import run, select_rules
from .rules.context import Context


def preload(engine: str | None = None, cjk_maps: bool = True) -> None:
    """Import the readers and compile the vocabulary in this process, once: workers forked from it inherit
    them instead of each paying about a quarter of a second (as much as reading a small report). pdfplumber
    only for its engine: with pdfium's (the default) a worker needs it for a rare file pdfium hands over, and
    every worker would otherwise carry its pages. `cjk_maps`: pdfminer's Chinese maps too (_preload_cjk_cmaps)."""
    import importlib

    from jixiao import patterns

    modules = ["pypdfium2", "jixiao.reading.pdfium"]
    if engine == "pdfplumber":
        modules += ["pdfplumber", "pdfplumber.table", "jixiao.reading.pdf"]
    for module in modules:
        importlib.import_module(module)
    for toml in sorted(patterns.HERE.glob("*.toml")):
        patterns.load(toml.stem)
    from .rules import all_rules

    all_rules()  # the rule modules (and the extract patterns they import)
    if cjk_maps:
        _preload_cjk_cmaps()
    patterns.precompiled.save()
    gc.freeze()  # what is loaded so far never changes: forked workers' collections need not walk it


def _preload_cjk_cmaps() -> None:
    """pdfminer's maps for the Chinese CID fonts most reports use (Adobe-GB1), loaded once before forking
    (a lone glyph read from the content stream, or a file read by pdfplumber, needs them: ~60 ms a worker)."""
    from pdfminer.cmapdb import CMapDB

    with contextlib.suppress(Exception):  # a pdfminer without them reads each when needed
        CMapDB.get_unicode_map("Adobe-GB1", False)
        for name in ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H"):
            CMapDB.get_cmap(name)


def analyse(
    path: str, select=None, ignore=None, lang: str = "zh", with_tables: bool = False, engine: str | None = None,
    limits: Limits | None = None, password: str = "", year: int | None = None, ocr: str = "auto", readers: int = 1,
    fact_records: bool = True,
) -> FileResult:  # fmt: skip
    """Read, extract and check one file; a file that cannot be read gives a result with `error`.
    `engine` chooses the PDF parser (see reading.ENGINES); `limits` bound what the file may hold; `year` is
    the report year when the title does not state one; `ocr` which pages are recognised from their image
    (auto, always, never: reading/ocr.py); `readers` how many processes may read a long PDF's pages;
    `fact_records` False leaves the facts out of the result (a batch that keeps and writes none)."""
    try:
        doc = read(path, engine=engine, limits=limits, password=password, ocr=ocr, readers=readers)
    except ReadError as e:
        return FileResult(str(path), error=e.message(lang), error_code=e.code)
    facts = extract(doc)
    ctx = Context(doc, facts, find_claims(doc, facts))
    ctx.year = ctx.year or year
    findings: list[Finding] = run(ctx, select_rules(select, ignore))
    findings.sort(
        key=lambda f: (f.page, f.evidence[0].line or 0 if f.evidence else 0, _severity_order(f.severity), f.rule)
    )
    by_id = {f.id: f for f in facts}
    result = FileResult(
        str(path),
        facts=[fact_record(str(path), f) for f in facts] if fact_records else [],
        findings=[finding_record(f, lang) | {"subject": finding_subject(f, by_id)} for f in findings],
        pages=len(doc.pages),
        notes=[note_message(str(path), code, detail, lang) for code, detail in doc.read_notes],
    )
    if with_tables:
        result.tables = table_records(doc)
    return result


def _severity_order(s: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(s, 3)
