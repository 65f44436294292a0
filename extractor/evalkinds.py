"""What kind of input a labelled corpus file is, for `jixiao eval`'s figures per input kind.

A file is counted under its suffix (.pdf, .txt, .docx, .xlsx), under its producer, and under the two
together with how it was made: the labels' `producer` (reportlab, libreoffice, docx, xlsx, scan, ...;
labels without one are the generator's own: reportlab for a PDF, text for a text file), `printed_from`
(the office file a PDF was printed from) and `layout` (hard-broken, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Producer of a labelled file whose labels name none: what made the corpus before labels named one.
DEFAULT_PRODUCER = {".pdf": "reportlab", ".txt": "text"}


def producer(path: str, labels: dict) -> str:
    suffix = Path(path).suffix.lower()
    return labels.get("producer") or DEFAULT_PRODUCER.get(suffix, suffix.lstrip("."))


def kind(path: str, labels: dict) -> str:
    """`.pdf libreoffice from docx`, `.pdf reportlab hard-broken`, `.txt text`, ..."""
    parts = [Path(path).suffix.lower(), producer(path, labels)]
    if labels.get("printed_from"):
        parts.append("from " + labels["printed_from"])
    if labels.get("layout"):
        parts.append(labels["layout"])
    return " ".join(parts)


def groups(path: str, labels: dict) -> list[tuple[str, str]]:
    """The (grouping, name) pairs a file counts under."""
    return [("suffix", Path(path).suffix.lower()), ("producer", producer(path, labels)), ("kind", kind(path, labels))]


@dataclass
class Tally:
    """Counts of one group of files."""

    files: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    facts: list[int] = field(default_factory=lambda: [0, 0])  # [labelled, found]

    def add(self, tp: int, fp: int, fn: int, facts_labelled: int, facts_found: int) -> None:
        self.files += 1
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        self.facts = [self.facts[0] + facts_labelled, self.facts[1] + facts_found]

    def as_dict(self) -> dict:
        labelled, found = self.facts
        return {
            "files": self.files,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0,
            "recall": self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0,
            "fact_accuracy": found / labelled if labelled else 1.0,
        }


def render_groups(by: dict[str, dict[str, dict]]) -> list[str]:
    """Text lines: one table per grouping (by suffix, by producer, by kind)."""
    lines: list[str] = []
    for grouping, rows in by.items():
        if not rows:
            continue
        lines += ["", f"by {grouping}:", f"  {'':34} {'files':>5} {'precision':>9} {'recall':>7} {'facts':>6}"]
        for name, v in rows.items():
            lines.append(
                f"  {name:34} {v['files']:5} {v['precision']:9.3f} {v['recall']:7.3f} {v['fact_accuracy']:6.3f}"
                f"  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"
            )
    return lines
