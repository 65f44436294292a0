"""Text inputs have no page to picture: their evidence is shown as the file's own lines, numbered, with the
quoted figure marked, a line of context on either side.

Evidence boxes of text files are (column, line, column, line) (see reading/text.py); the lines are split
here as the text reader splits them (newlines normalised, form feeds dropped), so columns match.
"""

from __future__ import annotations

from pathlib import Path

CONTEXT_LINES = 1
MAX_LINE_CHARS = 400  # a longer line is shown around its marked part


def file_lines(path: str) -> list[str]:
    """The file's lines as the text reader numbers them, or [] when it can no longer be read."""
    from ..reading.errors import ReadError
    from ..reading.text import decode

    try:
        text, _encoding = decode(Path(path).read_bytes(), path)
    except (OSError, ReadError):
        return []
    return [r.replace("\f", "") for r in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def excerpt(lines: list[str], evidence: list[dict]) -> list[tuple[int, list[tuple[str, bool]]]]:
    """[(line number, [(text, marked)])] around the evidence lines; marked parts are the quoted figures."""
    marks: dict[int, list[tuple[int, int]]] = {}
    for e in evidence:
        line = e.get("line")
        if not line or not 1 <= line <= len(lines):
            continue
        box = e.get("bbox")
        if not box or int(box[1]) != line:  # a table cell: the line is shown, unmarked
            marks.setdefault(line, [])
            continue
        last = min(int(box[3]), len(lines))  # a figure may run on over the next lines
        for n in range(line, last + 1):
            start = int(box[0]) if n == line else 0
            end = int(box[2]) if n == last else len(lines[n - 1])
            marks.setdefault(n, []).append((start, end))
    shown = sorted({n for line in marks for n in range(line - CONTEXT_LINES, line + CONTEXT_LINES + 1)})
    return [(n, _parts(lines[n - 1], marks.get(n, []))) for n in shown if 1 <= n <= len(lines)]


def _parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    spans = sorted((max(0, a), min(len(text), b)) for a, b in spans if b > a)
    if len(text) > MAX_LINE_CHARS:
        centre = spans[0][0] if spans else 0
        start = max(0, centre - MAX_LINE_CHARS // 2)
        end = start + MAX_LINE_CHARS
        spans = [(max(a, start) - start, min(b, end) - start) for a, b in spans if b > start and a < end]
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        spans = [(a + (1 if start else 0), b + (1 if start else 0)) for a, b in spans]
    parts, at = [], 0
    for a, b in spans:
        if a < at:
            a = at
        if b <= a:
            continue
        parts.append((text[at:a], False))
        parts.append((text[a:b], True))
        at = b
    parts.append((text[at:], False))
    return [(t, m) for t, m in parts if t]
