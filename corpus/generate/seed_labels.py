"""Label files for the renderings of the example report: the facts and findings an auditor expects.

Pages are found independently of jixiao: by searching each page's raw pdfplumber text (spaces and
line breaks removed) for the figure's printed context.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber

SEED = Path(__file__).resolve().parents[1] / "seed"

# (kind, subject, value, unit, context printed around the figure, used to find its page)
FACTS = [
    ("budget_initial", "部门整体", "21015.25", "万元", "年初预算21,015.25万元"),
    ("budget_adjusted", "部门整体", "23434.12", "万元", "调整后预算23,434.12万元"),
    ("spend", "部门整体", "23395.51", "万元", "实际支出23,395.51万元"),
    ("execution_rate", "部门整体", "99.84", "%", "预算执行率99.84%"),
    ("term", "平均执行率", "147.27", "%", "=(147.27%"),
    ("term", "平均执行率", "107.05", "%", "+107.05%"),
    ("term", "平均执行率", "99.81", "%", "+99.81%)"),
    ("formula", "平均执行率", "112.39", "%", "/10=112.39%"),
    ("score", "管理效能", "46.98", "分", "管理效能评价综合自评得分46.98分"),
    ("score", "管理效能", "44.98", "分", "管理效能共计得分44.98分"),
    ("score_rate", "管理效能", "93.96", "%", "得分率为93.96%"),
    ("score_rate", "管理效能", "89.96", "%", "44.9889.96%"),
    ("score", "总分", "96.98", "分", "总体综合评分为96.98分"),
    ("count", "产出指标", "8", "个", "设产出指标8个"),
    ("points_each", "", "2.5", "分", "每个分值2.5分"),
    ("count", "效益指标", "4", "个", "我办设4个效益指标"),
    ("points_each", "", "5", "分", "每个指标分值5分"),
    ("budget", "", "2275.13", "万元", "项目预算2275.13万元"),
    ("spend", "", "2255.79", "万元", "支出2255.79万元"),
    ("execution_rate", "", "99.01", "%", "预算执行率99.01%"),
    ("target", "文章数量", "1000", "篇次", "预计1000篇次"),
    ("actual", "文章数量", "1435", "篇次", "完成1435篇次"),
    ("target", "基地建设数量", "4", "个", "预计4个"),
    ("actual", "基地建设数量", "4", "个", "完成4个"),
    ("target", "新媒体合作数量", "4", "家", "预计不少于4家"),
    ("actual", "新媒体合作数量", "10", "家", "实际合作数量10家"),
    ("target", "阅读量", "5000", "万人次", "不少于5000万人次"),
    ("actual", "阅读量", "14.2", "亿人次", "14.2亿人次"),
    ("target", "广州发布", "2", "个", "获得社会奖项2个"),
    ("actual", "广州发布", "4", "个", "获得社会奖项4个"),
]
# (rule, the figure that must appear in the finding, context to find its page)
FINDINGS = [
    ("restated-value", "46.98分", "自评得分46.98分"),
    ("restated-value", "93.96%", "得分率为93.96%"),
    ("sum-mismatch", "96.98分", "总体综合评分为96.98分"),
    ("rule-not-applied", "112.39%", "/10=112.39%"),
    ("rate-mismatch", "99.01%", "预算执行率99.01%"),
    ("stale-reference", "建党100周年", "建党100周年"),
]


def _page_texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        # body only: the running header and page number would sit between the halves of a split sentence
        return ["".join((p.crop((0, p.height * 0.08, p.width, p.height * 0.92)).extract_text() or "").split()) for p in pdf.pages]


def _page_of(texts: list[str], context: str, figure: str = "") -> int | None:
    """Page of `figure` (default: the whole context) within the printed `context`."""
    context = "".join(context.split())
    hits = [i + 1 for i, t in enumerate(texts) if context in t]
    if hits:
        return hits[0]
    for i in range(len(texts) - 1):  # printed across a page break: the figure's own page counts
        tail, head = texts[i][-200:], texts[i + 1][:200]
        at = (tail + head).find(context)
        if at >= 0:
            fig_at = at + max(0, context.find(figure)) if figure else at
            return i + 1 if fig_at < len(tail) else i + 2
    return None


def write_labels() -> None:
    for pdf_path in sorted(SEED.glob("*.pdf")):
        texts = _page_texts(pdf_path)
        labels = {
            "kind": "department",
            "year": 2022,
            "facts": [
                {"kind": k, "subject": s, "value": v, "unit": u, "page": _page_of(texts, ctx, v)} for k, s, v, u, ctx in FACTS
            ],
            "findings": [{"rule": r, "value": v, "page": _page_of(texts, ctx, v)} for r, v, ctx in FINDINGS],
        }
        missing = [f for f in labels["facts"] + labels["findings"] if f["page"] is None]
        assert not missing, f"{pdf_path.name}: context not found for {missing}"
        out = pdf_path.with_suffix(".labels.json")
        out.write_text(json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_labels()
