"""A batch from the command line: each result reported as soon as every file before it is done (input
order whatever -j), written at once in the formats that stream, shown on the terminal, and counted for
the summary; Ctrl-C stops the workers at once and still reports, whole, every file that finished.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import batch, outputs
from .batch import InOrder
from .journal import atomic_path
from .messages import say
from .progress import Summary, Terminal
from .reporting.stream import sink as stream_sink


@dataclass
class Outcome:
    summary: Summary
    kept: list = field(default_factory=list)  # the results, for formats that need them all (xlsx, html, table)
    interrupted: bool = False


@dataclass
class Plan:
    """What to do with each result: `what` records (findings, facts, tables) in format `fmt`, to `output`
    (None: standard output); `keep` what a whole-batch format needs of a result (None: nothing)."""

    fmt: str
    what: str
    lang: str = "zh"
    output: Path | None = None
    error_rows: bool = False  # an unreadable file becomes a row of the records
    to_stdout: bool = True  # False: standard output carries something else (--statistics)
    keep: Callable | None = None
    prepare: Callable | None = None  # applied to each result first (configured severities, a baseline)


class _Interrupts:
    """Ctrl-C raises KeyboardInterrupt at once, except while a finished result is being reported: then
    it waits until that result is whole. One that something swallowed is raised at the next result."""

    def __init__(self):
        self.deferring = self.seen = False

    def _handler(self, signum, frame) -> None:
        self.seen = True
        if not self.deferring:
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        previous, unraisable = signal.signal(signal.SIGINT, self._handler), sys.unraisablehook

        def quiet_interrupt(args) -> None:  # raised inside a finalizer (a worker's pipe closed by the GC):
            if not issubclass(args.exc_type, KeyboardInterrupt):  # Python would print a traceback; it is
                unraisable(args)  # seen, and raised at the next result

        sys.unraisablehook = quiet_interrupt
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            sys.unraisablehook = unraisable

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        if self.seen:
            raise KeyboardInterrupt


@contextmanager
def _destination(plan: Plan, streaming: bool, terminal: Terminal) -> Iterator[Callable[[str], None]]:
    """Where streamed text goes: the output file (under a temporary name until it is whole) or stdout."""
    if plan.output is None or not streaming:
        yield terminal.out
        return
    with atomic_path(plan.output) as tmp, open(tmp, "w", encoding="utf-8", errors="backslashreplace") as fh:
        yield fh.write


def run(files: list[str], options: dict, plan: Plan, quiet: bool = False) -> Outcome:
    """Run the batch, reporting each result as `plan` says; progress and the summary on standard error."""
    terminal = Terminal(len(files), plan.lang, quiet, "checking" if plan.what == "findings" else "extracting")
    outcome = Outcome(Summary())
    streamed = stream_sink(plan.fmt, plan.what, plan.lang) if (plan.output or plan.to_stdout) else None
    try:
        with _destination(plan, streamed is not None, terminal) as write:

            def deliver(res) -> None:
                if plan.prepare is not None:
                    plan.prepare(res)
                _clean(res, plan)
                for line in [*res.notes, res.error] if res.error else res.notes:
                    terminal.problem(f"jixiao: {line}")
                outcome.summary.add(res)
                if plan.error_rows:
                    outputs.error_rows_as_records([res], plan.what)
                if streamed is not None:
                    write(streamed.write(res))
                if plan.keep is not None:
                    outcome.kept.append(plan.keep(res))

            outcome.interrupted = _drive(files, options, terminal, deliver)
            if streamed is not None:
                write(streamed.close())
    finally:
        terminal.stop()
    if outcome.interrupted:
        terminal.problem(say("interrupted", plan.lang, n=outcome.summary.files))
    terminal.summary(outcome.summary, with_findings=plan.what == "findings")
    return outcome


def _clean(res, plan: Plan) -> None:
    """Every string the plan may write made printable (outputs.clean): of the whole result when it is kept
    for a whole-batch format, else of what is streamed (a check's facts, most of a result, are never
    written: cleaning them was a sixth of the CPU of a run whose results all come from the cache)."""
    if plan.keep is not None:
        outputs.clean_results([res], xml=plan.fmt == "xlsx")
        return
    for name in dict.fromkeys(("path", "error", "notes", "same_as", "findings", plan.what)):
        setattr(res, name, outputs.clean(getattr(res, name), xml=plan.fmt == "xlsx"))


def _drive(files: list[str], options: dict, terminal: Terminal, deliver: Callable) -> bool:
    """Results handed to `deliver` in input order; True when Ctrl-C cut the batch short."""
    order, interrupts = InOrder(), _Interrupts()
    with interrupts.installed():
        results = batch.run_indexed(files, started=terminal.started, **options)
        try:
            with closing(results):
                for index, res in results:
                    with interrupts.deferred():
                        terminal.finished(res)
                        for ready in order.push(index, res):
                            deliver(ready)
        except KeyboardInterrupt:
            results.close()  # stops the workers now
            for ready in order.drain():
                deliver(ready)
            return True
    return interrupts.seen
