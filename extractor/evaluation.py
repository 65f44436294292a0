"""`jixiao eval`: recall and precision per rule, and fact accuracy per kind, against corpus labels.

A report `X.pdf` (or `X.txt`) is labelled by `X.labels.json`:
    {"facts":    [{"kind": "spend", "value": "1368.11", "unit": "万元", "subject": "…", "page": 2}, …],
     "findings": [{"rule": "rate-mismatch", "value": "96.18%", "page": 2}, …]}
A finding (warning or error) matches a label of the same rule whose `value` appears in what the
finding states, expects, says or quotes, on the labelled page when one is given. Each label is
matched once; repeated findings of one rule about one figure count once. A label may list other
rules under "also" when the same wrong figure is inconsistent under them too: a finding of any of
them matches it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import evalkinds
from .batch import in_order
from .reading import SUFFIXES
from .rules import all_rules

COUNTED = ("error", "warning")
TEXT_LAYER = "text"  # the producer of files whose labels name none


@dataclass
class Miss:
    file: str
    rule: str
    page: int | None
    detail: str


@dataclass
class Report:
    files: int = 0
    unreadable: list[str] = field(default_factory=list)
    tp: dict = field(default_factory=lambda: defaultdict(int))
    fp: dict = field(default_factory=lambda: defaultdict(int))
    fn: dict = field(default_factory=lambda: defaultdict(int))
    facts_total: dict = field(default_factory=lambda: defaultdict(int))
    facts_found: dict = field(default_factory=lambda: defaultdict(int))
    table_reports: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # format → [labelled, found]
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[Miss] = field(default_factory=list)
    fact_misses: list[Miss] = field(default_factory=list)
    groups: dict = field(default_factory=lambda: defaultdict(evalkinds.Tally))  # (grouping, name) → Tally
    no_reader: list[str] = field(default_factory=list)  # labelled files of a kind no reader reads here

    def precision(self, rule: str | None = None) -> float:
        tp, fp = self._sum(self.tp, rule), self._sum(self.fp, rule)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, rule: str | None = None) -> float:
        tp, fn = self._sum(self.tp, rule), self._sum(self.fn, rule)
        return tp / (tp + fn) if tp + fn else 1.0

    @staticmethod
    def _sum(d: dict, rule: str | None) -> int:
        return d.get(rule, 0) if rule else sum(d.values())

    def fact_accuracy(self, kind: str | None = None) -> float:
        total = self.facts_total.get(kind, 0) if kind else sum(self.facts_total.values())
        found = self.facts_found.get(kind, 0) if kind else sum(self.facts_found.values())
        return found / total if total else 1.0


def _norm(s: str) -> str:
    return "".join(str(s).split()).replace(",", "")


def _haystack(f: dict) -> str:
    parts = [f["stated"], f["expected"], f["message"]] + [e["quote"] for e in f["evidence"]]
    return _norm(" ".join(parts))


def _pages(f: dict) -> set[int]:
    return {e["page"] for e in f["evidence"]} | {f["page"]}


def _decimal(s) -> Decimal | None:
    try:
        return Decimal(str(s).replace(",", ""))
    except InvalidOperation:
        return None


def match_findings(labels: list[dict], found: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(matched pairs, unmatched labels, unmatched findings) — each side used once."""
    found = [f for f in found if f["severity"] in COUNTED]
    used: set[int] = set()
    pairs, missed = [], []
    for lab in labels:
        value = _norm(lab.get("value", ""))
        hit = None
        rules = {lab["rule"], *lab.get("also", [])}  # a wrong figure may break more than one rule
        for i, f in enumerate(found):
            if i in used or f["rule"] not in rules:
                continue
            if value and value not in _haystack(f):
                continue
            if lab.get("page") and lab["page"] not in _pages(f):
                continue
            hit = i
            break
        if hit is None:
            missed.append(lab)
        else:
            used.add(hit)
            pairs.append((lab, found[hit]))
    extra = [f for i, f in enumerate(found) if i not in used]
    # a second finding about a labelled figure, of the same rule or of another rule the label names
    # under "also", repeats a true finding: it is not a false alarm
    matched_keys = {(f["rule"], f["stated"]) for _, f in pairs}
    named = {(r, _norm(lab.get("value", ""))) for lab, _ in pairs for r in {lab["rule"], *lab.get("also", [])}}
    extra = [
        f
        for f in extra
        if (f["rule"], f["stated"]) not in matched_keys
        and not any(r == f["rule"] and v and v in _haystack(f) for r, v in named)
    ]
    return pairs, missed, extra


