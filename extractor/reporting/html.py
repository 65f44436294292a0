"""A self-contained HTML report: a summary per file, every finding in one filterable list, and each finding
with its quotes and its evidence in place: for a PDF, a picture of the page around the evidence with each
box outlined (`crops.py`); for a text file, its own numbered lines with the figures marked.

Pictures are the one place the original file is opened after reading: pixels are not part of the
Document. They are embedded as data (each identical picture once), with the style and the filter
script inline, so the page needs no network and no other file.
"""

from __future__ import annotations

import base64
import html
from collections import Counter

from ..marks import HTML_GENERATOR
from .crops import MAX_PAGES, evidence_marks, file_crops
from .htmlassets import CSS, SCRIPT, WORDS
from .sourcelines import excerpt, file_lines

SEVERITIES = ("error", "warning", "info")
PX_PER_PT = 96 / 72  # pictures shown at the page's printed size


def _e(s) -> str:
    return html.escape(str(s) if s is not None else "")


def _at(w: dict, key: str, n) -> str:
    return w[key].format(n)


def render_html(results, lang: str = "zh", images: bool = True) -> str:
    w = WORDS.get(lang, WORDS["zh"])
    pictures: dict[str, bytes] = {}  # key → PNG, each embedded once
    sections = [_section(k, res, w, pictures if images else None) for k, res in enumerate(results, start=1)]
    return "\n".join(
        [
            f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">{HTML_GENERATOR}',
            f'<meta name="viewport" content="width=device-width"><title>{_e(w["title"])}</title>',
            f"<style>{CSS}{_picture_css(pictures)}</style></head><body>",
            f"<h1>{_e(w['title'])}</h1>",
            _filters(results, w),
            _summary(results, w),
            _list(results, w),
            *sections,
            f"<script>{SCRIPT}</script></body></html>",
        ]
    )


def _picture_css(pictures: dict[str, bytes]) -> str:
    return "".join(
        f".p{key}{{background-image:url(data:image/png;base64,{base64.b64encode(png).decode()})}}\n"
        for key, png in pictures.items()
    )


def _filters(results, w: dict) -> str:
    rules = sorted({f["rule"] for res in results for f in res.findings})
    rule_options = "".join(f'<option value="{_e(r)}">{_e(r)}</option>' for r in rules)
    file_options = "".join(f'<option value="{k}">{_e(res.path)}</option>' for k, res in enumerate(results, start=1))
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {_e(w[s])}</label>' for s in SEVERITIES
    )
    return (
        f'<form id="filters" onsubmit="return false">'
        f'<label>{_e(w["rule"])} <select id="f-rule"><option value="">{_e(w["all"])}</option>{rule_options}</select></label>'
        f"<span>{_e(w['severity'])}: {boxes}</span>"
        f'<label>{_e(w["file"])} <select id="f-file"><option value="">{_e(w["all"])}</option>{file_options}</select></label>'
        f'<span>{_e(w["shown"])} <span id="shown"></span></span></form>'
    )


def _summary(results, w: dict) -> str:
    head = "".join(f"<th>{_e(w[s])}</th>" for s in SEVERITIES)
    rows = [f"<tr><th>{_e(w['file'])}</th>{head}</tr>"]
    for k, res in enumerate(results, start=1):
        link = f'<a href="#file-{k}">{_e(res.path)}</a>'
        if res.error:
            rows.append(f'<tr><td>{link}</td><td colspan=3 class="unreadable">{_e(w["unreadable"])}</td></tr>')
            continue
        counts = Counter(f["severity"] for f in res.findings)
        rows.append(f"<tr><td>{link}</td>" + "".join(f"<td>{counts[s]}</td>" for s in SEVERITIES) + "</tr>")
    return f'<table class="summary">{"".join(rows)}</table>'


def _where(e: dict, w: dict) -> str:
    if e.get("place"):  # Word, Excel: 段12, 表2 行3 列4, Sheet1!C5
        return e["place"]
    return _at(w, "line", e["line"]) if e.get("line") else _at(w, "page", e["page"])


def _data(k: int, f: dict) -> str:
    return f'data-file="{k}" data-rule="{_e(f["rule"])}" data-severity="{_e(f["severity"])}"'


