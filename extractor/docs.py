"""Documentation generated from the code: the README's rule table comes from the rules' docstrings.

`python -m jixiao.docs` rewrites the table in README.md; a test fails when it is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from .rules import all_rules

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def summary(mod) -> str:
    first = (mod.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(first.split(":", 1)[-1].split())


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
