"""After the summary: the outputs written from every result (a workbook, an HTML page, annotated copies)
can take seconds, so the command says what it writes, and a Ctrl-C then loses no finished work: the
journal of the results stays and one line says how to write the output from it (`--resume` reads no file
again). Once the output is whole, its journal is removed: it has served."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from .journal import journal_path


def _say(line: str) -> None:
    typer.echo(f"jixiao: {line}", err=True)


def copies(folder: Path, lang: str) -> str:
    return f"the annotated copies in {folder}" if lang == "en" else f"{folder} 中的标注副本"


@contextmanager
def writing(what: str | Path, lang: str, quiet: bool, output: Path | None) -> Iterator[None]:
    """`what` (a file, or `copies`) is written in the block: said first (not with `quiet`); a Ctrl-C stops
    it (exit 130), saying how to get it from `output`'s journal when there is one."""
    what = what or ("the output" if lang == "en" else "输出")
    try:
        if not quiet:  # inside: a Ctrl-C the moment the line is out is this phase's
            _say(f"writing {what} …" if lang == "en" else f"正在写入 {what} …")
        yield
    except KeyboardInterrupt:
        sys.unraisablehook = _quiet  # the writer's half-closed generators are let go as we exit: not news
        journal = journal_path(output) if output else None
        if journal and os.path.exists(journal):
            _say(
                f"interrupted: {what} not written; every finished result is kept in {journal}: the same command "
                "with --resume writes it without reading the files again"
                if lang == "en"
                else f"已中断：{what} 未写入；已完成的结果都保存在 {journal}，同一命令加 --resume 即可写出，不再重读文件"
            )
        else:
            _say(f"interrupted: {what} not written" if lang == "en" else f"已中断：{what} 未写入")
        raise typer.Exit(130) from None


def done(output: Path | None, interrupted: bool) -> None:
    """The output is whole: its journal is removed, unless the batch was cut short (--resume goes on)."""
    if output and not interrupted:
        Path(journal_path(output)).unlink(missing_ok=True)


def _quiet(_unraisable) -> None:
    """Nothing to say about an exception raised while an interrupted writer is collected."""
