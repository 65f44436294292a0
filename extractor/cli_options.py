"""The command line's vocabulary: the options commands share, declared once, and the helpers every command
ends with (rendering a reporter's output, the exit code)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .journal import atomic_path
from .limits import Limits
from .reporting import FINDING_FORMATS, RECORD_FORMATS, NeedsFile


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


CheckFormat = StrEnum("CheckFormat", {name: name for name in FINDING_FORMATS})  # the reporters' registry
ExtractFormat = StrEnum("ExtractFormat", {name: name for name in RECORD_FORMATS})


class Engine(StrEnum):  # the PDF parsers of jixiao.reading.ENGINES
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


# Options shared by commands, declared once.
Paths = Annotated[list[str], typer.Argument(help="PDF, Word, Excel or .txt files, or folders (searched for them)")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="write to this file instead of standard output")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="language of messages")]
Jobs = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="worker processes (with fewer files, a long PDF's pages are shared)")
]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0, help="seconds allowed per file, plus 2 s per page (0: none)")
]
LimitOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--limit", help="NAME=VALUE: one limit per file: " + ", ".join(f"{k}={v:g}" for k, v in vars(Limits()).items())
    ),
]
Password = Annotated[str, typer.Option("--password", help="password that opens encrypted PDFs")]
Resume = Annotated[
    bool, typer.Option("--resume", help="keep the results a killed run left in OUTPUT.journal; read the rest")
]
Cache = Annotated[
    Path | None, typer.Option("--cache", help="folder of per-file results; a rerun skips files already done")
]
EngineOpt = Annotated[Engine | None, typer.Option("--engine", help="PDF parser (default: pdfium)")]
ConfigFile = Annotated[
    Path | None,
    typer.Option("--config", help="settings from this file (default: jixiao.toml or pyproject.toml upwards)"),
]
NoConfig = Annotated[bool, typer.Option("--no-config", help="ignore configuration files")]
Year = Annotated[int | None, typer.Option("--year", help="the report year when a report's title lacks it")]
Select = Annotated[str | None, typer.Option("--select", help="only these rules (comma-separated)")]
Ignore = Annotated[str | None, typer.Option("--ignore", help="skip these rules (comma-separated)")]
Shard = Annotated[
    str | None, typer.Option("--shard", help="K/N: process only the K-th of N shares (split an archive over machines)")
]


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar and no closing summary")]


class Ocr(StrEnum):  # which PDF pages are read from their image (jixiao.reading.ocr.MODES)
    auto = "auto"
    always = "always"
    never = "never"


OcrOpt = Annotated[
    Ocr,
    typer.Option(
        "--ocr",
        help="text recognition of scanned pages (needs jixiao[ocr]): auto (pages without a text layer), always, never",
    ),
]


def render(make, output: Path | None) -> None:
    """Print (or write) what a reporter makes; a format that needs a file and got none is a usage error.
    A reporter that writes its file itself (xlsx) writes a temporary one, renamed into place when whole."""
    try:
        if output and output.suffix.lower() == ".xlsx":
            with atomic_path(output) as tmp:
                content = make(Path(tmp))
        else:
            content = make(output)
    except NeedsFile as e:
        raise typer.BadParameter(str(e)) from None
    if content:
        from .outputs import emit

        emit(content, output)


def writable(path: Path, what: str) -> None:
    """A file to be written, checked before any work: not a folder, in a folder that exists and can be written."""
    folder = path.resolve().parent
    if path.is_dir():
        raise typer.BadParameter(f"{what}: {path} is a folder; name a file in it")
    if not folder.is_dir():
        raise typer.BadParameter(f"{what}: no folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise typer.BadParameter(f"{what}: cannot write into {folder}")


def rule_list(option: str | list[str] | None) -> list[str] | None:
    if isinstance(option, list):  # from a configuration file
        return option
    return [s.strip() for s in option.split(",") if s.strip()] if option else None


def finish(code: int, interrupted: bool) -> None:
    raise typer.Exit(130 if interrupted else code)
