"""One file through the whole pipeline: read → extract → check, as plain records."""

from __future__ import annotations

from dataclasses import dataclass, field

from .extract import extract
from .extract.claims import find_claims
from .limits import Limits
from .model import Finding
from .reading import ReadError, read
from .reading.errors import note_message
from .reporting.records import fact_record, finding_record, table_records
from .rules import run, select_rules
from .rules.context import Context


@dataclass
class FileResult:
    path: str
    facts: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    error: str = ""  # a read error, in the chosen language
    error_code: str = ""
    pages: int = 0
    notes: list[str] = field(default_factory=list)  # what reading had to overlook, in the chosen language


def analyse(
    path: str, select=None, ignore=None, lang: str = "zh", with_tables: bool = False, engine: str | None = None,
    limits: Limits | None = None, password: str = "", ocr: str = "auto",
) -> FileResult:  # fmt: skip
    """Read, extract and check one file; a file that cannot be read gives a result with `error`.
    `engine` chooses the PDF parser (see reading.ENGINES); `limits` bound what the file may hold;
    `ocr` which pages are recognised from their image (auto, always, never: reading/ocr.py)."""
    try:
        doc = read(path, engine=engine, limits=limits, password=password, ocr=ocr)
    except ReadError as e:
        return FileResult(str(path), error=e.message(lang), error_code=e.code)
    facts = extract(doc)
    findings: list[Finding] = run(Context(doc, facts, find_claims(doc, facts)), select_rules(select, ignore))
    findings.sort(
        key=lambda f: (f.page, f.evidence[0].line or 0 if f.evidence else 0, _severity_order(f.severity), f.rule)
    )
    result = FileResult(
        str(path),
        facts=[fact_record(str(path), f) for f in facts],
        findings=[finding_record(f, lang) for f in findings],
        pages=len(doc.pages),
        notes=[note_message(str(path), code, detail, lang) for code, detail in doc.read_notes],
    )
    if with_tables:
        result.tables = table_records(doc)
    return result


def _severity_order(s: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(s, 3)
