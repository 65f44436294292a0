"""Results kept for a whole-batch workbook without keeping them in memory: as each file finishes, its
findings and facts are written to a temporary file, and what is kept is the rest (path, pages, reason,
notes) with where its records lie. The workbook reads them back file by file, so the parent's memory stays
flat in the number of files (1,000 files: 502 MiB before, see bench/RESULTS.md)."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import replace

RECORDS = ("findings", "facts", "tables")  # what is spilled; the rest of a result stays in memory


class Spill:
    """The temporary file, and `keep` for runner.Plan: a result in, a SpilledResult out."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - open for the batch, removed when it is closed

    def keep(self, res) -> SpilledResult:
        at = {}
        for name in RECORDS:  # each apart: the summary sheet reads the findings only, the facts sheet the facts
            at[name] = self.file.seek(0, 2)
            pickle.dump(getattr(res, name), self.file, protocol=pickle.HIGHEST_PROTOCOL)
        return SpilledResult(replace(res, **dict.fromkeys(RECORDS, [])), self, at)

    def load(self, at: int) -> list[dict]:
        self.file.seek(at)
        return pickle.load(self.file)


class SpilledResult:
    """A FileResult whose findings, facts and tables are read back from the spill when asked for."""

    def __init__(self, light, spill: Spill, at: dict[str, int]) -> None:
        self._light, self._spill, self._at = light, spill, at

    def __getattr__(self, name: str):
        if name in RECORDS:
            return self._spill.load(self._at[name])
        return getattr(self._light, name)
