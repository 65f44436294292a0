"""Annotated copies of the checked PDFs (`jixiao check --annotate DIR`): every evidence box becomes a
highlight annotation (/Highlight with /QuadPoints, in the finding's severity colour) whose note (/Contents,
shown in a popup by PDF viewers) holds the finding: rule, severity, message, what was stated and expected.

The copy is written with pypdf; nothing else of the PDF changes. Text inputs have no page to annotate and
are skipped with a note. A copy of a PDF opened with --password is encrypted again with that password; a
PDF that needed no password to open (an owner password only) is copied without its restrictions.
"""

from __future__ import annotations

from pathlib import Path

from ..journal import atomic_path
from ..marks import ANNOTATED_KEY
from .crops import evidence_marks
from .names import SEVERITY, say
from .pagespace import to_user_space

# Highlights are drawn with a multiply blend: light tints keep the text black and readable.
TINTS = {"error": "ff8c8c", "warning": "ffd255", "info": "8cc3ff"}
AUTHOR = "jixiao"
POPUP_SIZE = (220.0, 90.0)  # points, where a viewer opens the note


def write_annotated(results, folder: Path, lang: str = "zh", password: str = "") -> list[str]:
    """Write DIR/<name>.pdf for each readable PDF of `results`; return one line per file skipped or failed."""
    folder.mkdir(parents=True, exist_ok=True)
    notes, used = [], set()
    for res in results:
        if res.error:
            continue
        if not res.path.lower().endswith(".pdf"):
            notes.append(_say(lang, "text", res.path))
            continue
        target = _target(folder, Path(res.path), used)
        if target.resolve() == Path(res.path).resolve():
            notes.append(_say(lang, "same", res.path))
            continue
        try:
            annotate_pdf(res.path, res.findings, target, password, lang)
        except Exception as e:  # noqa: BLE001 - one file that cannot be copied leaves the others
            notes.append(_say(lang, "failed", res.path, f"{type(e).__name__}: {e}", _why_zh(e)))
    return notes


def annotate_pdf(source: str, findings: list[dict], target: Path, password: str = "", lang: str = "zh") -> int:
    """Copy `source` to `target` with a highlight on every evidence box; return the number of highlights."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(source)
    reopened_with = ""
    if reader.is_encrypted:
        reader.decrypt(password)
        reopened_with = password
    writer = PdfWriter(clone_from=reader)
    count = 0
    for f in findings:
        note = _note(f, lang)
        marks = evidence_marks(f)
        for mark, e in marks:
            if not e.get("bbox") or e.get("line") or not 1 <= e["page"] <= len(writer.pages):
                continue
            label = f"{note}\n[{mark}/{len(marks)}] {e['quote']}" if len(marks) > 1 else note
            _highlight(writer, e["page"] - 1, e["bbox"], label, f, lang)
            count += 1
    writer.add_metadata({ANNOTATED_KEY: Path(source).name})  # a folder search leaves the copy out (search.py)
    if reopened_with:
        writer.encrypt(user_password=reopened_with, algorithm="AES-256")
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        writer.write(fh)
    return count


def _highlight(writer, index: int, box, text: str, finding: dict, lang: str = "zh") -> None:
    from pypdf.annotations import Highlight, Popup
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    page = writer.pages[index]
    left, bottom, right, top = to_user_space(tuple(box), tuple(float(v) for v in page.mediabox), page.rotation)
    quad = ArrayObject(FloatObject(round(v, 2)) for v in (left, top, right, top, left, bottom, right, bottom))
    annot = Highlight(
        rect=(left, bottom, right, top),
        quad_points=quad,
        highlight_color=TINTS.get(finding["severity"], "c8c8c8"),
        printing=True,
    )
    annot[NameObject("/Contents")] = TextStringObject(text)
    annot[NameObject("/T")] = TextStringObject(f"{AUTHOR} · {finding['rule']}")
    annot[NameObject("/Subj")] = TextStringObject(say(SEVERITY, finding["severity"], lang))
    added = writer.add_annotation(index, annot)
    width, height = POPUP_SIZE
    popup = writer.add_annotation(index, Popup(rect=(right, top - height, right + width, top), parent=added))
    added[NameObject("/Popup")] = popup.indirect_reference


def _note(f: dict, lang: str) -> str:
    stated, expected = ("stated", "expected") if lang == "en" else ("所述", "应为")
    values = f"\n{stated} {f['stated']} · {expected} {f['expected']}" if f["stated"] or f["expected"] else ""
    return f"{f['rule']} {say(SEVERITY, f['severity'], lang)}: {f['message']}{values}"


def _target(folder: Path, source: Path, used: set[str]) -> Path:
    """DIR/<name of the source>, numbered when two sources share a name."""
    name, n = source.name, 1
    while name.lower() in used:
        n += 1
        name = f"{source.stem}-{n}{source.suffix}"
    used.add(name.lower())
    return folder / name


def _why_zh(e: Exception) -> str:
    """Why a copy failed, in Chinese words (the exception itself is shown in English output only)."""
    if isinstance(e, PermissionError):
        return "没有写入权限"
    if isinstance(e, OSError):
        return "写入文件时出错，请检查文件夹和磁盘空间"
    return "pypdf 无法复制此 PDF 的结构"


def _say(lang: str, what: str, path: str, detail: str = "", detail_zh: str = "") -> str:
    zh = {
        "text": f"{path}: 不是PDF文件（文本、Word或Excel），没有页面可标注，未写入标注副本",
        "same": f"{path}: 标注副本会覆盖原文件，请为 --annotate 另选文件夹",
        "failed": f"{path}: 无法写入标注副本（{detail_zh}）",
    }
    en = {
        "text": f"{path}: not a PDF (text, Word or Excel): no page to annotate; no annotated copy written",
        "same": f"{path}: the annotated copy would overwrite the original; choose another folder for --annotate",
        "failed": f"{path}: could not write the annotated copy ({detail})",
    }
    return (en if lang == "en" else zh)[what]
