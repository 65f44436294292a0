"""The `jixiao` command's entry point. A check of one file forks its worker before anything else is loaded
(workers.start_early): the worker loads the readers and the vocabulary while this process loads the command
line, so a check of one small report waits for the two side by side, not one after the other (about 0.05 s
of its 0.25). Not for a batch, whose workers are forked from a parent that has loaded everything once, nor
for a run that may read nothing: help, the version, a cache, a cluster."""

from __future__ import annotations

import os
import sys

NOT_EARLY = {"-h", "--help", "--version", "--cache", "--dask"}  # a run these mark may read nothing here


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["check"] and not NOT_EARLY.intersection(a.split("=", 1)[0] for a in args) and _one_file(args):
        from .workers import start_early

        start_early()
    from .cli import app

    app()


def _one_file(args: list[str]) -> bool:
    """Whether the command line names one file and no folder. Options' values count too: a run misjudged
    (`-o` naming a file already there) only goes without the early worker."""
    named = [a for a in args[1:] if not a.startswith("-")]
    return sum(os.path.isfile(a) for a in named) == 1 and not any(os.path.isdir(a) for a in named)
