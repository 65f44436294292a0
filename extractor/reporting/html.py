"""A self-contained HTML report: findings per file with their evidence, and for PDFs the pages they
point at, rendered with every quoted figure boxed and numbered.

Page images are the one place the original file is opened after reading: pixels are not part of the
Document. Rendering uses pdfplumber's page.to_image (pypdfium2), only for pages that carry evidence.
"""

from __future__ import annotations

import base64
import html
import io
from collections import defaultdict

DPI = 90
MAX_PAGES_PER_FILE = 40
COLOURS = {"error": (200, 30, 30), "warning": (215, 140, 0), "info": (40, 100, 200)}
CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table.summary{border-collapse:collapse} table.summary td,table.summary th{border:1px solid #ccc;padding:.3em .7em}
.finding{border-left:5px solid #999;padding:.4em .8em;margin:.8em 0;background:#fafafa}
.finding.error{border-color:#c81e1e}.finding.warning{border-color:#d78c00}.finding.info{border-color:#2864c8}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em;margin-right:.5em}
.error .sev{color:#c81e1e}.warning .sev{color:#d78c00}.info .sev{color:#2864c8}
.rule{font-family:monospace;background:#eee;padding:0 .3em}
.values{margin:.3em 0;font-size:.95em} blockquote{margin:.2em 0 .2em 1em;color:#444;font-size:.92em}
.num{display:inline-block;min-width:1.4em;text-align:center;background:#222;color:#fff;border-radius:.7em;font-size:.8em}
.page{margin:1em 0} .page img{border:1px solid #bbb;max-width:100%}
.unreadable{color:#c81e1e}
"""


def _e(s) -> str:
    return html.escape(str(s) if s is not None else "")


def _words(lang: str) -> dict:
    if lang == "en":
        return {
            "title": "jixiao report",
            "file": "file",
            "errors": "errors",
            "warnings": "warnings",
            "info": "info",
            "stated": "stated",
            "expected": "expected",
            "page": "page",
            "line": "line",
            "unreadable": "could not be read",
        }
    return {
        "title": "jixiao 检查报告",
        "file": "文件",
        "errors": "错误",
        "warnings": "警告",
        "info": "提示",
        "stated": "所述",
        "expected": "应为",
        "page": "第{}页",
        "line": "第{}行",
        "unreadable": "无法读取",
    }


def _where(e: dict, w: dict) -> str:
    if e.get("place"):  # Word, Excel: 段12, 表2 行3 列4, Sheet1!C5
        return e["place"]
    if e.get("line"):
        return w["line"].format(e["line"]) if "{}" in w["line"] else f"{w['line']} {e['line']}"
    return w["page"].format(e["page"]) if "{}" in w["page"] else f"{w['page']} {e['page']}"


def render_html(results, lang: str = "zh", images: bool = True) -> str:
    w = _words(lang)
    out = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{w["title"]}</title>',
        f"<style>{CSS}</style></head><body><h1>{w['title']}</h1>",
        _summary(results, w),
    ]
    for res in results:
        out.append(f'<h2 id="{_e(res.path)}">{_e(res.path)}</h2>')
        if res.error:
            out.append(f'<p class="unreadable">{_e(res.error)}</p>')
            continue
        marks: dict[int, list] = defaultdict(list)  # page → [(number, bbox, severity)]
        for n, f in enumerate(res.findings, start=1):
            out.append(_finding(n, f, w))
            for e in f["evidence"]:
                if e.get("bbox") and not e.get("line"):
                    marks[e["page"]].append((n, e["bbox"], f["severity"]))
        if images and marks and res.path.lower().endswith(".pdf"):
            out.extend(_pages(res.path, marks, w))
    out.append("</body></html>")
    return "\n".join(out)


def _summary(results, w) -> str:
    rows = [f"<tr><th>{w['file']}</th><th>{w['errors']}</th><th>{w['warnings']}</th><th>{w['info']}</th></tr>"]
    for res in results:
        counts = defaultdict(int)
        for f in res.findings:
            counts[f["severity"]] += 1
        if res.error:
            rows.append(
                f'<tr><td><a href="#{_e(res.path)}">{_e(res.path)}</a></td><td colspan=3 class="unreadable">{w["unreadable"]}</td></tr>'
            )
        else:
            rows.append(
                f'<tr><td><a href="#{_e(res.path)}">{_e(res.path)}</a></td><td>{counts["error"]}</td>'
                f"<td>{counts['warning']}</td><td>{counts['info']}</td></tr>"
            )
    return f'<table class="summary">{"".join(rows)}</table>'


def _finding(n: int, f: dict, w: dict) -> str:
    quotes, seen = [], set()
    for e in f["evidence"]:
        key = (e["page"], e.get("line"), e["quote"])
        if key in seen:
            continue
        seen.add(key)
        cell = f" [{_e(e['cell'])}]" if e.get("cell") else ""
        quotes.append(f"<blockquote>{_where(e, w)}{cell}: {_e(e['quote'])}</blockquote>")
    values = ""
    if f["stated"] or f["expected"]:
        values = f'<div class="values">{w["stated"]} <b>{_e(f["stated"])}</b> · {w["expected"]} <b>{_e(f["expected"])}</b></div>'
    return (
        f'<div class="finding {_e(f["severity"])}" data-rule="{_e(f["rule"])}"><span class="num">{n}</span> '
        f'<span class="sev">{_e(f["severity"])}</span><span class="rule">{_e(f["rule"])}</span> {_e(f["message"])}'
        f"{values}{''.join(quotes)}</div>"
    )


def _pages(path: str, marks: dict[int, list], w: dict) -> list[str]:
    import pdfplumber

    out = []
    try:
        with pdfplumber.open(path) as pdf:
            for page_no in sorted(marks)[:MAX_PAGES_PER_FILE]:
                page = pdf.pages[page_no - 1]
                im = page.to_image(resolution=DPI)
                for _n, bbox, severity in marks[page_no]:
                    colour = COLOURS.get(severity, (90, 90, 90))
                    im.draw_rect(tuple(bbox), stroke=colour, fill=(*colour, 40), stroke_width=2)
                img = im.annotated
                _number(img, marks[page_no], page, DPI)
                buf = io.BytesIO()
                img.convert("RGB").save(buf, format="PNG", optimize=True)
                data = base64.b64encode(buf.getvalue()).decode()
                label = w["page"].format(page_no) if "{}" in w["page"] else f"{w['page']} {page_no}"
                out.append(
                    f'<div class="page"><div>{_e(label)}</div><img alt="{_e(label)}" src="data:image/png;base64,{data}"></div>'
                )
                page.close()
    except Exception:  # noqa: BLE001 - a page that cannot be drawn leaves the findings above intact
        pass
    return out


def _number(img, marks, page, dpi: int) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    scale = dpi / 72
    for n, bbox, severity in marks:
        x, y = bbox[0] * scale, bbox[1] * scale
        colour = COLOURS.get(severity, (90, 90, 90))
        draw.rectangle((x - 14, y - 12, x - 1, y + 1), fill=colour)
        draw.text((x - 12, y - 12), str(n), fill=(255, 255, 255))