def _same_subject(labelled: str, extracted: str) -> bool:
    """A label names its subject in its own words (产出指标); the extractor's is canonical (产出)."""
    from .extract.labels import canonical_subject

    return labelled in extracted or canonical_subject(labelled) in (extracted, canonical_subject(extracted))


def fact_found(label: dict, facts: list[dict]) -> bool:
    want = _decimal(label["value"])
    for f in facts:
        # a written-out average (平均执行率=(…)/12=92.24%) is a formula fact whose result is the rate
        same_kind = f["kind"] == label["kind"] or (
            f["kind"] == "formula" and label["kind"] == "execution_rate" and "执行率" in f["label"]
        )
        if not same_kind or _decimal(f["value"]) != want:
            continue
        if label.get("unit") and f["unit"] != label["unit"]:
            continue
        if label.get("page") and f["page"] != label["page"]:
            continue
        if label.get("subject") and not _same_subject(label["subject"], f["subject"]):
            continue
        return True
    return False


#: Suffixes a labelled report may have, in the order looked for beside its labels.
LABELLED_SUFFIXES = (".pdf", ".txt", ".docx", ".xlsx")


def labelled_files(corpus: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    """(file, labels) for each labels file whose report a reader reads; the reports no reader reads."""
    files, unread = [], []
    for lab in sorted(corpus.rglob("*.labels.json")):
        stem = lab.name[: -len(".labels.json")]
        for suffix in LABELLED_SUFFIXES:
            path = lab.parent / f"{stem}{suffix}"
            if not path.exists():
                continue
            if suffix in SUFFIXES:
                files.append((str(path), json.loads(lab.read_text(encoding="utf-8"))))
            else:
                unread.append(str(path))
            break
    return files, unread


def evaluate_corpus(corpus_dir, jobs: int = 1, skip_producers: tuple[str, ...] = ()) -> Report:
    """The corpus against its labels; files whose labels name a producer in `skip_producers` are left out
    (the scans: OCR costs minutes of CPU), and each input kind is scored apart as well (evalkinds.py)."""
    files, unread = labelled_files(Path(corpus_dir))
    files = [(f, labels) for f, labels in files if labels.get("producer") not in skip_producers]
    labels_of = dict(files)
    report = Report(no_reader=unread)
    for res in in_order([f for f, _ in files], jobs=jobs):
        report.files += 1
        labels = labels_of[res.path]
        if res.error:
            report.unreadable.append(res.error)
            for lab in labels.get("findings", []):
                report.fn[lab["rule"]] += 1
            for g in evalkinds.groups(res.path, labels):
                report.groups[g].add(0, 0, len(labels.get("findings", [])), len(labels.get("facts", [])), 0)
            continue
        pairs, missed, extra = match_findings(labels.get("findings", []), res.findings)
        for lab, _ in pairs:
            report.tp[lab["rule"]] += 1
        for lab in missed:
            report.fn[lab["rule"]] += 1
            report.misses.append(Miss(res.path, lab["rule"], lab.get("page"), lab.get("value", "")))
        for f in extra:
            report.fp[f["rule"]] += 1
            report.false_alarms.append(Miss(res.path, f["rule"], f["page"], f["message"]))
        found = _score_facts(report, res, labels)
        for g in evalkinds.groups(res.path, labels):
            report.groups[g].add(len(pairs), len(extra), len(missed), len(labels.get("facts", [])), found)
    return report


def _score_facts(report: Report, res, labels: dict) -> int:
    """Count the file's labelled facts found; return how many were."""
    fmt = "pdf" if res.path.endswith(".pdf") else labels.get("table_style", Path(res.path).suffix.lstrip("."))
    hits = 0
    for lab in labels.get("facts", []):
        report.facts_total[lab["kind"]] += 1
        found = fact_found(lab, res.facts)
        hits += found
        if labels.get("kind") == "table" and lab["kind"] != "year":
            report.table_reports[fmt][0] += 1
            report.table_reports[fmt][1] += found
        if found:
            report.facts_found[lab["kind"]] += 1
        else:
            report.fact_misses.append(
                Miss(
                    res.path,
                    lab["kind"],
                    lab.get("page"),
                    f"{lab.get('subject', '')} {lab['value']}{lab.get('unit', '')}",
                )
            )
    return hits


def as_dict(r: Report) -> dict:
    rules = sorted(set(all_rules()) | set(r.tp) | set(r.fp) | set(r.fn))
    return {
        "files": r.files,
        "unreadable": r.unreadable,
        "overall": {
            "precision": r.precision(),
            "recall": r.recall(),
            "tp": sum(r.tp.values()),
            "fp": sum(r.fp.values()),
            "fn": sum(r.fn.values()),
        },
        "rules": {
            k: {
                "tp": r.tp.get(k, 0),
                "fp": r.fp.get(k, 0),
                "fn": r.fn.get(k, 0),
                "precision": r.precision(k),
                "recall": r.recall(k),
            }
            for k in rules
        },
        "facts": {
            k: {"labelled": r.facts_total[k], "found": r.facts_found.get(k, 0), "accuracy": r.fact_accuracy(k)}
            for k in sorted(r.facts_total)
        },
        "fact_accuracy": r.fact_accuracy(),
        "table_reports": {
            k: {"labelled": v[0], "found": v[1], "accuracy": v[1] / v[0] if v[0] else 1.0}
            for k, v in sorted(r.table_reports.items())
        },
        "by": {
            grouping: {name: t.as_dict() for (g, name), t in sorted(r.groups.items()) if g == grouping}
            for grouping in ("suffix", "producer", "kind")
        },
        "no_reader": r.no_reader,
        "misses": [m.__dict__ for m in r.misses],
        "false_alarms": [m.__dict__ for m in r.false_alarms],
        "fact_misses": [m.__dict__ for m in r.fact_misses],
    }


def render(r: Report, fmt: str = "text") -> str:
    d = as_dict(r)
    if fmt == "json":
        return json.dumps(d, ensure_ascii=False, indent=1) + "\n"
    o = d["overall"]
    lines = [
        f"{d['files']} files, {len(d['unreadable'])} unreadable",
        f"overall: precision {o['precision']:.3f}  recall {o['recall']:.3f}  (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})",
        "",
        f"{'rule':18} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}",
    ]
    for k, v in d["rules"].items():
        lines.append(f"{k:18} {v['tp']:4} {v['fp']:4} {v['fn']:4} {v['precision']:9.3f} {v['recall']:7.3f}")
    lines += [
        "",
        f"facts: accuracy {d['fact_accuracy']:.3f}",
        f"{'kind':18} {'labelled':>8} {'found':>6} {'accuracy':>8}",
    ]
    for k, v in d["facts"].items():
        lines.append(f"{k:18} {v['labelled']:8} {v['found']:6} {v['accuracy']:8.3f}")
    lines += evalkinds.render_groups(d["by"])
    if d["no_reader"]:
        kinds = sorted({Path(p).suffix for p in d["no_reader"]})
        lines += [
            "",
            f"not evaluated: {len(d['no_reader'])} labelled {', '.join(kinds)} files (no reader for them here)",
        ]
    if d["table_reports"]:
        lines += ["", "facts of 自评表 reports, by format (cells read as rows and columns):"]
        for k, v in d["table_reports"].items():
            lines.append(f"  {k:14} {v['found']:5}/{v['labelled']:<5} {v['accuracy']:.3f}")
    for title, rows in (
        ("misses", d["misses"]),
        ("false alarms", d["false_alarms"]),
        ("fact misses", d["fact_misses"]),
    ):
        if rows:
            lines += ["", f"{title}:"] + [f"  {m['file']}:{m['page']}: {m['rule']} {m['detail']}" for m in rows]
    return "\n".join(lines) + "\n"
