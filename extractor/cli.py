"""The `jixiao` command: one thin function per command; the library does the work."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_options import (
    Cache,
    CheckFormat,
    ConfigFile,
    EngineOpt,
    ExtractFormat,
    FailOn,
    Jobs,
    Lang,
    LangOpt,
    LimitOpt,
    NoConfig,
    Ocr,
    OcrOpt,
    Output,
    Password,
    Paths,
    Quiet,
    Resume,
    Shard,
    Timeout,
    Year,
    finish,
    render,
    rule_list,
    writable,
)
from .cli_workflow import register
from .journal import journal_path
from .limits import Limits, parse
from .reporting import FILE_ONLY, report_findings, report_records

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jixiao 绩效自评报告检查：抽取报告中的每个数字并核对其内部一致性。",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain help: rich costs a tenth of a second at every start
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"jixiao {version('jixiao')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """jixiao 绩效自评报告检查：抽取报告中的每个数字并核对其内部一致性。"""


def _files(paths: list[str], shard_spec: str | None, outputs=(), lang: str = "zh", quiet: bool = False) -> list[str]:
    """The files to read; a folder search leaves out this run's `outputs` and what jixiao wrote (said in a line)."""
    from . import batch, search  # this and the other imports inside commands: `jixiao --help` loads none of them

    found = search.search(paths, outputs)
    for line in search.notes(found, lang, quiet):
        typer.echo(f"jixiao: {line}", err=True)
    return batch.shard(found.files, shard_spec)


def _run_options(
    timeout: float, limit: list[str] | None, password: str, resume: bool, output: Path | None, fmt: str
) -> dict:
    """The batch's options, every one checked before any file is read."""
    if fmt in FILE_ONLY and not output:
        raise typer.BadParameter(f"--format {fmt} needs --output FILE.{fmt}")
    if fmt == "html" and not output and sys.stdout.isatty():  # a page of pictures is no terminal output
        raise typer.BadParameter("--format html on a terminal needs --output FILE.html (or redirect it to a file)")
    try:
        limits = parse(limit or [], Limits(seconds=timeout))
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if resume and not output:
        raise typer.BadParameter("--resume needs --output: the journal is kept beside it")
    if output:
        writable(output, "--output")
    return {
        "limits": limits,
        "password": password,
        "resume": resume,
        "journal": journal_path(output) if output else None,
    }


@app.command()
def extract(
    paths: Paths,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="output format")] = ExtractFormat.table,
    output: Output = None,
    tables: Annotated[bool, typer.Option("--tables", help="show the tables as recovered (row, column, value)")] = False,
    lang: LangOpt = Lang.zh,
    jobs: Jobs = 1,
    timeout: Timeout = 60,
    limit: LimitOpt = None,
    password: Password = "",
    resume: Resume = False,
    engine: EngineOpt = None,
    quiet: Quiet = False,
    ocr: OcrOpt = Ocr.auto,
) -> None:
    """Extract every figure with its kind, subject, unit, page, box and quote."""
    from . import finishing, runner  # loaded when a batch runs, not for --help
    from .reporting.stream import STREAMING

    run_options = _run_options(timeout, limit, password, resume, output, format.value)
    run_options["ocr"] = ocr.value
    if engine:
        run_options["engine"] = engine.value
    what = "tables" if tables else "facts"
    plan = runner.Plan(format.value, what, lang.value, output=output, error_rows=True)
    if format.value not in STREAMING:
        plan.keep = lambda res: res
    options = {"jobs": jobs, "with_tables": tables, "lang": lang.value, **run_options}
    files = _files(paths, None, _outputs(output), lang.value, quiet)
    outcome = runner.run(files, options, plan, quiet)
    if format.value not in STREAMING:
        with finishing.writing(output, lang.value, quiet or not output, output):
            render(lambda path: report_records(format.value, outcome.kept, what, path, lang.value), output)
    finishing.done(output, outcome.interrupted)
    finish(2 if outcome.summary.unreadable else 0, outcome.interrupted)


@app.command()
def check(
    ctx: typer.Context,
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
    config_file: ConfigFile = None,
    no_config: NoConfig = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="report only findings not in this baseline")
    ] = None,
    year: Year = None,
    quiet: Quiet = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="print the count of findings per rule instead of the findings")
    ] = False,
    annotate: Annotated[
        Path | None, typer.Option("--annotate", help="write into DIR a copy of each PDF with its evidence highlighted")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="ADDRESS of a Dask scheduler (tcp://host:8786), or 'local': files as tasks"),
    ] = None,
    ocr: OcrOpt = Ocr.auto,
) -> None:
    """Check reports for internal inconsistencies; exit 1 when a finding reaches --fail-on, 2 on unreadable input."""
    from . import finishing, workflow
    from .model import SEVERITY_RANK

    settings = workflow.settings(config_file, no_config, lang.value)
    format, lang, fail_on, jobs, select, ignore, year = workflow.configured(
        ctx, settings, format=format, lang=lang, fail_on=fail_on, jobs=jobs, select=select, ignore=ignore, year=year
    )
    sel, ign = _checked_choices(select, ignore, shard, cache)
    run_options = _run_options(timeout, limit, password, resume, output, format.value)
    if annotate and annotate.exists() and not annotate.is_dir():
        raise typer.BadParameter(f"--annotate: {annotate} is not a folder")
    files = _files(paths, shard, _outputs(output, annotate), lang.value, quiet) or _nothing_found(paths, lang.value)
    options = {"jobs": jobs, "cache": str(cache) if cache else None, "lang": lang.value, "select": sel, "ignore": ign,
               "ocr": ocr.value, "facts": format.value == "xlsx"}  # fmt: skip
    options |= ({"engine": engine.value} if engine else {}) | ({"year": year} if year else {})
    outcome = _on_cluster_or_here(dask, files, {**options, **run_options}, format.value, lang.value, output,
                                  statistics, quiet, workflow.Preparer(settings.severity, baseline, lang.value), annotate)  # fmt: skip
    threshold = SEVERITY_RANK[fail_on.value]
    failing = any(SEVERITY_RANK[severity] >= threshold for _, severity in outcome.summary.findings)
    finishing.done(output, outcome.interrupted)
    finish(2 if outcome.summary.unreadable else 1 if failing else 0, outcome.interrupted)


