"""Office files (.docx, .xlsx) are zip archives stamped with the time they were written; giving every
member one fixed time makes a regeneration byte-identical, so committed files change only when their
content does."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def fix_zip_times(path: Path) -> None:
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, data)
