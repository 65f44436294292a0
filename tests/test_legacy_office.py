"""Old binary .doc/.xls files, converted by LibreOffice when it is installed: real files, our own report
(tests/office_files.py) saved by LibreOffice as Word 97 and Excel 97, read back through the CLI and the
library. Without LibreOffice they are one line that says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from office_files import write_docx, write_xlsx

from jixiao.batch import expand
from jixiao.pipeline import analyse
from jixiao.reading import ReadError, read

HAS_SOFFICE = shutil.which("soffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")


def _findings(path) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule"], f["place"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)


def _saved_as_old(source, target_suffix: str, folder):
    """The file saved by LibreOffice in the old binary format (.doc: Word 97, .xls: Excel 97)."""
    filters = {".doc": "doc:MS Word 97", ".xls": "xls:MS Excel 97"}
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to",
         filters[target_suffix], "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    old = folder / (source.stem + target_suffix)
    assert old.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file, not a package
    return old


@pytest.fixture(scope="module")
def old_files(tmp_path_factory):
    """Our report as .docx and .xlsx, and each saved by LibreOffice as .doc and .xls."""
    folder = tmp_path_factory.mktemp("legacy")
    packages = {".doc": write_docx(folder / "report.docx", True), ".xls": write_xlsx(folder / "table.xlsx", True)}
    return {suffix: (package, _saved_as_old(package, suffix, folder / "old")) for suffix, package in packages.items()}


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".xls"])
def test_an_old_file_gives_the_findings_of_its_package(old_files, suffix):
    package, old = old_files[suffix]
    result = analyse(str(old))
    assert not result.error and result.path == str(old)
    assert _findings(old) == _findings(package) and _findings(old)
    assert any("LibreOffice" in note for note in result.notes)


@needs_soffice
@pytest.mark.parametrize("suffix, wps", [(".doc", ".wps"), (".xls", ".et")])
def test_wps_names_for_the_binary_formats_are_read_as_those(old_files, tmp_path, suffix, wps):
    """WPS saves its own .wps/.et in Word's and Excel's binary formats (with extensions of its own)."""
    package, old = old_files[suffix]
    named = tmp_path / f"自评报告{wps}"
    named.write_bytes(old.read_bytes())
    assert _findings(named) == _findings(package) and _findings(named)
    assert expand([str(tmp_path)]) == [str(named)]  # folders are searched for them


@needs_soffice
def test_a_damaged_old_file_is_one_clear_line(tmp_path):
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == "office_damaged" and "broken.xls" in err.value.message()


def test_without_libreoffice_an_old_file_says_what_to_do(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    env = dict(os.environ, PATH=str(tmp_path))  # no soffice on this PATH
    code = "from jixiao.cli import app; app()"
    done = subprocess.run([sys.executable, "-c", code, "check", str(path), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "old.doc" in line and "LibreOffice" in line and ".docx" in line
