"""The `jixiao` command's entry point. A `check` forks its first worker before anything else is loaded
(workers.start_early): the worker loads the readers and the vocabulary while this process loads the command
line, so a check of one small report waits for the two side by side, not one after the other (about 0.05 s
of its 0.22). Not for a run that may read nothing: help, the version, a cache, a cluster."""

from __future__ import annotations

import sys

NOT_EARLY = {"-h", "--help", "--version", "--cache", "--dask"}  # a run these mark may read nothing here


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["check"] and not NOT_EARLY.intersection(a.split("=", 1)[0] for a in args):
        from .workers import start_early

        start_early()
    from .cli import app

    app()
