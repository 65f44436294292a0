"""Old binary Word and Excel files (.doc/.xls, Office 97–2003: still what many offices attach to their pages)
read by converting them to .docx/.xlsx with LibreOffice, when it is installed (`soffice` on PATH).

The conversion runs headless in a temporary folder with a profile of its own (two workers converting at
once would otherwise share one and fail), on a copy of the file under a plain name, within the file's time
limit. Without LibreOffice the file is refused with the advice to install it or to save it as .docx/.xlsx
(a file LibreOffice cannot convert, or in which it finds nothing, is damaged). The converted package is
then read as any .docx/.xlsx is; the file keeps its own name.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..limits import Limits
from .errors import ReadError

# kind → (the copy's suffix, the import filter, what it is converted to); the filter is named: else junk is
# imported as text
KINDS = {
    "docx": ("doc", "MS Word 97", "docx"),
    "xlsx": ("xls", "MS Excel 97", "xlsx"),
    "rtf": ("rtf", "Rich Text Format", "docx"),
}
MISSING = {"rtf": "office_rtf"}  # the reason given without LibreOffice (else office_legacy)
SECONDS = 120.0  # at most, when the file has no time limit of its own


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, kind: str, limits: Limits | None) -> Path:
    """The file converted from `kind` (an old "docx" or "xlsx", or "rtf") to a package in a new temporary
    folder (the caller removes it: `converted.parent`); ReadError office_legacy (office_rtf) without LibreOffice."""
    program = soffice()
    if program is None:
        raise ReadError(str(path), MISSING.get(kind, "office_legacy"))
    suffix, import_filter, target = KINDS[kind]
    work = Path(tempfile.mkdtemp(prefix="jixiao-legacy-"))
    source = work / f"report.{suffix}"
    shutil.copyfile(path, source)
    command = [
        program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
        f"-env:UserInstallation={(work / 'profile').as_uri()}", f"--infilter={import_filter}",
        "--convert-to", target, "--outdir", str(work), str(source),
    ]  # fmt: skip
    seconds = min(SECONDS, limits.seconds) if limits and limits.seconds else SECONDS
    try:
        _run(command, seconds, work)
    except (subprocess.TimeoutExpired, OSError) as e:
        shutil.rmtree(work, ignore_errors=True)
        raise ReadError(str(path), "office_damaged", f"LibreOffice: {type(e).__name__}") from None
    converted = work / f"report.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        shutil.rmtree(work, ignore_errors=True)
        raise ReadError(str(path), "office_damaged", "LibreOffice could not convert it")
    return converted


def _run(command: list[str], seconds: float, work: Path) -> None:
    """LibreOffice run in a process group of its own: on timeout the whole group is killed (its launcher's
    child, soffice.bin, would otherwise go on converting a hostile file after the launcher is gone)."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_room,
        cwd=work,
        start_new_session=True,
    )
    try:
        process.wait(timeout=seconds)
    except BaseException:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    finally:  # the launcher's children may outlive it even when it ends in time
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def _room() -> None:  # pragma: no cover - in the converter's child
    """LibreOffice maps far more address space than a report's worker is allowed: its own limit is lifted
    (the worker's hard limit stays; its time limit still holds through the timeout)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
