"""`jixiao diff`: a ReportDiff as text, JSON or an Excel workbook, in the report's language (Chinese by
default, English with --lang en): changes, kinds, subjects, severities and places as a reader names them.
JSON keeps the codes (`change`, `kind`) and adds the names (`kind_name`, `subject_name`). The names and
the workbook are imported where they are used: `jixiao --help` lists DIFF_FORMATS without loading the model."""

from __future__ import annotations

import json
import os

DIFF_FORMATS = ("text", "json", "xlsx")
WORDS = {
    "zh": {
        "figures": "数字：{changed} 处改动，{added} 处新增，{removed} 处删除",
        "findings": "问题：{appeared} 个新出现，{resolved} 个已解决",
        "none": "两版数字与问题均无变化",
        "same_quote": "（与上一条同句）",
    },
    "en": {
        "figures": "figures: {changed} changed, {added} added, {removed} removed",
        "findings": "findings: {appeared} appeared, {resolved} resolved",
        "none": "no figure and no finding differs between the versions",
        "same_quote": "(the sentence above)",
    },
}
FIGURE_COLUMNS = ["change", "kind", "label", "subject", "old_value", "new_value", "old_page", "old_line", "old_place",
                  "old_link", "new_page", "new_line", "new_place", "new_link", "old_quote", "new_quote"]  # fmt: skip
FINDING_COLUMNS = ["change", "file", "page", "line", "place", "link", "rule", "severity", "subject", "message",
                   "stated", "stated_value", "expected", "expected_value", "quote", "evidence"]  # fmt: skip


def where(fact: dict | None, lang: str = "zh") -> str:
    """A figure's place in its version: its page and, in a text file, its line (第1页第17行; p.1 line 17)."""
    from . import names

    if not fact:
        return "-"
    return names.location(fact.get("page"), fact.get("line"), fact.get("place") or "", lang, both=True) or "-"


def _shown(fact: dict | None) -> str:
    return f"{fact['qualifier']}{fact['value']}{fact['unit']}" if fact else "-"


def _named(fact: dict, lang: str) -> str:
    """What a figure is, as the report labels it (else its kind's name), and whose."""
    from . import names

    label = fact.get("label") or names.say(names.KIND, fact["kind"], lang)
    subject = names.subject_name(fact["subject"], lang)
    if not subject or subject == label:
        return label
    return f"{label}（{subject}）" if lang != "en" else f"{label} ({subject})"


def render_text(diff, lang: str = "zh") -> str:
    from . import names

    w = WORDS.get(lang, WORDS["zh"])
    colon = ": " if lang == "en" else "："
    lines = [f"--- {diff.old_path}", f"+++ {diff.new_path}"]
    lines.append(w["figures"].format(**{c: diff.count(c) for c in ("changed", "added", "removed")}))
    shown = {"-": None, "+": None}  # the quote last printed of each version, with its place
    for c in diff.figures:
        lines.append(
            f"  {names.say(names.CHANGE, c.change, lang)} {_named(c.fact, lang)}{colon}{_shown(c.old)} → {_shown(c.new)}"
            + (
                f"  ({where(c.old, lang)} → {where(c.new, lang)})"
                if lang == "en"
                else f"（{where(c.old, lang)} → {where(c.new, lang)}）"
            )
        )
        for sign, fact in (("-", c.old), ("+", c.new)):
            if fact:
                lines.append(f"      {sign} {_quote(fact, shown, sign, w)}")
    lines.append(w["findings"].format(**{c: diff.count(c) for c in ("appeared", "resolved")}))
    for change, f in diff.findings:
        place = names.location(f.get("page"), f.get("line"), f.get("place") or "", lang, both=True)
        lines.append(
            f"  {names.say(names.CHANGE, change, lang)} {f['rule']} {names.say(names.SEVERITY, f['severity'], lang)} {place}{colon}{f['message']}"
        )
    if not diff.figures and not diff.findings:
        lines.append(w["none"])
    return "\n".join(lines) + "\n"


