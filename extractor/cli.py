"""The `jixiao` command: one thin function per command; the library does the work."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import batch, outputs
from .journal import atomic_path, journal_path
from .limits import Limits, parse
from .model import SEVERITY_RANK
from .reporting import FILE_ONLY, FINDING_FORMATS, RECORD_FORMATS, NeedsFile, report_findings, report_records
from .rules import all_rules, select_rules

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jixiao 绩效自评报告检查：抽取报告中的每个数字并核对其内部一致性。",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain help: rich costs a tenth of a second at every start
    pretty_exceptions_enable=False,
)


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
Paths = Annotated[list[str], typer.Argument(help="PDF or .txt files, or folders (searched for .pdf and .txt)")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="write to this file instead of standard output")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="language of messages")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="worker processes")]
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
EngineOpt = Annotated[Engine | None, typer.Option("--engine", help="PDF parser (default: pdfplumber)")]


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
Shard = Annotated[
    str | None, typer.Option("--shard", help="K/N: process only the K-th of N shares (split an archive over machines)")
]


def _emit(content: str, output: Path | None) -> None:
    outputs.emit(content, output)


def _report_errors(results) -> bool:
    for r in results:
        for note in r.notes:
            typer.echo(f"jixiao: {note}", err=True)
        if r.error:
            typer.echo(f"jixiao: {r.error}", err=True)
    return any(r.error for r in results)


def _files(paths: list[str], shard_spec: str | None) -> list[str]:
    files = batch.expand(paths)
    try:
        return batch.shard(files, shard_spec)
    except ValueError:
        raise typer.BadParameter("--shard takes K/N, e.g. 2/4") from None


def _run_options(timeout: float, limit: list[str] | None, password: str, resume: bool, output: Path | None) -> dict:
    try:
        limits = parse(limit or [], Limits(seconds=timeout))
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if resume and not output:
        raise typer.BadParameter("--resume needs --output: the journal is kept beside it")
    if output and not output.resolve().parent.is_dir():
        raise typer.BadParameter(f"--output: no folder {output.resolve().parent}")
    return {
        "limits": limits,
        "password": password,
        "resume": resume,
        "journal": journal_path(output) if output else None,
    }


_interrupted: list[bool] = []  # set when Ctrl-C cut the batch short: the exit code then says so (130)


def _exit(code: int) -> None:
    raise typer.Exit(130 if _interrupted else code)


def _collect(files, fmt: str, **options) -> list:
    """Results in input order, every string printable; in machine formats an unreadable file is a row."""
    order = {f: i for i, f in enumerate(files)}
    results = []
    try:
        for res in batch.run(files, **options):
            results.append(res)
    except KeyboardInterrupt:
        typer.echo(f"jixiao: interrupted; reporting the {len(results)} files finished (--resume goes on)", err=True)
        _interrupted.append(True)
    results.sort(key=lambda r: order.get(r.path, len(order)))
    return outputs.clean_results(results, xml=fmt == "xlsx")


@app.command()
def extract(
    paths: Paths,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="output format")] = ExtractFormat.table,
    output: Output = None,
    tables: Annotated[bool, typer.Option("--tables", help="show the tables as recovered (row, column, value)")] = False,
    jobs: Jobs = 1,
    timeout: Timeout = 60,
    limit: LimitOpt = None,
    password: Password = "",
    resume: Resume = False,
    engine: EngineOpt = None,
    ocr: OcrOpt = Ocr.auto,
) -> None:
    """Extract every figure with its kind, subject, unit, page, box and quote."""
    run_options = _run_options(timeout, limit, password, resume, output)
    run_options["ocr"] = ocr.value
    if engine:
        run_options["engine"] = engine.value
    results = _collect(_files(paths, None), format.value, jobs=jobs, with_tables=tables, **run_options)
    bad = _report_errors(results)
    if format.value != "table":
        outputs.error_rows_as_records(results, "tables" if tables else "facts")
    _render(lambda path: report_records(format.value, results, "tables" if tables else "facts", path), output)
    _exit(2 if bad else 0)


def _render(make, output: Path | None) -> None:
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
        _emit(content, output)


def _rule_list(option: str | None) -> list[str] | None:
    return [s.strip() for s in option.split(",") if s.strip()] if option else None


@app.command()
def check(
    paths: Paths,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="output format")] = CheckFormat.text,
    output: Output = None,
    lang: LangOpt = Lang.zh,
    select: Annotated[str | None, typer.Option("--select", help="only these rules (comma-separated)")] = None,
    ignore: Annotated[str | None, typer.Option("--ignore", help="skip these rules (comma-separated)")] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="lowest severity that makes the exit code 1")
    ] = FailOn.warning,
    jobs: Jobs = 1,
    timeout: Timeout = 60,
    cache: Cache = None,
    shard: Shard = None,
    limit: LimitOpt = None,
    password: Password = "",
    resume: Resume = False,
    engine: EngineOpt = None,
    ocr: OcrOpt = Ocr.auto,
) -> None:
    """Check reports for internal inconsistencies; exit 1 when a finding reaches --fail-on, 2 on unreadable input."""
    sel, ign = _rule_list(select), _rule_list(ignore)
    try:
        select_rules(sel, ign)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    if format.value in FILE_ONLY and not output:
        raise typer.BadParameter(f"--format {format.value} needs --output FILE.{format.value}")
    run_options = _run_options(timeout, limit, password, resume, output)
    files = _files(paths, shard)
    if not files:
        typer.echo("jixiao: no .pdf or .txt files found in " + ", ".join(paths), err=True)
        raise typer.Exit(2)
    options = {
        "jobs": jobs,
        "cache": str(cache) if cache else None,
        "lang": lang.value,
        "ocr": ocr.value,
        **run_options,
    }
    if engine:
        options["engine"] = engine.value
    results = _collect(files, format.value, select=sel, ignore=ign, **options)
    bad = _report_errors(results)
    threshold = SEVERITY_RANK[fail_on.value]
    failing = any(SEVERITY_RANK[f["severity"]] >= threshold for r in results for f in r.findings)
    if format.value in ("json", "csv", "xlsx"):
        outputs.error_rows_as_records(results, "findings")
    _render(lambda path: report_findings(format.value, results, lang.value, path), output)
    _exit(2 if bad else 1 if failing else 0)


@app.command()
def rules() -> None:
    """List the rules with their identifiers and a one-line summary."""
    for rule_id, mod in all_rules().items():
        summary = (mod.__doc__ or "").strip().splitlines()[0].split(":", 1)[-1].strip()
        typer.echo(f"{rule_id:18} {mod.SEVERITY:8} {summary}")


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="a rule identifier from `jixiao rules`")]) -> None:
    """Print a rule's documentation, with a consistent and an inconsistent example."""
    mods = all_rules()
    if rule not in mods:
        typer.echo(f"jixiao: unknown rule {rule!r}; known: {', '.join(mods)}", err=True)
        raise typer.Exit(2)
    typer.echo((mods[rule].__doc__ or "").strip())


@app.command(name="eval")
def eval_(
    corpus_dir: Annotated[Path, typer.Argument(help="a corpus folder with reports and their .labels.json files")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    jobs: Jobs = 1,
) -> None:
    """Measure recall and precision per rule, and fact accuracy per kind, against corpus labels; on a folder
    of hand-labelled real reports (one labels.json), inconsistencies caught and unexplained alarms per file."""
    from .evaluation import evaluate_corpus, render
    from .realeval import evaluate_real, format_text, is_real_labels

    if is_real_labels(corpus_dir):
        real = evaluate_real(corpus_dir, jobs=jobs)
        out = json.dumps(real.as_dict(), ensure_ascii=False, indent=1) if format == "json" else format_text(real)
        typer.echo(out)
        return
    report = evaluate_corpus(corpus_dir, jobs=jobs)
    typer.echo(render(report, format), nl=False)


if __name__ == "__main__":  # python -m jixiao.cli
    app()
