"""Scoring on real reports labelled by hand (the format of `shared/real-dev/labels.json`).

A labels file is a JSON list, one object per report text: `file`, `facts`, and `relations`, each relation
with `kind`, `description`, `stated`, `computed`, `consistent` and `quote`. The scoring follows that set's
README:

- an inconsistent relation is *caught* when a warning or error on its file states the relation's `stated`
  number as a whole figure (in the finding's message, stated or expected value: not inside a longer
  number, and not only in a quote or a box);
- a warning or error that states no inconsistent relation's number is an *unexplained alarm*;
- arithmetic relations (every kind but `target_vs_actual`) and unmet targets are counted apart;
- a relation whose description says `ASSUMED` rests on a rule the text does not state: it is never
  required, and a finding on it is no alarm either.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex

from jixiao.patterns.precompiled import compiled

TARGET_KIND = "target_vs_actual"
ALARM_SEVERITIES = ("error", "warning")
THOUSANDS = compiled(r"(?<=\d),(?=\d{3})")


@dataclass
class Relation:
    file: str
    kind: str
    stated: str  # the printed number, as a plain decimal string
    description: str
    quote: str

    @property
    def assumed(self) -> bool:
        return "ASSUMED" in self.description

    @property
    def group(self) -> str:
        return "targets" if self.kind == TARGET_KIND else "arithmetic"


@dataclass
class RealScore:
    files: int = 0
    required: dict[str, int] = field(default_factory=Counter)  # group → inconsistent relations
    caught: dict[str, int] = field(default_factory=Counter)
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # caught, required
    by_rule: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # explained, alarms
    misses: list[Relation] = field(default_factory=list)
    alarms: list[dict] = field(default_factory=list)

    def recall(self, group: str) -> float:
        return self.caught[group] / self.required[group] if self.required[group] else 1.0

    @property
    def alarms_per_file(self) -> float:
        return len(self.alarms) / self.files if self.files else 0.0

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "arithmetic": {"caught": self.caught["arithmetic"], "of": self.required["arithmetic"]},
            "targets": {"caught": self.caught["targets"], "of": self.required["targets"]},
            "arithmetic_recall": round(self.recall("arithmetic"), 3),
            "targets_recall": round(self.recall("targets"), 3),
            "alarms": len(self.alarms),
            "alarms_per_file": round(self.alarms_per_file, 3),
            "by_kind": {k: {"caught": v[0], "of": v[1]} for k, v in sorted(self.by_kind.items())},
            "by_rule": {k: {"explained": v[0], "alarms": v[1]} for k, v in sorted(self.by_rule.items())},
            "misses": [{"file": m.file, "kind": m.kind, "stated": m.stated, "quote": m.quote} for m in self.misses],
            "alarms_list": self.alarms,
        }


def is_real_labels(path: Path) -> bool:
    """A folder holding a hand-made labels.json in the real-report format."""
    labels = path / "labels.json"
    if not labels.is_file():
        return False
    try:
        data = json.loads(labels.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, list) and all(isinstance(x, dict) and "relations" in x for x in data)


def load_relations(folder: Path) -> tuple[list[str], list[Relation]]:
    """The files and their inconsistent relations."""
    data = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    files, relations = [], []
    for entry in data:
        files.append(entry["file"])
        for r in entry.get("relations", []):
            if r.get("consistent", True) or r.get("stated") is None:
                continue
            stated = plain_number(r["stated"])
            if stated is None:
                continue
            relations.append(Relation(entry["file"], r.get("kind", "other"), stated, r.get("description", ""),
                                      r.get("quote", "")))  # fmt: skip
    return files, relations


def plain_number(value) -> str | None:
    """A label's number as a canonical decimal string (15, 98.5; 97.80% and 202年: the number before its
    unit); None when it is not a number, or holds more than one (2021年12月28日)."""
    text = THOUSANDS.sub("", str(value)).strip()
    m = regex.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*([^\d]*)", text)
    text = m.group(1) if m else text
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def states(finding: dict, number: str) -> bool:
    """Does the finding state `number` as a whole figure (not inside a longer number)?"""
    text = THOUSANDS.sub("", " ".join(str(finding.get(k) or "") for k in ("message", "stated", "expected")))
    return any(plain_number(m.group(0)) == number for m in regex.finditer(r"\d+(?:\.\d+)?", text))


def score(folder: Path, findings_by_file: dict[str, list[dict]]) -> RealScore:
    """Score the findings of each labelled file (keyed by file name) against its inconsistent relations."""
    files, relations = load_relations(folder)
    out = RealScore(files=len(files))
    by_file: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        by_file[r.file].append(r)
    for name in files:
        alarms = [f for f in findings_by_file.get(name, []) if f["severity"] in ALARM_SEVERITIES]
        for r in by_file[name]:
            hit = any(states(f, r.stated) for f in alarms)
            if r.assumed:
                continue
            out.required[r.group] += 1
            out.by_kind[r.kind][1] += 1
            if hit:
                out.caught[r.group] += 1
                out.by_kind[r.kind][0] += 1
            else:
                out.misses.append(r)
        for f in alarms:
            explained = any(states(f, r.stated) for r in by_file[name])
            out.by_rule[f["rule"]][0 if explained else 1] += 1
            if not explained:
                out.alarms.append({"file": name, "rule": f["rule"], "severity": f["severity"], "message": f["message"]})
    return out


def evaluate_real(folder: Path, jobs: int = 1) -> RealScore:
    """Check every labelled file of the folder and score the findings."""
    from .batch import in_order

    files, _ = load_relations(folder)
    results = in_order([str(folder / name) for name in files], jobs=jobs)
    return score(folder, {Path(res.path).name: res.findings for res in results})


def format_text(s: RealScore) -> str:
    d = s.as_dict()
    lines = [
        f"real reports: {d['files']} files",
        f"  arithmetic inconsistencies caught {d['arithmetic']['caught']}/{d['arithmetic']['of']}"
        f" ({d['arithmetic_recall']:.3f})",
        f"  unmet targets caught {d['targets']['caught']}/{d['targets']['of']} ({d['targets_recall']:.3f})",
        f"  unexplained alarms {d['alarms']} ({d['alarms_per_file']:.3f} per file)",
        "  by relation kind: " + ", ".join(f"{k} {v['caught']}/{v['of']}" for k, v in d["by_kind"].items()),
        "  by rule (explained / alarms): "
        + ", ".join(f"{k} {v['explained']}/{v['alarms']}" for k, v in d["by_rule"].items()),
    ]
    lines += [f"  miss  {m['file']} {m['kind']} {m['stated']}: {m['quote'][:60]}" for m in d["misses"]]
    lines += [f"  alarm {a['file']} {a['rule']} {a['severity']}: {a['message'][:80]}" for a in d["alarms_list"]]
    return "\n".join(lines)