def _quote(fact: dict, shown: dict, sign: str, w: dict) -> str:
    """A figure's quote; a part of the sentence just quoted for the figure before it says so instead of
    repeating it (two figures of one sentence have overlapping quotes, the second cut where it starts)."""
    here = (fact.get("page"), fact.get("line"), fact.get("place"))
    last = shown[sign]
    if last and last[0] == here and fact["quote"] in last[1]:
        return w["same_quote"]
    shown[sign] = (here, fact["quote"])
    return fact["quote"]


def render_json(diff, lang: str = "zh") -> str:
    from . import names

    figures = []
    for c in diff.figures:
        fact = c.fact
        named = {
            "kind_name": names.say(names.KIND, fact["kind"], lang),
            "subject_name": names.subject_name(fact["subject"], lang),
        }
        figures.append({"change": c.change, "kind": fact["kind"], **named, "old": c.old, "new": c.new})
    data = {
        "old": diff.old_path,
        "new": diff.new_path,
        "figures": figures,
        "findings": [{"change": change} | f for change, f in diff.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


def figure_row(change, base: str, lang: str) -> dict:
    """One changed figure as the workbook shows it: names, both values as numbers printed as the report
    printed them, both places with a link to each version's page, both quotes."""
    from . import names
    from .records import decimal
    from .xlsx import file_link, number

    fact = change.fact
    row = {
        "change": names.say(names.CHANGE, change.change, lang),
        "kind": names.say(names.KIND, fact["kind"], lang),
        "label": fact.get("label", ""),
        "subject": names.subject_name(fact["subject"], lang),
    }
    for side, version in (("old", change.old), ("new", change.new)):
        if not version:
            continue
        grouped = "," in (version.get("text") or "")
        row[f"{side}_value"] = number(
            decimal(version.get("value")), version.get("decimals") or 0, version.get("unit") or "", grouped
        )
        row |= {f"{side}_{k}": version.get(k) for k in ("page", "line", "place", "quote")}
        row[f"{side}_link"] = file_link(version["file"], version.get("page"), version.get("line"), base, lang)
    return row


def finding_row(change: str, finding: dict, base: str, lang: str) -> dict:
    """One finding that appeared or was resolved, as the check workbook's 问题 sheet shows it, linked to the
    version it belongs to and coloured by its severity."""
    from . import names
    from .xlsx import finding_row as check_finding_row

    return check_finding_row(finding, base, lang) | {
        "change": names.say(names.CHANGE, change, lang),
        "subject": names.subject_name(finding.get("subject"), lang),
    }


def write_xlsx(diff, path, lang: str = "zh") -> None:
    """Sheets 数字变化 and 问题变化 (figures, findings with --lang en), written as the check workbook is:
    headers in the reader's language, numbers with the report's decimals and units as number formats
    (percents as fractions shown 0.00%), links to each version's file and page, severity colours, widths
    that fit, frozen header and filters."""
    from . import names
    from .xlsx import write_workbook

    base = os.path.dirname(os.path.abspath(path))
    placed = any(c.fact.get("place") for c in diff.figures)  # only Word and Excel files have places
    figure_columns = [c for c in FIGURE_COLUMNS if placed or not c.endswith("_place")]
    write_workbook(
        str(path),
        {
            names.say(names.SHEETS, "diff_figures", lang): (
                figure_columns,
                [figure_row(c, base, lang) for c in diff.figures],
            ),
            names.say(names.SHEETS, "diff_findings", lang): (
                FINDING_COLUMNS,
                [finding_row(c, f, base, lang) for c, f in diff.findings],
            ),
        },
        lang,
    )


def render(diff, fmt: str, lang: str, path) -> str:
    """What `jixiao diff -f FMT` prints, or '' once an xlsx file is written to `path`."""
    if fmt == "json":
        return render_json(diff, lang)
    if fmt == "xlsx":
        write_xlsx(diff, path, lang)
        return ""
    return render_text(diff, lang)
