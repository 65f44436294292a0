"""The `jixiao` command: one thin function per command; the library does the work."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import batch, outputs
from .findings import SEVERITY_RANK
from .journal import journal_path
from .limits import Limits, parse
from .records import FACT_COLUMNS, FINDING_COLUMNS
from .reporting import tabular, text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jixiao 绩效自评报告检查：抽取报告中的每个数字并核对其内部一致性。",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class ExtractFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


# Options shared by commands, declared once.
Paths = Annotated[list[str], typer.Argument(help="PDF or .txt files, or folders (searched for .pdf and .txt)")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="write to this file instead of standard output")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="language of messages")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="worker processes")]
Timeout = Annotated[float, typer.Option("--timeout", min=0, help="seconds allowed per file, plus 2 s per page (0: no limit)")]
LimitOpt = Annotated[
    Optional[list[str]],
    typer.Option("--limit", help="NAME=VALUE: raise or lower one limit per file: " + ", ".join(f"{k}={v:g}" for k, v in vars(Limits()).items())),
]  # fmt: skip
Password = Annotated[str, typer.Option("--password", help="password that opens encrypted PDFs")]
Resume = Annotated[bool, typer.Option("--resume", help="keep the results a killed run left in OUTPUT.journal; read only the rest")]
Cache = Annotated[Optional[Path], typer.Option("--cache", help="folder of per-file results; a rerun skips files already done")]
Shard = Annotated[Optional[str], typer.Option("--shard", help="K/N: process only the K-th of N shares (split an archive over machines)")]


def _emit(content: str, output: Optional[Path]) -> None:
    outputs.emit(content, output)


def _report_errors(results) -> bool:
    for r in results:
        for note in r.notes:
            typer.echo(f"jixiao: {note}", err=True)
        if r.error:
            typer.echo(f"jixiao: {r.error}", err=True)
    return any(r.error for r in results)


def _files(paths: list[str], shard_spec: Optional[str]) -> list[str]:
    files = batch.expand(paths)
    try:
        return batch.shard(files, shard_spec)
    except ValueError:
        raise typer.BadParameter("--shard takes K/N, e.g. 2/4") from None


def _run_options(timeout: float, limit: Optional[list[str]], password: str, resume: bool, output: Optional[Path]) -> dict:
    try:
        limits = parse(limit or [], Limits(seconds=timeout))
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if resume and not output:
        raise typer.BadParameter("--resume needs --output: the journal is kept beside it")
    if output and not output.resolve().parent.is_dir():
        raise typer.BadParameter(f"--output: no folder {output.resolve().parent}")
    return {"limits": limits, "password": password, "resume": resume, "journal": journal_path(output) if output else None}


_interrupted: list[bool] = []  # set when Ctrl-C cut the batch short: the exit code then says so (130)


def _exit(code: int) -> None:
    raise typer.Exit(130 if _interrupted else code)


def _collect(files, xml: bool = False, **options) -> list:
    order = {f: i for i, f in enumerate(files)}
    results = []
    try:
        for res in batch.run(files, **options):
            results.append(res)
    except KeyboardInterrupt:
        typer.echo(f"jixiao: interrupted; reporting the {len(results)} files finished (--resume goes on)", err=True)
        _interrupted.append(True)
    results.sort(key=lambda r: order.get(r.path, len(order)))
    return outputs.clean_results(results, xml)


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
) -> None:
    """Extract every figure with its kind, subject, unit, page, box and quote."""
    run_options = _run_options(timeout, limit, password, resume, output)
    results = _collect(_files(paths, None), xml=format == ExtractFormat.xlsx, jobs=jobs, with_tables=tables, **run_options)
    bad = _report_errors(results)
    records = outputs.fact_rows(results, tables) if format != ExtractFormat.table else [r for res in results for r in (res.tables if tables else res.facts)]
    if tables:
        columns = ["file", "table", "page", "row", "col", "row_name", "column", "value"]
    else:
        columns = FACT_COLUMNS
    _write(records, columns, format.value, output, "tables" if tables else "facts")
    _exit(2 if bad else 0)


def _write(records: list[dict], columns: list[str], fmt: str, output: Optional[Path], sheet: str) -> None:
    if fmt == "xlsx":
        if not output:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        outputs.write_workbook(output, {sheet: tabular.frame(records, columns)})
    elif fmt == "json":
        _emit(tabular.to_json(records), output)
    elif fmt == "csv":
        _emit(tabular.to_csv(records, columns), output)
    else:
        _emit(tabular.to_table(records) if sheet == "facts" else tabular.frame(records, columns).to_string(index=False) + "\n", output)


@app.command()
def check(
    paths: Paths,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="output format")] = CheckFormat.text,
    output: Output = None,
    lang: LangOpt = Lang.zh,
    select: Annotated[Optional[str], typer.Option("--select", help="only these rules (comma-separated)")] = None,
    ignore: Annotated[Optional[str], typer.Option("--ignore", help="skip these rules (comma-separated)")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="lowest severity that makes the exit code 1")] = FailOn.warning,
    jobs: Jobs = 1,
    timeout: Timeout = 60,
    cache: Cache = None,
    shard: Shard = None,
    limit: LimitOpt = None,
    password: Password = "",
    resume: Resume = False,
) -> None:
    """Check reports for internal inconsistencies; exit 1 when a finding reaches --fail-on, 2 on unreadable input."""
    from .rules import select_rules

    sel = [s.strip() for s in select.split(",") if s.strip()] if select else None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] if ignore else None
    try:
        select_rules(sel, ign)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    run_options = _run_options(timeout, limit, password, resume, output)
    files = _files(paths, shard)
    if not files:
        typer.echo("jixiao: no .pdf or .txt files found in " + ", ".join(paths), err=True)
        raise typer.Exit(2)
    results = _collect(
        files, xml=format == CheckFormat.xlsx, jobs=jobs, cache=str(cache) if cache else None, lang=lang.value,
        select=sel, ignore=ign, **run_options,
    )  # fmt: skip
    bad = _report_errors(results)
    findings = [f for res in results for f in res.findings]
    rows = outputs.finding_rows(results)
    if format == CheckFormat.text:
        _emit(text.render_findings(results, lang.value), output)
    elif format == CheckFormat.html:
        from .reporting.html import render_html

        _emit(render_html(results, lang.value), output)
    elif format == CheckFormat.xlsx:
        if not output:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        facts = [r for res in results for r in res.facts]
        files_sheet = [
            {"file": r.path, "pages": r.pages, "findings": len(r.findings), "error": r.error, "notes": "\n".join(r.notes)}
            for r in results
        ]
        outputs.write_workbook(output, {
            "findings": tabular.frame(rows, FINDING_COLUMNS),
            "facts": tabular.frame(facts, FACT_COLUMNS),
            "files": tabular.frame(files_sheet, ["file", "pages", "findings", "error", "notes"]),
        })  # fmt: skip
    else:
        _write(rows, FINDING_COLUMNS, format.value, output, "findings")
    threshold = SEVERITY_RANK[fail_on.value]
    _exit(2 if bad else 1 if any(SEVERITY_RANK[f["severity"]] >= threshold for f in findings) else 0)


@app.command()
def rules() -> None:
    """List the rules with their identifiers and a one-line summary."""
    from .rules import all_rules

    for rule_id, mod in all_rules().items():
        summary = (mod.__doc__ or "").strip().splitlines()[0].split(":", 1)[-1].strip()
        typer.echo(f"{rule_id:18} {mod.SEVERITY:8} {summary}")


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="a rule identifier from `jixiao rules`")]) -> None:
    """Print a rule's documentation, with a consistent and an inconsistent example."""
    from .rules import all_rules

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
    """Measure recall and precision per rule, and fact accuracy per kind, against corpus labels."""
    from .evaluation import evaluate_corpus, render

    report = evaluate_corpus(corpus_dir, jobs=jobs)
    typer.echo(render(report, format), nl=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover - python -m jixiao.cli
    main()
