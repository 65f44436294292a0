"""The lines the command line prints around a run (standard error), in the report's language: Chinese by
default, English with --lang en. Each is a template filled with `say(key, lang, **values)`."""

from __future__ import annotations

LINES = {
    "interrupted": (
        "jixiao: 已中断；已报告完成的 {n} 个文件（加 -o 输出时，同一命令加 --resume 可继续）",
        "jixiao: interrupted; reporting the {n} files finished (--resume goes on)",
    ),
    "no_reports": (
        "jixiao: {paths} 中没有找到报告（.pdf、.ofd、.docx、.doc、.wps、.rtf、.xlsx、.xls、.et、.html、.htm、.mht 或 .txt）",
        "jixiao: no reports (.pdf, .ofd, .docx, .doc, .wps, .rtf, .xlsx, .xls, .et, .html, .htm, .mht or .txt) found in {paths}",
    ),
    "recorded": (
        "jixiao: {files} 个文件的 {n} 条问题已记入基线 {file}",
        "jixiao: {n} findings of {files} files recorded in {file}",
    ),
    "suppressed": (
        "jixiao: 基线 {file} 已接受的 {n} 条问题未再列出",
        "jixiao: {n} findings suppressed by the baseline {file}",
    ),
    "gone": (
        "jixiao: {n} 条已接受的问题不再出现；可用 `jixiao baseline` 重新记录",
        "jixiao: {n} accepted findings no longer occur; `jixiao baseline` records them anew",
    ),
    "not_written": (
        "jixiao: {file}: 无法写入，请检查文件夹是否存在、是否可写",
        "jixiao: {file}: cannot be written ({why})",
    ),
    "report_as_baseline": (
        "jixiao: {file} 是报告，不是基线文件；用法：jixiao baseline accepted.json PATH...",
        "jixiao: {file} is a report, not a baseline: jixiao baseline accepted.json PATH...",
    ),
    "no_baseline": (
        "{file}: 基线文件不存在；请先用 `jixiao baseline {file} PATH...` 生成",
        "{file}: no such baseline; make one with `jixiao baseline {file} PATH...`",
    ),
    "bad_baseline": (
        "{file}: 不是 jixiao 基线文件，请用 `jixiao baseline` 重新生成",
        "{file}: not a jixiao baseline ({why}); make it again with `jixiao baseline`",
    ),
    "old_baseline": (
        "{file}: 不是第 {version} 版 jixiao 基线文件，请用 `jixiao baseline` 重新生成",
        "{file}: not a version {version} jixiao baseline; make it again with `jixiao baseline`",
    ),
    "baseline_keys": (
        "{file}: 第 {k} 条问题缺少 {keys} 之一",
        "{file}: finding {k} lacks one of {keys}",
    ),
    "baseline_count": (
        "{file}: 第 {k} 条问题的 count 须为不小于 1 的整数",
        "{file}: finding {k}: count must be a whole number, at least 1",
    ),
}


def say(key: str, lang: str = "zh", **values) -> str:
    zh, en = LINES[key]
    return (en if lang == "en" else zh).format(**values)