def _list(results, w: dict) -> str:
    """Every finding in one table; each row links to the finding's evidence."""
    head = "".join(f"<th>{_e(w[c])}</th>" for c in ("where", "severity", "rule", "message", "evidence"))
    rows = []
    for k, res in enumerate(results, start=1):
        for n, f in enumerate(res.findings, start=1):
            where = f"{_e(res.path)}:{_e(_where(f['evidence'][0], w) if f['evidence'] else '')}"
            rows.append(
                f'<tr {_data(k, f)}><td><a href="#f{k}-{n}">{where}</a></td>'
                f'<td class="sev {_e(f["severity"])}">{_e(w.get(f["severity"], f["severity"]))}</td>'
                f'<td><span class="rule">{_e(f["rule"])}</span></td><td class="msg">{_e(f["message"])}</td>'
                f'<td><a href="#e{k}-{n}">{_e(w["evidence"])}</a></td></tr>'
            )
    return f'<h2>{_e(w["findings"])}</h2><table class="list"><tr>{head}</tr>{"".join(rows)}</table>'


def _section(k: int, res, w: dict, pictures: dict | None) -> str:
    out = [f'<section class="file" id="file-{k}" data-file="{k}"><h2>{_e(res.path)}</h2>']
    if res.error:
        out.append(f'<p class="unreadable">{_e(res.error)}</p></section>')
        return "".join(out)
    if not res.findings:
        out.append(f"<p>{_e(w['none'])}</p>")
    is_pdf = res.path.lower().endswith(".pdf")
    crops = file_crops(res.path, res.findings) if pictures is not None and is_pdf and res.findings else {}
    lines = file_lines(res.path) if pictures is not None and not is_pdf and res.findings else []
    for n, f in enumerate(res.findings, start=1):
        evidence = _pictures(k, n, crops.get(n - 1, []), w, pictures) if is_pdf else _lines(k, n, lines, f, w)
        out.append(_finding(k, n, f, w, evidence))
    if is_pdf and len({e["page"] for f in res.findings for e in f["evidence"]}) > MAX_PAGES:
        out.append(f'<p class="note">{_e(_at(w, "more", MAX_PAGES))}</p>')
    out.append("</section>")
    return "".join(out)


def _finding(k: int, n: int, f: dict, w: dict, evidence: str) -> str:
    quotes = []
    for mark, e in evidence_marks(f):
        cell = f" [{_e(e['cell'])}]" if e.get("cell") else ""
        quotes.append(f'<blockquote><span class="num">{mark}</span>{_where(e, w)}{cell}: {_e(e["quote"])}</blockquote>')
    values = ""
    if f["stated"] or f["expected"]:
        values = (
            f'<div class="values">{_e(w["stated"])} <b>{_e(f["stated"])}</b> · '
            f"{_e(w['expected'])} <b>{_e(f['expected'])}</b></div>"
        )
    sev = _e(w.get(f["severity"], f["severity"]))
    return (
        f'<article class="finding {_e(f["severity"])}" id="f{k}-{n}" {_data(k, f)}>'
        f'<div><span class="num">{n}</span><span class="sev">{sev}</span><span class="rule">{_e(f["rule"])}</span> '
        f'{_e(f["message"])} <a href="#e{k}-{n}">↓ {_e(w["evidence"])}</a></div>'
        f'{values}{"".join(quotes)}<div id="e{k}-{n}">{evidence}</div></article>'
    )


def _pictures(k: int, n: int, crops: list, w: dict, pictures: dict) -> str:
    out = []
    for crop in crops:
        pictures.setdefault(crop.key, crop.image)
        label = _at(w, "page", crop.page)
        marks = f" · {_e(w['marks'])} {'、'.join(map(str, crop.marks))}" if len(crop.marks) > 1 else ""
        note = (
            f'<div class="note">{_e(w["fonts"].format(", ".join(crop.missing_fonts)))}</div>'
            if crop.missing_fonts
            else ""
        )
        style = f"width:{crop.width_pt * PX_PER_PT:.0f}px;aspect-ratio:{crop.width_pt:.1f}/{crop.height_pt:.1f}"
        out.append(
            f'<figure class="crop"><div class="img p{crop.key}" role="img" '
            f'aria-label="{_e(w["picture"])} {_e(label)}" style="{style}"></div>'
            f'<figcaption>{_e(label)}{marks} · <a href="#f{k}-{n}">↑ {_e(w["back"])}</a></figcaption>{note}</figure>'
        )
    return "".join(out)


def _lines(k: int, n: int, lines: list[str], f: dict, w: dict) -> str:
    shown = excerpt(lines, f["evidence"])
    if not shown:
        return ""
    rows = []
    for number, parts in shown:
        text = "".join(f"<mark>{_e(t)}</mark>" if marked else _e(t) for t, marked in parts)
        rows.append(f'<span class="ln">{number}</span>{text}')
    return f'<pre class="lines">{chr(10).join(rows)}</pre><a href="#f{k}-{n}">↑ {_e(w["back"])}</a>'
