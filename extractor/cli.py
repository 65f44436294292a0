"""The `jixiao` command: one thin function per command; the library does the work."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

# Everything else is imported inside the commands: `jixiao --help` must start in a blink.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jixiao 绩效自评报告检查：抽取报告中的每个数字并核对其内部一致性。",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain help: rich costs a tenth of a second at every start
    pretty_exceptions_enable=False,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Engine(str, Enum):  # the PDF parsers of jixiao.reading.ENGINES
    pdfplumber = "pdfplumber"
    pdfium = "pdfium"


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
Timeout = Annotated[float, typer.Option("--timeout", min=0, help="seconds allowed per file (0: no limit)")]
Cache = Annotated[Optional[Path], typer.Option("--cache", help="folder of per-file results; a rerun skips files already done")]
EngineOpt = Annotated[
    Optional[Engine], typer.Option("--engine", help="PDF parser (default: jixiao.reading.DEFAULT_ENGINE)")
]
Shard = Annotated[Optional[str], typer.Option("--shard", help="K/N: process only the K-th of N shares (split an archive over machines)")]


def _emit(content: str, output: Optional[Path]) -> None:
    if output:
        output.write_text(content, encoding="utf-8")
    else:
        sys.stdout.write(content)


def _report_errors(results) -> bool:
    bad = [r for r in results if r.error]
    for r in bad:
        typer.echo(f"jixiao: {r.error}", err=True)
    return bool(bad)


def _files(paths: list[str], shard_spec: Optional[str]) -> list[str]:
    from . import batch

    files = batch.expand(paths)
    try:
        return batch.shard(files, shard_spec)
    except ValueError:
        raise typer.BadParameter("--shard takes K/N, e.g. 2/4") from None


def _collect(files, **options) -> list:
    from . import batch

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
    from .records import FACT_COLUMNS

    options = {"engine": engine.value} if engine else {}
    results = _collect(_files(paths, None), jobs=jobs, timeout=timeout, with_tables=tables, **options)
    bad = _report_errors(results)
    if tables:
        records = [r for res in results for r in res.tables]
        columns = ["file", "table", "page", "row", "col", "row_name", "column", "value"]
    else:
        records = [r for res in results for r in res.facts]
        columns = FACT_COLUMNS
    _write(records, columns, format.value, output, "tables" if tables else "facts")
    raise typer.Exit(2 if bad else 0)


def _write(records: list[dict], columns: list[str], fmt: str, output: Optional[Path], sheet: str) -> None:
    from .reporting import tabular

    if fmt == "xlsx":
        if not output:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        from .reporting.xlsx import write_workbook

        write_workbook(str(output), {sheet: tabular.frame(records, columns)})
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
    timeout: Timeout = 0,
    cache: Cache = None,
    shard: Shard = None,
    engine: EngineOpt = None,
) -> None:
    """Check reports for internal inconsistencies; exit 1 when a finding reaches --fail-on, 2 on unreadable input."""
    from .findings import SEVERITY_RANK
    from .records import FACT_COLUMNS, FINDING_COLUMNS
    from .reporting import tabular, text
    from .rules import select_rules

    sel = [s.strip() for s in select.split(",") if s.strip()] if select else None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] if ignore else None
    try:
        select_rules(sel, ign)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    files = _files(paths, shard)
    if not files:
        typer.echo("jixiao: no .pdf or .txt files found in " + ", ".join(paths), err=True)
        raise typer.Exit(2)
    options = {"engine": engine.value} if engine else {}
    results = _collect(
        files, jobs=jobs, timeout=timeout, cache=str(cache) if cache else None, lang=lang.value, select=sel, ignore=ign,
        **options,
    )  # fmt: skip
    bad = _report_errors(results)
    findings = [f for res in results for f in res.findings]
    if format == CheckFormat.text:
        _emit(text.render_findings(results, lang.value), output)
    elif format == CheckFormat.html:
        from .reporting.html import render_html

        _emit(render_html(results, lang.value), output)
    elif format == CheckFormat.xlsx:
        if not output:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        from .reporting.xlsx import write_workbook

        facts = [r for res in results for r in res.facts]
        files_sheet = [{"file": r.path, "pages": r.pages, "findings": len(r.findings), "error": r.error} for r in results]
        write_workbook(str(output), {
            "findings": tabular.frame(findings, FINDING_COLUMNS),
            "facts": tabular.frame(facts, FACT_COLUMNS),
            "files": tabular.frame(files_sheet, ["file", "pages", "findings", "error"]),
        })  # fmt: skip
    else:
        _write(findings, FINDING_COLUMNS, format.value, output, "findings")
    threshold = SEVERITY_RANK[fail_on.value]
    if bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(SEVERITY_RANK[f["severity"]] >= threshold for f in findings) else 0)


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
