"""One file's result as plain records: what a worker sends, the cache keeps and the outputs write. Nothing
here imports the pipeline, so a run whose results all come from the cache loads none of it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    same_as: str = ""  # in a batch: the identical file whose analysis this is (the file was not read again)
