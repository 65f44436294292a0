"""The command line's side of configuration files and baselines: settings chosen between the command line
and the file, and every fault of a file one line naming it (exit 2)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from . import baseline as baselines
from . import config
from .config import apply_severity as apply_severity  # the CLI applies it with the rest
from .messages import say
from .reading import SEARCHED_SUFFIXES
from .reporting import FINDING_FORMATS
from .rules import rule_ids

GIVEN = {"COMMANDLINE", "ENVIRONMENT", "PROMPT"}  # where a value the user chose comes from (click's sources)


def settings(config_file: Path | None, no_config: bool, lang: str = "zh") -> config.Settings:
    """The configuration that applies (--config FILE, none with --no-config, else the file found upwards);
    a fault of the file is said in `lang`, the command line's (the file's own may be what is wrong)."""
    try:
        return config.settle(config_file, no_config, rule_ids(), list(FINDING_FORMATS))
    except config.ConfigError as e:
        typer.echo(f"jixiao: {e.message(lang)}", err=True)
        raise typer.Exit(2) from None


def configured(ctx: typer.Context, chosen: config.Settings, **current) -> list:
    """Each option's value: the command line's when given there, else the configuration file's, else its default."""
    out = []
    for name, value in current.items():
        source = ctx.get_parameter_source(name)
        picked = chosen.pick(name, value, getattr(source, "name", "") in GIVEN)
        out.append(type(value)(picked) if isinstance(value, StrEnum) else picked)
    return out


def refuse_report_as_baseline(baseline_file: Path, lang: str = "zh") -> None:
    """`jixiao baseline a.pdf b.pdf` would overwrite a report: the baseline's name comes first."""
    if baseline_file.suffix.lower() in SEARCHED_SUFFIXES or baseline_file.is_dir():
        typer.echo(say("report_as_baseline", lang, file=baseline_file), err=True)
        raise typer.Exit(2)


def record(baseline_file: Path, results, lang: str = "zh") -> None:
    """Write the baseline of `results`, and say what it holds."""
    try:
        count = baselines.write(baseline_file, results)
    except OSError as e:
        typer.echo(say("not_written", lang, file=baseline_file, why=e.strerror), err=True)
        raise typer.Exit(2) from None
    typer.echo(say("recorded", lang, n=count, files=len(results), file=baseline_file), err=True)


class Preparer:
    """Each result as configured before it is reported: severities set per rule, findings the baseline
    accepts dropped (each accepted entry used as often as it was counted, over the whole batch)."""

    def __init__(self, severity: dict[str, str], baseline_file: Path | None, lang: str = "zh"):
        self.severity, self.baseline_file, self.drop, self.lang = severity, baseline_file, None, lang
        if baseline_file:
            try:
                self.drop = baselines.Suppressor(baselines.load(baseline_file))
            except baselines.BaselineError as e:
                typer.echo(f"jixiao: {e.message(lang)}", err=True)
                raise typer.Exit(2) from None

    def __call__(self, res) -> None:
        apply_severity([res], self.severity)
        if self.drop is not None:
            self.drop(res)

    def report(self) -> None:
        if self.drop is None:
            return
        typer.echo(say("suppressed", self.lang, n=self.drop.dropped, file=self.baseline_file), err=True)
        gone = self.drop.gone()
        if gone:
            typer.echo(say("gone", self.lang, n=gone), err=True)
