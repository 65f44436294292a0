"""Documentation generated from the code: the README's rule table comes from the rules' docstrings.

`python -m jixiao.docs` rewrites the table in README.md; a test fails when it is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from .rules import all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


INTERNAL_ERROR = (
    "规则在此文件上运行出错，其余规则照常运行。",
    "a rule failed on this file; the other rules still ran.",
)


def summary(mod, lang: str = "en") -> str:
    """What a rule checks, in one line: its SUMMARY_ZH in Chinese, its docstring's first paragraph in English."""
    if lang == "zh":
        return mod.SUMMARY_ZH
    first = (mod.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(first.split(":", 1)[-1].split())


def summaries(lang: str = "en") -> dict[str, str]:
    """Every rule's one-line summary in `lang`, internal-error's included (`--statistics`)."""
    out = {rule_id: summary(mod, lang) for rule_id, mod in all_rules().items()}
    return out | {"internal-error": INTERNAL_ERROR[0 if lang == "zh" else 1]}


def rule_table() -> str:
    rows = ["| rule | reports at most | what it checks |", "| --- | --- | --- |"]
    for rule_id, mod in all_rules().items():
        rows.append(f"| `{rule_id}` | {mod.SEVERITY} | {summary(mod)} |")
    return "\n".join(rows)


def update_readme(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    new = re.sub(f"{re.escape(START)}.*?{re.escape(END)}", f"{START}\n{rule_table()}\n{END}", text, flags=re.S)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    update_readme(Path(__file__).resolve().parents[1] / "README.md")
