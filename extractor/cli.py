"""The `jixiao` command: one thin function per command; the library does the work."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import batch
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
Timeout = Annotated[float, typer.Option("--timeout", min=0, help="seconds allowed per file (0: no limit)")]
Cache = Annotated[
    Path | None, typer.Option("--cache", help="folder of per-file results; a rerun skips files already done")
]
EngineOpt = Annotated[Engine | None, typer.Option("--engine", help="PDF parser (default: pdfplumber)")]
Shard = Annotated[
    str | None, typer.Option("--shard", help="K/N: process only the K-th of N shares (split an archive over machines)")
]


def _emit(content: str, output: Path | None) -> None:
    if output:
        output.write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)


def _report_errors(results) -> bool:
    bad = [r for r in results if r.error]
    for r in bad:
        typer.echo(f"jixiao: {r.error}", err=True)
    return bool(bad)


def _files(paths: list[str], shard_spec: str | None) -> list[str]:
    files = batch.expand(paths)
    try:
        return batch.shard(files, shard_spec)
    except ValueError:
        raise typer.BadParameter("--shard takes K/N, e.g. 2/4") from None


def _collect(files, **options) -> list:
    results = []
    try:
        for res in batch.run(files, **options):
            results.append(res)
    except KeyboardInterrupt:
        typer.echo(f"jixiao: interrupted; reporting the {len(results)} files finished", err=True)
    return results


@app.command()
def extract(
    paths: Paths,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="output format")] = ExtractFormat.table,
    output: Output = None,
    tables: Annotated[bool, typer.Option("--tables", help="show the tables as recovered (row, column, value)")] = False,
    jobs: Jobs = 1,
    timeout: Timeout = 0,
    engine: EngineOpt = None,
) -> None:
    """Extract every figure with its kind, subject, unit, page, box and quote."""
    options = {"engine": engine.value} if engine else {}
    results = _collect(_files(paths, None), jobs=jobs, timeout=timeout, with_tables=tables, **options)
    bad = _report_errors(results)
    _render(lambda: report_records(format.value, results, "tables" if tables else "facts", output), output)
    raise typer.Exit(2 if bad else 0)


def _render(make, output: Path | None) -> None:
    """Print (or write) what a reporter makes; a format that needs a file and got none is a usage error."""
    try:
        content = make()
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
    timeout: Timeout = 0,
    cache: Cache = None,
    shard: Shard = None,
    engine: EngineOpt = None,
) -> None:
    """Check reports for internal inconsistencies; exit 1 when a finding reaches --fail-on, 2 on unreadable input."""
    sel, ign = _rule_list(select), _rule_list(ignore)
    try:
        select_rules(sel, ign)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    if format.value in FILE_ONLY and not output:
        raise typer.BadParameter(f"--format {format.value} needs --output FILE.{format.value}")
    files = _files(paths, shard)
    if not files:
        typer.echo("jixiao: no .pdf or .txt files found in " + ", ".join(paths), err=True)
        raise typer.Exit(2)
    options = {"jobs": jobs, "timeout": timeout, "cache": str(cache) if cache else None, "lang": lang.value}
    if engine:
        options["engine"] = engine.value
    results = _collect(files, select=sel, ignore=ign, **options)
    bad = _report_errors(results)
    _render(lambda: report_findings(format.value, results, lang.value, output), output)
    if bad:
        raise typer.Exit(2)
    threshold = SEVERITY_RANK[fail_on.value]
    raise typer.Exit(1 if any(SEVERITY_RANK[f["severity"]] >= threshold for r in results for f in r.findings) else 0)


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
