"""`jixiao baseline` and `jixiao diff`: a batch checked as `check` would, then recorded or compared."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from .cli_options import (
    Cache,
    ConfigFile,
    EngineOpt,
    Ignore,
    Jobs,
    Lang,
    LangOpt,
    NoConfig,
    Output,
    Password,
    Paths,
    Select,
    Year,
    finish,
    render,
    rule_list,
    writable,
)
from .reporting.diff import DIFF_FORMATS


def register(app: typer.Typer) -> None:
    """Add baseline and diff; then give every command of `app` the usage line of PlainUsage."""
    app.command(name="baseline")(baseline_)
    app.command()(diff)
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = PlainUsage


class PlainUsage(TyperCommand):
    """A usage line as help texts write one, `jixiao check [OPTIONS] PATHS...`: typer braces required
    arguments (`{paths}...`), which reads as a literal to type."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [re.sub(r"\{([^{}]*)\}", lambda m: m[1].upper(), piece) for piece in super().collect_usage_pieces(ctx)]


def _files(paths: list[str]) -> list[str]:
    from . import batch  # this and the other imports inside commands: `jixiao --help` loads none of them

    return batch.expand(paths)


def _checked(ctx, paths, settings, lang, jobs, select, ignore, year, engine, password, cache, fmt="json") -> list:
    """`paths` checked as `check` would, with the configuration's settings; unreadable files named."""
    from . import workflow
    from .rules import select_rules

    lang, jobs, select, ignore, year = workflow.configured(
        ctx, settings, lang=lang, jobs=jobs, select=select, ignore=ignore, year=year
    )
    sel, ign = rule_list(select), rule_list(ignore)
    try:
        select_rules(sel, ign)
    except KeyError as e:
        raise typer.BadParameter(f"unknown rule {e.args[0]}; see `jixiao rules`") from None
    options = {"jobs": jobs, "lang": lang.value, "password": password, "select": sel, "ignore": ign, "cache": cache}
    options |= ({"year": year} if year else {}) | ({"engine": engine.value} if engine else {})
    from . import runner
    from .runner import Plan

    plan = Plan(fmt, "findings", lang.value, None, error_rows=fmt not in ("text", "html"), to_stdout=False)
    plan.keep = lambda res: res
    plan.prepare = workflow.Preparer(settings.severity, None, lang.value)
    outcome = runner.run(_files(paths), options, plan, quiet=True)
    return outcome.kept


def baseline_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="the baseline to write (JSON)")],
    paths: Paths,
    lang: LangOpt = Lang.zh,
    select: Select = None,
    ignore: Ignore = None,
    jobs: Jobs = 1,
    year: Year = None,
    password: Password = "",
    engine: EngineOpt = None,
    cache: Cache = None,
    config_file: ConfigFile = None,
    no_config: NoConfig = False,
) -> None:
    """Check reports and record every finding as accepted: `check --baseline FILE` then reports only new ones."""
    from . import workflow

    writable(file, "baseline FILE")
    workflow.refuse_report_as_baseline(file, lang.value)
    settings = workflow.settings(config_file, no_config, lang.value)
    results = _checked(ctx, paths, settings, lang, jobs, select, ignore, year, engine, password, cache and str(cache))
    workflow.record(
        file, results, workflow.configured(ctx, settings, lang=lang)[0].value
    )  # unreadable files were named as they came
    finish(2 if any(r.error for r in results) else 0, False)


DiffFormat = StrEnum("DiffFormat", {name: name for name in DIFF_FORMATS})


def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="the first version of a report")],
    new: Annotated[str, typer.Argument(help="its resubmission")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="output format")] = DiffFormat.text,
    output: Output = None,
    lang: LangOpt = Lang.zh,
    select: Select = None,
    ignore: Ignore = None,
    year: Year = None,
    password: Password = "",
    engine: EngineOpt = None,
    cache: Cache = None,
    config_file: ConfigFile = None,
    no_config: NoConfig = False,
) -> None:
    """Compare two versions of a report: figures changed, added, removed; findings appeared and resolved.
    Exit 1 when a finding appeared, 2 when a version could not be read."""
    from . import diff as report_diff
    from . import workflow
    from .reporting.diff import render as render_diff

    if format.value == "xlsx" and not output:
        raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
    if output:
        writable(output, "--output")
    if Path(old).is_dir() or Path(new).is_dir():
        raise typer.BadParameter("diff compares two files (a report and its resubmission), not folders")
    settings = workflow.settings(config_file, no_config, lang.value)
    results = _checked(
        ctx, [old, new], settings, lang, 2, select, ignore, year, engine, password, cache and str(cache), format.value
    )
    if any(r.error for r in results):
        finish(2, False)  # each was named as it came
    changes = report_diff.compare(*results)
    lang = workflow.configured(ctx, settings, lang=lang)[0]
    render(lambda path: render_diff(changes, format.value, lang.value, path), output)
    finish(1 if changes.count(report_diff.APPEARED) else 0, False)