def _outputs(output: Path | None, *folders: Path | None) -> list[Path]:
    """What this run writes, which its folder search must not read: the output, its journal, folders."""
    return ([output, Path(journal_path(output))] if output else []) + [f for f in folders if f]


def _nothing_found(paths: list[str], lang: str) -> list[str]:
    from .messages import say

    typer.echo(say("no_reports", lang, paths=", ".join(paths)), err=True)
    raise typer.Exit(2)


def _on_cluster_or_here(dask: str | None, files, options, *rest):
    """The batch on a Dask cluster when --dask names one (its files as tasks), else in local workers."""
    from . import cluster

    try:
        with cluster.connected(dask) as client:
            if client:
                options["runner"] = cluster.runner(client)
            return _run_check(files, options, *rest)
    except cluster.Unavailable as e:
        typer.echo(f"jixiao: {e}", err=True)
        raise typer.Exit(2) from None


def _run_check(files, options, fmt, lang, output, statistics, quiet, prepare, annotate):
    """The batch as `check` reports it: streamed or kept for a whole-batch format, configured severities and
    a baseline applied to each result, then the statistics, the whole-batch output and annotated copies."""
    from . import finishing, runner  # loaded when a batch runs, not for --help

    plan = _check_plan(fmt, lang, output, statistics)
    report_at_end = plan.keep is not None
    if annotate and plan.keep is None:
        plan.keep = _without_facts  # the annotated copies need each file's findings
    plan.prepare = prepare
    outcome = runner.run(files, options, plan, quiet)
    prepare.report()
    if statistics:
        _print_statistics(outcome.summary, lang)
    if report_at_end:
        with finishing.writing(output, lang, quiet or not output, output):  # to standard output: seen coming
            render(lambda path: report_findings(fmt, outcome.kept, lang, path), output)
    if annotate:
        with finishing.writing(finishing.copies(annotate, lang), lang, quiet, output):
            _annotate(outcome.kept, annotate, lang, options.get("password", ""))
    return outcome


def _checked_choices(select, ignore, shard: str | None, cache: Path | None) -> tuple:
    """The rules chosen, with the shard and cache options checked before any file is read."""
    from . import batch
    from .rules import check_known

    sel, ign = rule_list(select), rule_list(ignore)
    try:
        check_known((sel or []) + (ign or []))
        batch.shard([], shard)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if cache and cache.exists() and not cache.is_dir():
        raise typer.BadParameter(f"--cache: {cache} is not a folder")
    return sel, ign


def _print_statistics(summary, lang: str) -> None:
    from .docs import summaries
    from .progress import statistics as statistics_text

    typer.echo(statistics_text(summary, summaries(lang), lang), nl=False)


def _check_plan(fmt: str, lang: str, output: Path | None, statistics: bool):
    """What `check` does with each result: stream it, or keep what a whole-batch format needs."""
    from .reporting.stream import STREAMING
    from .runner import Plan

    plan = Plan(fmt, "findings", lang, output, error_rows=fmt not in ("text", "html"), to_stdout=not statistics)
    if fmt not in STREAMING and (output or not statistics):
        if fmt == "xlsx":
            from .reporting.spill import Spill

            plan.keep = Spill().keep  # each file's records on disk until the workbook is written
        else:
            plan.keep = _without_facts
    return plan


def _without_facts(res):
    """What the HTML page needs of a result: its findings, not its facts (memory flat over a batch)."""
    res.facts, res.tables = [], []
    return res


def _annotate(results, folder: Path, lang: str, password: str) -> None:
    from .reporting.annotate import write_annotated

    for note in write_annotated(results, folder, lang, password):
        typer.echo(f"jixiao: {note}", err=True)


@app.command()
def rules() -> None:
    """List the rules with their identifiers and a one-line summary."""
    from .docs import summary
    from .rules import all_rules

    for rule_id, mod in all_rules().items():
        typer.echo(f"{rule_id:18} {mod.SEVERITY:8} {summary(mod)}")


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


register(app)  # baseline and diff, listed after the commands above

if __name__ == "__main__":  # python -m jixiao.cli
    app()
